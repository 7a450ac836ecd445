import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DOCUMENT, computed, inject, signal } from '@angular/core';
import type { TaskSummary } from '@clan/contracts';
import { LiveSocket } from '../core/live/live-socket';
import { NetworkStore } from '../core/networks/network-store';
import { Session } from '../core/auth/session';
import { statusTone, taskTitle } from '../core/tasks/task-labels';
import { taskStarter } from '../core/tasks/task-starter';
import { TaskStore } from '../core/tasks/task-store';
import { TaskViewer } from '../core/tasks/task-viewer.service';
import { Icon } from '../shared/icon';
import { ProgressBar } from '../shared/progress-bar';

const COLLAPSED_KEY = 'clan.taskbar.collapsed';

/** Proxmox's bottom "Tasks" panel: recent and running tasks, live, click one to follow its log. */
@Component({
  selector: 'clan-task-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, Icon, ProgressBar],
  template: `
    <section class="taskbar" data-testid="task-bar" [class.collapsed]="collapsed()" aria-labelledby="taskbar-title">
      <header class="taskbar-head">
        <button type="button" class="taskbar-toggle" aria-controls="taskbar-body" [attr.aria-expanded]="!collapsed()" (click)="toggle()">
          <span class="tree-twisty" [class.open]="!collapsed()"><clan-icon name="chevron" /></span>
          <span id="taskbar-title">Tasks</span>
        </button>
        @if (store.active().length) {
          <span class="badge badge-info">{{ store.active().length }} running</span>
        }
        <span class="topbar-spacer"></span>
        <span class="live" [class]="'live live-' + socket.status()" role="status">
          <span class="live-dot" aria-hidden="true"></span>{{ liveText() }}
        </span>
        <button type="button" class="icon-btn" aria-label="Reload tasks" title="Reload tasks" (click)="store.load()">
          <clan-icon name="refresh" />
        </button>
      </header>
      @if (!collapsed()) {
        <div id="taskbar-body" class="taskbar-body">
          <table class="table table-compact table-clickable">
            <thead>
              <tr>
                <th scope="col">Start time</th>
                <th scope="col">Task</th>
                <th scope="col" class="hide-narrow">Network / machine</th>
                <th scope="col" class="hide-narrow">User</th>
                <th scope="col">Status</th>
                <th scope="col" class="col-progress">Progress</th>
              </tr>
            </thead>
            <tbody>
              @for (task of store.tasks(); track task.id) {
                <tr [attr.data-testid]="'task-row-' + task.id" (click)="viewer.open(task.id)">
                  <td class="nowrap">
                    {{ task.createdAt | date: 'MMM d, HH:mm:ss' }}
                  </td>
                  <td>
                    <button type="button" class="link-btn" (click)="open($event, task)">
                      {{ title(task) }}
                    </button>
                    @if (task.message) {
                      <span class="muted task-message"> — {{ task.message }}</span>
                    }
                  </td>
                  <td class="hide-narrow">{{ where(task) }}</td>
                  <td class="hide-narrow">{{ who(task) }}</td>
                  <td>
                    <span [class]="'badge badge-' + tone(task)">{{ task.status }}</span>
                  </td>
                  <td class="col-progress">
                    <clan-progress [value]="task.progress" [tone]="tone(task)" [label]="title(task) + ' progress'" />
                  </td>
                </tr>
              } @empty {
                <tr class="empty-row">
                  <td colspan="6">
                    {{ store.loadError() ?? 'No tasks yet. Long work — diagnostics, builds, backups — shows up here with its progress.' }}
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
  `,
})
export class TaskBar {
  protected readonly store = inject(TaskStore);
  protected readonly socket = inject(LiveSocket);
  protected readonly viewer = inject(TaskViewer);
  private readonly networks = inject(NetworkStore);
  private readonly session = inject(Session);
  private readonly storage = inject(DOCUMENT).defaultView?.localStorage;

  protected readonly collapsed = signal(this.readCollapsed());
  protected readonly liveText = computed(() => {
    switch (this.socket.status()) {
      case 'open':
        return 'Live';
      case 'connecting':
        return 'Connecting…';
      case 'reconnecting':
        return 'Reconnecting…';
      default:
        return 'Offline';
    }
  });

  protected toggle(): void {
    this.collapsed.set(!this.collapsed());
    try {
      this.storage?.setItem(COLLAPSED_KEY, this.collapsed() ? '1' : '0');
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  }

  protected open(event: Event, task: TaskSummary): void {
    event.stopPropagation();
    this.viewer.open(task.id);
  }

  protected title(task: TaskSummary): string {
    return taskTitle(task);
  }

  protected tone(task: TaskSummary): string {
    return statusTone(task.status);
  }

  protected where(task: TaskSummary): string {
    const network = task.networkId ? (this.networks.byId(task.networkId)?.name ?? 'network') : 'host';
    return task.machine ? `${network} / ${task.machine}` : network;
  }

  protected who(task: TaskSummary): string {
    return taskStarter(task, this.session.user());
  }

  private readCollapsed(): boolean {
    try {
      const stored = this.storage?.getItem(COLLAPSED_KEY);
      if (stored !== null && stored !== undefined) return stored === '1';
    } catch {
      // fall through to the default
    }
    // Phones start with the task bar folded away; the content needs the room.
    return inject(DOCUMENT).defaultView?.matchMedia?.('(max-width: 760px)').matches ?? false;
  }
}
