import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode } from '@clan/contracts';
import type { MachineConfig } from '@clan/nix-schema';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CronExpressionParser } from 'cron-parser';
import { Repository } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { DomainError, invalid } from '../common/errors/domain-error';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { effectivePaths, machineStateOf, type MachineState } from './backup-paths';
import { type BackupHook, BackupPolicyEntity, type BackupRunner } from './backup-policy.entity';
import { BackupRepositories } from './backup-repositories.service';
import { freshnessOf } from './backup-status';
import { BackupSubjects } from './backup-subjects.service';
import type { BackupPolicyDto, CheckinTokenDto, CreateBackupPolicyDto, UpdateBackupPolicyDto } from './dto/policy.dto';
import { requireHostAdmin } from './host-power';

export const DEFAULT_LATE_AFTER_HOURS = 26;
export const DEFAULT_STALE_AFTER_HOURS = 72;
export const CHECKIN_TOKEN_PREFIX = 'cbk_';
export const CHECKIN_PATH = '/api/backups/check-in';

/** The restic tags of a policy's snapshots: the policy, and which part (files or one dump). */
export const policyTag = (policyId: string) => `clan-policy:${policyId}`;
export const partTag = (part: string) => `clan-part:${part}`;

export const hashCheckinToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export const policyNotFound = () => new DomainError(ErrorCode.NotFound, 'This network has no such backup policy.');

/** Next time a five-field cron fires after `from` (null without a schedule). */
export function nextRun(schedule: string | null, from: Date): Date | null {
  if (!schedule) return null;
  try {
    return CronExpressionParser.parse(schedule, { currentDate: from }).next().toDate();
  } catch {
    return null;
  }
}

/** Backup policies: what of a machine or device is backed up where, when, kept how long. */
@Injectable()
export class BackupPolicies {
  constructor(
    @InjectRepository(BackupPolicyEntity) readonly rows: Repository<BackupPolicyEntity>,
    @InjectRepository(NetworkMemberEntity) private readonly members: Repository<NetworkMemberEntity>,
    private readonly repositories: BackupRepositories,
    private readonly subjects: BackupSubjects,
  ) {}

  async require(networkId: string, id: string): Promise<BackupPolicyEntity> {
    const row = await this.rows.findOneBy({ id, networkId });
    if (!row) throw policyNotFound();
    return row;
  }

  async list(networkId: string): Promise<BackupPolicyDto[]> {
    const rows = await this.rows.find({ where: { networkId }, order: { subjectKind: 'ASC', subjectName: 'ASC', createdAt: 'ASC' } });
    const machines = rows.some((r) => r.subjectKind === 'machine') ? await this.subjects.machines(networkId) : {};
    const names = await this.repositoryNames(networkId);
    return rows.map((r) => this.toDto(r, names.get(r.repositoryId) ?? '?', this.machineState(r, machines)));
  }

  async get(networkId: string, id: string): Promise<BackupPolicyDto> {
    return this.dtoOf(await this.require(networkId, id));
  }

  async dtoOf(row: BackupPolicyEntity): Promise<BackupPolicyDto> {
    const machines = row.subjectKind === 'machine' ? await this.subjects.machines(row.networkId) : {};
    const repo = await this.repositories.require(row.networkId, row.repositoryId);
    return this.toDto(row, repo.name, this.machineState(row, machines));
  }

  /** What a run of this policy backs up, and the catalog's hooks for it. */
  async planOf(row: BackupPolicyEntity): Promise<{ paths: string[]; machine: MachineState | null }> {
    const machines = row.subjectKind === 'machine' && row.includeAppState ? await this.subjects.machines(row.networkId) : {};
    const machine = this.machineState(row, machines);
    return { paths: effectivePaths(row.paths, row.includeAppState ? machine : null), machine };
  }

  async create(principal: Principal, networkId: string, dto: CreateBackupPolicyDto): Promise<BackupPolicyEntity> {
    await this.repositories.require(networkId, dto.repositoryId).catch(() => {
      throw invalid('repositoryId', 'is not a backup repository of this network');
    });
    if (!(await this.subjects.exists(networkId, dto.subjectKind, dto.subjectName))) {
      throw invalid(
        'subjectName',
        dto.subjectKind === 'machine'
          ? `this network's configuration has no machine named "${dto.subjectName}"`
          : `this network's mesh has no active device named "${dto.subjectName}"`,
      );
    }
    const runner: BackupRunner = dto.runner ?? (dto.subjectKind === 'machine' ? 'panel' : 'device');
    const machines = dto.subjectKind === 'machine' ? await this.subjects.machines(networkId) : {};
    const backupDefaults: Partial<MachineConfig['backup']> = machines[dto.subjectName]?.backup ?? {};
    const row = this.rows.create({
      networkId,
      repositoryId: dto.repositoryId,
      subjectKind: dto.subjectKind,
      subjectName: dto.subjectName,
      ownerUserId: dto.ownerUserId ?? null,
      runner,
      enabled: dto.enabled ?? true,
      paths: dto.paths ?? [],
      excludes: dto.excludes ?? [],
      includeAppState: dto.includeAppState ?? true,
      preHooks: hooks(dto.preHooks),
      postHooks: hooks(dto.postHooks),
      dumpHooks: hooks(dto.dumpHooks),
      // A machine's configs.json already says when and how long (backup.*): those are the defaults.
      schedule:
        dto.schedule !== undefined ? dto.schedule : runner === 'panel' && backupDefaults.enable ? (backupDefaults.schedule ?? null) : null,
      checkSchedule: dto.checkSchedule ?? null,
      checkReadDataSubset: dto.checkReadDataSubset ?? null,
      keepLast: dto.keepLast ?? backupDefaults.keepLast ?? 0,
      keepDaily: dto.keepDaily ?? backupDefaults.keepDaily ?? 0,
      keepWeekly: dto.keepWeekly ?? backupDefaults.keepWeekly ?? 0,
      keepMonthly: dto.keepMonthly ?? backupDefaults.keepMonthly ?? 0,
      lateAfterHours: dto.lateAfterHours ?? DEFAULT_LATE_AFTER_HOURS,
      staleAfterHours: dto.staleAfterHours ?? Math.max(DEFAULT_STALE_AFTER_HOURS, dto.lateAfterHours ?? 0),
      checkinTokenHash: null,
      lastSuccessAt: null,
      lastSnapshotId: null,
      lastRunAt: null,
      lastRunStatus: null,
      lastErrorClass: null,
      lastError: null,
      lastCheckinAt: null,
    });
    await this.validate(principal, row, dto, true);
    return this.rows.save(row);
  }

  async update(principal: Principal, networkId: string, id: string, dto: UpdateBackupPolicyDto): Promise<BackupPolicyEntity> {
    const row = await this.require(networkId, id);
    if (
      (dto.subjectKind !== undefined && dto.subjectKind !== row.subjectKind) ||
      (dto.subjectName !== undefined && dto.subjectName !== row.subjectName)
    ) {
      throw invalid('subjectName', 'the subject of a policy cannot change; create a new policy for it');
    }
    if (dto.repositoryId !== undefined && dto.repositoryId !== row.repositoryId) {
      await this.repositories.require(networkId, dto.repositoryId).catch(() => {
        throw invalid('repositoryId', 'is not a backup repository of this network');
      });
      row.repositoryId = dto.repositoryId;
    }
    const set = <K extends keyof BackupPolicyEntity>(key: K, value: BackupPolicyEntity[K] | undefined) => {
      if (value !== undefined) row[key] = value;
    };
    set('ownerUserId', dto.ownerUserId);
    set('runner', dto.runner);
    set('enabled', dto.enabled);
    set('paths', dto.paths);
    set('excludes', dto.excludes);
    set('includeAppState', dto.includeAppState);
    set('preHooks', dto.preHooks && hooks(dto.preHooks));
    set('postHooks', dto.postHooks && hooks(dto.postHooks));
    set('dumpHooks', dto.dumpHooks && hooks(dto.dumpHooks));
    set('schedule', dto.schedule);
    set('checkSchedule', dto.checkSchedule);
    set('checkReadDataSubset', dto.checkReadDataSubset);
    set('keepLast', dto.keepLast);
    set('keepDaily', dto.keepDaily);
    set('keepWeekly', dto.keepWeekly);
    set('keepMonthly', dto.keepMonthly);
    set('lateAfterHours', dto.lateAfterHours);
    set('staleAfterHours', dto.staleAfterHours);
    await this.validate(principal, row, dto, false);
    return this.rows.save(row);
  }

  async remove(networkId: string, id: string): Promise<BackupPolicyDto> {
    const row = await this.require(networkId, id);
    const dto = await this.dtoOf(row);
    await this.rows.delete({ id });
    return dto;
  }

  /** A new check-in token (the old one stops working); only its hash is kept. */
  async issueCheckinToken(networkId: string, id: string): Promise<CheckinTokenDto> {
    const row = await this.require(networkId, id);
    const token = `${CHECKIN_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
    await this.rows.update({ id: row.id }, { checkinTokenHash: hashCheckinToken(token) });
    return { token, header: 'X-Clan-Checkin-Token', url: CHECKIN_PATH, tags: [policyTag(row.id), partTag('files')] };
  }

  /** The policy a check-in token belongs to, or null. */
  async byCheckinToken(token: string): Promise<BackupPolicyEntity | null> {
    if (!token.startsWith(CHECKIN_TOKEN_PREFIX) || token.length > 200) return null;
    return this.rows.findOneBy({ checkinTokenHash: hashCheckinToken(token) });
  }

  toDto(r: BackupPolicyEntity, repositoryName: string, machine: MachineState | null): BackupPolicyDto {
    const now = new Date();
    return {
      id: r.id,
      networkId: r.networkId,
      repositoryId: r.repositoryId,
      repositoryName,
      subjectKind: r.subjectKind,
      subjectName: r.subjectName,
      ownerUserId: r.ownerUserId,
      runner: r.runner,
      enabled: r.enabled,
      paths: r.paths,
      excludes: r.excludes,
      includeAppState: r.includeAppState,
      effectivePaths: effectivePaths(r.paths, r.includeAppState ? machine : null),
      appHooks: machine?.hooks ?? [],
      preHooks: r.preHooks,
      postHooks: r.postHooks,
      dumpHooks: r.dumpHooks,
      schedule: r.schedule,
      checkSchedule: r.checkSchedule,
      checkReadDataSubset: r.checkReadDataSubset,
      keepLast: r.keepLast,
      keepDaily: r.keepDaily,
      keepWeekly: r.keepWeekly,
      keepMonthly: r.keepMonthly,
      lateAfterHours: r.lateAfterHours,
      staleAfterHours: r.staleAfterHours,
      hasCheckinToken: r.checkinTokenHash !== null,
      snapshotTag: policyTag(r.id),
      status: {
        freshness: freshnessOf(r, now),
        lastSuccessAt: r.lastSuccessAt?.toISOString() ?? null,
        lastSnapshotId: r.lastSnapshotId,
        lastRunAt: r.lastRunAt?.toISOString() ?? null,
        lastRunStatus: r.lastRunStatus,
        lastErrorClass: r.lastErrorClass,
        lastError: r.lastError,
        lastCheckinAt: r.lastCheckinAt?.toISOString() ?? null,
        nextRunAt: r.enabled && r.runner === 'panel' ? (nextRun(r.schedule, now)?.toISOString() ?? null) : null,
      },
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  private machineState(r: BackupPolicyEntity, machines: Record<string, MachineConfig>): MachineState | null {
    const m = r.subjectKind === 'machine' ? machines[r.subjectName] : undefined;
    return m ? machineStateOf(m) : null;
  }

  private async repositoryNames(networkId: string): Promise<Map<string, string>> {
    const rows = await this.repositories.rows.find({ where: { networkId }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Rules across fields, and the ones that need a host admin (host-power.ts). */
  private async validate(principal: Principal, row: BackupPolicyEntity, dto: UpdateBackupPolicyDto, creating: boolean): Promise<void> {
    if (row.staleAfterHours < row.lateAfterHours) {
      throw invalid('staleAfterHours', `must be at least lateAfterHours (${row.lateAfterHours})`);
    }
    if (row.ownerUserId && dto.ownerUserId !== undefined) {
      const member = await this.members.existsBy({ networkId: row.networkId, userId: row.ownerUserId });
      if (!member) throw invalid('ownerUserId', 'is not a member of this network');
    }
    const dumpNames = row.dumpHooks.map((h) => h.name);
    const dup = dumpNames.find((n, i) => dumpNames.indexOf(n) !== i);
    if (dup) throw invalid('dumpHooks', `two dump hooks are named "${dup}"; each names its own file`);
    if (row.runner === 'device' && (row.preHooks.length || row.postHooks.length || row.dumpHooks.length)) {
      throw invalid('runner', 'hooks run on the host, so only a policy the panel runs (runner "panel") can have them');
    }
    const touchesHost =
      row.runner === 'panel' &&
      (creating ||
        dto.runner !== undefined ||
        dto.paths !== undefined ||
        dto.includeAppState !== undefined ||
        dto.excludes !== undefined ||
        dto.preHooks !== undefined ||
        dto.postHooks !== undefined ||
        dto.dumpHooks !== undefined);
    if (touchesHost) requireHostAdmin(principal, 'set what the panel backs up on this host (runner "panel": host paths and hook commands)');
  }
}

function hooks(list: { name: string; command: string[] }[] | undefined): BackupHook[] {
  return (list ?? []).map((h) => ({ name: h.name, command: [...h.command] }));
}
