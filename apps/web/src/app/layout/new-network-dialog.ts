import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NetworkSystem } from '@clan/contracts';
import { Router } from '@angular/router';
import { describeError, type ErrorView } from '../core/api/errors';
import { NetworkStore, type MeshLayerChoice } from '../core/networks/network-store';
import { Notifier } from '../core/ui/notifier';
import { Dialog } from '../shared/dialog';
import { FocusOnInit } from '../shared/focus-on-init';
import { ErrorBox } from '../shared/error-box';
import { NetworkSystemChoice } from './network-system-choice';

@Component({
  selector: 'clan-new-network-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Dialog, ErrorBox, FormsModule, FocusOnInit, NetworkSystemChoice],
  styles: `
    /* One choice per line, the radio beside the first line of its words. */
    .layer-choice .check {
      display: flex;
      align-items: flex-start;
      margin-bottom: 4px;
    }
    .layer-choice .check input {
      margin-top: 0.2rem;
    }
  `,
  template: `
    <clan-dialog heading="New network" (closed)="closed.emit()">
      <form class="form" (ngSubmit)="create()">
        <p class="muted">
          A network is one group's private mesh: its members, machines and DNS zone. Its name becomes part of every device address (<code
            >device.{{ name() || 'name' }}.clan</code
          >).
        </p>
        <div class="field">
          <label for="network-name">Name</label>
          <input
            id="network-name"
            name="name"
            data-testid="network-name"
            required
            maxlength="63"
            pattern="[a-z0-9]([a-z0-9-]*[a-z0-9])?"
            autocomplete="off"
            clanFocusOnInit
            aria-describedby="network-name-hint"
            [(ngModel)]="name"
          />
          <small id="network-name-hint" class="hint">Lower-case letters, digits and dashes, e.g. <code>family</code>.</small>
        </div>
        <div class="field">
          <label for="network-description">Description <span class="muted">(optional)</span></label>
          <input id="network-description" name="description" data-testid="network-description" maxlength="500" [(ngModel)]="description" />
        </div>
        <clan-network-system-choice [(system)]="system" />
        <fieldset class="field layer-choice" data-testid="new-network-layer">
          <legend>Mesh VPN</legend>
          <label class="check">
            <input
              type="radio"
              name="mesh-layer"
              data-testid="new-network-layer-wireguard"
              [checked]="meshLayer() === 'wireguard'"
              (change)="meshLayer.set('wireguard')"
            />
            <span
              ><strong>WireGuard</strong>
              <span class="muted">(default) — fast; phones join with the WireGuard app and a QR code.</span></span
            >
          </label>
          <label class="check">
            <input
              type="radio"
              name="mesh-layer"
              data-testid="new-network-layer-yggdrasil"
              [checked]="meshLayer() === 'yggdrasil'"
              (change)="meshLayer.set('yggdrasil')"
            />
            <span
              ><strong>Yggdrasil</strong>
              <span class="muted"
                >— addresses come from each device's key and traffic finds its own way through the mesh; every device needs Yggdrasil.</span
              ></span
            >
          </label>
          <small class="hint">Chosen once: it cannot be changed later.</small>
        </fieldset>
        <clan-error [error]="error()" />
        <div class="dialog-actions">
          <button type="button" class="btn" (click)="closed.emit()">Cancel</button>
          <button type="submit" class="btn btn-primary" data-testid="network-create" [disabled]="busy() || !name().trim()">
            {{ busy() ? 'Creating…' : 'Create network' }}
          </button>
        </div>
      </form>
    </clan-dialog>
  `,
})
export class NewNetworkDialog {
  readonly closed = output<void>();
  protected readonly name = signal('');
  protected readonly description = signal('');
  protected readonly system = signal<NetworkSystem>(NetworkSystem.Nixos);
  protected readonly meshLayer = signal<MeshLayerChoice>('wireguard');
  protected readonly busy = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  private readonly store = inject(NetworkStore);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);

  protected async create(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      // The default layer is not sent: the request stays what it was before there was a choice.
      const layer = this.meshLayer() === 'wireguard' ? undefined : this.meshLayer();
      const network = await this.store.create(this.name().trim(), this.description().trim() || undefined, this.system(), layer);
      this.notifier.ok(`Network “${network.name}” created.`);
      this.closed.emit();
      await this.router.navigate(['/networks', network.id]);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
