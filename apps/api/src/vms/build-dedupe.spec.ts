import { TaskStatus } from '@clan/contracts';
import { ConfigCommits, type ConfigCommitEvent } from '../configs/config-commits';
import type { ConfigLock } from '../configs/config-lock.service';
import type { AppConfig } from '../services/config/app-config';
import { JobName } from '../services/queue/queue.catalogue';
import type { TaskStore } from '../tasks/task.store';
import type { TasksService } from '../tasks/tasks.service';
import type { GenerationsStore } from './generations.service';
import type { MachineConfigs } from './machine-configs.service';
import type { MachineStateService } from './machine-state.service';
import { VmAutoDeploy } from './vm-auto-deploy.service';
import { VmTasks } from './vm-tasks.service';

const NET = '00000000-0000-4000-8000-000000000001';
const REV = (n: number) => String(n).repeat(40).slice(0, 40);

interface FakeTask {
  id: string;
  type: string;
  status: TaskStatus;
  payload: Record<string, unknown>;
  userId: string | null;
  machine: string;
  message: string | null;
}

/** The tasks table and the task service: what VmTasks reads and starts. */
class FakeTasks {
  readonly rows: FakeTask[] = [];
  private next = 1;

  async start(type: string, payload: Record<string, unknown>, origin: { userId: string | null; machine: string }) {
    const id = `task-${this.next++}`;
    this.rows.push({ id, type, status: TaskStatus.Queued, payload, userId: origin.userId, machine: origin.machine, message: null });
    return { taskId: id };
  }

  async withdrawQueued(id: string, reason: string) {
    const t = this.rows.find((r) => r.id === id && r.status === TaskStatus.Queued);
    if (!t) return false;
    t.status = TaskStatus.Cancelled;
    t.message = reason;
    return true;
  }

  async activeFor(_net: string, machine: string, types: readonly string[]) {
    return this.rows.filter(
      (r) => r.machine === machine && types.includes(r.type) && (r.status === TaskStatus.Queued || r.status === TaskStatus.Running),
    );
  }

  builds(machine = 'nas') {
    return this.rows.filter((r) => r.type === JobName.MachineBuild && r.machine === machine);
  }
}

/** One key at a time, like ConfigLock's in-process queue. */
const tails = new Map<string, Promise<unknown>>();
const lock = {
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(fn);
    tails.set(key, mine);
    return mine;
  },
} as unknown as ConfigLock;

function world() {
  const tasks = new FakeTasks();
  const vmTasks = new VmTasks(tasks as unknown as TasksService, tasks as unknown as TaskStore, lock);
  return { tasks, vmTasks };
}

const origin = (userId: string | null = 'admin') => ({ userId, networkId: NET, machine: 'nas' });

describe('one build per machine and revision (VmTasks.build)', () => {
  it('asking twice for the same revision answers the queued build, whoever asks', async () => {
    const { tasks, vmTasks } = world();
    const first = await vmTasks.build(REV(1), 'config-change', origin('admin'), { exclusive: false });
    const second = await vmTasks.build(REV(1), 'config-change', origin(null), { exclusive: false });
    const manual = await vmTasks.build(REV(1), 'manual', origin('admin'), { exclusive: true });
    expect(first.existing).toBe(false);
    expect(second).toEqual({ taskId: first.taskId, existing: true });
    expect(manual).toEqual({ taskId: first.taskId, existing: true });
    expect(tasks.builds()).toHaveLength(1);
  });

  it('concurrent requests for one revision still make one build', async () => {
    const { tasks, vmTasks } = world();
    const all = await Promise.all([1, 2, 3].map(() => vmTasks.build(REV(1), 'config-change', origin(), { exclusive: false })));
    expect(new Set(all.map((r) => r.taskId)).size).toBe(1);
    expect(tasks.builds()).toHaveLength(1);
  });

  it('a running build of the revision is the answer too (Deploy now while it builds)', async () => {
    const { tasks, vmTasks } = world();
    const first = await vmTasks.build(REV(1), 'config-change', origin(), { exclusive: false });
    tasks.rows[0].status = TaskStatus.Running;
    expect(await vmTasks.build(REV(1), 'manual', origin(), { exclusive: true })).toEqual({ taskId: first.taskId, existing: true });
  });

  it('a newer revision withdraws a queued build of an older one, saying which revision superseded it', async () => {
    const { tasks, vmTasks } = world();
    const old = await vmTasks.build(REV(1), 'config-change', origin(), { exclusive: false });
    const newer = await vmTasks.build(REV(2), 'config-change', origin(), { exclusive: false });
    expect(newer.taskId).not.toBe(old.taskId);
    const [a, b] = tasks.builds();
    expect(a).toMatchObject({ status: TaskStatus.Cancelled, message: `Superseded by revision ${REV(2).slice(0, 12)}.` });
    expect(b).toMatchObject({ status: TaskStatus.Queued, payload: { revision: REV(2), reason: 'config-change' } });
  });

  it('a running build of an older revision stays; the newer one queues behind it (not for people: 409)', async () => {
    const { tasks, vmTasks } = world();
    await vmTasks.build(REV(1), 'config-change', origin(), { exclusive: false });
    tasks.rows[0].status = TaskStatus.Running;
    await expect(vmTasks.build(REV(2), 'manual', origin(), { exclusive: true })).rejects.toThrow(/Machine nas is busy: a build/);
    await vmTasks.build(REV(2), 'config-change', origin(), { exclusive: false });
    expect(tasks.builds().map((t) => t.status)).toEqual([TaskStatus.Running, TaskStatus.Queued]);
  });
});

describe('auto-deploy: one change, one build', () => {
  function autoDeploy() {
    const { tasks, vmTasks } = world();
    const commits = new ConfigCommits();
    let head = REV(1);
    const machines = new Set(['nas']);
    const configs = {
      head: async () => head,
      at: async (_n: string, m: string) => (machines.has(m) ? { machine: m } : null),
    } as unknown as MachineConfigs;
    const generations = { latest: async () => null } as unknown as GenerationsStore;
    const state = { get: async () => null } as unknown as MachineStateService;
    const auto = new VmAutoDeploy({ autoDeploy: true } as AppConfig, commits, vmTasks, generations, state, configs);
    auto.onModuleInit();
    return {
      tasks,
      commits,
      auto,
      machines,
      setHead: (r: string) => (head = r),
    };
  }
  const event = (revision: string, userId: string | null, changed = ['nas']): ConfigCommitEvent => ({
    networkId: NET,
    revision,
    userId,
    changed,
    removed: [],
  });

  it("a new machine and the panel's follow-up commit (its mesh section) give one build, at the follow-up's revision", async () => {
    const w = autoDeploy();
    // The mesh feature answers the user's commit with its own, under the config lock, after the user's commit was announced.
    let followUp: Promise<void> | null = null;
    w.commits.onCommit((e) => {
      if (e.userId === null) return;
      followUp = (async () => {
        await new Promise((r) => setTimeout(r, 20));
        w.setHead(REV(2));
        await w.commits.emit(event(REV(2), null));
      })();
    });
    w.commits.onFollowUps(async () => {
      await followUp;
    });
    w.setHead(REV(1));
    await w.commits.emit(event(REV(1), 'admin'));
    await w.commits.settled(NET);
    await new Promise((r) => setTimeout(r, 20));

    expect(w.tasks.builds()).toEqual([
      expect.objectContaining({ status: TaskStatus.Queued, payload: { revision: REV(2), reason: 'config-change' } }),
    ]);
  });

  it('a save, then another save once the first build started: one build per revision', async () => {
    const w = autoDeploy();
    w.setHead(REV(1));
    await w.commits.emit(event(REV(1), 'admin'));
    await new Promise((r) => setTimeout(r, 10));
    w.tasks.rows[0].status = TaskStatus.Running;
    w.setHead(REV(2));
    await w.commits.emit(event(REV(2), 'admin'));
    await w.commits.emit(event(REV(2), 'admin'));
    await new Promise((r) => setTimeout(r, 10));
    expect(w.tasks.builds().map((t) => [t.payload['revision'], t.status])).toEqual([
      [REV(1), TaskStatus.Running],
      [REV(2), TaskStatus.Queued],
    ]);
  });

  it('a machine removed before its build was queued gets none', async () => {
    const w = autoDeploy();
    w.machines.delete('nas');
    await w.commits.emit(event(REV(1), 'admin'));
    await new Promise((r) => setTimeout(r, 10));
    expect(w.tasks.builds()).toEqual([]);
  });

  it("an update's pin (autoDeploy false) builds nothing by itself; the next ordinary change builds as usual", async () => {
    const w = autoDeploy();
    await w.commits.emit({ ...event(REV(1), 'admin'), autoDeploy: false });
    await new Promise((r) => setTimeout(r, 10));
    expect(w.tasks.builds()).toEqual([]);
    w.setHead(REV(2));
    await w.commits.emit(event(REV(2), 'admin'));
    await new Promise((r) => setTimeout(r, 10));
    expect(w.tasks.builds().map((t) => t.payload['revision'])).toEqual([REV(2)]);
  });

  it('a machine a rollout still has to reach is held (the rollout deploys it); the others and later commits build as usual', async () => {
    const w = autoDeploy();
    let rolloutActive = true;
    w.auto.addHold(async (_n, m) => (rolloutActive && m === 'nas' ? 'the update rollout deploys nas itself' : null));
    w.machines.add('cloud');
    await w.commits.emit(event(REV(1), 'admin', ['nas', 'cloud']));
    await new Promise((r) => setTimeout(r, 10));
    expect(w.tasks.builds('nas')).toEqual([]);
    expect(w.tasks.builds('cloud').map((t) => t.payload['revision'])).toEqual([REV(1)]);
    rolloutActive = false;
    w.setHead(REV(2));
    await w.commits.emit(event(REV(2), 'admin', ['nas']));
    await new Promise((r) => setTimeout(r, 10));
    expect(w.tasks.builds('nas').map((t) => t.payload['revision'])).toEqual([REV(2)]);
  });
});
