import { Injectable } from '@nestjs/common';
import { ConfigLock } from '../configs/config-lock.service';
import { conflict } from '../common/errors/domain-error';
import { type JobName, type JobPayloads, VM_JOBS } from '../services/queue/queue.catalogue';
import { TaskStore } from '../tasks/task.store';
import { TasksService } from '../tasks/tasks.service';

type VmJobName = JobName.MachineBuild | JobName.VmDeploy | JobName.VmPower | JobName.VmRemove;

const TASK_WORDS: Record<string, string> = {
  'machine.build': 'a build',
  'vm.deploy': 'a deployment',
  'vm.power': 'a power action',
  'vm.remove': 'the removal of its VM',
};

/**
 * Starts the tasks that act on one machine's VM. People get a 409 while
 * another such task is queued or running (one action per VM at a time); the
 * panel's own follow-up tasks (`after`: the task that starts them) and
 * automatic builds are admitted and wait for their turn in VmMutex.
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

  async start<N extends VmJobName>(
    job: N,
    payload: JobPayloads[N],
    origin: { userId: string | null; networkId: string; machine: string },
    opts: { exclusive: boolean; after?: string } = { exclusive: true },
  ): Promise<{ taskId: string }> {
    return this.lock.run(`vm:${origin.networkId}:${origin.machine}`, async () => {
      if (opts.exclusive) {
        const busy = (await this.active(origin.networkId, origin.machine)).filter((t) => t.id !== opts.after);
        const first = busy[0];
        if (first) {
          throw conflict(
            `Machine ${origin.machine} is busy: ${TASK_WORDS[first.type] ?? 'a task'} (task ${first.id}) is ${first.status}. ` +
              'Wait for it to finish or cancel it, then try again.',
          );
        }
      }
      return this.tasks.start(job, payload, origin);
    });
  }
}
