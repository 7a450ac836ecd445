import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { describeError, type ErrorView } from '../../core/api/errors';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { familyBackupLine, familyState, lastBackupText } from './backup-format';
import { BackupsApi, type FamilyDeviceView } from './backups.api';

/** Ages move on while the page stays open; the answer itself is re-read on Refresh. */
const TICK_MS = 60_000;

/**
 * "My backups": the family view (docs/backups.md "Status"). For any signed-in
 * member: each of their devices safe or needing attention, the last backup in
 * words, and the API's sentence of what to do. Read-only on purpose.
 */
@Component({
  selector: 'clan-my-backups-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBox, Icon],
  styles: `
    .family-cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
      gap: 16px;
    }
    .family-card {
      border-left: 6px solid var(--muted);
    }
    .family-card[data-tone='ok'] {
      border-left-color: var(--ok);
    }
    .family-card[data-tone='warn'] {
      border-left-color: var(--warn);
    }
    .family-card[data-tone='danger'] {
      border-left-color: var(--danger);
    }
    .family-state {
      margin: 4px 0 8px;
      font-size: 1.6rem;
      font-weight: 700;
    }
    .family-state[data-tone='ok'] {
      color: var(--ok);
    }
    .family-state[data-tone='warn'] {
      color: var(--warn);
    }
    .family-state[data-tone='danger'],
    .family-restore[data-tone='danger'] {
      color: var(--danger);
    }
    .family-restore[data-tone='ok'] {
      color: var(--ok);
    }
  `,
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">You</p>
        <h1><clan-icon name="shield" /> My backups</h1>
      </div>
      <button type="button" class="btn btn-small" data-testid="my-backups-refresh" [disabled]="loading()" (click)="load()">
        <clan-icon name="refresh" /> Refresh
      </button>
    </div>
    <clan-error [error]="error()" />
    @if (devices(); as list) {
      @if (list.length) {
        <p class="muted" data-testid="my-backups-summary">{{ summary() }}</p>
        <div class="family-cards" data-testid="my-backups">
          @for (d of list; track d.networkId + '/' + d.name) {
            <section
              class="panel family-card"
              [attr.data-tone]="stateOf(d).tone"
              [attr.data-testid]="'family-device-' + d.name"
              [attr.aria-label]="d.name + ': ' + stateOf(d).label"
            >
              <h2 class="panel-header">
                {{ d.name }} <span class="muted small">{{ d.kind }} in {{ d.networkName }}</span>
              </h2>
              <p
                class="family-state"
                [attr.data-tone]="stateOf(d).tone"
                [attr.data-state]="d.state"
                [attr.data-testid]="'family-state-' + d.name"
                [title]="stateOf(d).hint"
              >
                {{ stateOf(d).label }}
              </p>
              <p [attr.data-testid]="'family-last-' + d.name">
                Last backup: <strong>{{ lastText(d.lastBackupAt) }}</strong>
              </p>
              @if (restoreLine(d); as line) {
                <p class="family-restore" [attr.data-tone]="line.tone" [attr.data-testid]="'family-verified-' + d.name">
                  {{ line.text }}
                </p>
              }
              <p class="small" [attr.data-testid]="'family-advice-' + d.name">{{ d.advice }}</p>
            </section>
          }
        </div>
      } @else {
        <div class="alert alert-info" role="status" data-testid="my-backups-empty">
          No device of yours is backed up through the panel yet. Ask whoever runs your network to add a backup for your devices.
        </div>
      }
    } @else if (loading()) {
      <p class="muted">Loading your devices…</p>
    }
  `,
})
export class MyBackupsPage {
  private readonly api = inject(BackupsApi);
  protected readonly devices = signal<FamilyDeviceView[] | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  private readonly now = signal(Date.now());

  protected readonly summary = computed(() => {
    const list = this.devices() ?? [];
    const attention = list.filter((d) => d.state !== 'safe').length;
    if (attention === 0) return list.length === 1 ? 'Your device is safe.' : `All ${list.length} of your devices are safe.`;
    return `${attention} of ${list.length} ${list.length === 1 ? 'device needs' : 'devices need'} attention.`;
  });

  constructor() {
    void this.load();
    const timer = setInterval(() => this.now.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected stateOf(device: FamilyDeviceView) {
    return familyState(device);
  }

  protected restoreLine(device: FamilyDeviceView) {
    return familyBackupLine(device);
  }

  protected lastText(iso: string | null): string {
    return lastBackupText(iso, this.now());
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const answer = await this.api.mine();
      this.now.set(Date.now());
      this.devices.set(answer.items);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
