import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { isTerminalTaskStatus, type TaskLogLine, type TaskSummary } from '@clan/contracts';
import { ClanApi } from '../core/api/clan-api';
import { describeError, type ErrorView } from '../core/api/errors';
import { LiveSocket } from '../core/live/live-socket';
import { statusTone, taskTitle } from '../core/tasks/task-labels';
import { TaskStore } from '../core/tasks/task-store';
import { TaskViewer } from '../core/tasks/task-viewer.service';
import { mergeLog } from '../layout/task-viewer';
import { ErrorBox } from './error-box';
import { ProgressBar } from './progress-bar';

const LOG_PAGE = 500;
const LOG_PAGES = 10;
/** Lines kept in memory; only the last few are shown. */
const KEEP = 200;

/**
 * One task followed inline, where it was started: status, progress, message,
 * error and the last lines of its log, live over the WebSocket. "Full log"
 * opens the task viewer. Emits `taskEnded` once, when the task ends.
 */
@Component({
  selector: 'clan-task-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  imports: [ProgressBar, ErrorBox],
  template: `
    <div class="task-inline" data-testid="task-progress" [attr.data-status]="task()?.status ?? 'loading'">
      <div class="task-inline-head">
        <strong>{{ title() }}</strong>
        @if (task(); as t) {
          <span [class]="'badge badge-' + tone()" data-testid="task-progress-status">{{ t.status }}</span>
        }
        <span class="topbar-spacer"></span>
        <button type="button" class="link-btn" (click)="viewer.open(taskId())">Full log</button>
        @if (finished()) {
          <button type="button" class="icon-btn" aria-label="Dismiss" title="Dismiss" (click)="dismissed.emit()">
            <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M4 4l8 8M12 4l-8 8" /></svg>
          </button>
        }
      </div>
      <clan-progress [value]="task()?.progress ?? 0" [tone]="tone()" [label]="title() + ' progress'" />
      @if (task()?.message; as message) {
        @if (!task()?.error) {
          <p class="small task-inline-message">{{ message }}</p>
        }
      }
      @if (task()?.error; as failure) {
        <div class="alert alert-danger" role="alert">{{ failure }}</div>
      }
      <clan-error [error]="error()" />
      @if (tail().length) {
        <pre
          class="log log-tail"
          role="log"
          aria-live="polite"
          data-testid="task-progress-log"
        >@for (line of tail(); track line.seq) {<span [class]="'log-line log-' + line.level">{{ line.text }}
</span>}</pre>
      }
    </div>
  `,
})
export class TaskProgress {
  readonly taskId = input.required<string>();
  /** How many of the newest log lines to show. */
  readonly lines = input(8);
  readonly taskEnded = output<TaskSummary>();
  readonly dismissed = output<void>();

  protected readonly viewer = inject(TaskViewer);
  private readonly api = inject(ClanApi);
  private readonly socket = inject(LiveSocket);
  private readonly store = inject(TaskStore);

  protected readonly task = signal<TaskSummary | null>(null);
  private readonly log = signal<TaskLogLine[]>([]);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly finished = computed(() => {
    const task = this.task();
    return task !== null && isTerminalTaskStatus(task.status);
  });
  protected readonly tone = computed(() => {
    const task = this.task();
    return task ? statusTone(task.status) : 'muted';
  });
  protected readonly title = computed(() => {
    const task = this.task();
    return task ? taskTitle(task) : 'Task';
  });
  protected readonly tail = computed(() => this.log().slice(-this.lines()));

  constructor() {
    effect((onCleanup) => {
      const taskId = this.taskId();
      onCleanup(untracked(() => this.follow(taskId)));
    });
    let reported: string | null = null;
    effect(() => {
      const task = this.task();
      if (task && isTerminalTaskStatus(task.status) && reported !== task.id) {
        reported = task.id;
        untracked(() => this.taskEnded.emit(task));
      }
    });
  }

  /** Subscribes first, then loads the task and its log, so nothing falls between the two. */
  private follow(taskId: string): () => void {
    this.task.set(this.store.get(taskId) ?? null);
    this.log.set([]);
    this.error.set(null);
    let live = true;
    const unsubscribe = this.socket.subscribe(`task:${taskId}`);
    const off = this.socket.on((event) => {
      if (event.type === 'task.log' && event.taskId === taskId) this.log.set(mergeLog(this.log(), [event.line]).slice(-KEEP));
      if (event.type === 'task.updated' && event.task.id === taskId) this.update(event.task);
    });
    const offReconnect = this.socket.onReconnect(() => void this.load(taskId, () => live));
    void this.load(taskId, () => live);
    return () => {
      live = false;
      unsubscribe();
      off();
      offReconnect();
    };
  }

  /** A finished task never goes back to running (events can arrive out of order). */
  private update(task: TaskSummary): void {
    const known = this.task();
    if (known && isTerminalTaskStatus(known.status) && !isTerminalTaskStatus(task.status)) return;
    this.task.set(task);
  }

  private async load(taskId: string, stillHere: () => boolean): Promise<void> {
    try {
      const task = await this.api.task(taskId);
      if (!stillHere()) return;
      this.update(task);
      let after: number | undefined;
      for (let page = 0; page < LOG_PAGES; page++) {
        const { items } = await this.api.taskLog(taskId, after, LOG_PAGE);
        if (!stillHere()) return;
        this.log.set(mergeLog(this.log(), items).slice(-KEEP));
        if (items.length < LOG_PAGE) return;
        after = items[items.length - 1].seq;
      }
    } catch (error) {
      if (stillHere()) this.error.set(describeError(error));
    }
  }
}
