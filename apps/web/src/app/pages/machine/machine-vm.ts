import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { isTerminalTaskStatus, type TaskSummary } from '@clan/contracts';
import { ClanApi } from '../../core/api/clan-api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { VmPowerAction, VmSummaryView } from '../../core/api/vm-types';
import { LiveSocket } from '../../core/live/live-socket';

/** Task types that act on one machine's VM; one runs at a time (docs/vms.md). */
export const VM_TASK_TYPES: ReadonlySet<string> = new Set(['machine.build', 'vm.deploy', 'vm.power']);

/**
 * The VM behind the machine a machine page shows, shared by its tabs
 * (provided by MachinePage). Kept current by the `task.updated` events the
 * shell already receives: a VM task of this machine updates `activeTask`
 * live, and its end reloads the summary and bumps `changes` (the
 * generations tab reloads on it).
 */
@Injectable()
export class MachineVm {
  private readonly api = inject(ClanApi);
  private readonly socket = inject(LiveSocket);

  readonly networkId = signal<string | null>(null);
  readonly name = signal<string | null>(null);
  readonly vm = signal<VmSummaryView | null>(null);
  /** When `vm` was fetched (epoch ms): the uptime ticks on from there. */
  readonly fetchedAt = signal(0);
  readonly error = signal<ErrorView | null>(null);
  readonly loading = signal(false);
  /** The task shown inline on the summary: the one started here, or one found under way. */
  readonly followedTaskId = signal<string | null>(null);
  /** Bumped whenever a VM task of this machine ends. */
  readonly changes = signal(0);
  private readonly finished = new Set<string>();
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    const off = this.socket.on((event) => {
      if (event.type === 'task.updated') this.onTask(event.task);
    });
    const offReconnect = this.socket.onReconnect(() => void this.reload());
    inject(DestroyRef).onDestroy(() => {
      off();
      offReconnect();
      if (this.reloadTimer !== null) clearTimeout(this.reloadTimer);
    });
  }

  async load(networkId: string, name: string): Promise<void> {
    if (this.networkId() !== networkId || this.name() !== name) {
      this.vm.set(null);
      this.followedTaskId.set(null);
    }
    this.networkId.set(networkId);
    this.name.set(name);
    this.loading.set(true);
    try {
      const vm = await this.api.vm(networkId, name);
      if (this.networkId() !== networkId || this.name() !== name) return;
      this.vm.set(vm);
      this.fetchedAt.set(Date.now());
      this.error.set(null);
      if (vm.activeTask && !this.followedTaskId()) this.followedTaskId.set(vm.activeTask.id);
    } catch (error) {
      if (this.networkId() === networkId && this.name() === name) this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  reload(): Promise<void> {
    const networkId = this.networkId();
    const name = this.name();
    return networkId && name ? this.load(networkId, name) : Promise.resolve();
  }

  /** Queues a power action and follows its task; throws the API's error (a 409 names the action under way). */
  async power(action: VmPowerAction): Promise<string> {
    const { networkId, name } = this.target();
    const { taskId } = await this.api.vmPower(networkId, name, action);
    this.started(taskId, 'vm.power');
    return taskId;
  }

  /** Builds the configured revision and boots it. */
  async deploy(): Promise<string> {
    const { networkId, name } = this.target();
    const { taskId } = await this.api.deploy(networkId, name);
    this.started(taskId, 'machine.build');
    return taskId;
  }

  async rollback(generation: number): Promise<string> {
    const { networkId, name } = this.target();
    const { taskId } = await this.api.rollback(networkId, name, generation);
    this.started(taskId, 'vm.deploy');
    return taskId;
  }

  private target(): { networkId: string; name: string } {
    const networkId = this.networkId();
    const name = this.name();
    if (!networkId || !name) throw new Error('The machine is still loading.');
    return { networkId, name };
  }

  /** Shows the new task at once; its events then keep `activeTask` current. */
  private started(taskId: string, type: string): void {
    this.followedTaskId.set(taskId);
    const vm = this.vm();
    if (vm && !vm.activeTask) this.vm.set({ ...vm, activeTask: { id: taskId, type, status: 'queued', progress: 0, message: null } });
  }

  private onTask(task: TaskSummary): void {
    if (task.networkId !== this.networkId() || task.machine !== this.name() || !VM_TASK_TYPES.has(task.type)) return;
    const vm = this.vm();
    if (isTerminalTaskStatus(task.status)) {
      this.finished.add(task.id);
      if (vm?.activeTask?.id === task.id) this.vm.set({ ...vm, activeTask: null });
      this.changes.update((n) => n + 1);
      this.scheduleReload();
      return;
    }
    if (this.finished.has(task.id)) return; // a late event of a task that has ended
    if (vm) {
      const { id, type, status, progress, message } = task;
      this.vm.set({ ...vm, activeTask: { id, type, status, progress, message } });
    }
    // A build chains into a deployment: once the followed task has ended, follow the next one.
    const followed = this.followedTaskId();
    if (followed !== task.id && (followed === null || this.finished.has(followed))) this.followedTaskId.set(task.id);
  }

  /** Several events can end together (build → deploy); one reload for all of them. */
  private scheduleReload(): void {
    if (this.reloadTimer !== null) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.reload();
    }, 300);
  }
}
