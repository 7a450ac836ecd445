import { ErrorCode, isTerminalTaskStatus } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { conflict, DomainError } from '../common/errors/domain-error';
import { ConfigLock } from '../configs/config-lock.service';
import { activeApps, validateLayers } from '../configs/layers';
import { NetworkRepoService } from '../configs/network-repo.service';
import { readRepoState } from '../configs/repo-state';
import { NetworkEntity } from '../networks/network.entity';
import { PubSub } from '../services/queue/pubsub.service';
import { JobName } from '../services/queue/queue.catalogue';
import { TASK_CANCEL_CHANNEL, type TaskCancelMessage } from '../tasks/task-events';
import { TaskStore } from '../tasks/task.store';
import { TasksService } from '../tasks/tasks.service';
import { MachineStateService } from '../vms/machine-state.service';
import type {
  RolloutStartedDto,
  StartRolloutDto,
  UpdateRolloutDto,
  UpdateRolloutListDto,
  UpdateSettingsDto,
  UpdateWindowDto,
} from './dto/rollout.dto';
import { lockedInput } from './flake-lock';
import { UpdatePreviewEntity, UpdatePreviewStatus } from './update-preview.entity';
import { RolloutMachineState, UpdateRolloutEntity, UpdateRolloutStatus } from './update-rollout.entity';
import { type RolloutActor, RolloutEvents } from './rollout/rollout-events';
import { RolloutLock, sameLock } from './rollout/rollout-lock';
import { planRollout, rolloutCommitMessage } from './rollout/rollout-plan';

const short = (rev: string | null | undefined) => (rev ?? '').slice(0, 12);
const ACTIVE = [UpdateRolloutStatus.Running, UpdateRolloutStatus.Halted, UpdateRolloutStatus.Aborting];
const DEFAULT_SOAK_SECONDS = 120;

function actorOf(p: Principal): RolloutActor {
  return { userId: p.userId, username: p.displayName ?? p.username, tokenId: p.tokenId ?? null };
}

/**
 * Rollouts of a previewed update (docs/updates.md, "Rollout"; docs/decisions/0017 §4):
 * the lock commit, then machine by machine in waves, canary first, each gated on
 * health and app checks for a soak time; a failed gate rolls back and halts.
 * The jobs themselves are rollout/rollout-jobs.ts.
 */
@Injectable()
export class UpdateRollouts {
  constructor(
    @InjectRepository(UpdateRolloutEntity) private readonly rollouts: Repository<UpdateRolloutEntity>,
    @InjectRepository(UpdatePreviewEntity) private readonly previews: Repository<UpdatePreviewEntity>,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    private readonly repos: NetworkRepoService,
    private readonly configLock: ConfigLock,
    private readonly tasks: TasksService,
    private readonly store: TaskStore,
    private readonly pubsub: PubSub,
    private readonly state: MachineStateService,
    private readonly lock: RolloutLock,
    private readonly events: RolloutEvents,
  ) {}

  private async network(networkId: string): Promise<NetworkEntity> {
    const n = await this.networks.findOne({ where: { id: networkId } });
    if (!n) throw new DomainError(ErrorCode.NotFound, `No network has the id "${networkId}".`);
    return n;
  }

  private async require(networkId: string, rolloutId: string): Promise<UpdateRolloutEntity> {
    await this.network(networkId);
    const r = await this.rollouts.findOne({ where: { id: rolloutId, networkId } });
    if (!r) throw new DomainError(ErrorCode.NotFound, `This network has no rollout with the id "${rolloutId}".`);
    return r;
  }

  // ── start ────────────────────────────────────────────────────────────────

  /** POST …/updates/rollouts: commit the preview's lock and deploy it machine by machine, as a task. */
  async start(principal: Principal, networkId: string, body: StartRolloutDto): Promise<RolloutStartedDto> {
    return this.begin(networkId, body, actorOf(principal), 'manual');
  }

  /**
   * A rollout of a ready preview: `actor` null and trigger 'schedule' for automatic updates.
   * 404 unknown preview; 409 a preview that is not ready or out of date, or a rollout under way; 400 a bad canary.
   */
  async begin(networkId: string, body: StartRolloutDto, actor: RolloutActor, trigger: 'manual' | 'schedule'): Promise<RolloutStartedDto> {
    const network = await this.network(networkId);
    const preview = await this.previews.findOne({ where: { id: body.previewId, networkId } });
    if (!preview) throw new DomainError(ErrorCode.NotFound, `This network has no preview with the id "${body.previewId}".`);
    if (preview.status === UpdatePreviewStatus.Building)
      throw conflict('This preview is still building; wait for it to finish, then start the rollout.');
    if (preview.status === UpdatePreviewStatus.Failed)
      throw conflict(`This preview failed${preview.error ? ` (${preview.error})` : ''}; preview the update again.`);
    if (preview.status === UpdatePreviewStatus.Superseded)
      throw conflict('This preview is out of date: the upstream moved or a rollout of it already started. Preview the update again.');
    if (!preview.toLock || !preview.toRev) throw conflict('This preview has no proposed flake.lock; preview the update again.');
    const broken = preview.machines.filter((m) => m.error);
    if (broken.length)
      throw conflict(
        `The preview could not build ${broken.map((m) => m.machine).join(', ')} from the update (${broken[0]?.error}); ` +
          'fix that and preview the update again.',
      );

    const { rollout, head } = await this.configLock.run(`update-rollout:${networkId}`, async () => {
      const active = await this.rollouts.findOne({ where: { networkId, status: In(ACTIVE) } });
      if (active) throw busy(active);
      const at = await this.lock.atHead(networkId);
      if (!at.head || !sameLock(at.lock, preview.fromLock)) {
        const pins = lockedInput(at.lock, 'clan')?.rev;
        throw conflict(
          `flake.lock at the head of ${network.name} is no longer the one this preview started from` +
            `${pins ? ` (it pins clan ${short(pins)} now, the preview ${short(preview.fromRev)})` : ''}; preview the update again.`,
        );
      }
      const plan = planRollout({
        machines: await this.planMachines(networkId, at.head, preview.machines),
        canary: body.canary,
        concurrency: body.concurrency ?? 1,
      });
      if (!plan.ok) throw new DomainError(ErrorCode.ValidationFailed, plan.problem, [{ field: 'canary', message: plan.problem }]);
      const saved = await this.rollouts.save(
        this.rollouts.create({
          networkId,
          previewId: preview.id,
          status: UpdateRolloutStatus.Running,
          fromRev: preview.fromRev,
          toRev: preview.toRev as string,
          baseRevision: at.head,
          revision: null,
          revertRevision: null,
          canary: plan.canary,
          concurrency: body.concurrency ?? 1,
          soakSeconds: body.soakSeconds ?? DEFAULT_SOAK_SECONDS,
          machines: plan.machines,
          haltReason: null,
          trigger,
          userId: actor?.userId ?? null,
          taskId: null,
          finishedAt: null,
        }),
      );
      return { rollout: saved, head: at.head };
    });

    let revision: string;
    try {
      ({ revision } = await this.lock.commit(networkId, preview.toLock, rolloutCommitMessage('Update', preview.toRev, rollout.id)));
    } catch (err) {
      const reason = `The new flake.lock could not be committed, so nothing was deployed: ${(err as Error).message}`;
      await this.rollouts.update({ id: rollout.id }, { status: UpdateRolloutStatus.Failed, haltReason: reason, finishedAt: new Date() });
      throw err instanceof DomainError ? err : conflict(reason);
    }
    await this.rollouts.update({ id: rollout.id }, { revision });
    // A started rollout uses its preview up: it is not offered again.
    await this.previews.update({ id: preview.id, status: UpdatePreviewStatus.Ready }, { status: UpdatePreviewStatus.Superseded });
    await this.events.record('start', rollout, actor, rollout.id, {
      previewId: preview.id,
      fromRev: preview.fromRev,
      toRev: preview.toRev,
      baseRevision: head,
      revision,
      canary: rollout.canary,
      concurrency: rollout.concurrency,
      soakSeconds: rollout.soakSeconds,
      trigger,
    });
    return this.startTask(rollout, actor);
  }

  /** The preview's machines with their apps (configs.json at the head) and the generation each runs now. */
  private async planMachines(networkId: string, head: string, machines: UpdatePreviewEntity['machines']) {
    const state = await readRepoState(this.repos.repo(networkId), head);
    const valid = state.configs
      ? validateLayers({
          configs: state.configs,
          overrides: state.overrides,
          localAdmins: state.localAdmins,
          marketplace: state.marketplace,
        })
      : null;
    const effective = valid?.ok ? valid.value.effective : {};
    return Promise.all(
      machines.map(async (m) => {
        const config = effective[m.machine];
        return {
          machine: m.machine,
          changes: m.changes,
          apps: config ? activeApps(config).length : 0,
          fromGeneration: (await this.state.get(networkId, m.machine))?.currentGeneration ?? null,
        };
      }),
    );
  }

  private async startTask(r: UpdateRolloutEntity, actor: RolloutActor): Promise<RolloutStartedDto> {
    const { taskId } = await this.tasks.start(
      JobName.UpdateRollout,
      { rolloutId: r.id },
      { userId: actor?.userId ?? null, networkId: r.networkId },
    );
    await this.rollouts.update({ id: r.id }, { taskId });
    return { taskId, rolloutId: r.id };
  }

  // ── halted: resume, skip, abort ──────────────────────────────────────────

  /** Halted, or running with no live task (its task was cancelled or died): an admin may go on. */
  private async stopped(r: UpdateRolloutEntity): Promise<boolean> {
    if (r.status === UpdateRolloutStatus.Halted) return true;
    if (r.status !== UpdateRolloutStatus.Running) return false;
    const task = r.taskId ? await this.store.find(r.taskId) : null;
    return !task || isTerminalTaskStatus(task.status);
  }

  /** Retry the machine that halted the rollout, then go on. */
  async resume(principal: Principal, networkId: string, rolloutId: string): Promise<RolloutStartedDto> {
    return this.configLock.run(`update-rollout:${networkId}`, async () => {
      const r = await this.require(networkId, rolloutId);
      if (!(await this.stopped(r))) throw notHalted(r, 'resumed');
      const retried: string[] = [];
      for (const m of r.machines) {
        if (m.state !== RolloutMachineState.Failed && m.state !== RolloutMachineState.RolledBack) continue;
        Object.assign(m, { state: RolloutMachineState.Pending, reason: null, startedAt: null, finishedAt: null });
        retried.push(m.machine);
      }
      await this.rollouts.update({ id: r.id }, { status: UpdateRolloutStatus.Running, haltReason: null, machines: r.machines });
      await this.events.record('resume', r, actorOf(principal), r.id, { retried });
      return this.startTask(r, actorOf(principal));
    });
  }

  /** Leave the machine that halted the rollout on what it ran before, then go on. */
  async skip(principal: Principal, networkId: string, rolloutId: string, machine: string): Promise<RolloutStartedDto> {
    return this.configLock.run(`update-rollout:${networkId}`, async () => {
      const r = await this.require(networkId, rolloutId);
      if (!(await this.stopped(r))) throw notHalted(r, 'skipped past');
      const failed = r.machines.filter((m) => m.state === RolloutMachineState.Failed || m.state === RolloutMachineState.RolledBack);
      const m = failed.find((x) => x.machine === machine);
      if (!m) {
        throw conflict(
          failed.length
            ? `The rollout halted on ${failed.map((x) => x.machine).join(', ')}, not on ${machine}; skip that machine, resume or abort.`
            : `No machine halted this rollout, so there is none to skip; resume it to go on.`,
        );
      }
      const who = principal.displayName ?? principal.username;
      Object.assign(m, {
        state: RolloutMachineState.Skipped,
        reason: `Skipped by ${who} after it halted the rollout: ${m.reason ?? 'it failed its gate'}`,
        finishedAt: m.finishedAt ?? new Date().toISOString(),
      });
      await this.rollouts.update({ id: r.id }, { status: UpdateRolloutStatus.Running, haltReason: null, machines: r.machines });
      await this.events.record('skip', r, actorOf(principal), r.id, { machine });
      return this.startTask(r, actorOf(principal));
    });
  }

  /** Take every updated machine back to the generation it ran before, and put the old lock back. */
  async abort(principal: Principal, networkId: string, rolloutId: string): Promise<RolloutStartedDto> {
    return this.configLock.run(`update-rollout:${networkId}`, async () => {
      const r = await this.require(networkId, rolloutId);
      if (r.status !== UpdateRolloutStatus.Running && r.status !== UpdateRolloutStatus.Halted) {
        throw conflict(
          r.status === UpdateRolloutStatus.Aborting
            ? `This rollout is being aborted already (task ${r.taskId ?? '?'}); wait for it to finish.`
            : `This rollout has ${r.status === UpdateRolloutStatus.Failed ? 'failed' : `already ${r.status}`}; there is nothing to abort.`,
        );
      }
      await this.rollouts.update({ id: r.id }, { status: UpdateRolloutStatus.Aborting });
      // The rollout's task stops first; the abort task waits for it before it takes anything back.
      if (r.taskId) await this.stopTask(r.taskId, principal);
      const actor = actorOf(principal);
      await this.events.record('abort', r, actor, r.id, {
        was: r.status,
        updated: r.machines.filter((m) => m.state === RolloutMachineState.Updated).map((m) => m.machine),
      });
      const { taskId } = await this.tasks.start(JobName.UpdateAbort, { rolloutId: r.id }, { userId: actor?.userId ?? null, networkId });
      await this.rollouts.update({ id: r.id }, { taskId });
      return { taskId, rolloutId: r.id };
    });
  }

  /** Withdraws the rollout's task when queued, asks it to stop when running. */
  private async stopTask(taskId: string, principal: Principal): Promise<void> {
    const task = await this.store.find(taskId);
    if (!task || isTerminalTaskStatus(task.status) || task.type !== JobName.UpdateRollout) return;
    const why = `Stopped: ${principal.displayName ?? principal.username} aborts the rollout.`;
    if (await this.tasks.withdrawQueued(taskId, why)) return;
    const flagged = await this.store.requestCancel(taskId);
    if (!flagged) return;
    await this.store.appendLog(flagged, 'warn', why);
    await this.pubsub.publish(TASK_CANCEL_CHANNEL, { taskId } satisfies TaskCancelMessage);
  }

  // ── reading ──────────────────────────────────────────────────────────────

  async list(networkId: string, limit: number, offset: number): Promise<UpdateRolloutListDto> {
    await this.network(networkId);
    const [rows, total] = await this.rollouts.findAndCount({
      where: { networkId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items: await this.toDtos(rows), total };
  }

  async get(networkId: string, rolloutId: string): Promise<UpdateRolloutDto> {
    const [dto] = await this.toDtos([await this.require(networkId, rolloutId)]);
    return dto;
  }

  /** The rollout running, halted or aborting now, else the latest one; null: none. */
  async current(networkId: string): Promise<UpdateRolloutDto | null> {
    const row =
      (await this.rollouts.findOne({ where: { networkId, status: In(ACTIVE) }, order: { createdAt: 'DESC' } })) ??
      (await this.rollouts.findOne({ where: { networkId }, order: { createdAt: 'DESC' } }));
    return row ? ((await this.toDtos([row]))[0] ?? null) : null;
  }

  private async toDtos(rows: UpdateRolloutEntity[]): Promise<UpdateRolloutDto[]> {
    const ids = [...new Set(rows.map((r) => r.userId).filter((u): u is string => !!u))];
    const users: { id: string; username: string }[] = ids.length
      ? await this.rollouts.query('SELECT "id", "username" FROM "users" WHERE "id" = ANY($1)', [ids])
      : [];
    const names = new Map(users.map((u) => [u.id, u.username]));
    return rows.map((r) => ({
      id: r.id,
      previewId: r.previewId,
      status: r.status,
      fromRev: r.fromRev,
      toRev: r.toRev,
      revision: r.revision,
      revertRevision: r.revertRevision,
      canary: r.canary,
      concurrency: r.concurrency,
      soakSeconds: r.soakSeconds,
      machines: r.machines.map((m) => ({ ...m, taskIds: [...m.taskIds] })),
      haltReason: r.haltReason,
      trigger: r.trigger,
      username: r.userId ? (names.get(r.userId) ?? null) : null,
      taskId: r.taskId,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    }));
  }

  // ── settings ─────────────────────────────────────────────────────────────

  async settings(networkId: string): Promise<{ autoUpdate: boolean; window: UpdateWindowDto | null }> {
    const n = await this.network(networkId);
    return { autoUpdate: n.autoUpdate, window: n.updateWindow ?? null };
  }

  /** Automatic updates and the maintenance window; 409 when automatic updates are turned on for a network that follows nothing. */
  async setSettings(networkId: string, body: UpdateSettingsDto): Promise<void> {
    const n = await this.network(networkId);
    if (body.autoUpdate && !n.upstream)
      throw conflict(
        `${n.name} follows no upstream, so there is nothing to update automatically: set an upstream first (PUT …/updates/upstream).`,
      );
    const window = body.window
      ? { days: [...new Set(body.window.days)].sort((a, b) => a - b), start: body.window.start, end: body.window.end }
      : null;
    await this.networks.update({ id: networkId }, { autoUpdate: body.autoUpdate, updateWindow: window });
  }
}

function busy(active: UpdateRolloutEntity): DomainError {
  const what =
    active.status === UpdateRolloutStatus.Running
      ? 'wait for it to finish or abort it'
      : active.status === UpdateRolloutStatus.Halted
        ? 'resume, skip or abort it first'
        : 'wait for the abort to finish';
  return conflict(`A rollout of this network is already ${active.status} (rollout ${active.id}); ${what}.`);
}

function notHalted(r: UpdateRolloutEntity, verb: string): DomainError {
  return conflict(`This rollout is ${r.status}, not halted; only a halted rollout can be ${verb}.`);
}
