import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, inject, input, output, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FleetApi } from './fleet.api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { CreatedHostEnrolmentView } from '../../core/api/fleet-types';
import { CopyBox } from '../../shared/copy-box';
import { Dialog } from '../../shared/dialog';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { DEFAULT_ENROLMENT_MINUTES, ENROLMENT_EXPIRY, expiresIn, hostNameProblem } from './host-format';
import { HOSTS_STYLES } from './hosts.styles';

/**
 * Add a host to the fleet: a name and how long the one-time token lasts, then
 * the commands to run on the new machine (shown once: the token is in them).
 */
@Component({
  selector: 'clan-add-host-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [HOSTS_STYLES],
  imports: [Dialog, ErrorBox, CopyBox, FocusOnInit, DatePipe],
  template: `
    <clan-dialog heading="Add a host" [wide]="created() !== null" (closed)="closed.emit()">
      @if (created(); as c) {
        <div class="form" data-testid="add-host-result">
          <p>
            On the new host (Debian 12, as root), run these commands in order. It joins the fleet as <strong>{{ c.name }}</strong> and shows
            up on this page within a minute.
          </p>
          <ol class="host-commands" data-testid="add-host-commands">
            @for (command of c.commands; track $index) {
              <li><clan-copy-box [value]="command" [label]="'command ' + ($index + 1)" [testId]="'add-host-command-' + $index" /></li>
            }
          </ol>
          @if (c.commands.length > 1) {
            <div><clan-copy-box [value]="allCommands()" label="all commands" [hideValue]="true" /></div>
          }
          <div class="field">
            <span>One-time token</span>
            <clan-copy-box [value]="c.token" label="token" testId="add-host-token" />
          </div>
          <p class="alert alert-warn" role="status" data-testid="add-host-once">
            The token works once and only until {{ c.expiresAt | date: 'd MMM, HH:mm' }} ({{ expiry(c.expiresAt) }}). It is shown only now:
            copy the commands before you close this dialog. If it runs out, add the host again.
          </p>
          <div class="dialog-actions">
            <button type="button" class="btn btn-primary" data-testid="add-host-done" (click)="closed.emit()">Done</button>
          </div>
        </div>
      } @else {
        <form class="form" novalidate (submit)="$event.preventDefault(); create()">
          <p class="muted">
            A host is another computer that runs machines for this panel. You give it a name here and get a one-time token with the commands
            that install the node software on it.
          </p>
          <div class="field">
            <label for="add-host-name">Name</label>
            <input
              id="add-host-name"
              name="name"
              data-testid="add-host-name"
              maxlength="63"
              autocomplete="off"
              spellcheck="false"
              clanFocusOnInit
              aria-describedby="add-host-name-hint"
              [attr.aria-invalid]="shownProblem() ? 'true' : null"
              [value]="name()"
              (input)="name.set($any($event.target).value)"
            />
            @if (shownProblem(); as problem) {
              <small id="add-host-name-hint" class="hint hint-error" role="alert" data-testid="add-host-name-error">{{ problem }}</small>
            } @else {
              <small id="add-host-name-hint" class="hint">Lower-case letters, digits and dashes, e.g. <code>worker-1</code>.</small>
            }
          </div>
          <div class="field">
            <label for="add-host-expiry">The token works for</label>
            <select id="add-host-expiry" name="expiry" data-testid="add-host-expiry" (change)="minutes.set(+$any($event.target).value)">
              @for (o of expiryOptions; track o.minutes) {
                <option [value]="o.minutes" [selected]="o.minutes === minutes()">{{ o.label }}</option>
              }
            </select>
          </div>
          <clan-error [error]="error()" />
          <div class="dialog-actions">
            <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
            <button type="submit" class="btn btn-primary" data-testid="add-host-submit" [disabled]="busy()">
              {{ busy() ? 'Creating…' : 'Create token' }}
            </button>
          </div>
        </form>
      }
    </clan-dialog>
  `,
})
export class AddHostDialog {
  /** Names already in the fleet: a new host may not take one. */
  readonly takenNames = input<readonly string[]>([]);
  readonly closed = output<void>();
  /** An enrolment was made (the pending list should show it). */
  readonly enrolled = output<void>();

  private readonly api = inject(FleetApi);
  protected readonly expiryOptions = ENROLMENT_EXPIRY;
  protected readonly name = signal('');
  protected readonly minutes = signal(DEFAULT_ENROLMENT_MINUTES);
  protected readonly attempted = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly created = signal<CreatedHostEnrolmentView | null>(null);
  /** Pasted names often carry a space at either end: that is not what anyone meant. */
  private readonly trimmed = computed(() => this.name().trim());
  private readonly problem = computed(() => hostNameProblem(this.trimmed(), this.takenNames()));
  /** Said once there is something to judge, or after a submit: not while the field is still empty. */
  protected readonly shownProblem = computed(() => (this.trimmed() || this.attempted() ? this.problem() : null));
  protected readonly allCommands = computed(() => (this.created()?.commands ?? []).join('\n'));

  protected expiry(iso: string): string {
    return expiresIn(iso);
  }

  protected async create(): Promise<void> {
    if (this.busy() || this.created()) return;
    this.attempted.set(true);
    if (this.problem()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      this.created.set(await this.api.createHostEnrolment({ name: this.trimmed(), expiresInMinutes: this.minutes() }));
      this.enrolled.emit();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
