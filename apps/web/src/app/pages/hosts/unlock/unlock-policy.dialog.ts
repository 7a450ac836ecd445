import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { FleetApi } from '../fleet.api';
import { describeError, type ErrorView } from '../../../core/api/errors';
import { Dialog } from '../../../shared/dialog';
import { ErrorBox } from '../../../shared/error-box';
import { FocusOnInit } from '../../../shared/focus-on-init';
import { fieldMessage, listWords } from './unlock-format';
import type { SetClevisPolicyRequest, UnlockHostView } from './unlock-types';

/** The fields the API names when it refuses a policy; each sentence is shown at its field. */
const FIELDS = ['threshold', 'tangHostIds', 'tpm', 'device'] as const;

/**
 * A host's Clevis policy: which pins (other hosts' Tang servers, its own TPM) and how many must answer.
 * The API decides whether it can work; its 400 sentences show at the field they name.
 */
@Component({
  selector: 'clan-unlock-policy-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FocusOnInit],
  template: `
    <clan-dialog [heading]="'Unlock policy for ' + host().name" (closed)="closed.emit()">
      <form class="form" novalidate data-testid="policy-form" (submit)="$event.preventDefault(); save()">
        <p class="muted">
          {{ host().name }}’s disk opens by itself when enough <strong>pins</strong> answer: Tang servers on other hosts of the fleet (they
          help unlock without ever learning the key) and, if it has one, this host’s own TPM chip.
        </p>

        <fieldset class="unlock-pins" data-testid="policy-tang-hosts" [attr.aria-describedby]="'policy-tang-hint'">
          <legend>Tang servers on other hosts</legend>
          @for (c of candidates(); track c.hostId) {
            <label class="check">
              <input
                type="checkbox"
                [attr.data-testid]="'policy-tang-' + c.name"
                [checked]="picked().includes(c.hostId)"
                (change)="toggle(c.hostId, $any($event.target).checked)"
              />
              <span
                >{{ c.name }}
                @if (!c.online) {
                  <span class="muted">(offline now)</span>
                }
                @if (!c.tang.enabled) {
                  <span class="text-danger">(its Tang server is off)</span>
                }
              </span>
            </label>
          } @empty {
            <p class="muted" data-testid="policy-no-tang">No other host runs a Tang server yet: turn one on in that host’s card first.</p>
          }
          @if (problem('tangHostIds'); as p) {
            <small id="policy-tang-hint" class="hint hint-error" role="alert" data-testid="policy-tangHostIds-error">{{ p }}</small>
          } @else {
            <small id="policy-tang-hint" class="hint"
              >A host cannot use its own Tang server: while its disk is locked, the server is not running.</small
            >
          }
        </fieldset>

        <div class="field">
          <label class="check">
            <input type="checkbox" data-testid="policy-tpm" [checked]="tpm()" (change)="tpm.set($any($event.target).checked); edited()" />
            <span>This host’s TPM chip <span class="muted">(one more pin; it answers only on this computer’s own hardware)</span></span>
          </label>
          @if (problem('tpm'); as p) {
            <small class="hint hint-error" role="alert" data-testid="policy-tpm-error">{{ p }}</small>
          }
        </div>

        <div class="field">
          <label for="policy-threshold">Pins needed to unlock</label>
          <input
            id="policy-threshold"
            class="unlock-threshold"
            type="number"
            inputmode="numeric"
            min="1"
            [attr.max]="pins() || null"
            step="1"
            data-testid="policy-threshold"
            clanFocusOnInit
            aria-describedby="policy-threshold-hint"
            [attr.aria-invalid]="problem('threshold') ? 'true' : null"
            [value]="threshold()"
            (input)="threshold.set($any($event.target).valueAsNumber); edited()"
          />
          @if (problem('threshold'); as p) {
            <small id="policy-threshold-hint" class="hint hint-error" role="alert" data-testid="policy-threshold-error">{{ p }}</small>
          } @else {
            <small id="policy-threshold-hint" class="hint" data-testid="policy-summary">{{ summary() }}</small>
          }
        </div>

        <div class="field">
          <label for="policy-device">Encrypted device <span class="muted">(optional)</span></label>
          <input
            id="policy-device"
            name="device"
            data-testid="policy-device"
            autocomplete="off"
            spellcheck="false"
            placeholder="/dev/nvme0n1p2"
            maxlength="255"
            aria-describedby="policy-device-hint"
            [attr.aria-invalid]="problem('device') ? 'true' : null"
            [value]="device()"
            (input)="device.set($any($event.target).value); edited()"
          />
          @if (problem('device'); as p) {
            <small id="policy-device-hint" class="hint hint-error" role="alert" data-testid="policy-device-error">{{ p }}</small>
          } @else {
            <small id="policy-device-hint" class="hint">Empty: the device the host was set up with (its CLAN_UNLOCK_DEVICE).</small>
          }
        </div>

        <clan-error [error]="generalError()" />
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button type="submit" class="btn btn-primary" data-testid="policy-save" [disabled]="busy() || localProblem() !== null">
            {{ busy() ? 'Saving…' : 'Save policy' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class UnlockPolicyDialog {
  readonly host = input.required<UnlockHostView>();
  /** Every host of the fleet: the other ones with Tang on are the choices. */
  readonly hosts = input.required<readonly UnlockHostView[]>();
  readonly closed = output<void>();
  readonly saved = output<UnlockHostView>();

  private readonly api = inject(FleetApi);
  protected readonly picked = linkedSignal<string[]>(() => [...(this.host().policy?.tangHostIds ?? [])]);
  protected readonly tpm = linkedSignal(() => this.host().policy?.tpm ?? false);
  protected readonly threshold = linkedSignal<number>(() => this.host().policy?.threshold ?? 1);
  protected readonly device = linkedSignal(() => this.host().policy?.device ?? '');
  protected readonly busy = signal(false);
  private readonly error = signal<ErrorView | null>(null);

  /** Other hosts with Tang on, and any the policy names already (so a stale pin can be unticked). */
  protected readonly candidates = computed(() => {
    const self = this.host();
    const named = new Set(self.policy?.tangHostIds ?? []);
    return this.hosts().filter((h) => h.hostId !== self.hostId && (h.tang.enabled || named.has(h.hostId)));
  });
  protected readonly pins = computed(() => this.picked().length + (this.tpm() ? 1 : 0));

  /** What can be said before asking the API (the same rules it applies). */
  protected readonly localProblem = computed<{ field: string; message: string } | null>(() => {
    const pins = this.pins();
    const t = this.threshold();
    if (pins === 0) return { field: 'tangHostIds', message: 'A policy needs at least one pin: tick a Tang host or the TPM.' };
    if (!Number.isInteger(t) || t < 1 || t > pins)
      return { field: 'threshold', message: pins === 1 ? 'With one pin, it must answer: enter 1.' : `Enter a number from 1 to ${pins}.` };
    return null;
  });

  protected readonly summary = computed(() => {
    const pins = this.pins();
    const t = this.threshold();
    const spare = pins - t;
    const names = this.hosts()
      .filter((h) => this.picked().includes(h.hostId))
      .map((h) => h.name);
    const which = listWords([...names, ...(this.tpm() ? ['the TPM'] : [])]);
    return (
      `The disk opens when ${t} of these ${pins} pins answer (${which}); ` +
      (spare === 0 ? 'none may be missing.' : spare === 1 ? 'one may be missing.' : `${spare} may be missing.`)
    );
  });

  /** The sentence for a field: the API's, else the local one. */
  protected problem(field: (typeof FIELDS)[number]): string | null {
    const answered = this.error();
    if (answered) {
      const message = fieldMessage(answered.fields, field);
      if (message) return message;
    }
    const local = this.localProblem();
    return local && local.field === field ? local.message : null;
  }

  /** The API's refusal, unless every sentence of it already shows at its field. */
  protected readonly generalError = computed(() => {
    const e = this.error();
    if (!e) return null;
    const placed = e.fields.filter((f) => FIELDS.some((name) => fieldMessage([f], name) !== null));
    if (e.fields.length && placed.length === e.fields.length) return null;
    return { ...e, fields: e.fields.filter((f) => !placed.includes(f)) };
  });

  protected toggle(hostId: string, on: boolean): void {
    this.picked.update((ids) => (on ? [...ids.filter((id) => id !== hostId), hostId] : ids.filter((id) => id !== hostId)));
    this.edited();
  }

  /** An answered refusal is about what was sent; once edited, the local rules speak again. */
  protected edited(): void {
    this.error.set(null);
  }

  protected async save(): Promise<void> {
    if (this.busy() || this.localProblem()) return;
    // The hosts' order as listed, so the same choice always sends the same body.
    const order = this.hosts().map((h) => h.hostId);
    const tangHostIds = [...this.picked()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const device = this.device().trim();
    const body: SetClevisPolicyRequest = { threshold: this.threshold(), tangHostIds, tpm: this.tpm(), ...(device ? { device } : {}) };
    this.busy.set(true);
    this.error.set(null);
    try {
      this.saved.emit(await this.api.setClevisPolicy(this.host().hostId, body));
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
