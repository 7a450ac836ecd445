import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { isTerminalTaskStatus, type TaskLogLine, type TaskSummary } from '@clan/contracts';
import { ClanApi } from '../core/api/clan-api';
import { describeError, type ErrorView } from '../core/api/errors';
import { LiveSocket } from '../core/live/live-socket';
import { durationOf, statusTone, taskTitle } from '../core/tasks/task-labels';
import { taskStarter } from '../core/tasks/task-starter';
import { TaskStore } from '../core/tasks/task-store';
import { Session } from '../core/auth/session';
import { TaskViewer } from '../core/tasks/task-viewer.service';
import { Notifier } from '../core/ui/notifier';
import { CopyBox } from '../shared/copy-box';
import { Dialog } from '../shared/dialog';
import { ErrorBox } from '../shared/error-box';
import { ProgressBar } from '../shared/progress-bar';

const LOG_PAGE = 500;
/** Enough for any foundation task; the full log stays available through the API. */
const LOG_KEEP = 5000;

/** Merges log lines by sequence number: the REST backlog and the live stream overlap. */
export function mergeLog(current: readonly TaskLogLine[], incoming: readonly TaskLogLine[]): TaskLogLine[] {
  if (incoming.length === 0) return current as TaskLogLine[];
  const bySeq = new Map(current.map((line) => [line.seq, line]));
  for (const line of incoming) bySeq.set(line.seq, line);
  const merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return merged.length > LOG_KEEP ? merged.slice(-LOG_KEEP) : merged;
}

@Component({
  selector: 'clan-task-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, DatePipe, ErrorBox, ProgressBar, CopyBox],
  template: `
    @if (viewer.openTaskId(); as taskId) {
      <clan-dialog [heading]="heading()" [wide]="true" (closed)="viewer.close()">
        <div class="task-viewer" data-testid="task-viewer">
          @if (task(); as t) {
            <dl class="props">
              <dt>Status</dt>
              <dd>
                <span [class]="'badge badge-' + tone()" data-testid="task-status">{{ t.status }}</span>
              </dd>
              <dt>Progress</dt>
              <dd>
                <clan-progress [value]="t.progress" [tone]="tone()" label="Task progress" />
              </dd>
              @if (t.message) {
                <dt>Message</dt>
                <dd>{{ t.message }}</dd>
              }
              <dt>Started by</dt>
              <dd data-testid="task-starter">{{ starter(t) }}</dd>
              <dt>Started</dt>
              <dd>
                {{ (t.startedAt | date: 'yyyy-MM-dd HH:mm:ss') ?? 'queued' }}
              </dd>
              <dt>{{ t.finishedAt ? 'Finished' : 'Running for' }}</dt>
              <dd>
                @if (t.finishedAt) {
                  {{ t.finishedAt | date: 'yyyy-MM-dd HH:mm:ss' }} ({{ duration() }})
                } @else {
                  {{ duration() || '—' }}
                }
              </dd>
              <dt>Task id</dt>
              <dd><clan-copy-box [value]="t.id" label="task id" /></dd>
            </dl>
            @if (t.error) {
              <div class="alert alert-danger" role="alert">{{ t.error }}</div>
            }
          } @else if (!error()) {
            <p class="muted">Loading task…</p>
          }
          <clan-error [error]="error()" />
          <div class="log-head">
            <span class="panel-title">Output</span>
            <span class="muted">{{ lines().length }} lines</span>
          </div>
          <pre
            #log
            class="log"
            role="log"
            aria-live="polite"
            tabindex="0"
            data-testid="task-log"
            (scroll)="onScroll()"
          >@for (line of lines(); track line.seq) {<span [class]="'log-line log-' + line.level"><span class="log-time">{{ line.at | date: 'HH:mm:ss' }}</span> {{ line.text }}
</span>} @empty {<span class="muted">{{ finished() ? 'This task wrote no output.' : 'Waiting for output…' }}</span>}</pre>
          <div class="dialog-actions">
            @if (task() && !finished()) {
              <button type="button" class="btn btn-danger" data-testid="task-cancel" [disabled]="cancelling()" (click)="cancel(taskId)">
                {{ cancelling() ? 'Cancelling…' : 'Cancel task' }}
              </button>
            }
            <button type="button" class="btn" (click)="viewer.close()">Close</button>
          </div>
        </div>
      </clan-dialog>
    }
  `,
})
export class TaskViewerDialog {
  protected readonly viewer = inject(TaskViewer);
  private readonly api = inject(ClanApi);
  private readonly socket = inject(LiveSocket);
  private readonly store = inject(TaskStore);
  private readonly notifier = inject(Notifier);
  private readonly session = inject(Session);

  protected readonly task = signal<TaskSummary | null>(null);
  protected readonly lines = signal<TaskLogLine[]>([]);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly cancelling = signal(false);
  private readonly now = signal(Date.now());
  protected readonly starter = (task: TaskSummary) => taskStarter(task, this.session.user());
  private readonly logEl = viewChild<ElementRef<HTMLElement>>('log');
  private stickToBottom = true;

  protected readonly finished = computed(() => {
    const task = this.task();
    return task ? isTerminalTaskStatus(task.status) : false;
  });
  protected readonly tone = computed(() => statusTone(this.task()?.status ?? ('queued' as TaskSummary['status'])));
  protected readonly heading = computed(() => {
    const task = this.task();
    return task ? `Task: ${taskTitle(task)}` : 'Task';
  });
  protected readonly duration = computed(() => {
    const task = this.task();
    return task ? durationOf(task, this.now()) : '';
  });

  constructor() {
    effect((onCleanup) => {
      const taskId = this.viewer.openTaskId();
      if (!taskId) return;
      const stop = untracked(() => this.follow(taskId));
      onCleanup(stop);
    });
    afterRenderEffect(() => {
      this.lines();
      const el = this.logEl()?.nativeElement;
      if (el && this.stickToBottom) el.scrollTop = el.scrollHeight;
    });
  }

  protected onScroll(): void {
    const el = this.logEl()?.nativeElement;
    if (el) this.stickToBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - 24;
  }

  protected async cancel(taskId: string): Promise<void> {
    this.cancelling.set(true);
    try {
      await this.api.cancelTask(taskId);
      this.notifier.info('Cancellation requested.');
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.cancelling.set(false);
    }
  }

  /** Subscribes first, then loads the backlog, so no line falls between the two. */
  private follow(taskId: string): () => void {
    this.task.set(this.store.get(taskId) ?? null);
    this.lines.set([]);
    this.error.set(null);
    this.stickToBottom = true;
    let live = true;

    const unsubscribe = this.socket.subscribe(`task:${taskId}`);
    const off = this.socket.on((event) => {
      if (event.type === 'task.log' && (event.taskId === undefined || event.taskId === taskId))
        this.lines.set(mergeLog(this.lines(), [event.line]));
      if (event.type === 'task.updated' && event.task.id === taskId) this.task.set(event.task);
    });
    const offReconnect = this.socket.onReconnect(() => {
      void this.loadTask(taskId, () => live);
      void this.loadLog(taskId, () => live);
    });
    const clock = setInterval(() => this.now.set(Date.now()), 1000);

    void this.loadTask(taskId, () => live);
    void this.loadLog(taskId, () => live);

    return () => {
      live = false;
      unsubscribe();
      off();
      offReconnect();
      clearInterval(clock);
    };
  }

  private async loadTask(taskId: string, stillOpen: () => boolean): Promise<void> {
    try {
      const task = await this.api.task(taskId);
      if (stillOpen()) this.task.set(task);
    } catch (error) {
      if (stillOpen()) this.error.set(describeError(error));
    }
  }

  private async loadLog(taskId: string, stillOpen: () => boolean): Promise<void> {
    try {
      // Its own cursor: live lines may already be ahead of the backlog being paged in.
      let after: number | undefined;
      for (let page = 0; page < LOG_KEEP / LOG_PAGE; page++) {
        const { items } = await this.api.taskLog(taskId, after, LOG_PAGE);
        if (!stillOpen()) return;
        this.lines.set(mergeLog(this.lines(), items));
        if (items.length < LOG_PAGE) return;
        after = items[items.length - 1].seq;
      }
    } catch (error) {
      if (stillOpen()) this.error.set(describeError(error));
    }
  }
}
