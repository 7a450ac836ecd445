import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { ClanApiError } from '@clan/api-client';
import { isTerminalTaskStatus, type TaskSummary } from '@clan/contracts';
import type { TaskView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { LiveSocket } from '../../core/live/live-socket';
import { EVENT_SOURCE_FACTORY, FOLLOW_BACKOFF, FollowStream, type FollowState } from '../../core/logs/follow-stream';
import { LogsApi, type SerialChunk } from '../../core/logs/logs-api';
import { SerialLogBuffer, type BootMark } from '../../core/logs/serial-log';
import { durationOf, statusTone, taskTitle } from '../../core/tasks/task-labels';
import { TaskViewer } from '../../core/tasks/task-viewer.service';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { Pager } from '../../shared/pager';
import { MachineContext } from './machine-context';

/** Bytes of serial output shown at first, and fetched per "Load earlier". */
const SERIAL_PAGE_BYTES = 256 * 1024;
/** Catching up after a dropped stream reads at most this many pages (1 MiB each) before following again. */
const CATCH_UP_PAGES = 4;
const TASK_PAGE = 25;
/** Within this many pixels of the bottom counts as "at the bottom": new output scrolls into view. */
const BOTTOM_SLACK = 24;

type Source = 'serial' | 'tasks';
type Boot = 'current' | 'all';

/**
 * A machine's logs: its VM's serial output as the panel keeps it (any boot
 * kept, followed live) and the tasks that ran for it (opening one shows its
 * log in the task viewer, which follows it live).
 */
@Component({
  selector: 'clan-machine-logs-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ErrorBox, Icon, Pager],
  template: `
    <div class="segmented logs-source" role="group" aria-label="Which log">
      <button
        type="button"
        class="btn btn-small"
        data-testid="logs-source-serial"
        [attr.aria-pressed]="source() === 'serial'"
        (click)="source.set('serial')"
      >
        Serial console
      </button>
      <button
        type="button"
        class="btn btn-small"
        data-testid="logs-source-tasks"
        [attr.aria-pressed]="source() === 'tasks'"
        (click)="source.set('tasks')"
      >
        Tasks
      </button>
    </div>

    @if (source() === 'serial') {
      <section class="panel" aria-labelledby="serial-log-title">
        <h2 id="serial-log-title" class="panel-header">
          Serial console output
          <span class="panel-header-actions">
            <label class="inline-label">
              <span class="sr-only">Which boots</span>
              <select data-testid="logs-boot" [value]="boot()" (change)="setBoot($event)">
                <option value="current" [selected]="boot() === 'current'">This boot</option>
                <option value="all" [selected]="boot() === 'all'">All boots kept</option>
              </select>
            </label>
            <button
              type="button"
              class="btn btn-small"
              data-testid="logs-follow"
              [attr.aria-pressed]="following()"
              [disabled]="!loadedOnce()"
              (click)="toggleFollow()"
            >
              {{ following() ? 'Following' : 'Follow' }}
            </button>
            <button type="button" class="btn btn-small" data-testid="logs-refresh" [disabled]="loading()" (click)="reload()">
              <clan-icon name="refresh" /> Reload
            </button>
            <button type="button" class="btn btn-small" data-testid="logs-download" [disabled]="!text()" (click)="download()">
              Download
            </button>
          </span>
        </h2>
        <p class="sr-only" role="status">{{ followText() }}</p>
        @if (following()) {
          <p class="small muted" data-testid="logs-follow-state">{{ followText() }}</p>
        }
        <clan-error [error]="error()" />
        @if (boots().length) {
          <p class="small muted" data-testid="logs-boots">
            {{ boots().length === 1 ? 'One boot kept' : boots().length + ' boots kept' }}:
            @for (b of boots(); track b.offset; let last = $last) {
              <span [title]="'Begins at byte ' + b.offset">{{ b.at | date: 'MMM d, HH:mm:ss' }}</span>{{ last ? ' (this boot)' : ', ' }}
            }
          </p>
        }
        @if (hasEarlier()) {
          <button type="button" class="btn btn-small logs-older" data-testid="logs-older" [disabled]="loading()" (click)="loadEarlier()">
            Load earlier output
          </button>
        } @else if (trimmed()) {
          <p class="small muted">Older lines were dropped from this view to keep it fast; reload or download to see them.</p>
        }
        @if (loadedOnce()) {
          <pre #log class="log serial-log" data-testid="serial-log" tabindex="0" aria-label="Serial console output" [hidden]="!text()">{{
            text()
          }}</pre>
          @if (!text()) {
            <p class="muted" data-testid="serial-log-empty">
              No serial output kept yet: the panel keeps this machine's console output from the VM's first start.
              {{ following() ? 'Waiting for output…' : 'Start the VM, or turn on Follow to watch it boot.' }}
            </p>
          }
        } @else if (loading()) {
          <p class="muted">Loading the serial log…</p>
        }
      </section>
    } @else {
      <section class="panel" aria-labelledby="tasks-log-title">
        <h2 id="tasks-log-title" class="panel-header">
          Tasks of this machine
          <span class="panel-header-actions">
            <button type="button" class="btn btn-small" [disabled]="tasksLoading()" (click)="loadTasks(taskOffset())">
              <clan-icon name="refresh" /> Reload
            </button>
          </span>
        </h2>
        <clan-error [error]="tasksError()" />
        <div class="table-wrap">
          <table class="table table-compact table-clickable" data-testid="logs-tasks">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Task</th>
                <th scope="col">Status</th>
                <th scope="col">Took</th>
              </tr>
            </thead>
            <tbody>
              @for (task of tasks(); track task.id) {
                <tr data-testid="logs-task-row" (click)="viewer.open(task.id)">
                  <td class="nowrap">{{ task.createdAt | date: 'MMM d, HH:mm:ss' }}</td>
                  <td>
                    <button type="button" class="link-btn" (click)="open($event, task.id)">{{ title(task) }}</button>
                    @if (task.error ?? task.message; as line) {
                      <span class="muted task-message"> — {{ line }}</span>
                    }
                  </td>
                  <td>
                    <span [class]="'badge badge-' + tone(task)">{{ task.status }}</span>
                  </td>
                  <td class="nowrap">{{ took(task) }}</td>
                </tr>
              } @empty {
                <tr class="empty-row">
                  <td colspan="4">
                    {{
                      tasksLoading()
                        ? 'Loading…'
                        : 'No tasks for this machine yet. Builds, deployments and power actions show up here with their logs.'
                    }}
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <clan-pager [offset]="taskOffset()" [limit]="taskLimit" [total]="taskTotal()" (offsetChange)="loadTasks($event)" />
      </section>
    }
  `,
  styles: `
    .logs-source {
      margin-bottom: var(--gap);
    }
    .serial-log {
      height: min(560px, 62dvh);
    }
    .logs-older {
      margin-bottom: 6px;
    }
  `,
})
export class MachineLogsTab {
  private readonly context = inject(MachineContext);
  private readonly api = inject(LogsApi);
  private readonly socket = inject(LiveSocket);
  private readonly openStream = inject(EVENT_SOURCE_FACTORY);
  private readonly backoff = inject(FOLLOW_BACKOFF);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  protected readonly viewer = inject(TaskViewer);
  private readonly logElement = viewChild<ElementRef<HTMLElement>>('log');

  protected readonly source = signal<Source>('serial');
  protected readonly boot = signal<Boot>('current');

  // — serial log —
  private buffer = new SerialLogBuffer();
  /** Bumped whenever the buffer changes (it is a plain object). */
  private readonly revision = signal(0);
  protected readonly text = computed(() => (this.revision(), this.buffer.text));
  protected readonly hasEarlier = computed(() => (this.revision(), this.buffer.hasEarlier));
  protected readonly trimmed = computed(() => (this.revision(), this.buffer.trimmed));
  protected readonly boots = computed<BootMark[]>(() => (this.revision(), this.buffer.boots));
  protected readonly loading = signal(false);
  protected readonly loadedOnce = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly following = signal(false);
  protected readonly followState = signal<FollowState>('off');
  protected readonly followText = computed(() => {
    switch (this.followState()) {
      case 'connecting':
        return 'Connecting to the live output…';
      case 'live':
        return 'Following: new output appears as the VM prints it.';
      case 'retrying':
        return 'The live output was interrupted; reconnecting…';
      default:
        return '';
    }
  });
  private stream: FollowStream<SerialChunk> | null = null;
  private loadSeq = 0;

  // — tasks —
  protected readonly taskLimit = TASK_PAGE;
  protected readonly tasks = signal<TaskView[]>([]);
  protected readonly taskTotal = signal(0);
  protected readonly taskOffset = signal(0);
  protected readonly tasksLoading = signal(false);
  protected readonly tasksError = signal<ErrorView | null>(null);

  private readonly target = computed(() => {
    const networkId = this.context.network.networkId();
    const machine = this.context.name();
    return networkId && machine ? { networkId, machine } : null;
  });

  constructor() {
    effect(() => {
      const target = this.target();
      const source = this.source();
      const boot = this.boot();
      if (!target) return;
      untracked(() => {
        if (source === 'serial') void this.loadSerial(boot);
        else {
          this.stopFollow();
          void this.loadTasks(0);
        }
      });
    });
    const off = this.socket.on((event) => {
      if (event.type === 'task.updated') this.onTask(event.task);
    });
    inject(DestroyRef).onDestroy(() => {
      off();
      this.stopFollow();
    });
  }

  protected setBoot(event: Event): void {
    this.boot.set((event.target as HTMLSelectElement).value === 'all' ? 'all' : 'current');
  }

  protected reload(): void {
    void this.loadSerial(this.boot());
  }

  /** The first page: the end of this boot (or of everything kept). Following restarts from its end. */
  private async loadSerial(boot: Boot): Promise<void> {
    const target = this.target();
    if (!target) return;
    const seq = ++this.loadSeq;
    const wasFollowing = this.following();
    this.stopFollow();
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await this.api.serialLog(target.networkId, target.machine, { boot, tail: SERIAL_PAGE_BYTES });
      if (seq !== this.loadSeq) return;
      this.buffer = new SerialLogBuffer();
      this.buffer.reset(page);
      this.changed(true);
      this.loadedOnce.set(true);
      if (wasFollowing) this.startFollow();
    } catch (error) {
      if (seq === this.loadSeq) this.error.set(describeError(error));
    } finally {
      if (seq === this.loadSeq) this.loading.set(false);
    }
  }

  protected async loadEarlier(): Promise<void> {
    const target = this.target();
    if (!target || !this.buffer.hasEarlier) return;
    this.loading.set(true);
    this.error.set(null);
    const buffer = this.buffer;
    const element = this.logElement()?.nativeElement;
    const fromBottom = element ? element.scrollHeight - element.scrollTop : 0;
    try {
      const from = Math.max(buffer.start, buffer.from - SERIAL_PAGE_BYTES);
      const page = await this.api.serialLog(target.networkId, target.machine, { from, boot: 'all' });
      if (buffer !== this.buffer) return;
      buffer.prependPage(page);
      this.revision.update((n) => n + 1);
      // Keep the lines the reader was looking at where they were.
      afterNextRender(
        () => {
          const el = this.logElement()?.nativeElement;
          if (el) el.scrollTop = el.scrollHeight - fromBottom;
        },
        { injector: this.injector },
      );
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected toggleFollow(): void {
    if (this.following()) this.stopFollow();
    else this.startFollow();
  }

  private startFollow(): void {
    const target = this.target();
    if (!target || this.stream) return;
    this.following.set(true);
    this.stream = new FollowStream<SerialChunk>(
      this.openStream,
      {
        url: () => this.api.serialStreamUrl(target.networkId, target.machine, this.buffer.to),
        event: 'output',
        onData: (chunk) => {
          const atBottom = this.atBottom();
          this.buffer.appendChunk(chunk);
          this.changed(atBottom);
        },
        onState: (state) => this.followState.set(state),
        onDrop: () => this.catchUp(),
      },
      this.backoff,
    );
    this.stream.start();
  }

  private stopFollow(): void {
    const stream = this.stream;
    this.stream = null;
    stream?.stop();
    this.following.set(false);
    this.followState.set('off');
  }

  /**
   * After the stream dropped: read what was missed (which also tells why, when
   * the panel refuses). Reconnect unless the refusal is final.
   */
  private async catchUp(): Promise<boolean> {
    const target = this.target();
    if (!target) return false;
    const buffer = this.buffer;
    try {
      for (let i = 0; i < CATCH_UP_PAGES; i++) {
        const page = await this.api.serialLog(target.networkId, target.machine, { from: buffer.to, boot: 'all' });
        if (buffer !== this.buffer) return false;
        const atBottom = this.atBottom();
        buffer.appendPage(page);
        this.changed(atBottom);
        if (!page.more) break;
      }
      this.error.set(null);
      return true;
    } catch (error) {
      this.error.set(describeError(error));
      const final = error instanceof ClanApiError && [401, 403, 404].includes(error.status);
      if (final) this.following.set(false);
      return !final;
    }
  }

  private atBottom(): boolean {
    const el = this.logElement()?.nativeElement;
    return !el || el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK;
  }

  /** The buffer changed: show it, and keep the end in view when the reader was there. */
  private changed(scrollToEnd: boolean): void {
    this.revision.update((n) => n + 1);
    if (!scrollToEnd) return;
    afterNextRender(
      () => {
        const el = this.logElement()?.nativeElement;
        if (el) el.scrollTop = el.scrollHeight;
      },
      { injector: this.injector },
    );
  }

  protected download(): void {
    const machine = this.context.name() ?? 'machine';
    const blob = new Blob([this.buffer.text], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = `${machine}-serial-${this.boot() === 'all' ? 'all-boots' : 'this-boot'}.log`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // — tasks —
  protected title(task: TaskView): string {
    return taskTitle(task);
  }

  protected tone(task: TaskView): string {
    return statusTone(task.status);
  }

  protected took(task: TaskView): string {
    return durationOf(task) || '—';
  }

  protected open(event: Event, taskId: string): void {
    event.stopPropagation();
    this.viewer.open(taskId);
  }

  protected async loadTasks(offset: number): Promise<void> {
    const target = this.target();
    if (!target) return;
    this.taskOffset.set(offset);
    this.tasksLoading.set(true);
    try {
      const page = await this.api.machineTasks(target.networkId, target.machine, TASK_PAGE, offset);
      this.tasks.set(page.items);
      this.taskTotal.set(page.total);
      this.tasksError.set(null);
    } catch (error) {
      this.tasksError.set(describeError(error));
    } finally {
      this.tasksLoading.set(false);
    }
  }

  /** A task of this machine changed (the shell follows the `tasks` topic): update its row, or add it on the first page. */
  private onTask(task: TaskSummary): void {
    const target = this.target();
    if (!target || task.networkId !== target.networkId || task.machine !== target.machine) return;
    const list = this.tasks();
    const index = list.findIndex((t) => t.id === task.id);
    if (index >= 0) {
      const known = list[index];
      if (isTerminalTaskStatus(known.status) && !isTerminalTaskStatus(task.status)) return;
      const next = [...list];
      next[index] = { ...known, ...task };
      this.tasks.set(next);
    } else if (this.taskOffset() === 0 && this.source() === 'tasks') {
      const row: TaskView = {
        ...task,
        userName: task.userName ?? null,
        queue: '',
        progress: task.progress,
        cancelRequested: false,
        result: null,
      };
      this.tasks.set([row, ...list].slice(0, TASK_PAGE));
      this.taskTotal.update((n) => n + 1);
    }
  }
}
