import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { CopyBox } from '../../shared/copy-box';
import { Dialog } from '../../shared/dialog';
import { FocusOnInit } from '../../shared/focus-on-init';
import { TaskProgress } from '../../shared/task-progress';
import { BackupsApi, type CreatedBackupRepositoryView } from '../backups/backups.api';
import {
  EMPTY_REPOSITORY_FORM,
  repositoryFieldOf,
  repositoryFormComplete,
  repositoryRequest,
  type RepositoryForm,
} from './network-backups-repository';

const FORM_FIELDS = new Set(['name', 'path', 'endpoint', 'bucket', 'prefix', 'accessKeyId', 'secretAccessKey', 'region']);

/**
 * "Add repository" (docs/backups.md "Repositories"): a host directory (host
 * admins only) or an S3 bucket. The panel generates the repository password;
 * it is shown here once, and the dialog stays until the admin says it is
 * stored. The new repository is initialised (`restic init`) right away.
 */
@Component({
  selector: 'clan-backup-repository-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CopyBox, Dialog, FocusOnInit, FormsModule, TaskProgress],
  template: `
    <clan-dialog [heading]="done() ? 'Repository ' + done()!.name + ' added' : 'Add a backup repository'" (closed)="dismiss()">
      @if (done(); as repo) {
        <div data-testid="backup-repo-created">
          @if (repo.password) {
            <div class="alert alert-warn" role="alert">
              <p>
                <strong>Store this password somewhere safe: without it the backups cannot be restored.</strong>
                The panel keeps it encrypted and will not show it again.
              </p>
            </div>
            <div class="field">
              <p class="small">Password of {{ repo.name }}</p>
              <clan-copy-box [value]="repo.password" label="repository password" testId="backup-repo-password" />
            </div>
            <label class="check">
              <input type="checkbox" data-testid="backup-repo-stored" [checked]="stored()" (change)="toggleStored($event)" />
              I have stored it
            </label>
          }
          @if (initTask(); as taskId) {
            <p class="small">Initialising the repository (<code>restic init</code>):</p>
            <clan-task-progress [taskId]="taskId" (taskEnded)="created.emit()" />
          }
          <div class="dialog-actions">
            <button type="button" class="btn btn-primary" data-testid="backup-repo-done" [disabled]="!canClose()" (click)="closed.emit()">
              Done
            </button>
          </div>
        </div>
      } @else {
        <form class="form" data-testid="backup-repo-form" (ngSubmit)="save()">
          @if (error(); as e) {
            <div class="alert alert-danger" role="alert" data-testid="backup-repo-error">
              <p>{{ e.message }}</p>
              @for (f of otherFields(); track f.field) {
                <p class="small">
                  <strong>{{ f.field }}</strong>: {{ f.message }}
                </p>
              }
            </div>
          }
          <fieldset class="field">
            <legend>Where the backups go</legend>
            <div class="segmented" role="radiogroup" aria-label="Repository kind">
              <label class="check">
                <input
                  type="radio"
                  name="kind"
                  value="s3"
                  data-testid="backup-repo-kind-s3"
                  [checked]="kind() === 's3'"
                  (change)="setKind('s3')"
                />
                S3 bucket
              </label>
              @if (hostAdmin()) {
                <label class="check">
                  <input
                    type="radio"
                    name="kind"
                    value="local"
                    data-testid="backup-repo-kind-local"
                    [checked]="kind() === 'local'"
                    (change)="setKind('local')"
                  />
                  Directory on this host
                </label>
              }
            </div>
            @if (!hostAdmin()) {
              <small class="hint">A directory on this host can only be chosen by the panel's administrator.</small>
            }
          </fieldset>
          <div class="field">
            <label for="repo-name">Name</label>
            <input
              id="repo-name"
              name="name"
              data-testid="backup-repo-name"
              required
              maxlength="63"
              autocomplete="off"
              placeholder="offsite"
              clanFocusOnInit
              [(ngModel)]="form.name"
            />
            <small class="hint">Lowercase letters, digits and hyphens, e.g. "nas" or "offsite-s3".</small>
            @for (m of messages('name'); track m) {
              <small class="hint hint-error">{{ m }}</small>
            }
          </div>
          @if (kind() === 'local') {
            <div class="field">
              <label for="repo-path">Directory</label>
              <input
                id="repo-path"
                name="path"
                class="mono"
                data-testid="backup-repo-path"
                required
                placeholder="/srv/backups/family"
                [(ngModel)]="form.path"
              />
              <small class="hint"
                >An absolute path on this host, ideally on another disk than the data. The panel's user must be able to write there.</small
              >
              @for (m of messages('path'); track m) {
                <small class="hint hint-error">{{ m }}</small>
              }
            </div>
          } @else {
            @for (f of s3Fields; track f.key) {
              <div class="field">
                <label [for]="'repo-' + f.key"
                  >{{ f.label }}
                  @if (f.optional) {
                    <span class="muted">(optional)</span>
                  }
                </label>
                <input
                  [id]="'repo-' + f.key"
                  [name]="f.key"
                  [type]="f.secret ? 'password' : 'text'"
                  [class.mono]="!f.secret"
                  [attr.data-testid]="'backup-repo-' + f.key"
                  [attr.placeholder]="f.placeholder"
                  autocomplete="off"
                  [(ngModel)]="form[f.key]"
                />
                @if (f.hint) {
                  <small class="hint">{{ f.hint }}</small>
                }
                @for (m of messages(f.key); track m) {
                  <small class="hint hint-error">{{ m }}</small>
                }
              </div>
            }
          }
          <p class="small muted">The panel generates the repository password and shows it once, next.</p>
          <div class="dialog-actions">
            <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
            <button type="submit" class="btn btn-primary" data-testid="backup-repo-save" [disabled]="busy() || !complete()">
              {{ busy() ? 'Adding…' : 'Add repository' }}
            </button>
          </div>
        </form>
      }
    </clan-dialog>
  `,
})
export class BackupRepositoryDialog {
  readonly networkId = input.required<string>();
  /** Only host admins are offered a host directory (the API refuses others with a 403). */
  readonly hostAdmin = input(false);
  readonly closed = output<void>();
  /** The repository exists (and again when its init ended): the list should reload. */
  readonly created = output<void>();

  private readonly api = inject(BackupsApi);
  protected readonly s3Fields = [
    {
      key: 'endpoint',
      label: 'Endpoint',
      placeholder: 'garage.example:3900',
      hint: 'Host and port of the S3 service; https:// unless you write http://.',
      optional: false,
      secret: false,
    },
    { key: 'bucket', label: 'Bucket', placeholder: 'family-backups', hint: '', optional: false, secret: false },
    { key: 'prefix', label: 'Prefix', placeholder: 'panel', hint: 'A folder in the bucket, to share it.', optional: true, secret: false },
    { key: 'accessKeyId', label: 'Access key', placeholder: 'GK3a1b2c…', hint: '', optional: false, secret: false },
    { key: 'secretAccessKey', label: 'Secret key', placeholder: '', hint: 'Stored encrypted.', optional: false, secret: true },
    { key: 'region', label: 'Region', placeholder: 'garage', hint: 'Only when the service needs one.', optional: true, secret: false },
  ] as const;
  /** Plain object for ngModel; only read on save. */
  protected readonly form: RepositoryForm = { ...EMPTY_REPOSITORY_FORM };
  protected readonly kind = signal<RepositoryForm['kind']>('s3');
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly done = signal<CreatedBackupRepositoryView | null>(null);
  protected readonly initTask = signal<string | null>(null);
  protected readonly stored = signal(false);
  protected readonly canClose = computed(() => !this.done()?.password || this.stored());
  protected readonly otherFields = computed(() =>
    (this.error()?.fields ?? []).filter((f) => !FORM_FIELDS.has(repositoryFieldOf(f.field, this.kind()))),
  );

  protected complete(): boolean {
    return repositoryFormComplete(this.form);
  }

  protected setKind(kind: RepositoryForm['kind']): void {
    this.form.kind = kind;
    this.kind.set(kind);
    this.error.set(null);
  }

  protected toggleStored(event: Event): void {
    this.stored.set((event.target as HTMLInputElement).checked);
  }

  protected messages(name: string): string[] {
    return (this.error()?.fields ?? []).filter((f) => repositoryFieldOf(f.field, this.kind()) === name).map((f) => f.message);
  }

  /** Escape and the close button: not before the once-shown password is confirmed as stored. */
  protected dismiss(): void {
    if (this.canClose()) this.closed.emit();
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const repo = await this.api.createRepository(this.networkId(), repositoryRequest(this.form));
      this.done.set(repo);
      this.created.emit();
      try {
        this.initTask.set(await this.api.initRepository(this.networkId(), repo.id));
      } catch {
        // the list offers "Initialise" again; the repository itself exists
      }
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
