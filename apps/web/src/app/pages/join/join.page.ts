import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DOCUMENT, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { describeError, type ErrorView, linkProblem } from '../../core/api/errors';
import { ErrorBox } from '../../shared/error-box';
import { FocusOnInit } from '../../shared/focus-on-init';
import { MeshApi, type AcceptedInviteView, type InvitePreviewView } from '../network/network-mesh.api';
import { configFileName, downloadText, svgDataUrl } from '../network/network-mesh-files';
import { deviceKeyMaker, fillPrivateKey } from './device-key';

/** DNS label, as the API checks it (PEER_NAME_PATTERN). */
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

interface Joined {
  answer: AcceptedInviteView;
  /** The file to save: the panel's config, with this browser's private key filled in when it made one. */
  config: string;
  ownKey: boolean;
}

/** Words for a link that cannot be used; the API's own sentence when it has one (used, cancelled, expired). */
export function inviteProblem(error: ErrorView): { title: string; message: string } {
  return linkProblem(error, {
    invalid: 'This invite link is not valid',
    invalidMessage: 'Check that you opened the whole link, or ask the person who sent it for a new one.',
    gone: 'This invite link can no longer be used',
    unreadable: 'The invite could not be read',
  });
}

/**
 * `/join/:token` (public): a person opens the invite link on the device that
 * should join. Where the browser can, the device makes its own key pair and
 * only the public key is sent; the returned config gets the private key here.
 */
@Component({
  selector: 'clan-join-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, DatePipe, ErrorBox, FocusOnInit, RouterLink],
  styles: `
    .join-card {
      width: min(560px, 100%);
    }
    .join-config {
      max-height: 320px;
      overflow: auto;
      padding: 8px;
      font-size: 12px;
      white-space: pre;
      border: 1px solid var(--border);
      border-radius: 6px;
    }
  `,
  template: `
    <main class="auth-page">
      <div class="auth-card join-card" data-testid="join-page">
        <div class="auth-brand"><span class="brand-mark" aria-hidden="true">c</span>LAN panel</div>
        @if (loading()) {
          <h1>Joining a network…</h1>
          <p class="muted" role="status">Reading the invite…</p>
        } @else if (problem(); as p) {
          <h1>{{ p.title }}</h1>
          <div class="alert alert-danger" role="alert" data-testid="join-problem">
            <p>{{ p.message }}</p>
          </div>
        } @else if (joined(); as j) {
          <h1>{{ j.answer.device.name }} joined {{ preview()?.network }}</h1>
          <p data-testid="join-done">
            This device is <strong>{{ j.answer.device.name }}.{{ j.answer.domain }}</strong> at
            <code>{{ j.answer.device.ipv4 }}</code>
            @if (j.answer.device.ipv6) {
              and <code>{{ j.answer.device.ipv6 }}</code>
            }
            .
          </p>
          @if (j.ownKey) {
            <div class="alert alert-info" role="status">
              The key pair was made in this browser; the panel only has the public key. Save the file now: the private key is in it and
              nowhere else, and it is gone when you leave this page.
            </div>
          } @else {
            <div class="alert alert-warn" role="status">
              The file and the QR code hold this device's private key: keep them to yourself.
            </div>
          }
          <div class="form-actions">
            <button type="button" class="btn btn-primary" data-testid="join-download" (click)="download(j)">
              Download {{ fileName(j) }}
            </button>
          </div>
          @if (j.answer.qrSvg && !j.ownKey) {
            <p class="muted small">
              On a phone: scan this with the {{ layerTitle() }} app{{
                layerKind() === 'wireguard' ? ' (Add tunnel → Scan from QR code)' : ''
              }}.
            </p>
            <img class="qr" [src]="qrUrl(j.answer.qrSvg)" width="200" height="200" [alt]="qrAlt()" data-testid="join-qr" />
          }
          @if (layerKind() === 'wireguard') {
            <p class="muted small">
              Then: <code>wg-quick up ./{{ fileName(j) }}</code> on Linux, or import the file in the WireGuard app (Import tunnel from
              file).
            </p>
          } @else {
            <p class="muted small">Then start {{ layerTitle() }} on this device with the file.</p>
          }
          <details>
            <summary>Show the configuration</summary>
            <pre class="join-config mono" data-testid="join-config">{{ j.config }}</pre>
          </details>
          <p class="muted small" data-testid="join-ca">
            Once connected, install the network's certificate from <a routerLink="/home">your home page</a>, so your browser trusts the
            network's own addresses.
          </p>
        } @else if (preview(); as p) {
          <h1>Join {{ p.network }}</h1>
          <p class="muted">
            You were invited to add a device to the private network <strong>{{ p.network }}</strong> ({{ p.layer.title }}).
            @if (p.note) {
              <br />“{{ p.note }}”
            }
          </p>
          <p class="muted small" data-testid="join-expiry">
            The link works once, until {{ p.expiresAt | date: 'yyyy-MM-dd HH:mm' }}.
            @if (p.relayOnly) {
              It is for a phone: the device talks to the panel's relay only.
            }
          </p>
          <form class="form" (ngSubmit)="join()">
            <div class="field">
              <label for="join-name">Device name</label>
              <input
                id="join-name"
                name="name"
                data-testid="join-name"
                required
                maxlength="63"
                autocapitalize="none"
                spellcheck="false"
                autocomplete="off"
                clanFocusOnInit
                [attr.aria-invalid]="nameProblem() ? 'true' : null"
                aria-describedby="join-name-hint"
                [(ngModel)]="name"
              />
              <p id="join-name-hint" class="hint" [class.hint-error]="nameProblem()">
                {{
                  nameProblem() ??
                    'Lowercase letters, digits and inner hyphens; it becomes ' + (name() || 'name') + '.' + p.network + '.clan.'
                }}
              </p>
            </div>
            <div class="field">
              <label class="check">
                <input type="checkbox" name="ownKey" data-testid="join-own-key" [disabled]="!canMakeKey()" [(ngModel)]="ownKey" />
                This device makes its own key
              </label>
              <p class="hint">
                @if (!canMakeKey()) {
                  This browser cannot make the key here, so the panel makes it and shows the config once (and a QR code for phones).
                } @else if (ownKey()) {
                  Recommended: the private key is made in this browser and never sent; the panel only gets the public key.
                } @else {
                  The panel makes the key pair and gives you a config with a QR code, e.g. to scan with a phone from this screen.
                }
              </p>
            </div>
            <clan-error [error]="error()" />
            <div class="form-actions">
              <button type="submit" class="btn btn-primary" data-testid="join-submit" [disabled]="busy() || !!nameProblem() || !name()">
                {{ busy() ? 'Joining…' : 'Join ' + p.network }}
              </button>
            </div>
          </form>
        }
      </div>
    </main>
  `,
})
export class JoinPage {
  /** Bound from the route parameter. */
  readonly token = input.required<string>();

  private readonly api = inject(MeshApi);
  private readonly doc = inject(DOCUMENT);

  protected readonly loading = signal(true);
  protected readonly preview = signal<InvitePreviewView | null>(null);
  protected readonly problem = signal<{ title: string; message: string } | null>(null);
  protected readonly joined = signal<Joined | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly busy = signal(false);
  protected readonly name = signal('');
  protected readonly ownKey = signal(false);
  protected readonly canMakeKey = signal(false);
  /** The network's mesh layer, from the preview: which key pair this browser makes, how the file is used. */
  protected readonly layerKind = computed(() => this.preview()?.layer.kind ?? null);
  protected readonly layerTitle = computed(() => this.preview()?.layer.title ?? 'mesh');
  protected readonly qrAlt = computed(() => `QR code of this device's ${this.layerTitle()} configuration`);
  private readonly keyMaker = computed(() => deviceKeyMaker(this.preview()?.layer.keyAlgorithm));

  protected readonly nameProblem = computed(() => {
    const name = this.name();
    if (!name) return null;
    return NAME.test(name) ? null : 'Use lowercase letters, digits and inner hyphens (at most 63), e.g. anna-phone.';
  });

  constructor() {
    inject(Title).setTitle('Join a network · cLAN panel');
    effect(() => {
      const token = this.token();
      untracked(() => void this.load(token));
    });
  }

  protected qrUrl(svg: string): string {
    return svgDataUrl(svg);
  }

  protected fileName(j: Joined): string {
    return configFileName(j.answer.device.name, this.preview()?.layer.configFormats[0]);
  }

  protected download(j: Joined): void {
    downloadText(this.doc, this.fileName(j), j.config);
  }

  protected async join(): Promise<void> {
    const name = this.name().trim();
    if (!name || this.nameProblem() || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const maker = this.keyMaker();
      const ownKey = this.ownKey() && this.canMakeKey() && maker !== null;
      // The private key lives only in this function and in the joined config shown below.
      const pair = ownKey ? await maker.generate() : null;
      const answer = await this.api.acceptInvite(this.token(), name, pair?.publicKey);
      const config = pair && maker ? fillPrivateKey(answer.config, pair.privateKey, maker) : answer.config;
      this.joined.set({ answer, config, ownKey });
    } catch (error) {
      const view = describeError(error);
      // A used/cancelled/expired link cannot be retried: show it like a bad link. A taken name can.
      if (view.status === 410) this.problem.set(inviteProblem(view));
      else this.error.set(view);
    } finally {
      this.busy.set(false);
    }
  }

  private async load(token: string): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const preview = await this.api.previewInvite(token);
      // The layer says which key pair a device makes; this browser may or may not make that kind.
      const canMakeKey = (await deviceKeyMaker(preview.layer.keyAlgorithm)?.supported()) ?? false;
      this.canMakeKey.set(canMakeKey);
      this.ownKey.set(canMakeKey);
      this.preview.set(preview);
      if (!this.name()) this.name.set(preview.deviceName ?? '');
    } catch (error) {
      this.problem.set(inviteProblem(describeError(error)));
    } finally {
      this.loading.set(false);
    }
  }
}
