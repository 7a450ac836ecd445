import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, TaskStatus } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { conflict, DomainError } from '../common/errors/domain-error';
import { type BuildFlakes, explainBuildFailure } from '../configs/build-failure';
import { ConfigLock } from '../configs/config-lock.service';
import { validateLayers } from '../configs/layers';
import { NetworkRepoService } from '../configs/network-repo.service';
import { readRepoState } from '../configs/repo-state';
import { SystemFlakes } from '../configs/system-flakes.service';
import { NetworkEntity } from '../networks/network.entity';
import { VmDisks } from '../services/disk/vm-disks';
import { NixBuildError, NixService } from '../services/nix/nix.service';
import type { JobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { JobName } from '../services/queue/queue.catalogue';
import { TaskEntity } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { GenerationStatus } from '../vms/generation.entity';
import { GenerationsStore } from '../vms/generations.service';
import { MachineStateService } from '../vms/machine-state.service';
import type { PreviewStartedDto, UpdatePreviewDto } from './dto/rollout.dto';
import { lockedInput } from './flake-lock';
import { NetworkUpdateEntity } from './network-update.entity';
import { bootIdentity, changedUnits, rebootReasons, unifiedDiff, unitFiles } from './preview/preview-compare';
import { type Closure, PreviewNix, PreviewNixError } from './preview/preview-nix';
import { type PreviewMachine, UpdatePreviewEntity, UpdatePreviewStatus } from './update-preview.entity';

const LOCK_FILE = 'flake.lock';
const INPUT = 'clan';
const short = (rev: string) => rev.slice(0, 12);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line of the task log per machine, e.g. "beta: changes; needs a reboot (the kernel parameters change); 2 packages change". */
export function describePreviewMachine(m: PreviewMachine, reasons: string[] = []): string {
  if (m.error) return `${m.machine}: ${m.error}`;
  if (!m.changes) return `${m.machine}: no change.`;
  const parts = ['changes'];
  if (m.reboot) parts.push(`needs a reboot (${reasons.length ? `${reasons.join(', ')} change` : 'its boot files change'})`);
  else if (m.restarts.length) parts.push(`restarts ${m.restarts.join(', ')}`);
  else parts.push('no reboot');
  parts.push(m.packages.length ? `${plural(m.packages.length, 'package')} change` : 'no package version changes');
  if (m.downloadBytes) parts.push(`${mib(m.downloadBytes)} new in the store`);
  return `${m.machine}: ${parts.join('; ')}.`;
}

/**
 * Previews of an update (docs/updates.md, "Preview"; docs/decisions/0017 §3):
 * task `update.preview` locks the upstream's newest revision in a scratch
 * copy of the network repository's head, builds every machine from it and
 * compares each candidate with the system the machine runs. Nothing is
 * committed, recorded as a generation or deployed.
 */
@Injectable()
export class UpdatePreviews {
  constructor(
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    @InjectRepository(NetworkUpdateEntity) private readonly checks: Repository<NetworkUpdateEntity>,
    @InjectRepository(UpdatePreviewEntity) private readonly rows: Repository<UpdatePreviewEntity>,
    @InjectRepository(TaskEntity) private readonly taskRows: Repository<TaskEntity>,
    private readonly repos: NetworkRepoService,
    private readonly lock: ConfigLock,
    private readonly flakes: SystemFlakes,
    private readonly tasks: TasksService,
    private readonly nix: NixService,
    private readonly previewNix: PreviewNix,
    private readonly disks: VmDisks,
    private readonly generations: GenerationsStore,
    private readonly machineState: MachineStateService,
  ) {}

  private async network(networkId: string): Promise<NetworkEntity> {
    const n = await this.networks.findOne({ where: { id: networkId } });
    if (!n) throw new DomainError(ErrorCode.NotFound, `No network has the id "${networkId}".`);
    return n;
  }

  /** POST …/updates/preview: a new preview of the upstream's newest revision, as a task. */
  async start(principal: Principal, networkId: string): Promise<PreviewStartedDto> {
    return this.begin(networkId, principal.userId);
  }

  /**
   * A new preview of the update the last check found (userId null: automatic updates). 409 with
   * a sentence when the network follows no upstream, no check found an update, or a preview of
   * it is already being built. Older previews of the network are superseded.
   */
  async begin(networkId: string, userId: string | null): Promise<PreviewStartedDto> {
    const network = await this.network(networkId);
    if (!network.upstream)
      throw conflict(`${network.name} follows no upstream, so there is no update to preview: set one first (PUT …/updates/upstream).`);
    return this.lock.run(`update-preview:${networkId}`, async () => {
      const repo = this.repos.repo(networkId);
      const head = await repo.head();
      const fromLock = head ? await repo.readFile(LOCK_FILE, head) : null;
      const from = lockedInput(fromLock, INPUT);
      if (!head || !fromLock || !from)
        throw conflict(`${network.name}'s repository has no flake.lock that pins clan; follow the upstream again to lock it.`);
      const check = await this.checks.findOne({ where: { networkId, input: INPUT } });
      if (!check?.latestRev)
        throw conflict(`No update check of ${network.name} has read its upstream yet; check first (POST …/updates/check).`);
      if (check.latestRev === from.rev)
        throw conflict(
          `${network.name} is up to date: flake.lock pins ${short(from.rev)}, the upstream's newest revision at the last check; check again for a newer one.`,
        );

      const open = await this.rows.find({
        where: { networkId, status: In([UpdatePreviewStatus.Building, UpdatePreviewStatus.Ready, UpdatePreviewStatus.Failed]) },
      });
      for (const row of open.filter((r) => r.status === UpdatePreviewStatus.Building && r.taskId)) {
        const task = await this.taskRows.findOne({ where: { id: row.taskId as string } });
        if (task && (task.status === TaskStatus.Queued || task.status === TaskStatus.Running))
          throw conflict(`A preview of ${network.name}'s update is already being built (task ${task.id}); wait for it to finish.`);
      }
      if (open.length) await this.rows.update({ id: In(open.map((r) => r.id)) }, { status: UpdatePreviewStatus.Superseded });

      const row = await this.rows.save(
        this.rows.create({
          networkId,
          status: UpdatePreviewStatus.Building,
          baseRevision: head,
          fromRev: from.rev,
          fromLock,
          toRev: null,
          toLock: null,
          lockDiff: null,
          machines: [],
          taskId: null,
          error: null,
          finishedAt: null,
        }),
      );
      const { taskId } = await this.tasks.start(JobName.UpdatePreview, { previewId: row.id }, { userId, networkId });
      await this.rows.update({ id: row.id }, { taskId });
      return { taskId, previewId: row.id };
    });
  }

  /** The preview, 404 when it is not this network's. */
  async get(networkId: string, previewId: string): Promise<UpdatePreviewDto> {
    await this.network(networkId);
    const row = await this.rows.findOne({ where: { id: previewId, networkId } });
    if (!row) throw new DomainError(ErrorCode.NotFound, `This network has no update preview with the id "${previewId}".`);
    return toDto(row);
  }

  /** The latest preview that is not superseded; null: none. */
  async latest(networkId: string): Promise<UpdatePreviewDto | null> {
    const row = await this.rows.findOne({
      where: { networkId, status: In([UpdatePreviewStatus.Building, UpdatePreviewStatus.Ready, UpdatePreviewStatus.Failed]) },
      order: { createdAt: 'DESC' },
    });
    return row ? toDto(row) : null;
  }

  // ── the task ─────────────────────────────────────────────────────────────

  @JobHandler(JobName.UpdatePreview)
  async build(ctx: JobContext<JobName.UpdatePreview>): Promise<Record<string, unknown>> {
    const row = await this.rows.findOne({ where: { id: ctx.payload.previewId } });
    if (!row) throw new Error(`The preview ${ctx.payload.previewId} no longer exists.`);
    if (row.status === UpdatePreviewStatus.Superseded) {
      await ctx.log('info', 'A newer preview replaced this one; nothing to build.');
      return { previewId: row.id, status: row.status };
    }
    // Run again after a crash: start over from the head it was made from.
    row.status = UpdatePreviewStatus.Building;
    row.machines = [];
    row.error = null;
    row.finishedAt = null;
    await this.rows.save(row);
    try {
      return await this.buildPreview(ctx, row);
    } catch (err) {
      const cancelled = ctx.signal.aborted;
      row.status = UpdatePreviewStatus.Failed;
      row.error = cancelled ? 'The preview was cancelled before it finished.' : (err as Error).message;
      row.finishedAt = new Date();
      await this.rows.save(row);
      throw err;
    }
  }

  private async buildPreview(ctx: JobContext<JobName.UpdatePreview>, row: UpdatePreviewEntity): Promise<Record<string, unknown>> {
    const network = await this.network(row.networkId);
    const flakes = await this.flakes.buildInputs(network.id);
    if (!flakes.upstream) throw new Error(`${network.name} follows no upstream any more; there is nothing to preview.`);
    const overrideInputs = this.flakes.overrideInputs(flakes);
    await ctx.log(
      'info',
      `Previewing the update of ${network.name}: clan follows ${flakes.upstream}; flake.lock at ${short(row.baseRevision)} pins ${short(row.fromRev)}.`,
    );
    const machines = await this.machinesAt(network.id, row.baseRevision);
    const fromDir = await this.disks.scratch(`preview-${row.id}-from`);
    const toDir = await this.disks.scratch(`preview-${row.id}-to`);
    try {
      await ctx.progress(2, 'Exporting the configuration');
      for (const dir of [fromDir, toDir]) {
        await this.repos
          .repo(network.id)
          .archive(row.baseRevision)
          .then((tar) => this.disks.extractTar(tar, dir, ctx.signal));
        await writeFile(join(dir, LOCK_FILE), row.fromLock);
      }

      await ctx.progress(5, `Locking the newest revision of ${flakes.upstream}`);
      await ctx.log('info', `nix flake lock --update-input ${INPUT}`);
      try {
        await this.previewNix.updateInput(toDir, INPUT, ctx.signal);
      } catch (err) {
        if (!(err instanceof PreviewNixError)) throw err;
        throw new Error(`The upstream ${flakes.upstream} could not be locked: ${err.message}`);
      }
      const toLock = await this.disks.readText(join(toDir, LOCK_FILE));
      const to = lockedInput(toLock, INPUT);
      if (!toLock || !to) throw new Error(`nix flake lock left no flake.lock that pins ${INPUT} to a git revision.`);
      row.toLock = toLock;
      row.toRev = to.rev;
      row.lockDiff = unifiedDiff(row.fromLock, toLock) || null;
      await this.rows.save(row);
      await ctx.log(
        'info',
        to.rev === row.fromRev
          ? `The upstream is still at ${short(to.rev)}: the proposed lock pins what runs now.`
          : `The proposed flake.lock pins ${short(to.rev)} (now ${short(row.fromRev)}).`,
      );

      const results: PreviewMachine[] = [];
      for (const [index, machine] of machines.entries()) {
        ctx.throwIfCancelled();
        const span = 90 / Math.max(1, machines.length);
        await ctx.progress(10 + index * span, `${machine}: building the candidate (${index + 1} of ${machines.length})`);
        const { result, reasons } = await this.previewMachine(ctx, flakes, overrideInputs, network.id, machine, fromDir, toDir);
        results.push(result);
        row.machines = [...results];
        await this.rows.save(row);
        await ctx.log(result.error ? 'warn' : 'info', describePreviewMachine(result, reasons));
      }
      ctx.throwIfCancelled();
      row.status = UpdatePreviewStatus.Ready;
      row.finishedAt = new Date();
      await this.rows.save(row);
      const changing = results.filter((m) => m.changes).length;
      const rebooting = results.filter((m) => m.reboot).length;
      const failed = results.filter((m) => m.error).length;
      const verb = (n: number, one: string, many: string) => (n === 1 ? one : many);
      const summary =
        `${plural(changing, 'machine')} of ${machines.length} ${verb(changing, 'changes', 'change')}, ` +
        `${rebooting} ${verb(rebooting, 'needs', 'need')} a reboot` +
        (failed ? `, ${failed} could not be built` : '');
      await ctx.log('info', `Preview ready: ${summary}. Nothing was deployed.`);
      await ctx.progress(100, 'Preview ready');
      return { previewId: row.id, toRev: row.toRev, changing, rebooting, failed };
    } finally {
      await this.disks.remove(fromDir).catch(() => undefined);
      await this.disks.remove(toDir).catch(() => undefined);
    }
  }

  /** The machines of the configuration at `revision`, by name. */
  private async machinesAt(networkId: string, revision: string): Promise<string[]> {
    const state = await readRepoState(this.repos.repo(networkId), revision);
    if (!state.configs) throw new Error(`configs.json at ${short(revision)} does not validate; fix the configuration first.`);
    const valid = validateLayers({
      configs: state.configs,
      overrides: state.overrides,
      localAdmins: state.localAdmins,
      marketplace: state.marketplace,
    });
    if (!valid.ok) throw new Error(`The configuration at ${short(revision)} does not validate: ${valid.errors[0]?.message ?? ''}`);
    return Object.keys(valid.value.effective).sort();
  }

  private async toplevel(ctx: JobContext, dir: string, machine: string, overrideInputs: [string, string][]): Promise<string> {
    return this.nix.build(`path:${dir}#nixosConfigurations.${machine}.config.system.build.toplevel`, {
      signal: ctx.signal,
      overrideInputs,
      lockFile: 'locked',
      onEvent: (e) => {
        if (e.kind === 'log' && e.level !== 'info') void ctx.log(e.level, `${machine}: ${e.text}`);
      },
    });
  }

  /** The system the machine runs (its current generation, while its store path is there), or null. */
  private async running(networkId: string, machine: string): Promise<{ generation: number; storePath: string } | null> {
    const state = await this.machineState.get(networkId, machine);
    if (state?.currentGeneration == null) return null;
    const gen = await this.generations.get(networkId, machine, state.currentGeneration);
    if (!gen || gen.status === GenerationStatus.Collected) return null;
    const present = await access(gen.storePath).then(
      () => true,
      () => false,
    );
    return present ? { generation: gen.number, storePath: gen.storePath } : null;
  }

  private async previewMachine(
    ctx: JobContext,
    flakes: BuildFlakes,
    overrideInputs: [string, string][],
    networkId: string,
    machine: string,
    fromDir: string,
    toDir: string,
  ): Promise<{ result: PreviewMachine; reasons: string[] }> {
    const result: PreviewMachine = {
      machine,
      baseline: { kind: 'head', generation: null, storePath: '' },
      candidate: null,
      changes: false,
      reboot: false,
      packages: [],
      restarts: [],
      closureBytes: { from: 0, to: null },
      downloadBytes: null,
      error: null,
    };
    const failed = (what: string, err: unknown): { result: PreviewMachine; reasons: string[] } => {
      if (err instanceof NixBuildError) result.error = `${what}: ${explainBuildFailure(flakes, err.message)}`;
      else if (err instanceof PreviewNixError) result.error = `${what}: Nix said: ${err.message}`;
      else throw err;
      return { result, reasons: [] };
    };

    const running = await this.running(networkId, machine);
    if (running) result.baseline = { kind: 'running', generation: running.generation, storePath: running.storePath };
    else {
      await ctx.log('info', `${machine}: runs no generation here, so the baseline is what the head builds now.`);
      try {
        result.baseline.storePath = await this.toplevel(ctx, fromDir, machine, overrideInputs);
      } catch (err) {
        return failed('The system the head builds now could not be built', err);
      }
    }
    try {
      result.candidate = await this.toplevel(ctx, toDir, machine, overrideInputs);
    } catch (err) {
      return failed('The updated system could not be built', err);
    }

    const base = result.baseline.storePath;
    const cand = result.candidate;
    let baseClosure: Closure;
    let candClosure: Closure;
    try {
      [baseClosure, candClosure] = [await this.previewNix.closure(base, ctx.signal), await this.previewNix.closure(cand, ctx.signal)];
      result.packages = base === cand ? [] : await this.previewNix.diffClosures(base, cand, ctx.signal);
    } catch (err) {
      return failed('The two systems could not be compared', err);
    }
    result.closureBytes = { from: baseClosure.bytes, to: candClosure.bytes };
    let download = 0;
    for (const [path, size] of candClosure.sizes) if (!baseClosure.sizes.has(path)) download += size;
    result.downloadBytes = download;
    result.changes = base !== cand;
    let reasons: string[] = [];
    if (result.changes) {
      const [bootBefore, bootAfter, unitsBefore, unitsAfter] = await Promise.all([
        bootIdentity(base),
        bootIdentity(cand),
        unitFiles(base),
        unitFiles(cand),
      ]);
      reasons = rebootReasons(bootBefore, bootAfter);
      result.reboot = reasons.length > 0;
      result.restarts = changedUnits(unitsBefore, unitsAfter);
    }
    return { result, reasons };
  }
}

function toDto(row: UpdatePreviewEntity): UpdatePreviewDto {
  return {
    id: row.id,
    status: row.status,
    baseRevision: row.baseRevision,
    fromRev: row.fromRev,
    toRev: row.toRev,
    lockDiff: row.lockDiff,
    machines: row.machines,
    taskId: row.taskId,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
