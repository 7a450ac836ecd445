import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Confirm } from '../../core/ui/confirm';
import { lastBackupText, parentPath, pathCrumbs, restorePoint, snapshotContents, snapshotTime } from '../backups/backup-format';
import { BackupsApi, type BackupPolicyView, type SnapshotView, type TreeEntryView } from '../backups/backups.api';
import { formatBytes } from './network-mesh-format';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { TaskProgress } from '../../shared/task-progress';

/**
 * Restore one path of a policy's snapshot back to where it came from: pick a
 * snapshot, browse its tree, choose a file or directory, confirm, and follow
 * the restore task. Restoring elsewhere is left to the CLI (host admins only).
 * A machine's own snapshot (taken by its VM controller) can also be restored
 * into the running machine, at a path typed or taken from the browser.
 */
@Component({
  selector: 'clan-backup-restore-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, TaskProgress],
  styles: `
    .snapshot-list {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .snapshot-list li {
      padding: 10px 0;
      border-bottom: 1px solid var(--border);
      display: grid;
      gap: 4px;
    }
    .snapshot-list li:last-child {
      border-bottom: none;
    }
    .snapshot-when {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      align-items: baseline;
    }
    .snapshot-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    tr.selected {
      background: var(--ok-soft);
    }
  `,
  template: `
    <clan-dialog [heading]="'Restore ' + policy().subjectName" [wide]="true" (closed)="closed.emit()">
      <div data-testid="restore-dialog">
        <clan-error [error]="error()" />
        @if (taskId(); as id) {
          <clan-task-progress [taskId]="id" (dismissed)="closed.emit()" />
        } @else if (!snapshot()) {
          <h3>1. Pick a snapshot</h3>
          @if (snapshots(); as list) {
            <ul class="snapshot-list" data-testid="restore-snapshots">
              @for (s of list; track s.id) {
                <li>
                  <div class="snapshot-when">
                    <strong>{{ when(s.time) }}</strong>
                    <span class="muted small">({{ ago(s.time) }})</span>
                  </div>
                  <div class="small">
                    {{ contents(s.part) }}
                    @if (wholeMachine(s); as point) {
                      <span class="muted"> · generation {{ point.generation }}</span>
                    }
                    <span class="muted"> · snapshot {{ s.shortId }}</span>
                  </div>
                  <div class="snapshot-actions">
                    <button type="button" class="btn btn-small" [attr.data-testid]="'restore-snapshot-' + s.shortId" (click)="pick(s)">
                      Browse and restore files
                    </button>
                    @if (wholeMachine(s); as point) {
                      <button
                        type="button"
                        class="btn btn-small"
                        [attr.data-testid]="'restore-machine-' + s.shortId"
                        [disabled]="busy()"
                        [title]="'State, configuration and system as of generation ' + point.generation"
                        (click)="restoreWholeMachine(s)"
                      >
                        Restore whole machine to this point
                      </button>
                    }
                  </div>
                </li>
              } @empty {
                <li class="muted" data-testid="restore-no-snapshots">This policy has no snapshots yet.</li>
              }
            </ul>
          } @else {
            <p class="muted">Reading the snapshots…</p>
          }
        } @else {
          <h3>
            2. Choose what to restore from <code>{{ snapshot()?.shortId }}</code>
            <button type="button" class="link-btn small" data-testid="restore-back" (click)="unpick()">other snapshot</button>
          </h3>
          <nav class="small" aria-label="Folder" data-testid="restore-crumbs">
            @for (c of crumbs(); track c.path; let last = $last) {
              <button type="button" class="link-btn" (click)="browse(c.path)">{{ c.name }}</button>
              @if (!last && c.path !== '/') {
                /
              }
            }
          </nav>
          <div class="table-wrap">
            <table class="table" data-testid="restore-tree">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Size</th>
                  <th scope="col"><span class="sr-only">Choose</span></th>
                </tr>
              </thead>
              <tbody>
                @if (path() !== '/') {
                  <tr>
                    <td colspan="3"><button type="button" class="link-btn" (click)="browse(parent())">.. (up)</button></td>
                  </tr>
                }
                @for (e of entries(); track e.path) {
                  <tr [attr.data-testid]="'restore-entry-' + e.name" [class.selected]="chosen() === e.path">
                    <td>
                      @if (e.type === 'dir') {
                        <button type="button" class="link-btn" (click)="browse(e.path)">{{ e.name }}/</button>
                      } @else {
                        {{ e.name }}
                      }
                    </td>
                    <td class="small">{{ e.type === 'dir' ? '' : bytes(e.size) }}</td>
                    <td>
                      <button
                        type="button"
                        class="btn btn-small"
                        [attr.data-testid]="'restore-choose-' + e.name"
                        (click)="chosen.set(e.path)"
                      >
                        Choose
                      </button>
                    </td>
                  </tr>
                } @empty {
                  <tr>
                    <td colspan="3" class="muted">{{ browsing() ? 'Reading…' : 'Empty folder.' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <div class="dialog-actions">
            <button type="button" class="btn" data-testid="restore-choose-folder" (click)="chosen.set(path())">Choose this folder</button>
            <span class="small" data-testid="restore-chosen">
              @if (chosen(); as c) {
                Restore <code>{{ c }}</code>
              } @else {
                <span class="muted">Nothing chosen yet.</span>
              }
            </span>
            <button type="button" class="btn btn-primary" data-testid="restore-submit" [disabled]="!chosen() || busy()" (click)="restore()">
              {{ busy() ? 'Starting…' : 'Restore to original location' }}
            </button>
          </div>
          @if (intoMachine()) {
            <form class="form" data-testid="restore-in-machine" (submit)="$event.preventDefault(); restoreInMachine()">
              <h3>Or restore into {{ policy().subjectName }} while it runs</h3>
              <label for="restore-in-machine-path">Path in the machine</label>
              <input
                id="restore-in-machine-path"
                type="text"
                data-testid="restore-in-machine-path"
                [value]="machinePath()"
                (input)="machinePathTyped.set($any($event.target).value)"
              />
              <p class="muted small">Its controller restores the path from the machine's own repository, overwriting what is there.</p>
              @if (machineDone(); as done) {
                <p class="text-ok" role="status" data-testid="restore-in-machine-done">{{ done }}</p>
              }
              <button
                type="submit"
                class="btn"
                data-testid="restore-in-machine-submit"
                [disabled]="!machinePath().startsWith('/') || busy()"
              >
                {{ busy() ? 'Restoring…' : 'Restore into ' + policy().subjectName }}
              </button>
            </form>
          }
        }
      </div>
    </clan-dialog>
  `,
})
export class BackupRestoreDialog {
  readonly networkId = input.required<string>();
  readonly policy = input.required<BackupPolicyView>();
  readonly closed = output<void>();

  private readonly api = inject(BackupsApi);
  private readonly confirm = inject(Confirm);
  protected readonly snapshots = signal<SnapshotView[] | null>(null);
  protected readonly snapshot = signal<SnapshotView | null>(null);
  protected readonly path = signal('/');
  protected readonly entries = signal<TreeEntryView[]>([]);
  protected readonly browsing = signal(false);
  protected readonly chosen = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly taskId = signal<string | null>(null);
  /** What the person typed for restore-into-machine; null follows the chosen path or the browsed folder. */
  protected readonly machinePathTyped = signal<string | null>(null);
  protected readonly machineDone = signal<string | null>(null);
  protected readonly machinePath = computed(() => this.machinePathTyped() ?? this.chosen() ?? this.path());
  /** Only a snapshot its VM controller took has an original in the machine's own repository to restore from. */
  protected readonly intoMachine = computed(() => this.policy().subjectKind === 'machine' && this.snapshot()?.part === 'machine-files');

  /** A machine snapshot that records its revision and generation can bring the whole machine back. */
  protected wholeMachine(s: SnapshotView) {
    return this.policy().subjectKind === 'machine' ? restorePoint(s.tags) : null;
  }

  constructor() {
    effect(() => {
      const policy = this.policy();
      untracked(() => void this.loadSnapshots(policy));
    });
  }

  protected crumbs() {
    return pathCrumbs(this.path());
  }

  protected parent(): string {
    return parentPath(this.path());
  }

  protected when(iso: string): string {
    return snapshotTime(iso);
  }

  protected contents(part: string): string {
    return snapshotContents(part);
  }

  protected ago(iso: string): string {
    return lastBackupText(iso, Date.now());
  }

  protected bytes(n: number | null): string {
    return formatBytes(n);
  }

  private async loadSnapshots(policy: BackupPolicyView): Promise<void> {
    try {
      this.snapshots.set(await this.api.snapshots(this.networkId(), policy.repositoryId, policy.id));
    } catch (error) {
      this.error.set(describeError(error));
      this.snapshots.set([]);
    }
  }

  protected pick(snapshot: SnapshotView): void {
    this.snapshot.set(snapshot);
    this.chosen.set(null);
    this.machinePathTyped.set(null);
    this.machineDone.set(null);
    // Start where the snapshot's data is, not at an empty-looking "/".
    void this.browse(snapshot.paths.length === 1 ? snapshot.paths[0] : '/');
  }

  protected unpick(): void {
    this.snapshot.set(null);
    this.entries.set([]);
    this.error.set(null);
  }

  protected async browse(path: string): Promise<void> {
    const snapshot = this.snapshot();
    if (!snapshot) return;
    this.browsing.set(true);
    this.error.set(null);
    this.path.set(path);
    this.entries.set([]);
    try {
      const listing = await this.api.tree(this.networkId(), this.policy().repositoryId, snapshot.id, path);
      if (this.path() === path) this.entries.set(listing.entries);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.browsing.set(false);
    }
  }

  protected async restore(): Promise<void> {
    const snapshot = this.snapshot();
    const path = this.chosen();
    if (!snapshot || !path || this.busy()) return;
    const ok = await this.confirm.ask({
      title: `Restore ${path}?`,
      message: `Files under ${path} on ${this.policy().subjectName} are overwritten with their state from snapshot ${snapshot.shortId}; other files are left alone.`,
      confirmLabel: 'Restore',
      danger: true,
    });
    if (!ok) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      this.taskId.set(await this.api.restore(this.networkId(), this.policy().repositoryId, snapshot.id, path));
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async restoreWholeMachine(snapshot: SnapshotView): Promise<void> {
    const point = restorePoint(snapshot.tags);
    const machine = this.policy().subjectName;
    if (!point || this.busy()) return;
    const ok = await this.confirm.ask({
      title: `Bring ${machine} back to ${snapshotTime(snapshot.time)}?`,
      message:
        `${machine} stops; its data becomes snapshot ${snapshot.shortId} (today's data is kept aside, not deleted), ` +
        `its configuration goes back to revision ${point.revision.slice(0, 8)} and generation ${point.generation} boots.`,
      confirmLabel: 'Restore whole machine',
      danger: true,
    });
    if (!ok) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      this.taskId.set(await this.api.restoreWholeMachine(this.networkId(), machine, this.policy().repositoryId, snapshot.id));
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async restoreInMachine(): Promise<void> {
    const snapshot = this.snapshot();
    const path = this.machinePath().trim();
    const machine = this.policy().subjectName;
    if (!snapshot || !path.startsWith('/') || this.busy()) return;
    const ok = await this.confirm.ask({
      title: `Restore ${path} into ${machine}?`,
      message: `${machine} overwrites ${path} with its state from snapshot ${snapshot.shortId} while it runs; other files are left alone.`,
      confirmLabel: 'Restore',
      danger: true,
    });
    if (!ok) return;
    this.busy.set(true);
    this.error.set(null);
    this.machineDone.set(null);
    try {
      const done = await this.api.restoreInMachine(this.networkId(), this.policy().repositoryId, snapshot.id, path);
      this.machineDone.set(`${done.machine} restored ${done.restored} from snapshot ${snapshot.shortId}.`);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
