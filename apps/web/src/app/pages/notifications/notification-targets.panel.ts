import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkStore } from '../../core/networks/network-store';
import { NotificationsApi, type TargetView } from '../../core/notifications/notifications-api';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { TargetDialog } from './target-dialog';
import { destinationOf, SEVERITY_LABEL, TYPE_LABEL } from './target-form';

/**
 * The targets of one scope (the host's, or a network's): what each delivers,
 * to which notifications, and how its last delivery went; add, edit, test,
 * delete.
 */
@Component({
  selector: 'clan-notification-targets',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ErrorBox, Icon, TargetDialog],
  template: `
    <section class="panel" aria-labelledby="targets-title">
      <div class="panel-head">
        <h2 id="targets-title" class="panel-title">Delivery targets</h2>
        <button type="button" class="btn btn-small btn-primary" data-testid="target-add" (click)="editing.set('new')">
          <clan-icon name="plus" /> Add target
        </button>
      </div>
      <p class="muted">
        Every notification is listed in the panel. Targets also send it on: a <strong>webhook</strong> (JSON POST), an
        <strong>ntfy</strong> topic (phone push), or <strong>email</strong>. Failed deliveries are retried with growing pauses.
      </p>
      <clan-error [error]="error()" />
      <div class="table-wrap">
        <table class="table table-cards">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Sends</th>
              <th scope="col">Last delivery</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (t of targets(); track t.id) {
              <tr [attr.data-testid]="'target-row-' + t.name">
                <td data-label="Target">
                  <strong>{{ t.name }}</strong>
                  <span class="badge badge-muted">{{ typeLabel[t.type] }}</span>
                  @if (!t.enabled) {
                    <span class="badge badge-warn">disabled</span>
                  }
                  <div class="muted small mono">{{ destination(t) }}</div>
                </td>
                <td data-label="Sends">
                  {{ severityLabel[t.minSeverity] }} and above
                  <div class="muted small">
                    {{ t.kinds?.length ? t.kinds!.join(', ') : 'every kind' }}
                    @if (!networkId()) {
                      · {{ networksOf(t) }}
                    }
                  </div>
                </td>
                <td data-label="Last delivery" [attr.data-testid]="'target-status-' + t.name">
                  @if (t.lastStatus === 'ok') {
                    <span class="badge badge-ok">delivered</span> {{ t.lastAttemptAt | date: 'yyyy-MM-dd HH:mm' }}
                  } @else if (t.lastStatus === 'failed') {
                    <span class="badge badge-danger">failed</span> {{ t.lastAttemptAt | date: 'yyyy-MM-dd HH:mm' }}
                    <div class="text-danger small">{{ t.lastError }}</div>
                  } @else {
                    <span class="muted">never used</span>
                  }
                  @if (t.pendingDeliveries) {
                    <div class="small">{{ t.pendingDeliveries }} waiting for a retry</div>
                  }
                  @if (t.failedDeliveries) {
                    <div class="small text-danger">{{ t.failedDeliveries }} gave up (last 30 days)</div>
                  }
                </td>
                <td class="actions nowrap">
                  <button
                    type="button"
                    class="btn btn-small"
                    [attr.data-testid]="'target-test-' + t.name"
                    [disabled]="busy()"
                    (click)="test(t)"
                  >
                    {{ testing() === t.id ? 'Sending…' : 'Send test' }}
                  </button>
                  <button
                    type="button"
                    class="btn btn-small"
                    [attr.data-testid]="'target-edit-' + t.name"
                    [disabled]="busy()"
                    (click)="editing.set(t)"
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    class="btn btn-small btn-danger-outline"
                    [attr.data-testid]="'target-delete-' + t.name"
                    [disabled]="busy()"
                    (click)="remove(t)"
                  >
                    Delete
                  </button>
                </td>
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="4">{{ loading() ? 'Loading…' : 'No targets yet: notifications are only shown in the panel.' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>

    @if (editing(); as e) {
      <clan-target-dialog
        [networkId]="networkId()"
        [target]="e === 'new' ? null : e"
        [knownKinds]="knownKinds()"
        (saved)="onSaved($event)"
        (closed)="editing.set(null)"
      />
    }
  `,
})
export class NotificationTargetsPanel {
  /** null: host-level targets (Sys.Modify); else the network's own (Network.Manage). */
  readonly networkId = input<string | null>(null);

  protected readonly typeLabel = TYPE_LABEL;
  protected readonly severityLabel = SEVERITY_LABEL;
  protected readonly targets = signal<TargetView[]>([]);
  protected readonly knownKinds = signal<string[]>([]);
  protected readonly loading = signal(true);
  protected readonly testing = signal<string | null>(null);
  protected readonly working = signal(false);
  protected readonly busy = computed(() => this.working() || this.testing() !== null);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly editing = signal<TargetView | 'new' | null>(null);
  private readonly api = inject(NotificationsApi);
  private readonly networks = inject(NetworkStore);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  constructor() {
    effect(() => {
      this.networkId();
      untracked(() => void this.load());
    });
  }

  protected destination(t: TargetView): string {
    return destinationOf(t);
  }

  protected networksOf(t: TargetView): string {
    if (!t.networkIds?.length) return 'every network';
    return t.networkIds.map((id) => this.networks.byId(id)?.name ?? id.slice(0, 8)).join(', ');
  }

  protected async onSaved(target: TargetView): Promise<void> {
    this.notifier.ok(`Target “${target.name}” saved.`);
    this.editing.set(null);
    await this.load();
  }

  protected async test(t: TargetView): Promise<void> {
    this.testing.set(t.id);
    this.error.set(null);
    try {
      const result = await this.api.testTarget(this.networkId(), t.id);
      if (result.ok) this.notifier.ok(`Test notification delivered to “${t.name}”.`);
      else this.notifier.push('danger', result.error ?? 'The test was not delivered.', { title: `Test to “${t.name}” failed`, ms: 0 });
      await this.load();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.testing.set(null);
    }
  }

  protected async remove(t: TargetView): Promise<void> {
    const yes = await this.confirm.ask({
      title: 'Delete target',
      message: `Delete “${t.name}”? Notifications waiting to be delivered to it are dropped.`,
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!yes) return;
    this.working.set(true);
    this.error.set(null);
    try {
      await this.api.deleteTarget(this.networkId(), t.id);
      this.notifier.ok(`Target “${t.name}” deleted.`);
      await this.load();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.working.set(false);
    }
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    try {
      const list = await this.api.targets(this.networkId());
      this.targets.set(list.items);
      this.knownKinds.set(list.knownKinds);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
