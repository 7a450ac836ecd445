import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ClanApi } from '../../core/api/clan-api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { GenerationView } from '../../core/api/vm-types';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { GENERATION_TEXT, rollbackAvailability, timeAgo } from '../../core/vm/vm-rules';
import { formatBytes } from '../../shared/chart/chart-math';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { Pager } from '../../shared/pager';
import { TaskProgress } from '../../shared/task-progress';
import { MachineContext } from './machine-context';
import { MachineVm } from './machine-vm';

const PAGE = 25;

/** Every generation built for the machine, newest first, with a manual rollback to an older one. */
@Component({
  selector: 'clan-machine-generations-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, ErrorBox, Icon, Pager, TaskProgress],
  template: `
    <section class="panel" aria-labelledby="generations-title" data-testid="generations">
      <h2 id="generations-title" class="panel-header">
        Generations
        <span class="panel-header-actions">
          <button type="button" class="btn btn-small" [disabled]="loading()" (click)="goTo(offset())">
            <clan-icon name="refresh" /> Refresh
          </button>
        </span>
      </h2>
      <p class="muted small">
        Each build of the machine’s configuration is a generation, kept as a Nix profile generation. The panel boots the newest one and goes
        back to the last healthy one by itself when a new one fails its health check.
      </p>
      <clan-error [error]="error()" />
      <clan-error [error]="actionError()" />
      @if (machineVm.followedTaskId(); as taskId) {
        <clan-task-progress [taskId]="taskId" (dismissed)="machineVm.followedTaskId.set(null)" />
      }
      <div class="table-wrap">
        <table class="table table-cards generations-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Status</th>
              <th scope="col">Revision</th>
              <th scope="col">Built</th>
              <th scope="col">Booted</th>
              <th scope="col">Healthy</th>
              <th scope="col">Closure</th>
              <th scope="col">Note</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (g of generations(); track g.number) {
              <tr [attr.data-testid]="'generation-row-' + g.number" [class.row-current]="g.current">
                <td data-label="#">
                  <strong>{{ g.number }}</strong>
                </td>
                <td data-label="Status">
                  <span class="badge-list">
                    <span [class]="'badge badge-' + statusText[g.status].tone" [attr.title]="statusText[g.status].help">{{
                      statusText[g.status].label
                    }}</span>
                    @if (g.current) {
                      <span class="badge badge-info" title="The generation the VM is defined for" data-testid="generation-current"
                        >current</span
                      >
                    }
                    @if (g.lastHealthy) {
                      <span class="badge badge-ok" title="The rollback target" data-testid="generation-last-healthy">last healthy</span>
                    }
                  </span>
                </td>
                <td data-label="Revision">
                  <a [routerLink]="['../history']" [queryParams]="{ revision: g.revision }" [attr.title]="g.revision"
                    ><code>{{ g.revision.slice(0, 7) }}</code></a
                  >
                </td>
                <td data-label="Built" class="nowrap" [attr.title]="g.builtAt | date: 'yyyy-MM-dd HH:mm:ss'">{{ ago(g.builtAt) }}</td>
                <td data-label="Booted" class="nowrap" [attr.title]="g.bootedAt | date: 'yyyy-MM-dd HH:mm:ss'">{{ ago(g.bootedAt) }}</td>
                <td data-label="Healthy" class="nowrap" [attr.title]="g.healthyAt | date: 'yyyy-MM-dd HH:mm:ss'">{{ ago(g.healthyAt) }}</td>
                <td data-label="Closure" class="nowrap" [attr.title]="g.storePath">
                  {{ g.closureBytes === null ? '—' : size(g.closureBytes) }}
                </td>
                <td data-label="Note">
                  @if (g.rolledBackAt) {
                    <span class="muted small" [attr.title]="g.rolledBackAt | date: 'yyyy-MM-dd HH:mm:ss'"
                      >rolled back {{ ago(g.rolledBackAt) }}</span
                    >
                  }
                  {{ g.note ?? '' }}
                </td>
                <td class="actions">
                  @if (context.network.canPower()) {
                    <button
                      type="button"
                      class="btn btn-small"
                      [attr.data-testid]="'generation-rollback-' + g.number"
                      [disabled]="!rollback(g).enabled"
                      [attr.title]="rollback(g).reason ?? 'Boot this generation again (no rebuild)'"
                      (click)="rollBack(g)"
                    >
                      Roll back to this
                    </button>
                  }
                </td>
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="9" data-testid="generations-empty">
                  @if (loading()) {
                    Loading generations…
                  } @else {
                    <strong>No generations yet.</strong> One is made each time the machine’s configuration is built —
                    <a routerLink="../summary">Deploy now</a> on the summary, or commit a change while automatic deployment is on.
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <clan-pager [offset]="offset()" [limit]="limit" [total]="total()" (offsetChange)="goTo($event)" />
    </section>
  `,
})
export class MachineGenerationsTab {
  protected readonly context = inject(MachineContext);
  protected readonly machineVm = inject(MachineVm);
  private readonly api = inject(ClanApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  protected readonly limit = PAGE;
  protected readonly statusText = GENERATION_TEXT;
  protected readonly generations = signal<GenerationView[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly actionError = signal<ErrorView | null>(null);
  private readonly sending = signal(false);
  private readonly now = signal(Date.now());
  private readonly powerContext = computed(() => ({
    vm: this.machineVm.vm(),
    canPower: this.context.network.canPower(),
    busy: this.sending(),
  }));

  constructor() {
    // Loaded for the machine shown, and again whenever one of its VM tasks ends.
    effect(() => {
      const networkId = this.machineVm.networkId();
      const name = this.machineVm.name();
      this.machineVm.changes();
      if (networkId && name) untracked(() => void this.goTo(this.offset()));
    });
    const clock = setInterval(() => this.now.set(Date.now()), 30_000);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
  }

  protected ago(iso: string | null): string {
    return iso ? timeAgo(iso, this.now()) : '—';
  }

  protected size(bytes: number): string {
    return formatBytes(bytes);
  }

  protected rollback(g: GenerationView) {
    return rollbackAvailability(g, this.powerContext());
  }

  protected async goTo(offset: number): Promise<void> {
    const networkId = this.machineVm.networkId();
    const name = this.machineVm.name();
    if (!networkId || !name) return;
    this.offset.set(offset);
    this.loading.set(true);
    try {
      const page = await this.api.generations(networkId, name, PAGE, offset);
      if (name !== this.machineVm.name()) return;
      this.generations.set(page.items);
      this.total.set(page.total);
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected async rollBack(g: GenerationView): Promise<void> {
    const name = this.machineVm.name() ?? 'the machine';
    const failedBefore = g.status === 'unhealthy' || g.status === 'rolled-back';
    const yes = await this.confirm.ask({
      title: `Roll back ${name} to generation ${g.number}?`,
      message:
        `${name} restarts into generation ${g.number} (revision ${g.revision.slice(0, 7)}), without a rebuild. ` +
        (failedBefore
          ? 'This generation failed its health check before; if it fails again the panel goes back to the last healthy one. '
          : '') +
        'The configuration is not changed: it may then differ from what runs (drift).',
      confirmLabel: 'Roll back',
      danger: true,
    });
    if (!yes) return;
    this.sending.set(true);
    this.actionError.set(null);
    try {
      await this.machineVm.rollback(g.number);
      this.notifier.info(`Rollback of ${name} to generation ${g.number} queued.`);
    } catch (error) {
      this.actionError.set(describeError(error));
      void this.machineVm.reload();
    } finally {
      this.sending.set(false);
    }
  }
}
