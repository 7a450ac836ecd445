import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  InjectionToken,
  afterNextRender,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import type RFB from '@novnc/novnc';
import { describeError, type ErrorView } from '../../core/api/errors';
import { socketUrl, type ConsoleTicketLike } from '../../core/consoles/console-connection';
import { ErrorBox } from '../error-box';

export type VncState = 'connecting' | 'connected' | 'closed';

/** Loads noVNC's RFB client on demand (its own lazy chunk); unit tests provide a fake. */
export const VNC_CLIENT = new InjectionToken<() => Promise<typeof RFB>>('VNC_CLIENT', {
  providedIn: 'root',
  factory: () => () => import('@novnc/novnc').then((m) => m.default),
});

/**
 * A VM's graphical console: noVNC's RFB client on the console WebSocket
 * (docs/consoles.md, VNC). The ticket is the only credential; every
 * (re)connection asks for a fresh one. noVNC is loaded when the view opens,
 * so pages without a graphical console never download it.
 */
@Component({
  selector: 'clan-vnc-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBox],
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    .vnc-bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 10px;
    }
    .vnc-actions {
      display: inline-flex;
      gap: 4px;
      margin-left: auto;
    }
    .vnc-status {
      font-size: var(--fs);
      color: var(--text);
    }
    .vnc-closed .live-dot {
      background: var(--danger);
    }
    .screen {
      height: min(75vh, 720px);
      min-height: 240px;
      overflow: hidden;
      background: #282828;
      border: 1px solid var(--border);
      border-radius: var(--radius);
    }
  `,
  template: `
    <div class="vnc-bar">
      <span
        class="live vnc-status"
        [class.live-open]="state() === 'connected'"
        [class.live-connecting]="state() === 'connecting'"
        [class.vnc-closed]="state() === 'closed'"
        data-testid="vnc-status"
        [attr.data-state]="state()"
        role="status"
        aria-live="polite"
      >
        <span class="live-dot" aria-hidden="true"></span>
        <span>{{ status() }}</span>
      </span>
      <span class="vnc-actions">
        @if (state() === 'closed') {
          <button type="button" class="btn btn-small btn-primary" data-testid="vnc-reconnect" (click)="connect()">Reconnect</button>
        }
        <button
          type="button"
          class="btn btn-small"
          data-testid="vnc-cad"
          [disabled]="state() !== 'connected'"
          title="Send Ctrl+Alt+Del to the VM (the browser would keep it for itself)"
          (click)="ctrlAltDel()"
        >
          Ctrl+Alt+Del
        </button>
      </span>
    </div>
    <clan-error [error]="error()" />
    <div #screen class="screen" data-testid="vnc-screen" [attr.aria-label]="label()"></div>
  `,
})
export class VncView {
  /** Asks the API for a fresh single-use ticket (kind vnc). */
  readonly ticket = input.required<() => Promise<ConsoleTicketLike>>();
  readonly label = input('Graphical console');

  protected readonly state = signal<VncState>('connecting');
  protected readonly status = signal('Connecting…');
  protected readonly error = signal<ErrorView | null>(null);

  private readonly screen = viewChild.required<ElementRef<HTMLElement>>('screen');
  private readonly location = inject(DOCUMENT).location;
  private readonly loadClient = inject(VNC_CLIENT);
  private rfb: RFB | null = null;
  private generation = 0;
  private destroyed = false;

  constructor() {
    // Connect once the screen is on the page, and again when a ticket source for another machine is handed in.
    const rendered = signal(false);
    afterNextRender(() => rendered.set(true));
    effect(() => {
      if (!rendered()) return;
      this.ticket();
      untracked(() => void this.connect());
    });
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.drop();
    });
  }

  protected async connect(): Promise<void> {
    this.drop();
    const generation = ++this.generation;
    this.state.set('connecting');
    this.status.set('Connecting…');
    this.error.set(null);
    try {
      const [Rfb, ticket] = await Promise.all([this.loadClient(), this.ticket()()]);
      if (generation !== this.generation || this.destroyed) return;
      const rfb = new Rfb(this.screen().nativeElement, socketUrl(this.location, ticket.url, null), {
        wsProtocols: ['binary'],
        shared: true,
      });
      rfb.scaleViewport = true;
      let refusal: string | null = null;
      rfb.addEventListener('connect', () => {
        if (this.rfb !== rfb) return;
        this.state.set('connected');
        this.status.set('Connected');
        rfb.focus();
      });
      rfb.addEventListener('disconnect', (event) => {
        if (this.rfb !== rfb) return;
        this.rfb = null;
        const clean = (event as CustomEvent<{ clean: boolean }>).detail?.clean === true;
        this.closed(
          refusal ??
            (clean
              ? 'The graphical console closed (the VM may have stopped or restarted).'
              : 'The connection to the graphical console was lost, or the panel refused it.'),
        );
      });
      rfb.addEventListener('securityfailure', (event) => {
        const reason = (event as CustomEvent<{ reason?: string }>).detail?.reason;
        refusal = `The VM’s display refused the connection${reason ? `: ${reason}` : '.'}`;
      });
      rfb.addEventListener('credentialsrequired', () => {
        // The panel's displays have no password: the ticket is the credential.
        if (this.rfb === rfb) this.drop();
        this.closed('The VM’s display asks for a password, which the panel’s graphical consoles do not use.');
      });
      this.rfb = rfb;
    } catch (error) {
      if (generation !== this.generation || this.destroyed) return;
      this.error.set(describeError(error));
      this.closed('The graphical console could not be opened.');
    }
  }

  protected ctrlAltDel(): void {
    this.rfb?.sendCtrlAltDel();
    this.rfb?.focus();
  }

  private closed(text: string): void {
    this.state.set('closed');
    this.status.set(text);
  }

  private drop(): void {
    const rfb = this.rfb;
    this.rfb = null;
    if (rfb) rfb.disconnect();
  }
}
