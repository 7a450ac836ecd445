import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { Privilege, roleHasPrivilege } from '@clan/contracts';
import { Session } from '../../core/auth/session';
import { describeError, type ErrorView } from '../../core/api/errors';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { TaskProgress } from '../../shared/task-progress';
import {
  backupStateBadge,
  freshnessBadge,
  integrityBadge,
  lastBackupText,
  lastSuccessCell,
  verificationBadge,
  type Badge,
} from '../backups/backup-format';
import {
  BackupsApi,
  type BackupPolicyView,
  type BackupRepositoryView,
  type BackupSubjectView,
  type NetworkBackupStatusView,
  type SubjectPolicyStatusView,
} from '../backups/backups.api';
import { BackupRepositoriesPanel } from './network-backups-repositories';
import { BackupPolicyDialog } from './network-backups-policy.dialog';
import { BackupRestoreDialog } from './network-backups-restore.dialog';
import { NetworkContext } from './network-context';
import { formatBytes } from './network-mesh-format';

interface RunFollow {
  policyId: string;
  subjectName: string;
  taskId: string;
  /** "Backup" or "Verified restore". */
  what: string;
}

/**
 * The network's backups for its admins (docs/backups.md): every subject with
 * its state ("protected" only after a backup succeeded), freshness and
 * integrity, the policies with "Run now" and restore, and the repositories
 * (BackupRepositoriesPanel).
 */
@Component({
  selector: 'clan-network-backups-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBox, Icon, TaskProgress, BackupRepositoriesPanel, BackupRestoreDialog, BackupPolicyDialog],
  template: `
    <div data-testid="backups-tab">
      <section class="panel" aria-labelledby="backups-subjects-title">
        <h2 id="backups-subjects-title" class="panel-header">
          Backup status
          <span class="panel-header-actions">
            <button type="button" class="btn btn-small" data-testid="backups-refresh" [disabled]="loading()" (click)="refresh()">
              <clan-icon name="refresh" /> Refresh
            </button>
          </span>
        </h2>
        <clan-error [error]="error()" />
        @if (status(); as s) {
          <div class="table-wrap">
            <table class="table table-cards" data-testid="backups-subjects">
              <thead>
                <tr>
                  <th scope="col">Machine or device</th>
                  <th scope="col">State</th>
                  <th scope="col">Freshness</th>
                  <th scope="col">Last success</th>
                  <th scope="col">Integrity</th>
                  <th scope="col">Repositories</th>
                </tr>
              </thead>
              <tbody>
                @for (sub of s.subjects; track sub.kind + '/' + sub.name) {
                  <tr [attr.data-testid]="'backup-subject-' + sub.name">
                    <td data-label="Name">
                      <strong>{{ sub.name }}</strong>&ngsp;<span class="muted small">{{ sub.kind }}</span>
                    </td>
                    <td data-label="State">
                      <span [class]="badgeClass(state(sub))" [title]="state(sub).hint" data-testid="backup-state">{{
                        state(sub).label
                      }}</span>
                      @if (sub.words) {
                        <div
                          class="small"
                          [class.text-danger]="sub.restorability === 'not-restorable'"
                          [attr.data-testid]="'backup-words-' + sub.name"
                        >
                          {{ sub.words }}
                        </div>
                      }
                    </td>
                    <td data-label="Freshness">
                      @if (sub.coverage === 'protected') {
                        <span
                          [class]="badgeClass(freshness(sub))"
                          [title]="freshness(sub).hint"
                          [attr.data-testid]="'backup-freshness-' + sub.name"
                          >{{ freshness(sub).label }}</span
                        >
                      } @else {
                        <span class="muted">—</span>
                      }
                    </td>
                    <td data-label="Last success" [title]="sub.lastSuccessAt ?? ''">{{ words(sub.lastSuccessAt) }}</td>
                    <td data-label="Integrity">
                      @if (sub.coverage === 'protected') {
                        <span [class]="badgeClass(integrity(sub))" [title]="integrity(sub).hint">{{ integrity(sub).label }}</span>
                      } @else {
                        <span class="muted">—</span>
                      }
                    </td>
                    <td data-label="Repositories" class="small">
                      @for (st of sub.storage; track st.repositoryId; let last = $last) {
                        {{ st.repositoryName }} ({{ bytes(st.sizeBytes) }}){{ last ? '' : ', ' }}
                      } @empty {
                        <span class="muted">none</span>
                      }
                      @for (p of sub.policies; track p.policyId) {
                        @if (p.lastError) {
                          <div class="text-danger">{{ p.lastError }}</div>
                        }
                      }
                    </td>
                  </tr>
                } @empty {
                  <tr>
                    <td colspan="6" class="muted">No machines or devices in this network yet.</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else if (loading()) {
          <p class="muted">Loading the backup status…</p>
        }
      </section>

      <section class="panel" aria-labelledby="backups-policies-title">
        <h2 id="backups-policies-title" class="panel-header">
          Policies <span class="muted">({{ policies().length }})</span>
          @if (canRestore()) {
            <span class="panel-header-actions">
              <button
                type="button"
                class="btn btn-small btn-primary"
                data-testid="backup-policy-new"
                [disabled]="!repositories().length"
                [title]="repositories().length ? '' : 'Add a repository first, under Repositories below.'"
                (click)="editing.set(true)"
              >
                <clan-icon name="plus" /> New policy
              </button>
            </span>
          }
        </h2>
        <div class="table-wrap">
          <table class="table table-cards" data-testid="backups-policies">
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Repository</th>
                <th scope="col">Runs</th>
                <th scope="col">Keeps</th>
                <th scope="col">Last success</th>
                @if (canRestore()) {
                  <th scope="col"><span class="sr-only">Actions</span></th>
                }
              </tr>
            </thead>
            <tbody>
              @for (p of policies(); track p.id) {
                <tr [attr.data-testid]="'backup-policy-' + p.subjectName">
                  <td data-label="Subject">
                    <strong>{{ p.subjectName }}</strong>&ngsp;<span class="muted small">{{ p.subjectKind }}</span>
                    @if (!p.enabled) {
                      <span class="badge badge-muted">disabled</span>
                    }
                  </td>
                  <td data-label="Repository">{{ p.repositoryName }}</td>
                  <td data-label="Runs" class="small">
                    @if (p.runner === 'device') {
                      by the device (check-in)
                    } @else if (p.schedule) {
                      <code>{{ p.schedule }}</code>
                    } @else {
                      by hand only
                    }
                  </td>
                  <td data-label="Keeps" class="small">{{ retention(p) }}</td>
                  <td data-label="Last success" [attr.data-testid]="'backup-policy-last-' + p.subjectName">
                    @if (lastSuccess(p); as cell) {
                      @if (cell.badge) {
                        <span [class]="badgeClass(cell.badge)" [title]="cell.badge.hint">{{ cell.badge.label }}</span>
                      }
                      {{ cell.text }}
                    }
                    @if (verification(p.id); as v) {
                      <div class="small" [attr.data-testid]="'backup-verification-' + p.subjectName">
                        <span [class]="badgeClass(v)" [title]="v.hint">{{ v.label }}</span>
                      </div>
                    }
                  </td>
                  @if (canRestore()) {
                    <td class="actions nowrap">
                      @if (p.runner === 'panel') {
                        <button
                          type="button"
                          class="btn btn-small"
                          [attr.data-testid]="'backup-run-' + p.subjectName"
                          [disabled]="busy() || running(p.id)"
                          (click)="run(p)"
                        >
                          Run now
                        </button>
                      }
                      @if (p.subjectKind === 'machine') {
                        <button
                          type="button"
                          class="btn btn-small"
                          [attr.data-testid]="'backup-verify-' + p.subjectName"
                          [disabled]="busy() || running(p.id) || !p.status.lastSuccessAt"
                          [title]="
                            p.status.lastSuccessAt
                              ? 'Boot the latest snapshot in a throw-away VM with no network and check that it comes up healthy.'
                              : 'Nothing to verify before the first backup.'
                          "
                          (click)="verify(p)"
                        >
                          Verify now
                        </button>
                      }
                      <button
                        type="button"
                        class="btn btn-small"
                        [attr.data-testid]="'backup-restore-' + p.subjectName"
                        (click)="restoring.set(p)"
                      >
                        Restore…
                      </button>
                    </td>
                  }
                </tr>
              } @empty {
                <tr>
                  <td [attr.colspan]="canRestore() ? 6 : 5" class="muted" data-testid="backup-policies-empty">
                    <p>No backup policies: nothing in this network is backed up yet.</p>
                    @if (canRestore()) {
                      <ol class="steps">
                        <li [class.done]="repositories().length > 0">
                          Add a repository (where the backups are stored), under <strong>Repositories</strong> below.
                        </li>
                        <li>Create a policy (what to back up, when, and how long to keep it) with <strong>New policy</strong>.</li>
                      </ol>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <clan-error [error]="runError()" />
        @for (r of runs(); track r.taskId) {
          <p class="small">
            <strong>{{ r.what }} of {{ r.subjectName }}</strong>
          </p>
          <clan-task-progress [taskId]="r.taskId" (taskEnded)="refresh()" (dismissed)="forget(r.taskId)" />
        }
      </section>

      <clan-backup-repositories
        [networkId]="context.networkId() ?? ''"
        [repositories]="repositories()"
        [canChange]="canRestore()"
        [hostAdmin]="hostAdmin()"
        (changed)="refresh()"
      />
    </div>

    @if (restoring(); as p) {
      <clan-backup-restore-dialog [networkId]="context.networkId() ?? ''" [policy]="p" (closed)="restoring.set(null)" />
    }
    @if (editing()) {
      <clan-backup-policy-dialog
        [networkId]="context.networkId() ?? ''"
        [subjects]="subjectNames()"
        [repositories]="repositories()"
        (closed)="editing.set(false)"
        (created)="editing.set(false); refresh()"
      />
    }
  `,
})
export class NetworkBackupsTab {
  protected readonly context = inject(NetworkContext);
  private readonly api = inject(BackupsApi);
  private readonly session = inject(Session);

  protected readonly status = signal<NetworkBackupStatusView | null>(null);
  protected readonly policies = signal<BackupPolicyView[]>([]);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly runError = signal<ErrorView | null>(null);
  protected readonly runs = signal<RunFollow[]>([]);
  protected readonly restoring = signal<BackupPolicyView | null>(null);
  protected readonly editing = signal(false);
  private readonly now = signal(Date.now());

  private readonly policyStatus = computed(
    () => new Map<string, SubjectPolicyStatusView>((this.status()?.subjects ?? []).flatMap((s) => s.policies.map((p) => [p.policyId, p]))),
  );
  protected readonly repositories = computed<BackupRepositoryView[]>(() => this.status()?.repositories ?? []);
  protected readonly subjectNames = computed(() => (this.status()?.subjects ?? []).map((s) => ({ kind: s.kind, name: s.name })));
  /** UI hint only (which buttons to show); the API checks every call itself. */
  protected readonly hostAdmin = computed(() => this.session.isHostAdmin());
  protected readonly canRestore = computed(() => {
    if (this.session.isHostAdmin()) return true;
    const role = this.context.role();
    return role !== null && roleHasPrivilege(role, Privilege.BackupRestore);
  });

  constructor() {
    effect(() => {
      const id = this.context.networkId();
      if (id) untracked(() => void this.load(id));
    });
  }

  protected badgeClass(badge: Badge): string {
    return `badge badge-${badge.tone}`;
  }

  protected state(sub: BackupSubjectView): Badge {
    return backupStateBadge(sub.state);
  }

  protected freshness(sub: BackupSubjectView): Badge {
    return freshnessBadge(sub.freshness);
  }

  protected integrity(sub: BackupSubjectView): Badge {
    return integrityBadge(sub.integrity, this.now());
  }

  protected lastSuccess(p: BackupPolicyView): { badge: Badge | null; text: string } {
    return lastSuccessCell(p.status.freshness, p.status.lastSuccessAt, this.now());
  }

  /** The verification badge of a policy, from the status answer (null: a device policy, or no status yet). */
  protected verification(policyId: string): Badge | null {
    const p = this.policyStatus().get(policyId);
    return p ? verificationBadge(p, this.now()) : null;
  }

  protected words(iso: string | null): string {
    return lastBackupText(iso, this.now());
  }

  protected bytes(n: number | null): string {
    return formatBytes(n);
  }

  protected retention(p: BackupPolicyView): string {
    const parts = [
      p.keepLast ? `last ${p.keepLast}` : '',
      p.keepDaily ? `${p.keepDaily} daily` : '',
      p.keepWeekly ? `${p.keepWeekly} weekly` : '',
      p.keepMonthly ? `${p.keepMonthly} monthly` : '',
    ].filter(Boolean);
    return parts.length ? parts.join(', ') : 'everything';
  }

  protected running(policyId: string): boolean {
    return this.runs().some((r) => r.policyId === policyId);
  }

  refresh(): void {
    const id = this.context.networkId();
    if (id) void this.load(id);
  }

  protected forget(taskId: string): void {
    this.runs.update((list) => list.filter((r) => r.taskId !== taskId));
  }

  protected async run(policy: BackupPolicyView): Promise<void> {
    const id = this.context.networkId();
    if (!id || this.busy()) return;
    this.busy.set(true);
    this.runError.set(null);
    try {
      const taskId = await this.api.run(id, policy.id);
      this.runs.update((list) => [...list, { policyId: policy.id, subjectName: policy.subjectName, taskId, what: 'Backup' }]);
    } catch (error) {
      this.runError.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  /** Starts a verified restore (docs/backups.md, "Verified restores") and follows its task here. */
  protected async verify(policy: BackupPolicyView): Promise<void> {
    const id = this.context.networkId();
    if (!id || this.busy()) return;
    this.busy.set(true);
    this.runError.set(null);
    try {
      const taskId = await this.api.verify(id, policy.id);
      this.runs.update((list) => [...list, { policyId: policy.id, subjectName: policy.subjectName, taskId, what: 'Verified restore' }]);
    } catch (error) {
      this.runError.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(networkId: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const [status, policies] = await Promise.all([this.api.status(networkId), this.api.policies(networkId)]);
      if (this.context.networkId() !== networkId) return;
      this.now.set(Date.now());
      this.status.set(status);
      this.policies.set(policies);
    } catch (error) {
      if (this.context.networkId() === networkId) this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
