import { computed, Injectable, inject, signal } from '@angular/core';
import { isTerminalTaskStatus, type ServerEvent, type TaskSummary } from '@clan/contracts';
import { ClanApi } from '../api/clan-api';
import { LiveSocket } from '../live/live-socket';

/** How many tasks the task bar keeps; older ones live in GET /api/tasks. */
export const TASK_BAR_LIMIT = 50;

export function newestFirst(a: TaskSummary, b: TaskSummary): number {
  const byTime = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return byTime !== 0 ? byTime : b.id.localeCompare(a.id);
}

/** Recent and live tasks for the task bar: loaded once, then kept current by `task.updated` events. */
@Injectable({ providedIn: 'root' })
export class TaskStore {
  private readonly api = inject(ClanApi);
  private readonly socket = inject(LiveSocket);
  private readonly byId = signal<ReadonlyMap<string, TaskSummary>>(new Map());

  readonly tasks = computed(() => [...this.byId().values()].sort(newestFirst).slice(0, TASK_BAR_LIMIT));
  readonly active = computed(() => this.tasks().filter((task) => !isTerminalTaskStatus(task.status)));
  readonly loading = signal(false);
  readonly loadError = signal<string | null>(null);

  get(taskId: string): TaskSummary | undefined {
    return this.byId().get(taskId);
  }

  apply(event: ServerEvent): void {
    if (event.type === 'task.updated') this.upsert(event.task);
  }

  upsert(task: TaskSummary): void {
    const known = this.byId().get(task.id);
    // Events can arrive out of order; a finished task never goes back to running.
    if (known && isTerminalTaskStatus(known.status) && !isTerminalTaskStatus(task.status)) return;
    const next = new Map(this.byId());
    next.set(task.id, task);
    this.byId.set(next);
  }

  replaceAll(tasks: readonly TaskSummary[]): void {
    this.byId.set(new Map(tasks.map((task) => [task.id, task])));
  }

  clear(): void {
    this.byId.set(new Map());
  }

  async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.replaceAll(await this.api.tasks(TASK_BAR_LIMIT));
      this.loadError.set(null);
    } catch {
      this.loadError.set('Could not load tasks.');
    } finally {
      this.loading.set(false);
    }
  }

  /** Follows the `tasks` topic until the returned function is called; load() fills the list first. */
  follow(): () => void {
    const unsubscribe = this.socket.subscribe('tasks');
    const off = this.socket.on((event) => this.apply(event));
    const offReconnect = this.socket.onReconnect(() => void this.load());
    return () => {
      unsubscribe();
      off();
      offReconnect();
    };
  }
}
