import { TaskStatus } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { ConfigLock } from '../configs/config-lock.service';
import { conflict } from '../common/errors/domain-error';
import { JobName, type JobPayloads, VM_JOBS } from '../services/queue/queue.catalogue';
import { TaskStore } from '../tasks/task.store';
import { TasksService } from '../tasks/tasks.service';

type VmJobName = JobName.MachineBuild | JobName.VmDeploy | JobName.VmPower | JobName.VmRemove | JobName.VmMigrate;

const TASK_WORDS: Record<string, string> = {
  'machine.build': 'a build',
  'vm.deploy': 'a deployment',
  'vm.power': 'a power action',
  'vm.remove': 'the removal of its VM',
  'vm.migrate': 'a move to another host',
};

/**
 * Starts the tasks that act on one machine's VM. People get a 409 while
 * another such task is queued or running (one action per VM at a time); the
 * panel's own follow-up tasks (`after`: the task that starts them) and
 * automatic builds are admitted and wait for their turn in VmMutex.
 *
 * Builds are per revision (`build`): a machine has at most one queued or
 * running build of a revision, whoever asks for it, and a build queued for
 * another revision that has not started yet is withdrawn ("superseded").
 */
@Injectable()
export class VmTasks {
  constructor(
    private readonly tasks: TasksService,
    private readonly store: TaskStore,
    private readonly lock: ConfigLock,
  ) {}

  async active(networkId: string, machine: string) {
    return this.store.activeFor(networkId, machine, VM_JOBS);
  }

  /**
   * A build of `machine` at `revision` (a full commit id): the queued or
   * running one when there is one (`existing`), else a new task, withdrawing
   * builds of other revisions that have not started. `exclusive`: refused
   * (409) while another action on the VM is queued or running.
   */
  async build(
    revision: string,
    reason: JobPayloads[JobName.MachineBuild]['reason'],
    origin: { userId: string | null; networkId: string; machine: string },
    opts: { exclusive: boolean },
  ): Promise<{ taskId: string; existing: boolean }> {
    return this.lock.run(`vm:${origin.networkId}:${origin.machine}`, async () => {
      const active = await this.active(origin.networkId, origin.machine);
      const same = active.find((t) => t.type === JobName.MachineBuild && buildRevision(t.payload) === revision);
      if (same) return { taskId: same.id, existing: true };
      const older = active.filter((t) => t.type === JobName.MachineBuild && t.status === TaskStatus.Queued);
      const first = active.find((t) => !older.includes(t));
      if (opts.exclusive && first) throw busy(origin.machine, first);
      for (const t of older) await this.tasks.withdrawQueued(t.id, `Superseded by revision ${revision.slice(0, 12)}.`);
      const started = await this.tasks.start(JobName.MachineBuild, { revision, reason }, origin);
      return { ...started, existing: false };
    });
  }

  async start<N extends VmJobName>(
    job: N,
    payload: JobPayloads[N],
    origin: { userId: string | null; networkId: string; machine: string; hostId?: string },
    opts: { exclusive: boolean; after?: string } = { exclusive: true },
  ): Promise<{ taskId: string }> {
    return this.lock.run(`vm:${origin.networkId}:${origin.machine}`, async () => {
      if (opts.exclusive) {
        const first = (await this.active(origin.networkId, origin.machine)).find((t) => t.id !== opts.after);
        if (first) throw busy(origin.machine, first);
      }
      return this.tasks.start(job, payload, origin);
    });
  }
}

function busy(machine: string, task: { id: string; type: string; status: string }) {
  return conflict(
    `Machine ${machine} is busy: ${TASK_WORDS[task.type] ?? 'a task'} (task ${task.id}) is ${task.status}. ` +
      'Wait for it to finish or cancel it, then try again.',
  );
}

/** The revision a build task builds (null: the head when it runs, for builds queued before builds were per revision). */
export function buildRevision(payload: Record<string, unknown>): string | null {
  return typeof payload['revision'] === 'string' ? payload['revision'] : null;
}
