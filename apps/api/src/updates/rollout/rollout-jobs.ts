import { TaskStatus } from '@clan/contracts';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { NetworkEntity } from '../../networks/network.entity';
import { type JobContext, sleepUnlessCancelled } from '../../services/queue/job-context';
import { JobHandler } from '../../services/queue/job-handler.decorator';
import { JobName } from '../../services/queue/queue.catalogue';
import { TaskEntity } from '../../tasks/task.entity';
import { TaskStore } from '../../tasks/task.store';
import { MachineStateService } from '../../vms/machine-state.service';
import { VmAutoDeploy } from '../../vms/vm-auto-deploy.service';
import { VmTasks } from '../../vms/vm-tasks.service';
import { UpdatePreviewEntity } from '../update-preview.entity';
import { RolloutMachineState, UpdateRolloutEntity, UpdateRolloutStatus } from '../update-rollout.entity';
import { type GateProblem, MachineGate } from './machine-gate';
import { RolloutEvents } from './rollout-events';
import { RolloutLock, sameLock } from './rollout-lock';
import { RolloutMachines } from './rollout-machines';
import { abortSentence, deployFailure, progressSentence, rolloutCommitMessage, wavesToRun } from './rollout-plan';
import { waitForTask } from './task-wait';

const short = (rev: string | null) => (rev ?? '').slice(0, 12);

/** Why a machine halted the rollout: the headline (the notification's words) and the whole reason. */
interface Halt {
  machine: string;
  headline: string;
  reason: string;
}

/**
 * The jobs of a rollout (docs/updates.md, "Rollout"): `update.rollout` deploys
 * the lock commit machine by machine, wave by wave, gating each on health and
 * its app checks for the soak time, and halts on the first failed gate;
 * `update.abort` takes every machine the rollout updated back to the
 * generation it ran before and commits the old lock back. Both go on from the
 * per-machine states they record, so a run after a crash converges.
 */
@Injectable()
export class RolloutJobs implements OnModuleInit {
  constructor(
    @InjectRepository(UpdateRolloutEntity) private readonly rollouts: Repository<UpdateRolloutEntity>,
    @InjectRepository(UpdatePreviewEntity) private readonly previews: Repository<UpdatePreviewEntity>,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    @InjectRepository(TaskEntity) private readonly taskRows: Repository<TaskEntity>,
    private readonly store: TaskStore,
    private readonly vmTasks: VmTasks,
    private readonly state: MachineStateService,
    private readonly gate: MachineGate,
    private readonly lock: RolloutLock,
    private readonly events: RolloutEvents,
    private readonly autoDeploy: VmAutoDeploy,
  ) {}

  /**
   * While a rollout runs or is halted, a configuration change to a machine it
   * has not updated yet is not deployed by itself: the head carries the new
   * lock, and the machine must get it through the rollout's gate (which builds
   * the head, change included, when it reaches the machine).
   */
  onModuleInit(): void {
    this.autoDeploy.addHold(async (networkId, machine) => {
      const active = await this.rollouts.find({
        where: { networkId, status: In([UpdateRolloutStatus.Running, UpdateRolloutStatus.Halted]) },
      });
      const waiting = [
        RolloutMachineState.Pending,
        RolloutMachineState.Updating,
        RolloutMachineState.RolledBack,
        RolloutMachineState.Failed,
      ];
      const r = active.find((x) => x.machines.some((m) => m.machine === machine && waiting.includes(m.state)));
      return r
        ? `the update rollout to clan ${short(r.toRev)} (${r.status}) deploys ${machine} itself, with this change, when it reaches it`
        : null;
    });
  }

  private async load(id: string): Promise<UpdateRolloutEntity> {
    const r = await this.rollouts.findOne({ where: { id } });
    if (!r) throw new Error(`Rollout ${id} no longer exists (its network was deleted?).`);
    return r;
  }

  private async networkName(id: string): Promise<string> {
    return (await this.networks.findOne({ where: { id }, select: { id: true, name: true } }))?.name ?? 'the network';
  }

  // ── update.rollout ───────────────────────────────────────────────────────

  @JobHandler(JobName.UpdateRollout)
  async run(ctx: JobContext<JobName.UpdateRollout>): Promise<Record<string, unknown>> {
    const r = await this.load(ctx.payload.rolloutId);
    if (r.status !== UpdateRolloutStatus.Running) {
      await ctx.log('info', `The rollout is ${r.status}; there is nothing to deploy.`);
      return { status: r.status };
    }
    if (!r.revision) throw new Error('The rollout has no lock commit to deploy (its start did not finish); start a new one.');
    const name = await this.networkName(r.networkId);
    const machines = new RolloutMachines(this.rollouts, r);
    const waves = wavesToRun(r.machines);
    await ctx.log(
      'info',
      `Rolling ${name} out to clan ${short(r.toRev)} (commit ${short(r.revision)}): ${waves.flat().length} machine(s) to go in ${waves.length} wave(s), ` +
        `${r.concurrency} at a time, each soaking ${r.soakSeconds} s; canary ${r.canary || 'none'}.`,
    );
    let done = 0;
    const total = waves.flat().length;
    for (const wave of waves) {
      ctx.throwIfCancelled();
      const now = await this.load(r.id);
      if (now.status !== UpdateRolloutStatus.Running) {
        await ctx.log('warn', `The rollout is ${now.status} now; stopping here.`);
        return { status: now.status };
      }
      await ctx.progress(Math.round((done / Math.max(1, total)) * 100), `Updating ${wave.join(', ')}`);
      const results = await Promise.all(wave.map((m) => this.updateMachine(ctx, machines, m)));
      done += wave.length;
      const halt = results.find((x): x is Halt => x !== null);
      if (halt) return this.halt(ctx, machines, name, halt);
    }

    const progress = progressSentence(r.machines);
    await this.rollouts.update(
      { id: r.id, status: UpdateRolloutStatus.Running },
      { status: UpdateRolloutStatus.Succeeded, haltReason: null, finishedAt: new Date() },
    );
    await ctx.log('info', `${progress}: ${name} runs clan ${short(r.toRev)}.`);
    await this.events.record('finish', r, null, ctx.taskId, { progress, revision: r.revision, toRev: r.toRev, taskId: ctx.taskId });
    await this.events.notify(r, 'info', 'succeeded', `${name} is updated`, `${progress}: ${name} runs clan ${short(r.toRev)}.`);
    await ctx.progress(100, progress);
    return { status: UpdateRolloutStatus.Succeeded, progress };
  }

  /** Halted: recorded, audited, notified, and the task fails with the sentence. */
  private async halt(ctx: JobContext, machines: RolloutMachines, name: string, halt: Halt): Promise<never> {
    const r = machines.rollout;
    const sentence = `${progressSentence(r.machines)}; halted: ${halt.headline}`;
    await this.rollouts.update(
      { id: r.id, status: UpdateRolloutStatus.Running },
      { status: UpdateRolloutStatus.Halted, haltReason: halt.reason },
    );
    await ctx.log('error', `${sentence}. ${halt.reason}`);
    await ctx.log(
      'info',
      'Nothing more happens until an admin resumes the rollout (tries the machine again), skips the machine or aborts it.',
    );
    await this.events.record('halt', r, null, ctx.taskId, { machine: halt.machine, reason: halt.reason, taskId: ctx.taskId }, 'failure');
    await this.events.notify(
      r,
      'warning',
      `halted:${halt.machine}:${machines.get(halt.machine).taskIds.length}`,
      `Update of ${name} halted`,
      `${sentence}. ${halt.reason}`,
    );
    throw new Error(`${sentence}.`);
  }

  /** One machine: build at the rollout's commit, deploy, soak. A halt when its gate fails, else null. */
  private async updateMachine(ctx: JobContext, machines: RolloutMachines, name: string): Promise<Halt | null> {
    const r = machines.rollout;
    const origin = { userId: r.userId, networkId: r.networkId, machine: name };
    await machines.set(name, { state: RolloutMachineState.Updating, startedAt: new Date().toISOString(), finishedAt: null, reason: null });
    const fail = async (state: RolloutMachineState, headline: string, reason: string): Promise<Halt> => {
      await machines.set(name, { state, reason, finishedAt: new Date().toISOString() });
      return { machine: name, headline, reason };
    };

    const revision = await this.lock.buildRevision(r.networkId, r.revision as string);
    await ctx.log(
      'info',
      revision === r.revision
        ? `${name}: building the update (commit ${short(revision)}).`
        : `${name}: building the update with the configuration changed since (commit ${short(revision)}, same flake.lock).`,
    );
    const { taskId: buildId } = await this.vmTasks.build(revision, 'update', origin, { exclusive: false });
    await machines.addTask(name, buildId);
    const build = await waitForTask(this.store, buildId, ctx.signal);
    if (build.status !== TaskStatus.Succeeded) {
      const headline = `${name} could not be built from the update`;
      return fail(RolloutMachineState.Failed, headline, `${headline}: ${build.error ?? build.message ?? `its build was ${build.status}`}`);
    }
    const generation = Number(build.result?.['generation']);
    const deployId = build.result?.['deployTaskId'];
    await machines.set(name, { toGeneration: Number.isInteger(generation) ? generation : null });

    if (typeof deployId === 'string') {
      await machines.addTask(name, deployId);
      await ctx.log('info', `${name}: deploying generation ${generation} (task ${deployId}).`);
      const deploy = await waitForTask(this.store, deployId, ctx.signal);
      if (deploy.status !== TaskStatus.Succeeded) {
        const f = deployFailure(name, deploy.error ?? `its deployment was ${deploy.status}`);
        await ctx.log('warn', f.reason);
        return fail(f.state, f.headline, f.reason);
      }
    } else {
      await ctx.log('info', `${name}: generation ${generation} already runs and is healthy.`);
    }

    const problem = await this.soak(ctx, r, name, generation);
    if (problem) return this.rollBack(ctx, machines, name, problem);
    await machines.set(name, { state: RolloutMachineState.Updated, finishedAt: new Date().toISOString() });
    await ctx.log(
      'info',
      `${name} is updated: generation ${generation} stayed healthy with its app checks passing for ${r.soakSeconds} s.`,
    );
    return null;
  }

  /** Health and app checks every few seconds for the soak time, and once at its end; the first problem, else null. */
  private async soak(ctx: JobContext, r: UpdateRolloutEntity, name: string, generation: number): Promise<GateProblem | null> {
    const end = Date.now() + r.soakSeconds * 1000;
    const every = r.soakSeconds <= 60 ? 5_000 : 10_000;
    await ctx.log('info', `${name}: soaking for ${r.soakSeconds} s (health and app checks every ${every / 1000} s).`);
    let unreachable = 0;
    let reported = false;
    for (;;) {
      const last = Date.now() >= end;
      const look = await this.gate.look(r.networkId, name, generation, ctx.signal);
      if (look.ok === false) return look.problem;
      if (look.ok === 'unreachable') {
        unreachable++;
        if (unreachable >= 2) return { headline: `${name}'s controller stopped answering after the update`, detail: look.detail };
        await ctx.log('warn', `${name}: ${look.detail}; trying again.`);
        await sleepUnlessCancelled(last ? 3_000 : Math.min(every, Math.max(0, end - Date.now())), ctx.signal);
        continue;
      }
      unreachable = 0;
      if (!reported) {
        reported = true;
        const checks = look.checks;
        await ctx.log(
          'info',
          checks === null
            ? `${name}: its controller is older than app checks; only its health is watched.`
            : checks.length
              ? `${name}: app checks pass: ${checks.map((c) => c.name).join(', ')}.`
              : `${name}: the machine declares no app checks; only its health is watched.`,
        );
      }
      if (last) return null;
      await sleepUnlessCancelled(Math.min(every, Math.max(0, end - Date.now())), ctx.signal);
    }
  }

  /** A failed gate after a healthy deployment: back to the generation it ran before the rollout. */
  private async rollBack(ctx: JobContext, machines: RolloutMachines, name: string, problem: GateProblem): Promise<Halt> {
    const r = machines.rollout;
    const from = machines.get(name).fromGeneration;
    const said = `${problem.headline}: ${problem.detail}`;
    await ctx.log('warn', `${said}.`);
    const finish = async (state: RolloutMachineState, headline: string, reason: string): Promise<Halt> => {
      await machines.set(name, { state, reason, finishedAt: new Date().toISOString() });
      return { machine: name, headline, reason };
    };
    if (from === null) {
      return finish(
        RolloutMachineState.Failed,
        problem.headline,
        `${said}; it ran no generation before the rollout, so there is none to roll it back to.`,
      );
    }
    await ctx.log('info', `${name}: rolling back to generation ${from}, which it ran before the rollout.`);
    const { taskId } = await this.vmTasks.start(
      JobName.VmDeploy,
      { generation: from, rollback: true },
      { userId: r.userId, networkId: r.networkId, machine: name },
      { exclusive: false },
    );
    await machines.addTask(name, taskId);
    const back = await waitForTask(this.store, taskId, ctx.signal);
    if (back.status === TaskStatus.Succeeded) {
      return finish(
        RolloutMachineState.RolledBack,
        `${problem.headline}, rolled back to generation ${from}`,
        `${said}; rolled back to generation ${from}`,
      );
    }
    return finish(
      RolloutMachineState.Failed,
      `${problem.headline} and could not be rolled back`,
      `${said}; the rollback to generation ${from} failed too: ${back.error ?? `it was ${back.status}`}`,
    );
  }

  // ── update.abort ─────────────────────────────────────────────────────────

  @JobHandler(JobName.UpdateAbort)
  async runAbort(ctx: JobContext<JobName.UpdateAbort>): Promise<Record<string, unknown>> {
    const r = await this.load(ctx.payload.rolloutId);
    if (r.status !== UpdateRolloutStatus.Aborting) {
      await ctx.log('info', `The rollout is ${r.status}; there is nothing to abort.`);
      return { status: r.status };
    }
    const name = await this.networkName(r.networkId);
    // The rollout's own task was asked to stop: it must have ended before anything is taken back.
    for (const t of await this.rolloutTasks(r)) {
      await ctx.log('info', `Waiting for the rollout's task ${t.id} to stop…`);
      await waitForTask(this.store, t.id, ctx.signal);
    }
    const machines = new RolloutMachines(this.rollouts, r);
    const touched = r.machines.filter((m) =>
      [RolloutMachineState.Updated, RolloutMachineState.Updating, RolloutMachineState.Failed].includes(m.state),
    );
    let reverted = 0;
    for (const [i, m] of touched.entries()) {
      ctx.throwIfCancelled();
      await ctx.progress(Math.round((i / Math.max(1, touched.length)) * 80), `Taking ${m.machine} back`);
      if (await this.revert(ctx, machines, m.machine)) reverted++;
    }

    await ctx.progress(85, 'Putting the old flake.lock back');
    const revertRevision = await this.revertLock(ctx, r);
    const sentence = abortSentence(reverted);
    await this.rollouts.update(
      { id: r.id, status: UpdateRolloutStatus.Aborting },
      { status: UpdateRolloutStatus.Aborted, revertRevision, finishedAt: new Date() },
    );
    await ctx.log('info', `${sentence}.`);
    const kept = r.machines.filter((m) => m.reason && m.state !== RolloutMachineState.Reverted && touched.includes(m));
    await this.events.notify(
      r,
      'info',
      'aborted',
      `Update of ${name} aborted`,
      [`${sentence}.`, revertRevision ? `flake.lock pins clan ${short(r.fromRev)} again.` : '', ...kept.map((m) => m.reason as string)]
        .filter(Boolean)
        .join(' '),
    );
    await ctx.progress(100, sentence);
    return { status: UpdateRolloutStatus.Aborted, reverted, revertRevision };
  }

  /** The rollout's update.rollout tasks still queued or running. */
  private async rolloutTasks(r: UpdateRolloutEntity): Promise<TaskEntity[]> {
    const active = await this.taskRows.find({
      where: { type: JobName.UpdateRollout, networkId: r.networkId, status: In([TaskStatus.Queued, TaskStatus.Running]) },
    });
    return active.filter((t) => t.payload['rolloutId'] === r.id);
  }

  /** Takes one machine back to the generation it ran before the rollout; true when it was deployed again. */
  private async revert(ctx: JobContext, machines: RolloutMachines, name: string): Promise<boolean> {
    const r = machines.rollout;
    const m = machines.get(name);
    // A build or deployment of the update may still be queued or running: it goes first.
    for (const t of await this.vmTasks.active(r.networkId, name)) {
      await ctx.log('info', `${name}: waiting for ${t.type} task ${t.id} to finish…`);
      await waitForTask(this.store, t.id, ctx.signal);
    }
    const row = await this.state.get(r.networkId, name);
    if (m.fromGeneration === null) {
      const reason = `${name} ran no generation before the rollout, so it cannot be taken back; it keeps running generation ${row?.currentGeneration ?? 'none'}.`;
      await ctx.log('warn', reason);
      await machines.set(name, { reason });
      return false;
    }
    if (row?.currentGeneration === m.fromGeneration && row.health === 'healthy') {
      await ctx.log('info', `${name} runs generation ${m.fromGeneration} already; nothing to take back.`);
      if (m.state === RolloutMachineState.Updating)
        await machines.set(name, { state: RolloutMachineState.Reverted, finishedAt: new Date().toISOString() });
      return false;
    }
    await ctx.log('info', `${name}: deploying generation ${m.fromGeneration} again, the one it ran before the rollout.`);
    const { taskId } = await this.vmTasks.start(
      JobName.VmDeploy,
      { generation: m.fromGeneration, rollback: true },
      { userId: ctx.userId, networkId: r.networkId, machine: name },
      { exclusive: false },
    );
    await machines.addTask(name, taskId);
    const t = await waitForTask(this.store, taskId, ctx.signal);
    if (t.status === TaskStatus.Succeeded) {
      await machines.set(name, { state: RolloutMachineState.Reverted, reason: null, finishedAt: new Date().toISOString() });
      await ctx.log('info', `${name} runs generation ${m.fromGeneration} again.`);
      return true;
    }
    const reason = `The abort could not take ${name} back to generation ${m.fromGeneration}: ${t.error ?? `its deployment was ${t.status}`}`;
    await ctx.log('error', reason);
    await machines.set(name, { state: RolloutMachineState.Failed, reason, finishedAt: new Date().toISOString() });
    return false;
  }

  /** Commits the preview's old lock back when the head still pins the rollout's; the commit, or null when none was needed. */
  private async revertLock(ctx: JobContext, r: UpdateRolloutEntity): Promise<string | null> {
    if (r.revertRevision) return r.revertRevision;
    if (!r.revision) {
      await ctx.log('info', 'The new flake.lock was never committed; there is no lock to put back.');
      return null;
    }
    const preview = await this.previews.findOne({ where: { id: r.previewId } });
    if (!preview?.toLock) {
      await ctx.log('warn', 'The preview of this rollout is gone, so its old flake.lock is unknown; flake.lock is left as it is.');
      return null;
    }
    const { lock } = await this.lock.atHead(r.networkId);
    if (sameLock(lock, preview.fromLock)) {
      await ctx.log('info', `flake.lock at the head pins clan ${short(r.fromRev)} already.`);
      return null;
    }
    if (!sameLock(lock, preview.toLock)) {
      await ctx.log(
        'warn',
        `flake.lock at the head was changed since the rollout started (it pins neither ${short(r.fromRev)} nor ${short(r.toRev)}); it is left as it is.`,
      );
      return null;
    }
    const { revision, committed } = await this.lock.commit(r.networkId, preview.fromLock, rolloutCommitMessage('Revert', r.fromRev, r.id));
    if (committed) await this.rollouts.update({ id: r.id }, { revertRevision: revision });
    await ctx.log('info', `Committed the old flake.lock back (clan ${short(r.fromRev)}): ${short(revision)}.`);
    return committed ? revision : null;
  }
}
