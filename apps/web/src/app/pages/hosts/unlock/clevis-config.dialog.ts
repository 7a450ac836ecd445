import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FleetApi } from '../fleet.api';
import { describeError, type ErrorView } from '../../../core/api/errors';
import { CopyBox } from '../../../shared/copy-box';
import { Dialog } from '../../../shared/dialog';
import { ErrorBox } from '../../../shared/error-box';
import type { ClevisConfigView, UnlockHostView } from './unlock-types';

/** The exact Clevis configuration the host's policy binds, read-only with Copy (for a manual bind or a NixOS secretFile). */
@Component({
  selector: 'clan-clevis-config-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CopyBox, Dialog, ErrorBox],
  template: `
    <clan-dialog [heading]="'Clevis configuration of ' + host().name" [wide]="true" (closed)="closed.emit()">
      <clan-error [error]="error()" />
      @if (config(); as c) {
        @if (c.problems.length) {
          <div class="alert alert-warn unlock-problems" role="status" data-testid="clevis-config-problems">
            <p>The configuration cannot be made yet:</p>
            <ul>
              @for (p of c.problems; track p.field + p.message) {
                <li>{{ p.message }}</li>
              }
            </ul>
          </div>
        }
        @if (c.text; as text) {
          <p class="muted small">
            What the panel binds: <code>clevis luks bind -d DEVICE sss '…'</code> with this configuration. On NixOS, encrypt a key file with
            it for <code>boot.initrd.clevis</code> (docs/fleet-unlock.md).
          </p>
          <pre class="log unlock-config" data-testid="clevis-config-text">{{ text }}</pre>
          <clan-copy-box [value]="text" label="Clevis configuration" [hideValue]="true" />
        }
      } @else if (!error()) {
        <p class="muted">Loading the configuration…</p>
      }
      <div class="dialog-actions">
        <button type="button" class="btn" data-testid="clevis-config-close" (click)="closed.emit()">Close</button>
      </div>
    </clan-dialog>
  `,
})
export class ClevisConfigDialog {
  readonly host = input.required<UnlockHostView>();
  readonly closed = output<void>();

  private readonly api = inject(FleetApi);
  protected readonly config = signal<ClevisConfigView | null>(null);
  protected readonly error = signal<ErrorView | null>(null);

  constructor() {
    effect(() => {
      const hostId = this.host().hostId;
      untracked(() => void this.load(hostId));
    });
  }

  private async load(hostId: string): Promise<void> {
    try {
      this.config.set(await this.api.clevisConfig(hostId));
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    }
  }
}
