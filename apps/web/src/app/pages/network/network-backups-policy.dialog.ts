import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { BackupsApi, type BackupRepositoryView } from '../backups/backups.api';
import { Dialog } from '../../shared/dialog';
import { FocusOnInit } from '../../shared/focus-on-init';
import { EMPTY_POLICY_FORM, formFieldOf, messagesFor, policyRequest, type PolicyForm } from './network-backups-policy';

const FORM_FIELDS = new Set(['subjectName', 'repositoryId', 'paths', 'schedule', 'keepLast', 'keepDaily', 'keepWeekly', 'keepMonthly']);
const RETENTION = [
  { key: 'keepLast', label: 'Last' },
  { key: 'keepDaily', label: 'Daily' },
  { key: 'keepWeekly', label: 'Weekly' },
  { key: 'keepMonthly', label: 'Monthly' },
] as const;

/** A new backup policy (docs/backups.md "Policies"); the API judges every value and its 400 lands on the field. */
@Component({
  selector: 'clan-backup-policy-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, FocusOnInit, FormsModule],
  template: `
    <clan-dialog heading="New backup policy" (closed)="closed.emit()">
      <form class="form" data-testid="policy-form" (ngSubmit)="save()">
        @if (error(); as e) {
          <div class="alert alert-danger" role="alert" data-testid="policy-error">
            <p>{{ e.message }}</p>
            @for (f of otherFields(); track f.field) {
              <p class="small">
                <strong>{{ f.field }}</strong>: {{ f.message }}
              </p>
            }
          </div>
        }
        <div class="field">
          <label for="policy-subject">Machine or device</label>
          <select id="policy-subject" name="subject" data-testid="policy-subject" required clanFocusOnInit [(ngModel)]="form.subject">
            <option value="" disabled>Choose…</option>
            @for (s of subjects(); track s.kind + '/' + s.name) {
              <option [value]="s.kind + '/' + s.name">{{ s.name }} ({{ s.kind }})</option>
            }
          </select>
          @for (m of messages('subjectName'); track m) {
            <small class="hint hint-error">{{ m }}</small>
          }
        </div>
        <div class="field">
          <label for="policy-repository">Repository</label>
          <select id="policy-repository" name="repositoryId" data-testid="policy-repository" required [(ngModel)]="form.repositoryId">
            <option value="" disabled>Choose…</option>
            @for (r of repositories(); track r.id) {
              <option [value]="r.id">{{ r.name }} ({{ r.kind }})</option>
            }
          </select>
          @for (m of messages('repositoryId'); track m) {
            <small class="hint hint-error">{{ m }}</small>
          }
        </div>
        <div class="field">
          <label for="policy-paths">Paths <span class="muted">(one absolute path per line)</span></label>
          <textarea id="policy-paths" name="paths" rows="3" class="mono" data-testid="policy-paths" [(ngModel)]="form.paths"></textarea>
          <small class="hint">Machines also get the state their apps declare (e.g. Nextcloud's data).</small>
          @for (m of messages('paths'); track m) {
            <small class="hint hint-error">{{ m }}</small>
          }
        </div>
        <div class="field">
          <label for="policy-schedule">Schedule <span class="muted">(cron; machines only)</span></label>
          <input id="policy-schedule" name="schedule" class="mono" data-testid="policy-schedule" [(ngModel)]="form.schedule" />
          <small class="hint"><code>0 3 * * *</code> is every night at 3:00. Devices back themselves up and check in.</small>
          @for (m of messages('schedule'); track m) {
            <small class="hint hint-error">{{ m }}</small>
          }
        </div>
        <fieldset class="field">
          <legend>Keep snapshots</legend>
          @for (r of retention; track r.key) {
            <label [for]="'policy-' + r.key"
              >{{ r.label }}
              <input
                type="number"
                min="0"
                max="10000"
                [id]="'policy-' + r.key"
                [name]="r.key"
                [attr.data-testid]="'policy-' + r.key"
                [(ngModel)]="form[r.key]"
            /></label>
            @for (m of messages(r.key); track m) {
              <small class="hint hint-error">{{ m }}</small>
            }
          }
        </fieldset>
        <fieldset class="field">
          <legend>Alert thresholds <span class="muted">(hours since the last success)</span></legend>
          <label for="policy-late"
            >Late after
            <input
              id="policy-late"
              type="number"
              min="1"
              name="late"
              placeholder="26"
              data-testid="policy-late"
              [(ngModel)]="form.lateAfterHours"
          /></label>
          <label for="policy-stale"
            >Stale after
            <input
              id="policy-stale"
              type="number"
              min="1"
              name="stale"
              placeholder="72"
              data-testid="policy-stale"
              [(ngModel)]="form.staleAfterHours"
          /></label>
          @for (m of thresholdMessages(); track m) {
            <small class="hint hint-error">{{ m }}</small>
          }
        </fieldset>
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button
            type="submit"
            class="btn btn-primary"
            data-testid="policy-save"
            [disabled]="busy() || !form.subject || !form.repositoryId"
          >
            {{ busy() ? 'Saving…' : 'Create policy' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class BackupPolicyDialog {
  readonly networkId = input.required<string>();
  readonly subjects = input.required<{ kind: string; name: string }[]>();
  readonly repositories = input.required<BackupRepositoryView[]>();
  readonly closed = output<void>();
  readonly created = output<void>();

  private readonly api = inject(BackupsApi);
  protected readonly retention = RETENTION;
  /** Plain object for ngModel; only read on save. */
  protected readonly form: PolicyForm = { ...EMPTY_POLICY_FORM };
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  /** Messages for fields without an input of their own (thresholds are shown together). */
  protected readonly otherFields = computed(() =>
    (this.error()?.fields ?? []).filter((f) => !FORM_FIELDS.has(formFieldOf(f.field)) && !f.field.endsWith('AfterHours')),
  );

  protected messages(name: string): string[] {
    return messagesFor(this.error()?.fields ?? [], name);
  }

  protected thresholdMessages(): string[] {
    return [...this.messages('lateAfterHours'), ...this.messages('staleAfterHours')];
  }

  protected async save(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.createPolicy(this.networkId(), policyRequest(this.form));
      this.created.emit();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
