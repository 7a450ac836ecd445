import { ChangeDetectionStrategy, Component, DOCUMENT, InjectionToken, computed, effect, inject, input, signal } from '@angular/core';
import { svgDataUrl } from '../network/network-mesh-files';
import type { HomeCaView } from './home.api';
import { CA_FORMAT_LABELS, CA_PLATFORMS, type CaFormat, type CaPlatform, caFileName, caSteps, detectCaPlatform } from './ca-platforms';

/** Makes a QR code as SVG text; `qrcode` is a lazy chunk, fetched when the first QR code shows. Tests provide a fake. */
export const CA_QR_SVG = new InjectionToken<(text: string) => Promise<string>>('CA_QR_SVG', {
  providedIn: 'root',
  factory: () => async (text: string) => {
    // qrcode is CommonJS: in the browser bundle its exports are the module's `default`
    // (a destructured `toString` would be Object.prototype's).
    const loaded = (await import('qrcode')) as typeof import('qrcode') & { default?: typeof import('qrcode') };
    const qrcode = loaded.default ?? loaded;
    return qrcode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  },
});

/**
 * "Install the network's certificate" on the home page (docs/https.md): the
 * downloads of the network's certificate authority and, for the platform the
 * member picks (preselected from the browser's user agent), the steps to trust
 * it. A phone's guide shown on a computer carries a QR code that opens the
 * download on the phone.
 */
@Component({
  selector: 'clan-network-ca',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  styles: `
    h3 {
      margin: 16px 0 6px;
      font-size: 1rem;
    }
    p {
      margin: 0 0 8px;
      overflow-wrap: anywhere;
    }
    .ca-guide li {
      overflow-wrap: anywhere;
    }
    .ca-platforms {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin: 0 0 8px;
    }
    .ca-platforms .btn[aria-pressed='true'] {
      background: var(--accent-soft);
      border-color: var(--accent);
      color: var(--text);
      font-weight: 600;
    }
    .ca-guide {
      padding: 8px 10px;
      border: 1px solid var(--border);
      border-radius: 6px;
      min-width: 0;
    }
    .ca-guide .steps {
      margin: 8px 0 0;
    }
    .ca-guide li + li {
      margin-top: 4px;
    }
    .ca-command {
      display: block;
      margin: 4px 0 0;
      padding: 4px 6px;
      background: var(--surface-2);
      border-radius: var(--radius);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .ca-qr {
      margin-top: 10px;
    }
    .ca-formats {
      margin: 8px 0 0;
    }
  `,
  template: `
    <h3 [id]="headingId()">Install the network's certificate</h3>
    <p class="small muted">
      So your browser trusts {{ network() }}'s own addresses (https://….{{ network() }}.clan) and opens its apps without a warning. Once on
      each device.
    </p>
    <div class="ca-platforms" role="group" [attr.aria-label]="'Your device, for the steps of ' + network()">
      @for (g of guides; track g.platform) {
        <button
          type="button"
          class="btn btn-small"
          [attr.aria-pressed]="platform() === g.platform"
          [attr.data-testid]="'ca-platform-' + g.platform"
          (click)="platform.set(g.platform)"
        >
          {{ g.label }}
        </button>
      }
    </div>
    @if (guide(); as g) {
      <div class="ca-guide" [attr.data-testid]="'ca-guide-' + network()" [attr.data-platform]="g.platform">
        <a class="btn btn-small btn-primary" download data-testid="ca-download" [href]="link(g.format)">
          Download {{ formatLabels[g.format] }}
        </a>
        <ol class="steps small">
          @for (step of steps(); track $index) {
            <li>
              {{ step.text }}
              @if (step.command) {
                <code class="ca-command mono" data-testid="ca-command">{{ step.command }}</code>
              }
            </li>
          }
        </ol>
        @if (showQr()) {
          <div class="ca-qr">
            <p class="small muted">
              Or scan this with the phone's camera to download it there; no need to sign in on the phone. The code works for a day.
            </p>
            @if (qrUrl(); as url) {
              <img
                class="qr"
                width="200"
                height="200"
                data-testid="ca-qr"
                [src]="url"
                [alt]="'QR code of the link to ' + fileName(g.format)"
              />
            } @else if (qrFailed()) {
              <p class="small muted" data-testid="ca-qr-failed">The QR code could not be made; open this page on the phone instead.</p>
            } @else {
              <p class="small muted" role="status">Making the QR code…</p>
            }
          </div>
        }
      </div>
    }
    <p class="small muted ca-formats" [attr.data-testid]="'ca-formats-' + network()">
      All files:
      @for (f of formats; track f; let last = $last) {
        <a download [href]="link(f)" [attr.data-testid]="'ca-file-' + f">{{ fileName(f) }}</a>{{ last ? '' : ' · ' }}
      }
    </p>
  `,
})
export class NetworkCa {
  /** The network's name (the files are named after it). */
  readonly network = input.required<string>();
  /** Its download links, from the home response. */
  readonly ca = input.required<HomeCaView>();

  private readonly doc = inject(DOCUMENT);
  private readonly makeQr = inject(CA_QR_SVG);
  private readonly visitor = detectCaPlatform(
    this.doc.defaultView?.navigator.userAgent ?? '',
    this.doc.defaultView?.navigator.maxTouchPoints,
  );

  protected readonly guides = CA_PLATFORMS;
  protected readonly formats: readonly CaFormat[] = ['crt', 'pem', 'mobileconfig'];
  protected readonly formatLabels = CA_FORMAT_LABELS;
  protected readonly platform = signal<CaPlatform>(this.visitor);
  protected readonly guide = computed(() => CA_PLATFORMS.find((g) => g.platform === this.platform()) ?? CA_PLATFORMS[0]);
  protected readonly steps = computed(() => caSteps(this.guide(), this.network()));
  protected readonly headingId = computed(() => `ca-heading-${this.network()}`);
  /** A phone's steps read on a computer: the QR code brings the download to the phone. */
  protected readonly showQr = computed(() => this.guide().phone && !CA_PLATFORMS.some((g) => g.platform === this.visitor && g.phone));
  protected readonly qrUrl = signal<string | null>(null);
  protected readonly qrFailed = signal(false);

  constructor() {
    effect(() => {
      // The signed link: the phone opens the download without signing in to the panel (valid for a day).
      const target = this.showQr() ? this.absolute(this.ca().signed[this.guide().format]) : null;
      void this.drawQr(target);
    });
  }

  protected link(format: CaFormat): string {
    return this.ca()[format];
  }

  protected fileName(format: CaFormat): string {
    return caFileName(this.network(), format);
  }

  /** The link as the phone must open it: this panel's address as the browser sees it. */
  private absolute(path: string): string {
    return new URL(path, this.doc.location.origin).href;
  }

  private drawn: string | null = null;

  private async drawQr(target: string | null): Promise<void> {
    if (target === this.drawn) return;
    this.drawn = target;
    this.qrUrl.set(null);
    this.qrFailed.set(false);
    if (target === null) return;
    try {
      const svg = await this.makeQr(target);
      if (this.drawn === target) this.qrUrl.set(svgDataUrl(svg));
    } catch {
      if (this.drawn === target) this.qrFailed.set(true);
    }
  }
}
