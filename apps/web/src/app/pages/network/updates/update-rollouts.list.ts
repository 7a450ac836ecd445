import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { describeError, type ErrorView } from '../../../core/api/errors';
import { timeAgo } from '../../../core/vm/vm-rules';
import { ErrorBox } from '../../../shared/error-box';
import { UpdatesApi, type UpdateRolloutView } from '../network-updates.api';
import { rolloutCounts, rolloutStatus } from './update-format';

/** Past rollouts of a network, newest first: status, revisions, when and who. */
@Component({
  selector: 'clan-update-rollouts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBox],
  template: `
    <section class="panel" aria-labelledby="update-rollouts-title">
      <h2 id="update-rollouts-title" class="panel-header">
        Past rollouts <span class="muted">({{ total() }})</span>
      </h2>
      <clan-error [error]="error()" />
      <div class="table-wrap">
        <table class="table table-cards" data-testid="update-rollouts">
          <thead>
            <tr>
              <th scope="col">Result</th>
              <th scope="col">Update</th>
              <th scope="col">Machines</th>
              <th scope="col">When</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            @for (r of items(); track r.id) {
              <tr [attr.data-testid]="'update-rollout-' + r.id">
                <td data-label="Result">
                  <span [class]="'badge badge-' + status(r).tone" [title]="r.haltReason ?? status(r).hint">{{ status(r).label }}</span>
                </td>
                <td data-label="Update">
                  <code [title]="r.fromRev">{{ r.fromRev.slice(0, 12) }}</code> → <code [title]="r.toRev">{{ r.toRev.slice(0, 12) }}</code>
                </td>
                <td data-label="Machines">{{ counts(r) }}</td>
                <td data-label="When" [title]="r.createdAt">{{ ago(r.createdAt) }}</td>
                <td data-label="By">{{ r.username ?? 'automatic' }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5" class="muted" data-testid="update-rollouts-none">
                  {{ loading() ? 'Loading…' : 'No rollouts yet.' }}
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>
  `,
})
export class UpdateRolloutsList {
  readonly networkId = input.required<string>();
  /** Changes when the tab reloads, so the list follows the current rollout. */
  readonly version = input(0);
  readonly now = input(Date.now());

  private readonly api = inject(UpdatesApi);
  protected readonly items = signal<UpdateRolloutView[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);

  constructor() {
    effect(() => {
      const id = this.networkId();
      this.version();
      untracked(() => void this.load(id));
    });
  }

  protected status(r: UpdateRolloutView) {
    return rolloutStatus(r.status);
  }

  protected counts(r: UpdateRolloutView): string {
    const { done, total } = rolloutCounts(r.machines);
    return `${done} of ${total} updated`;
  }

  protected ago(iso: string): string {
    return timeAgo(iso, this.now());
  }

  private async load(networkId: string): Promise<void> {
    this.loading.set(true);
    try {
      const page = await this.api.listRollouts(networkId);
      if (this.networkId() !== networkId) return;
      this.items.set(page.items);
      this.total.set(page.total);
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
