import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Confirm } from '../../core/ui/confirm';
import { LineChart, type ChartSeries } from '../../shared/chart/line-chart';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { TaskProgress } from '../../shared/task-progress';
import { lastBackupText, usageChart } from '../backups/backup-format';
import { BackupsApi, type BackupRepositoryView, type UsageSampleView } from '../backups/backups.api';
import { BackupRepositoryEditDialog } from './network-backups-repository-edit.dialog';
import { BackupRepositoryDialog } from './network-backups-repository.dialog';
import { formatBytes } from './network-mesh-format';

/**
 * The network's backup repositories (docs/backups.md "Repositories"): the
 * list with usage and last check, "Add repository", initialise, remove, and
 * the usage chart of one repository.
 */
@Component({
  selector: 'clan-backup-repositories',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BackupRepositoryDialog, BackupRepositoryEditDialog, ErrorBox, Icon, LineChart, TaskProgress],
  styles: [
    '.break { overflow-wrap: anywhere; }',
    '.table td.repo-actions { white-space: normal; }',
    '.repo-actions .btn { margin: 2px 0; }',
  ],
  template: `
    <section class="panel" aria-labelledby="backups-repos-title">
      <h2 id="backups-repos-title" class="panel-header">
        Repositories <span class="muted">({{ repositories().length }})</span>
        @if (canChange()) {
          <span class="panel-header-actions">
            <button type="button" class="btn btn-small btn-primary" data-testid="backup-repo-add" (click)="adding.set(true)">
              <clan-icon name="plus" /> Add repository
            </button>
          </span>
        }
      </h2>
      <clan-error [error]="actionError()" />
      <div class="table-wrap">
        <table class="table table-cards" data-testid="backups-repositories">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Location</th>
              <th scope="col">Size</th>
              <th scope="col">Free</th>
              <th scope="col">Last check</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (repo of repositories(); track repo.id) {
              <tr [attr.data-testid]="'backup-repo-' + repo.name">
                <td data-label="Name">
                  <strong>{{ repo.name }}</strong>&ngsp;<span class="muted small">{{ kindText(repo) }}</span>
                  @if (!repo.initializedAt) {
                    <span class="badge badge-warn" title="restic init has not succeeded yet">not initialised</span>
                  }
                </td>
                <td data-label="Location" class="mono small break">
                  {{ repo.location }}
                  @if (repo.pollError) {
                    <div class="text-danger">{{ repo.pollError }}</div>
                  }
                </td>
                <td data-label="Size">{{ bytes(repo.sizeBytes) }}</td>
                <td data-label="Free">{{ bytes(repo.freeBytes) }}</td>
                <td data-label="Last check" class="small">{{ checkText(repo) }}</td>
                <td class="actions repo-actions">
                  <button
                    type="button"
                    class="btn btn-small"
                    [attr.aria-pressed]="chartRepo() === repo.id"
                    [attr.data-testid]="'backup-usage-' + repo.name"
                    (click)="showUsage(repo.id)"
                  >
                    Usage
                  </button>
                  @if (canChange()) {
                    @if (!repo.initializedAt) {
                      <button
                        type="button"
                        class="btn btn-small"
                        [attr.data-testid]="'backup-repo-init-' + repo.name"
                        [disabled]="busy()"
                        (click)="initialise(repo)"
                      >
                        Initialise
                      </button>
                    }
                    <button
                      type="button"
                      class="btn btn-small"
                      [attr.data-testid]="'backup-repo-edit-' + repo.name"
                      [disabled]="busy()"
                      (click)="editing.set(repo)"
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      class="btn btn-small btn-danger"
                      [attr.data-testid]="'backup-repo-remove-' + repo.name"
                      [disabled]="busy()"
                      (click)="remove(repo)"
                    >
                      Remove
                    </button>
                  }
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="6" class="muted" data-testid="backup-repos-empty">
                  No repositories yet. A repository is where backups are stored: an S3 bucket (such as Garage) or, for the panel's
                  administrator, a directory on this host.
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (initTask(); as taskId) {
        <clan-task-progress [taskId]="taskId" (taskEnded)="changed.emit()" (dismissed)="initTask.set(null)" />
      }
      @if (chartRepo()) {
        <clan-error [error]="usageError()" />
        <clan-chart
          [heading]="'Usage of ' + chartRepoName() + ' (30 days)'"
          unit="bytes"
          [series]="usageSeries()"
          [from]="usage().from"
          [to]="usage().to"
          [stepSeconds]="usage().stepSeconds"
          emptyText="No usage samples yet: the panel takes one on every poll and after every backup."
          testId="backup-usage-chart"
        />
      }
    </section>

    @if (adding()) {
      <clan-backup-repository-dialog
        [networkId]="networkId()"
        [hostAdmin]="hostAdmin()"
        (created)="changed.emit()"
        (closed)="adding.set(false)"
      />
    }
    @if (editing(); as repo) {
      <clan-backup-repository-edit-dialog
        [networkId]="networkId()"
        [repository]="repo"
        (saved)="editing.set(null); changed.emit()"
        (closed)="editing.set(null)"
      />
    }
  `,
})
export class BackupRepositoriesPanel {
  readonly networkId = input.required<string>();
  readonly repositories = input.required<BackupRepositoryView[]>();
  /** UI hint only: the API checks every call itself. */
  readonly canChange = input(false);
  readonly hostAdmin = input(false);
  /** A repository was added, removed or initialised: reload the status. */
  readonly changed = output<void>();

  private readonly api = inject(BackupsApi);
  private readonly confirm = inject(Confirm);

  protected readonly adding = signal(false);
  protected readonly editing = signal<BackupRepositoryView | null>(null);
  protected readonly busy = signal(false);
  protected readonly actionError = signal<ErrorView | null>(null);
  protected readonly initTask = signal<string | null>(null);
  protected readonly chartRepo = signal<string | null>(null);
  private readonly samples = signal<UsageSampleView[]>([]);
  protected readonly usageError = signal<ErrorView | null>(null);
  private readonly now = signal(Date.now());

  protected readonly chartRepoName = computed(() => this.repositories().find((r) => r.id === this.chartRepo())?.name ?? '');
  protected readonly usage = computed(() => usageChart(this.samples(), this.now()));
  protected readonly usageSeries = computed<ChartSeries[]>(() => {
    const u = this.usage();
    const series: ChartSeries[] = [{ key: 'size', label: 'Size', points: u.size, band: false }];
    if (u.free.length) series.push({ key: 'free', label: 'Free on target', points: u.free, band: false });
    return series;
  });

  constructor() {
    // Each new list: keep the chart on its repository, else show the first one's.
    effect(() => {
      const repos = this.repositories();
      untracked(() => {
        this.now.set(Date.now());
        const chart = this.chartRepo();
        const first = repos[0]?.id;
        if (chart && repos.some((r) => r.id === chart)) void this.showUsage(chart);
        else if (first) void this.showUsage(first);
        else this.chartRepo.set(null);
      });
    });
  }

  protected kindText(repo: BackupRepositoryView): string {
    return repo.kind === 'local' ? 'host directory' : repo.kind;
  }

  protected bytes(n: number | null): string {
    return formatBytes(n);
  }

  protected checkText(repo: BackupRepositoryView): string {
    const check = repo.check;
    if (check.result === 'unknown' || !check.at) return 'never checked';
    return `${check.result === 'failed' ? 'failed' : 'passed'} ${lastBackupText(check.at, this.now())}`;
  }

  protected async showUsage(repositoryId: string): Promise<void> {
    this.chartRepo.set(repositoryId);
    this.samples.set([]);
    this.usageError.set(null);
    try {
      const samples = await this.api.usage(this.networkId(), repositoryId);
      if (this.chartRepo() === repositoryId) this.samples.set(samples);
    } catch (error) {
      this.usageError.set(describeError(error));
    }
  }

  protected async initialise(repo: BackupRepositoryView): Promise<void> {
    await this.act(async () => this.initTask.set(await this.api.initRepository(this.networkId(), repo.id)));
  }

  protected async remove(repo: BackupRepositoryView): Promise<void> {
    const ok = await this.confirm.ask({
      title: `Remove repository ${repo.name}?`,
      message: `The panel forgets ${repo.name} and its password. The backups stay where they are (${repo.location}), but without the password they cannot be restored: keep it if you may need them.`,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!ok) return;
    await this.act(async () => {
      await this.api.deleteRepository(this.networkId(), repo.id);
      this.changed.emit();
    });
  }

  private async act(work: () => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.actionError.set(null);
    try {
      await work();
    } catch (error) {
      this.actionError.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
