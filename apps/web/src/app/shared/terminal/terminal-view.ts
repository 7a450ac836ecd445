import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Session } from '../../core/auth/session';
import type { ConsoleConnection } from '../../core/consoles/console-connection';
import { connectionText, presenceText, serialStateText, stateAttribute } from '../../core/consoles/console-text';
import { Theme } from '../../core/ui/theme';
import { Icon } from '../icon';
import { TERMINAL_HOST_FACTORY, type TerminalHost } from './terminal-host';

const FONT_KEY = 'clan.terminal.fontSize';
const FONT_MIN = 9;
const FONT_MAX = 24;
const FONT_DEFAULT = 14;
const MESSAGE_MS = 6000;

/**
 * A terminal console on screen: xterm.js bound to a ConsoleConnection (output
 * in, keyboard and pastes out, its size sent on every resize), the connection's
 * state in words, who else is connected, copy/paste, font size and full screen.
 * Opens the connection once the terminal is on the page and closes it when
 * the view goes away.
 */
@Component({
  selector: 'clan-terminal-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon],
  host: { class: 'terminal-view', '[class.terminal-full]': 'fullscreen()' },
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    :host(.terminal-full) {
      padding: 8px;
      background: var(--surface);
    }
    .term-bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 10px;
    }
    .term-actions {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-left: auto;
    }
    .term-status {
      font-size: var(--fs);
      color: var(--text);
    }
    .term-closed .live-dot {
      background: var(--danger);
    }
    .presence,
    .message {
      margin: 0;
    }
    /* Empty live regions stay in the page (so changes are announced) but take no room. */
    .presence:empty,
    .message:empty {
      padding: 0;
      border: 0;
    }
    .screen {
      height: min(70vh, 640px);
      min-height: 200px;
      padding: 4px;
      overflow: hidden;
      resize: vertical;
      background: var(--log-bg);
      border: 1px solid var(--border);
      border-radius: var(--radius);
    }
    :host(.terminal-full) .screen {
      flex: 1;
      height: auto;
      resize: none;
    }
  `,
  template: `
    <div class="term-bar">
      <span
        class="live term-status"
        [class.live-open]="stateAttr() === 'connected'"
        [class.live-connecting]="stateAttr() === 'connecting'"
        [class.live-reconnecting]="stateAttr() === 'reconnecting'"
        [class.term-closed]="stateAttr() === 'closed'"
        data-testid="console-status"
        [attr.data-state]="stateAttr()"
        role="status"
        aria-live="polite"
      >
        <span class="live-dot" aria-hidden="true"></span>
        <span>{{ statusText() }}</span>
      </span>
      @if (serialText(); as text) {
        <span class="small muted" data-testid="console-serial-state" [attr.data-serial-state]="serialState()">{{ text }}</span>
      }
      <span class="term-actions">
        @if (canReconnect()) {
          <button type="button" class="btn btn-small btn-primary" data-testid="console-reconnect" (click)="reconnect()">
            <clan-icon name="refresh" /> Reconnect
          </button>
        }
        <button
          type="button"
          class="btn btn-small"
          data-testid="console-copy"
          title="Copy the text selected in the terminal"
          (click)="copy()"
        >
          <clan-icon name="copy" /> Copy
        </button>
        <button
          type="button"
          class="btn btn-small"
          data-testid="console-paste"
          title="Type the clipboard’s text into the terminal"
          (click)="paste()"
        >
          Paste
        </button>
        <button
          type="button"
          class="btn btn-small"
          data-testid="console-font-smaller"
          aria-label="Smaller text"
          [disabled]="fontSize() <= fontMin"
          (click)="setFontSize(fontSize() - 1)"
        >
          A−
        </button>
        <button
          type="button"
          class="btn btn-small"
          data-testid="console-font-larger"
          aria-label="Larger text"
          [disabled]="fontSize() >= fontMax"
          (click)="setFontSize(fontSize() + 1)"
        >
          A+
        </button>
        @if (fullscreenSupported) {
          <button
            type="button"
            class="btn btn-small"
            data-testid="console-fullscreen"
            [attr.aria-pressed]="fullscreen()"
            (click)="toggleFullscreen()"
          >
            {{ fullscreen() ? 'Exit full screen' : 'Full screen' }}
          </button>
        }
      </span>
    </div>
    <p class="presence alert alert-info" data-testid="console-presence" role="status" aria-live="polite">{{ presence() ?? '' }}</p>
    <p class="message hint" data-testid="console-message" role="status" aria-live="polite">{{ message() ?? '' }}</p>
    @if (sizeNote(); as note) {
      <p class="hint message" data-testid="console-size-note">
        {{ note }}
        <button type="button" class="link-btn" (click)="connection().refreshSize()">Use my window size</button>
      </p>
    }
    <div #screen class="screen" data-testid="terminal" [attr.aria-label]="label()"></div>
  `,
})
export class TerminalView {
  readonly connection = input.required<ConsoleConnection>();
  /** What the terminal is, for screen readers ("Serial console of web"). */
  readonly label = input('Terminal');

  private readonly session = inject(Session);
  private readonly theme = inject(Theme);
  private readonly createHost = inject(TERMINAL_HOST_FACTORY);
  private readonly doc = inject(DOCUMENT);
  private readonly element = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly screen = viewChild.required<ElementRef<HTMLElement>>('screen');

  protected readonly fontMin = FONT_MIN;
  protected readonly fontMax = FONT_MAX;
  protected readonly fullscreenSupported = typeof this.element.nativeElement.requestFullscreen === 'function';
  protected readonly fontSize = signal(readFontSize(this.doc));
  protected readonly fullscreen = signal(false);
  protected readonly message = signal<string | null>(null);
  /** The terminal's size in characters (what `stty rows R cols C` wants for a serial console). */
  readonly size = signal<{ cols: number; rows: number } | null>(null);

  private host: TerminalHost | null = null;
  private readonly ready = signal(false);
  private readonly now = signal(Date.now());
  private messageTimer: ReturnType<typeof setTimeout> | null = null;
  private fitFrame: number | null = null;

  protected readonly state = computed(() => this.connection().state());
  protected readonly stateAttr = computed(() => stateAttribute(this.state()));
  protected readonly statusText = computed(() => connectionText(this.state(), this.now()));
  protected readonly serialState = computed(() => {
    const connection = this.connection();
    if (connection.hello()?.kind !== 'serial' || this.state().kind !== 'connected') return null;
    return connection.consoleStatus()?.state ?? null;
  });
  protected readonly serialText = computed(() => {
    const state = this.serialState();
    return state ? serialStateText(state) : null;
  });
  protected readonly presence = computed(() => {
    const user = this.session.user();
    return presenceText(this.connection().presence(), { userId: user?.id, username: user?.username });
  });
  /** A closed console can be tried again, except a shell that exited (the page offers a new one). */
  protected readonly canReconnect = computed(() => {
    const state = this.state();
    return state.kind === 'closed' && state.reason.kind !== 'exited';
  });
  protected readonly sizeNote = computed(() => {
    const connection = this.connection();
    const remote = connection.remoteSize();
    const mine = this.size();
    if (connection.hello()?.kind !== 'host' || this.state().kind !== 'connected' || !remote || !mine) return null;
    if (remote.cols === mine.cols && remote.rows === mine.rows) return null;
    return `Someone else set the shell’s window to ${remote.cols}×${remote.rows}; yours is ${mine.cols}×${mine.rows}.`;
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    let observer: ResizeObserver | null = null;

    afterNextRender(() => {
      const host = this.createHost({
        dark: this.theme.effective() === 'dark',
        fontSize: this.fontSize(),
        fontFamily: monoFont(this.doc),
      });
      host.open(this.screen().nativeElement);
      host.onData((data) => this.connection().send(data));
      this.host = host;
      this.fit();
      if (typeof ResizeObserver !== 'undefined') {
        observer = new ResizeObserver(() => this.scheduleFit());
        observer.observe(this.screen().nativeElement);
      }
      this.ready.set(true);
    });

    // Bind the terminal to the connection (again when the page hands in a new one, e.g. a new shell).
    let bound = 0;
    effect((onCleanup) => {
      if (!this.ready()) return;
      const connection = this.connection();
      untracked(() => {
        const host = this.host;
        if (!host) return;
        if (bound++ > 0) host.write('\x1bc'); // a fresh screen for a new console
        const off = connection.onOutput((bytes) => host.write(bytes));
        connection.resize(host.cols, host.rows);
        connection.open();
        onCleanup(() => {
          off();
          connection.close();
        });
      });
    });

    effect(() => {
      const dark = this.theme.effective() === 'dark';
      untracked(() => this.host?.setDark(dark));
    });

    // The reconnect countdown ticks while a retry is scheduled.
    effect((onCleanup) => {
      const state = this.state();
      if (state.kind !== 'reconnecting' || state.retryAt === null) return;
      this.now.set(Date.now());
      const tick = setInterval(() => this.now.set(Date.now()), 1000);
      onCleanup(() => clearInterval(tick));
    });

    const onFullscreen = () => this.fullscreen.set(this.doc.fullscreenElement === this.element.nativeElement);
    this.doc.addEventListener('fullscreenchange', onFullscreen);

    destroyRef.onDestroy(() => {
      this.doc.removeEventListener('fullscreenchange', onFullscreen);
      observer?.disconnect();
      if (this.fitFrame !== null) cancelAnimationFrame(this.fitFrame);
      if (this.messageTimer !== null) clearTimeout(this.messageTimer);
      this.host?.dispose();
      this.host = null;
    });
  }

  protected reconnect(): void {
    this.connection().reconnect();
    this.host?.focus();
  }

  protected async copy(): Promise<void> {
    const text = this.host?.getSelection() ?? '';
    if (!text) return this.say('Select text in the terminal first, then Copy.');
    try {
      await navigator.clipboard.writeText(text);
      this.say('Copied to the clipboard.');
    } catch {
      this.say('The browser did not allow copying. Right-click the selection and choose Copy instead.');
    }
    this.host?.focus();
  }

  protected async paste(): Promise<void> {
    if (typeof navigator.clipboard?.readText !== 'function') {
      return this.say('This browser does not let the page read the clipboard. Paste with Ctrl+Shift+V (⌘V on a Mac) in the terminal.');
    }
    let text: string;
    try {
      text = await navigator.clipboard.readText();
    } catch {
      return this.say(
        'The browser refused access to the clipboard. Allow it for this site (the icon in the address bar), or paste with Ctrl+Shift+V (⌘V on a Mac) in the terminal.',
      );
    }
    if (!text) return this.say('The clipboard holds no text.');
    if (this.state().kind !== 'connected') return this.say('Not connected: nothing was pasted.');
    this.host?.paste(text);
    this.host?.focus();
  }

  protected setFontSize(px: number): void {
    const size = Math.min(FONT_MAX, Math.max(FONT_MIN, px));
    this.fontSize.set(size);
    try {
      this.doc.defaultView?.localStorage.setItem(FONT_KEY, String(size));
    } catch {
      // storage may be disabled; the size still holds here
    }
    this.host?.setFontSize(size);
    this.fit();
  }

  protected async toggleFullscreen(): Promise<void> {
    try {
      if (this.doc.fullscreenElement === this.element.nativeElement) await this.doc.exitFullscreen();
      else await this.element.nativeElement.requestFullscreen();
    } catch {
      this.say('The browser did not allow full screen.');
    }
    this.host?.focus();
  }

  private scheduleFit(): void {
    if (this.fitFrame !== null) return;
    this.fitFrame = requestAnimationFrame(() => {
      this.fitFrame = null;
      this.fit();
    });
  }

  /** Fits the terminal to its box and tells the console the new size. */
  private fit(): void {
    const host = this.host;
    if (!host) return;
    host.fit();
    const size = this.size();
    if (size?.cols === host.cols && size.rows === host.rows) return;
    this.size.set({ cols: host.cols, rows: host.rows });
    if (this.ready()) this.connection().resize(host.cols, host.rows);
  }

  private say(text: string): void {
    this.message.set(text);
    if (this.messageTimer !== null) clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => this.message.set(null), MESSAGE_MS);
  }
}

function readFontSize(doc: Document): number {
  try {
    const stored = Number(doc.defaultView?.localStorage.getItem(FONT_KEY));
    return Number.isInteger(stored) && stored >= FONT_MIN && stored <= FONT_MAX ? stored : FONT_DEFAULT;
  } catch {
    return FONT_DEFAULT;
  }
}

/** The app's monospace stack (--mono); xterm.js needs the names, not the variable. */
function monoFont(doc: Document): string {
  const value = doc.defaultView?.getComputedStyle(doc.documentElement).getPropertyValue('--mono').trim();
  return value || 'ui-monospace, Menlo, Consolas, monospace';
}
