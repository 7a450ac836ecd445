import type { Repository } from 'typeorm';
import type { RolloutMachine, UpdateRolloutEntity } from '../update-rollout.entity';

/**
 * The per-machine states of one rollout while a task works on it: changed in
 * memory and written in order (machines of a wave run in parallel, and a later
 * write must never be overtaken by an earlier one).
 */
export class RolloutMachines {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly rows: Repository<UpdateRolloutEntity>,
    readonly rollout: UpdateRolloutEntity,
  ) {}

  get(name: string): RolloutMachine {
    const m = this.rollout.machines.find((x) => x.machine === name);
    if (!m) throw new Error(`Machine ${name} is not part of rollout ${this.rollout.id}.`);
    return m;
  }

  set(name: string, patch: Partial<Omit<RolloutMachine, 'machine' | 'wave'>>): Promise<void> {
    Object.assign(this.get(name), patch);
    return this.flush();
  }

  addTask(name: string, taskId: string): Promise<void> {
    const m = this.get(name);
    if (!m.taskIds.includes(taskId)) m.taskIds = [...m.taskIds, taskId];
    return this.flush();
  }

  private flush(): Promise<void> {
    const machines = structuredClone(this.rollout.machines);
    const next = this.chain.then(() => this.rows.update({ id: this.rollout.id }, { machines: machines }));
    this.chain = next.catch(() => undefined);
    return next.then(() => undefined);
  }
}
