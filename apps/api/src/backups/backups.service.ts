import { ErrorCode } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/authz/principal';
import { conflict, DomainError, forbidden, invalid } from '../common/errors/domain-error';
import { AccessService } from '../common/authz/access.service';
import { Privilege } from '@clan/contracts';
import { JobName } from '../services/queue/queue.catalogue';
import type { TaskStartedDto } from '../tasks/dto/task.dto';
import { BackupMonitor } from './backup-monitor.service';
import { BackupNotifier } from './backup-notifier';
import { isWithin } from './backup-paths';
import { BackupPolicies } from './backup-policies.service';
import type { BackupPolicyEntity } from './backup-policy.entity';
import { BackupRepositories } from './backup-repositories.service';
import type { BackupRepositoryEntity } from './backup-repository.entity';
import { BackupRuns } from './backup-runs.store';
import { BackupScheduler } from './backup-scheduler.service';
import { freshnessOf } from './backup-status';
import { BackupStatusService } from './backup-status.service';
import { BackupTasks } from './backup-tasks.service';
import type { BackupPolicyDto, CreateBackupPolicyDto, UpdateBackupPolicyDto } from './dto/policy.dto';
import type { CheckinDto, CheckinResultDto } from './dto/run.dto';
import type {
  MachineRestoreDto,
  MachineRestoreResultDto,
  RestoreDto,
  SnapshotDto,
  SnapshotListDto,
  TreeListingDto,
} from './dto/snapshot.dto';
import type { NetworkBackupStatusDto } from './dto/status.dto';
import { requireHostAdmin } from './host-power';
import { MachineBackups } from './machine/machine-backups.service';
import { classifyResticFailure, ERROR_ADVICE, resticErrorSummary } from './restic/restic-errors';
import { parseLsLines, parseSnapshots, type SnapshotInfo } from './restic/restic-output';
import { ResticError, ResticService } from './restic/restic.service';

export const SNAPSHOT_ID = /^[0-9a-f]{8,64}$/;

const POLICY_TAG = /^clan-policy:([0-9a-f-]{36})$/;
const PART_TAG = /^clan-part:(.+)$/;

/** A restic problem while answering a request: the repository is unusable as configured (409), never a 500. */
function unavailable(repo: BackupRepositoryEntity, err: unknown): DomainError {
  if (err instanceof ResticError) {
    return new DomainError(
      ErrorCode.Conflict,
      `Backup repository ${repo.name}: ${err.detail || ERROR_ADVICE[err.errorClass]} [${err.errorClass}]`,
    );
  }
  return new DomainError(ErrorCode.Conflict, `Backup repository ${repo.name} could not be read: ${(err as Error).message}`);
}

/** The operations behind the backup routes that span several parts (tasks, restic reads, check-ins). */
@Injectable()
export class BackupsService {
  constructor(
    readonly policies: BackupPolicies,
    readonly repositories: BackupRepositories,
    private readonly runs: BackupRuns,
    private readonly tasks: BackupTasks,
    private readonly scheduler: BackupScheduler,
    private readonly restic: ResticService,
    private readonly monitor: BackupMonitor,
    private readonly status: BackupStatusService,
    private readonly notifier: BackupNotifier,
    private readonly access: AccessService,
    private readonly machineBackups: MachineBackups,
  ) {}

  // ── policies (with their schedules) ─────────────────────────────────────

  async createPolicy(principal: Principal, networkId: string, dto: CreateBackupPolicyDto): Promise<BackupPolicyDto> {
    const row = await this.policies.create(principal, networkId, dto);
    await this.scheduler.sync(row.id, row);
    return this.policies.dtoOf(row);
  }

  async updatePolicy(principal: Principal, networkId: string, id: string, dto: UpdateBackupPolicyDto): Promise<BackupPolicyDto> {
    const row = await this.policies.update(principal, networkId, id, dto);
    await this.scheduler.sync(row.id, row);
    return this.policies.dtoOf(row);
  }

  async deletePolicy(networkId: string, id: string): Promise<BackupPolicyDto> {
    const dto = await this.policies.remove(networkId, id);
    await this.scheduler.sync(id, null);
    return dto;
  }

  // ── tasks ────────────────────────────────────────────────────────────────

  async runBackup(principal: Principal, networkId: string, policyId: string): Promise<TaskStartedDto> {
    const policy = await this.policies.require(networkId, policyId);
    if (policy.runner !== 'panel') {
      throw conflict(
        `${policy.subjectName} backs itself up (runner "device"); start the backup on the device. The panel only records its check-ins.`,
      );
    }
    return this.tasks.start(
      JobName.BackupRun,
      { policyId, trigger: 'manual' },
      { userId: principal.userId, networkId, policy },
      { key: 'policyId', value: policyId, what: `The policy for ${policy.subjectName}` },
    );
  }

  async prune(principal: Principal, networkId: string, policyId: string): Promise<TaskStartedDto> {
    const policy = await this.policies.require(networkId, policyId);
    return this.tasks.start(
      JobName.BackupPrune,
      { policyId },
      { userId: principal.userId, networkId, policy },
      { key: 'policyId', value: policyId, what: `The policy for ${policy.subjectName}` },
    );
  }

  async check(principal: Principal, networkId: string, repositoryId: string, readDataSubset: string | null): Promise<TaskStartedDto> {
    const repo = await this.repositories.require(networkId, repositoryId);
    return this.tasks.start(
      JobName.BackupCheck,
      { repositoryId, readDataSubset, policyId: null },
      { userId: principal.userId, networkId },
      { key: 'repositoryId', value: repo.id, what: `Repository ${repo.name}` },
    );
  }

  async init(principal: Principal, networkId: string, repositoryId: string): Promise<TaskStartedDto> {
    const repo = await this.repositories.require(networkId, repositoryId);
    return this.tasks.start(
      JobName.BackupInit,
      { repositoryId },
      { userId: principal.userId, networkId },
      { key: 'repositoryId', value: repo.id, what: `Repository ${repo.name}` },
    );
  }

  // ── snapshots, browsing, restore ────────────────────────────────────────

  async snapshots(networkId: string, repositoryId: string, policyId?: string): Promise<SnapshotListDto> {
    const repo = await this.repositories.require(networkId, repositoryId);
    if (policyId) await this.policies.require(networkId, policyId);
    const args = ['snapshots', '--json', '--no-lock', ...(policyId ? ['--tag', `clan-policy:${policyId}`] : [])];
    const r = await this.restic.ok(this.repositories.open(repo), args, `restic snapshots of ${repo.name}`).catch((err: unknown) => {
      throw unavailable(repo, err);
    });
    const items = parseSnapshots(r.stdout)
      .map(toSnapshotDto)
      .sort((a, b) => b.time.localeCompare(a.time));
    return { items, total: items.length };
  }

  private async snapshot(repo: BackupRepositoryEntity, snapshotId: string): Promise<SnapshotInfo> {
    const r = await this.restic
      .ok(this.repositories.open(repo), ['snapshots', '--json', '--no-lock', snapshotId], `restic snapshots of ${repo.name}`)
      .catch((err: unknown) => {
        throw unavailable(repo, err);
      });
    const found = parseSnapshots(r.stdout)[0];
    if (!found) throw new DomainError(ErrorCode.NotFound, `Backup repository ${repo.name} has no snapshot ${snapshotId}.`);
    return found;
  }

  async tree(networkId: string, repositoryId: string, snapshotId: string, path = '/'): Promise<TreeListingDto> {
    const repo = await this.repositories.require(networkId, repositoryId);
    const dir = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const r = await this.restic
      .ok(this.repositories.open(repo), ['ls', '--json', '--no-lock', snapshotId, dir], `restic ls of ${repo.name}`)
      .catch((err: unknown) => {
        throw unavailable(repo, err);
      });
    const { snapshot, entries } = parseLsLines(r.stdout);
    if (!snapshot) throw new DomainError(ErrorCode.NotFound, `Backup repository ${repo.name} has no snapshot ${snapshotId}.`);
    const inside = entries.filter((e) => e.path !== dir);
    if (!inside.length && dir !== '/' && !entries.some((e) => e.path === dir && e.type === 'dir')) {
      throw new DomainError(ErrorCode.NotFound, `Snapshot ${snapshot.shortId} has no directory ${dir}.`);
    }
    inside.sort((a, b) => ((a.type === 'dir') === (b.type === 'dir') ? a.name.localeCompare(b.name) : a.type === 'dir' ? -1 : 1));
    return { snapshotId: snapshot.id, path: dir, entries: inside };
  }

  /**
   * Restores a path of a snapshot on this host. Back to where it was needs
   * Backup.Restore, for snapshots of this network's panel-run policies and
   * their paths; anywhere else, or a device's snapshot, needs a host admin.
   */
  async restore(
    principal: Principal,
    networkId: string,
    repositoryId: string,
    snapshotId: string,
    dto: RestoreDto,
  ): Promise<TaskStartedDto> {
    const repo = await this.repositories.require(networkId, repositoryId);
    const snap = await this.snapshot(repo, snapshotId);
    const path = dto.path.length > 1 ? dto.path.replace(/\/+$/, '') : dto.path;
    if (!snap.paths.some((p) => isWithin(path, [p]) || isWithin(p, [path]))) {
      throw invalid('path', `snapshot ${snap.shortId} holds ${snap.paths.join(', ')}; ${path} is not among them`);
    }
    const target = dto.target ? (dto.target.length > 1 ? dto.target.replace(/\/+$/, '') : dto.target) : null;
    if (target === '/') throw invalid('target', 'omit target to restore to the original location');
    if (target) requireHostAdmin(principal, 'restore into another host directory');
    else {
      const policyId = snap.tags.map((t) => POLICY_TAG.exec(t)?.[1]).find(Boolean);
      const policy = policyId ? await this.policies.rows.findOneBy({ id: policyId, networkId }) : null;
      const { paths } = policy && policy.runner === 'panel' ? await this.policies.planOf(policy) : { paths: [] as string[] };
      if (!policy || policy.runner !== 'panel' || !isWithin(path, paths)) {
        requireHostAdmin(principal, "restore this snapshot on the host (it is not one of this network's panel-run backups of that path)");
      }
    }
    return this.tasks.start(
      JobName.BackupRestore,
      { repositoryId, snapshotId: snap.id, path, target },
      { userId: principal.userId, networkId },
      null,
    );
  }

  /**
   * Restores a path of a machine policy's snapshot into the running machine
   * (docs/backups.md, "Machines: where the data is"): the machine's
   * controller restores from the original in its own repository. Waits for
   * the controller's answer.
   */
  async restoreInMachine(
    networkId: string,
    repositoryId: string,
    snapshotId: string,
    dto: MachineRestoreDto,
  ): Promise<MachineRestoreResultDto> {
    const repo = await this.repositories.require(networkId, repositoryId);
    const snap = await this.snapshot(repo, snapshotId);
    const policyId = snap.tags.map((t) => POLICY_TAG.exec(t)?.[1]).find(Boolean);
    const policy = policyId ? await this.policies.rows.findOneBy({ id: policyId, networkId }) : null;
    if (!policy || policy.subjectKind !== 'machine') {
      throw conflict(`Snapshot ${snap.shortId} is not a backup of one of this network's machines; restore it on the host instead.`);
    }
    const path = dto.path.length > 1 ? dto.path.replace(/\/+$/, '') : dto.path;
    if (!snap.paths.some((p) => isWithin(path, [p]))) {
      throw invalid('path', `snapshot ${snap.shortId} holds ${snap.paths.join(', ')}; ${path} is not among them`);
    }
    return this.machineBackups.restoreInto(networkId, policy.subjectName, snap, path);
  }

  // ── check-ins, status ───────────────────────────────────────────────────

  /** A device's report through the API-token route: its owner, or someone who may change backups. */
  async checkinAs(principal: Principal, networkId: string, policyId: string, dto: CheckinDto): Promise<CheckinResultDto> {
    const policy = await this.policies.require(networkId, policyId);
    const owner = policy.ownerUserId !== null && policy.ownerUserId === principal.userId;
    if (!owner && !(await this.access.can(principal, Privilege.BackupRestore, networkId))) {
      throw forbidden(`Only the owner of ${policy.subjectName} or someone with Backup.Restore in this network may report its backups.`);
    }
    return this.checkin(policy, dto);
  }

  async checkin(policy: BackupPolicyEntity, dto: CheckinDto): Promise<CheckinResultDto> {
    const now = new Date();
    const finishedAt = dto.finishedAt ? new Date(dto.finishedAt) : now;
    if (Number.isNaN(finishedAt.getTime())) throw invalid('finishedAt', 'is not a date');
    if (finishedAt.getTime() > now.getTime() + 5 * 60_000) throw invalid('finishedAt', 'is in the future; check the device clock');
    const startedAt = dto.startedAt ? new Date(dto.startedAt) : new Date(finishedAt.getTime() - (dto.durationSeconds ?? 0) * 1000);
    if (Number.isNaN(startedAt.getTime()) || startedAt > finishedAt) throw invalid('startedAt', 'must be a date before finishedAt');
    const failed = dto.status === 'failed';
    const errorClass = failed ? classifyResticFailure(dto.exitCode ?? null, dto.error ?? '', { detailedExitCodes: true }) : null;
    const run = await this.runs.start({
      networkId: policy.networkId,
      repositoryId: policy.repositoryId,
      policyId: policy.id,
      kind: 'backup',
      source: 'checkin',
      taskId: null,
      startedAt,
    });
    await this.runs.finish(run, {
      status: dto.status,
      errorClass,
      error: failed ? (dto.error ? resticErrorSummary(dto.error) || dto.error.slice(0, 600) : ERROR_ADVICE[errorClass ?? 'other']) : null,
      snapshotId: dto.snapshotId ?? null,
      finishedAt,
      summary: {
        snapshotId: dto.snapshotId ?? null,
        filesNew: dto.filesNew,
        filesChanged: dto.filesChanged,
        filesUnmodified: dto.filesUnmodified,
        bytesAdded: dto.bytesAdded,
      },
    });
    const updated = (await this.policies.rows.findOneBy({ id: policy.id })) ?? policy;
    if (updated.enabled) {
      await this.notifier.runOutcome(updated, errorClass, run.error);
      await this.notifier.freshness(updated, new Date());
    }
    return { runId: run.id, freshness: freshnessOf(updated, new Date()) };
  }

  /** Polls the network's repositories now, re-evaluates its policies and answers the status. */
  async refresh(networkId: string): Promise<NetworkBackupStatusDto> {
    await this.monitor.pollNetwork(networkId);
    return this.status.network(networkId);
  }
}

export function toSnapshotDto(s: SnapshotInfo): SnapshotDto {
  const policyId = s.tags.map((t) => POLICY_TAG.exec(t)?.[1]).find((x): x is string => Boolean(x)) ?? null;
  const part = s.tags.map((t) => PART_TAG.exec(t)?.[1]).find((x): x is string => Boolean(x)) ?? 'files';
  return { id: s.id, shortId: s.shortId, time: s.time, hostname: s.hostname, paths: s.paths, tags: s.tags, policyId, part };
}
