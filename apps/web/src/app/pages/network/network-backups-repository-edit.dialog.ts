import { ChangeDetectionStrategy, Component, inject, input, OnInit, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Dialog } from '../../shared/dialog';
import { FocusOnInit } from '../../shared/focus-on-init';
import { BackupsApi, type BackupRepositoryView, type UpdateBackupRepositoryRequest } from '../backups/backups.api';

/**
 * Edit a repository (`PATCH …/repositories/:id`): its name, and for S3 new
 * keys (after rotating them). The location and the password cannot change:
 * they are the repository.
 */
@Component({
  selector: 'clan-backup-repository-edit-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, FocusOnInit, FormsModule],
  template: `
    <clan-dialog [heading]="'Edit repository ' + repository().name" (closed)="closed.emit()">
      <form class="form" data-testid="backup-repo-edit-form" (ngSubmit)="save()">
        @if (error(); as e) {
          <div class="alert alert-danger" role="alert" data-testid="backup-repo-edit-error">
            <p>{{ e.message }}</p>
            @for (f of e.fields; track f.field) {
              <p class="small">
                <strong>{{ f.field }}</strong>: {{ f.message }}
              </p>
            }
          </div>
        }
        <div class="field">
          <label for="repo-edit-name">Name</label>
          <input
            id="repo-edit-name"
            name="name"
            data-testid="backup-repo-edit-name"
            required
            maxlength="63"
            autocomplete="off"
            clanFocusOnInit
            [(ngModel)]="name"
          />
        </div>
        @if (repository().kind === 's3') {
          <fieldset class="field">
            <legend>New S3 keys <span class="muted">(leave empty to keep the current ones)</span></legend>
            <label for="repo-edit-access">Access key</label>
            <input id="repo-edit-access" name="accessKeyId" class="mono" autocomplete="off" [(ngModel)]="accessKeyId" />
            <label for="repo-edit-secret">Secret key</label>
            <input id="repo-edit-secret" name="secretAccessKey" type="password" autocomplete="off" [(ngModel)]="secretAccessKey" />
            <label for="repo-edit-region">Region <span class="muted">(optional)</span></label>
            <input id="repo-edit-region" name="region" class="mono" autocomplete="off" [(ngModel)]="region" />
          </fieldset>
        }
        <p class="small muted">The location and the password cannot change: they are the repository.</p>
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button type="submit" class="btn btn-primary" data-testid="backup-repo-edit-save" [disabled]="busy() || !name.trim()">
            {{ busy() ? 'Saving…' : 'Save' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class BackupRepositoryEditDialog implements OnInit {
  readonly networkId = input.required<string>();
  readonly repository = input.required<BackupRepositoryView>();
  readonly closed = output<void>();
  readonly saved = output<void>();

  private readonly api = inject(BackupsApi);
  protected name = '';
  protected accessKeyId = '';
  protected secretAccessKey = '';
  protected region = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);

  ngOnInit(): void {
    this.name = this.repository().name;
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    const body: UpdateBackupRepositoryRequest = {};
    if (this.name.trim() !== this.repository().name) body.name = this.name.trim();
    if (this.accessKeyId.trim() || this.secretAccessKey) {
      const region = this.region.trim();
      body.s3 = { accessKeyId: this.accessKeyId.trim(), secretAccessKey: this.secretAccessKey, ...(region ? { region } : {}) };
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      if (Object.keys(body).length) await this.api.updateRepository(this.networkId(), this.repository().id, body);
      this.saved.emit();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
