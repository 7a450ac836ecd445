import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import type { TaskSummary } from '@clan/contracts';
import { FleetApi } from './fleet.api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { MachinePlacementView, PlacementHostView } from '../../core/api/fleet-types';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { TaskProgress } from '../../shared/task-progress';
import { formatBytes, placementBlocker } from './host-format';
import { HOSTS_STYLES } from './hosts.styles';

interface Choice extends PlacementHostView {
  blocker: string | null;
}

/**
 * Move one machine to another host: a cold migration (stopped, copied,
 * started there). While its host is offline the disks cannot be copied, and
 * the dialog says so.
 */
@Component({
  selector: 'clan-move-machine-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [HOSTS_STYLES],
  imports: [Dialog, ErrorBox, TaskProgress],
  template: `
    <clan-dialog [heading]="'Move ' + machine() + ' to another host'" (closed)="closed.emit()">
      <div class="form" data-testid="move-machine">
        @if (taskId(); as id) {
          <clan-task-progress [taskId]="id" (taskEnded)="ended($event)" (dismissed)="closed.emit()" />
          <div class="dialog-actions">
            <button type="button" class="btn" (click)="closed.emit()">Close</button>
          </div>
        } @else if (placement(); as p) {
          @if (hostOffline()) {
            <p class="alert alert-danger" role="alert" data-testid="move-host-offline">
              {{ p.hostName }}, the host {{ machine() }} is on, is offline. Its disks cannot be copied from there: bring the host back, then
              move {{ machine() }}. Restarting it on another host from its last backup is not available yet.
            </p>
          } @else {
            <p class="muted">
              {{ machine() }} runs on <strong>{{ p.hostName }}</strong>. Moving it stops it, copies its disks to the host you pick and
              starts it there: it is unavailable for a few minutes, nothing is lost.
            </p>
          }
          @if (choices().length) {
            <fieldset class="field">
              <legend>Move to</legend>
              <ul class="placement-list" data-testid="move-hosts">
                @for (h of choices(); track h.id) {
                  <li>
                    <label
                      [class.picked]="picked() === h.id"
                      [class.blocked]="h.blocker !== null"
                      [attr.data-testid]="'move-host-' + h.name"
                    >
                      <input
                        type="radio"
                        name="move-target"
                        [value]="h.id"
                        [checked]="picked() === h.id"
                        [disabled]="h.blocker !== null"
                        [attr.data-testid]="'move-host-radio-' + h.name"
                        [attr.aria-describedby]="'move-host-detail-' + h.id"
                        (change)="picked.set(h.id)"
                      />
                      <span class="placement-name">
                        <strong>{{ h.name }}</strong>
                        @if (h.suggested) {
                          <span class="badge badge-info">suggested</span>
                        }
                        @if (h.state === 'offline') {
                          <span class="badge badge-danger">offline</span>
                        } @else if (h.draining) {
                          <span class="badge badge-warn">draining</span>
                        }
                      </span>
                      <span class="placement-detail" [id]="'move-host-detail-' + h.id" [attr.data-testid]="'move-host-detail-' + h.name">
                        @if (h.blocker) {
                          {{ h.blocker }}
                        } @else {
                          {{ free(h) }}
                        }
                      </span>
                    </label>
                  </li>
                }
              </ul>
            </fieldset>
          } @else {
            <p class="alert alert-warn" role="status" data-testid="move-no-hosts">
              There is no other host to move it to. Add one on the Hosts page first.
            </p>
          }
          <clan-error [error]="error()" />
          <div class="dialog-actions">
            <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
            <button
              type="button"
              class="btn btn-primary"
              data-testid="move-submit"
              [disabled]="!picked() || busy() || hostOffline()"
              (click)="move()"
            >
              {{ busy() ? 'Starting…' : 'Move' }}
            </button>
          </div>
        } @else if (error()) {
          <clan-error [error]="error()" />
        } @else {
          <p class="muted">Asking where {{ machine() }} could go…</p>
        }
      </div>
    </clan-dialog>
  `,
})
export class MoveMachineDialog {
  readonly networkId = input.required<string>();
  readonly machine = input.required<string>();
  readonly closed = output<void>();
  /** The move's task ended (done or failed): whatever shows the machine's host should ask again. */
  readonly moved = output<TaskSummary>();

  private readonly api = inject(FleetApi);
  protected readonly placement = signal<MachinePlacementView | null>(null);
  protected readonly picked = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly taskId = signal<string | null>(null);
  protected readonly hostOffline = computed(() => this.placement()?.hostState === 'offline');
  /** Every host but the one it is on; the suggested one first, then by name. */
  protected readonly choices = computed<Choice[]>(() => {
    const p = this.placement();
    if (!p) return [];
    return p.hosts
      .filter((h) => h.id !== p.hostId)
      .map((h) => ({ ...h, blocker: placementBlocker(h) }))
      .sort((a, b) => Number(b.suggested) - Number(a.suggested) || a.name.localeCompare(b.name));
  });

  constructor() {
    effect(() => {
      const networkId = this.networkId();
      const machine = this.machine();
      untracked(() => void this.load(networkId, machine));
    });
  }

  protected free(h: PlacementHostView): string {
    const memory = h.memoryAvailableBytes === null ? 'memory not reported' : `${formatBytes(h.memoryAvailableBytes)} memory free`;
    const disk = h.diskFreeBytes === null ? 'disk not reported' : `${formatBytes(h.diskFreeBytes)} disk free`;
    return `${memory} · ${disk}`;
  }

  private async load(networkId: string, machine: string): Promise<void> {
    this.error.set(null);
    try {
      const placement = await this.api.machinePlacement(networkId, machine);
      this.placement.set(placement);
      // The panel's suggestion, when it can take the machine; otherwise the first host that can.
      const usable = this.choices().filter((h) => h.blocker === null);
      this.picked.set((usable.find((h) => h.suggested) ?? usable[0])?.id ?? null);
    } catch (error) {
      this.error.set(describeError(error));
    }
  }

  protected move(): Promise<void> {
    return this.start((hostId) => this.api.migrateMachine(this.networkId(), this.machine(), hostId));
  }

  private async start(request: (hostId: string) => Promise<{ taskId: string }>): Promise<void> {
    const hostId = this.picked();
    if (!hostId || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      this.taskId.set((await request(hostId)).taskId);
    } catch (error) {
      // 409: another action runs on the machine, or the host stopped taking machines — the API's sentence says which.
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected ended(task: TaskSummary): void {
    this.moved.emit(task);
  }
}
