import { ChangeDetectionStrategy, Component, DestroyRef, ViewEncapsulation, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { FleetApi } from '../fleet.api';
import { describeError, type ErrorView } from '../../../core/api/errors';
import { ErrorBox } from '../../../shared/error-box';
import { Icon } from '../../../shared/icon';
import { HOSTS_STYLES } from '../hosts.styles';
import { UnlockHostCard } from './unlock-host-card';
import { UnlockMatrix } from './unlock-matrix';
import { UNLOCK_STYLES } from './unlock.styles';
import type { HostUnlockAnalysisView, UnlockOverviewView } from './unlock-types';

/** Tang servers report their keys a moment after they start; the page asks again this often. */
const REFRESH_MS = 30_000;

/**
 * Unattended unlock (docs/fleet-unlock.md): which encrypted hosts reboot without anyone typing the
 * passphrase because other hosts help them unlock, the dependency matrix, and each host's Tang server
 * and policy.
 */
@Component({
  selector: 'clan-unlock-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [HOSTS_STYLES, UNLOCK_STYLES],
  imports: [RouterLink, ErrorBox, Icon, UnlockMatrix, UnlockHostCard],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb"><a routerLink="/host">Host</a> / <a routerLink="/hosts">Hosts</a> / Unattended unlock</p>
        <h1><clan-icon name="key" /> Unattended unlock</h1>
      </div>
      <div class="toolbar">
        <button type="button" class="btn" [disabled]="loading()" (click)="load()"><clan-icon name="refresh" /> Refresh</button>
      </div>
    </div>
    <p class="unlock-intro muted" data-testid="unlock-intro">
      A host with an encrypted disk waits at the passphrase prompt after every reboot until someone types it. With unattended unlock it
      opens its disk by itself when enough other hosts of the fleet (their Tang servers) or its own TPM chip answer; if too few answer, it
      waits at the prompt as before.
    </p>
    <clan-error [error]="error()" />

    @if (overview(); as o) {
      <clan-unlock-matrix [overview]="o" />
      <div class="unlock-cards" data-testid="unlock-hosts">
        @for (h of o.hosts; track h.hostId) {
          <clan-unlock-host-card [host]="h" [hosts]="o.hosts" [analysis]="analysisOf(h.hostId)" (changed)="load()" />
        }
      </div>
    } @else if (loading()) {
      <p class="muted">Loading the hosts’ unlock settings…</p>
    }
  `,
})
export class UnlockPage {
  private readonly api = inject(FleetApi);

  protected readonly overview = signal<UnlockOverviewView | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  private readonly analyses = computed(
    () => new Map<string, HostUnlockAnalysisView>((this.overview()?.matrix.hosts ?? []).map((a) => [a.hostId, a])),
  );

  constructor() {
    const timer = setInterval(() => void this.load(), REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
    void this.load();
  }

  protected analysisOf(hostId: string): HostUnlockAnalysisView | undefined {
    return this.analyses().get(hostId);
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.overview.set(await this.api.unlockOverview());
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
