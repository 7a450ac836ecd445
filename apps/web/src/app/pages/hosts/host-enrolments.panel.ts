import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { FleetApi } from './fleet.api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { HostEnrolmentView } from '../../core/api/fleet-types';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { ErrorBox } from '../../shared/error-box';
import { expiresIn } from './host-format';

/** Tokens made by "Add a host" that no host has used yet and that have not run out, with Revoke. */
@Component({
  selector: 'clan-host-enrolments-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  imports: [ErrorBox],
  template: `
    @if (pending().length || error()) {
      <section class="panel" aria-labelledby="host-enrolments-title" data-testid="host-enrolments">
        <h2 id="host-enrolments-title" class="panel-header">
          Waiting to join <span class="badge badge-muted">{{ pending().length }}</span>
        </h2>
        <clan-error [error]="error()" />
        <div class="table-wrap">
          <table class="table table-compact table-cards">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token expires</th>
                <th scope="col"><span class="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (e of pending(); track e.id) {
                <tr [attr.data-testid]="'host-enrolment-' + e.id">
                  <td data-label="Name">
                    <strong>{{ e.name }}</strong>
                  </td>
                  <td data-label="Token expires" [attr.title]="e.expiresAt">{{ expiry(e.expiresAt) }}</td>
                  <td class="actions">
                    <button
                      type="button"
                      class="btn btn-small btn-danger-outline"
                      [attr.data-testid]="'host-enrolment-revoke-' + e.id"
                      [disabled]="revoking() === e.id"
                      (click)="revoke(e)"
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </section>
    }
  `,
})
export class HostEnrolmentsPanel {
  private readonly api = inject(FleetApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  private readonly items = signal<HostEnrolmentView[]>([]);
  private readonly now = signal(Date.now());
  protected readonly revoking = signal<string | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly pending = computed(() =>
    this.items()
      .filter((e) => e.usedAt === null && Date.parse(e.expiresAt) > this.now())
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt)),
  );

  constructor() {
    // "expires in …" counts down, and a token that runs out leaves the list.
    const clock = setInterval(() => this.now.set(Date.now()), 30_000);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.items.set(await this.api.hostEnrolments());
      this.now.set(Date.now());
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    }
  }

  protected expiry(iso: string): string {
    return expiresIn(iso, this.now());
  }

  protected async revoke(e: HostEnrolmentView): Promise<void> {
    const yes = await this.confirm.ask({
      title: `Revoke the token for ${e.name}?`,
      message: `The commands given for ${e.name} stop working. To add the host later, make a new token with “Add a host”.`,
      confirmLabel: 'Revoke',
      danger: true,
    });
    if (!yes) return;
    this.revoking.set(e.id);
    this.error.set(null);
    try {
      await this.api.revokeHostEnrolment(e.id);
      this.notifier.ok(`The token for ${e.name} no longer works.`);
      await this.load();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.revoking.set(null);
    }
  }
}
