import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ConsoleServerMessage } from '@clan/contracts';
import { flush } from '../../../testing/fake-api';
import { Session } from '../../core/auth/session';
import { ConsoleConnection, type ConsoleSocketLike } from '../../core/consoles/console-connection';
import { TERMINAL_HOST_FACTORY, type TerminalHost, type TerminalHostOptions } from './terminal-host';
import { TerminalView } from './terminal-view';

/** Stands in for xterm.js: records what is written, lets the test type. */
class FakeTerminal implements TerminalHost {
  cols = 100;
  rows = 30;
  written: string[] = [];
  selection = '';
  pasted: string[] = [];
  disposed = false;
  dark: boolean;
  fontSize: number;
  parent: HTMLElement | null = null;
  private dataListener: ((data: string) => void) | null = null;

  constructor(options: TerminalHostOptions) {
    this.dark = options.dark;
    this.fontSize = options.fontSize;
  }

  open(parent: HTMLElement): void {
    this.parent = parent;
  }
  write(data: Uint8Array | string): void {
    this.written.push(typeof data === 'string' ? data : new TextDecoder().decode(data));
  }
  onData(listener: (data: string) => void): void {
    this.dataListener = listener;
  }
  fit(): boolean {
    return false;
  }
  getSelection(): string {
    return this.selection;
  }
  paste(text: string): void {
    this.pasted.push(text);
    this.type(text);
  }
  focus(): void {
    // nothing to focus in a fake
  }
  setDark(dark: boolean): void {
    this.dark = dark;
  }
  setFontSize(px: number): void {
    this.fontSize = px;
  }
  dispose(): void {
    this.disposed = true;
  }
  type(data: string): void {
    this.dataListener?.(data);
  }
}

class FakeWebSocket implements ConsoleSocketLike {
  static instances: FakeWebSocket[] = [];
  binaryType: BinaryType = 'blob';
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: (string | Uint8Array)[] = [];
  closedWith: number | undefined;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }
  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    this.sent.push(typeof data === 'string' ? data : new Uint8Array(ArrayBuffer.isView(data) ? data.buffer : data));
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  opens(message: ConsoleServerMessage): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
    this.sends(message);
  }
  sends(message: ConsoleServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  sendsBytes(text: string): void {
    const bytes = new TextEncoder().encode(text);
    this.onmessage?.({ data: bytes } as MessageEvent);
  }
  closes(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
  get input(): string[] {
    return this.sent.filter((d): d is Uint8Array => typeof d !== 'string').map((d) => new TextDecoder().decode(d));
  }
  get controls(): unknown[] {
    return this.sent.filter((d): d is string => typeof d === 'string').map((d) => JSON.parse(d) as unknown);
  }
}

const HELLO: ConsoleServerMessage = {
  type: 'hello',
  sessionId: 's1',
  kind: 'serial',
  title: 'vera@home/web serial console',
  recordingId: 'r1',
  offset: 0,
  cols: 80,
  rows: 24,
  state: 'attached',
};

describe('TerminalView', () => {
  let fixture: ComponentFixture<TerminalView>;
  let terminal: FakeTerminal;
  let connection: ConsoleConnection;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const socket = () => FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }

  async function render(): Promise<void> {
    FakeWebSocket.instances = [];
    TestBed.configureTestingModule({
      imports: [TerminalView],
      providers: [
        provideRouter([]),
        {
          provide: TERMINAL_HOST_FACTORY,
          useValue: (options: TerminalHostOptions) => (terminal = new FakeTerminal(options)),
        },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'vera', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf');
    connection = new ConsoleConnection({
      ticket: () => Promise.resolve({ url: '/api/consoles/ws?ticket=t&target=serial%3An1%2Fweb' }),
      WebSocket: FakeWebSocket,
      location: { protocol: 'http:', host: 'panel' },
    });
    fixture = TestBed.createComponent(TerminalView);
    fixture.componentRef.setInput('connection', connection);
    fixture.componentRef.setInput('label', 'Serial console of web');
    await settle();
  }

  afterEach(() => {
    vi.unstubAllGlobals();
    connection?.close();
  });

  it('opens the connection once the terminal is on the page, and shows its state', async () => {
    await render();
    expect(terminal.parent).toBe(byTestId('terminal'));
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(byTestId('console-status')?.getAttribute('data-state')).toBe('connecting');
    expect(text('console-status')).toBe('Connecting…');

    socket().opens(HELLO);
    await settle();
    expect(byTestId('console-status')?.getAttribute('data-state')).toBe('connected');
    expect(text('console-status')).toBe('Connected');
    // The terminal's size went out after hello.
    expect(socket().controls).toEqual([{ type: 'resize', cols: 100, rows: 30 }]);
    expect(byTestId('console-reconnect')).toBeNull();
  });

  it('writes output to the terminal and sends what is typed', async () => {
    await render();
    socket().opens(HELLO);
    socket().sendsBytes('login: ');
    expect(terminal.written).toEqual(['login: ']);
    terminal.type('root\r');
    expect(socket().input).toEqual(['root\r']);
  });

  it('says in words what the serial console is doing', async () => {
    await render();
    socket().opens({ ...HELLO, state: 'stopped' });
    await settle();
    expect(text('console-serial-state')).toBe('The VM is off; this is its last boot’s output.');
    expect(byTestId('console-serial-state')?.getAttribute('data-serial-state')).toBe('stopped');
    socket().sends({ type: 'status', state: 'attached', message: 'Connected to the serial console.' });
    await settle();
    expect(byTestId('console-serial-state')).toBeNull();
  });

  it('shows who else is connected, and nothing when it is only this window', async () => {
    await render();
    socket().opens(HELLO);
    socket().sends({ type: 'presence', participants: [{ userId: 'u1', username: 'vera', since: '2026-01-01T00:00:00Z', connections: 1 }] });
    await settle();
    const banner = byTestId('console-presence');
    expect(banner?.getAttribute('role')).toBe('status');
    expect(banner?.getAttribute('aria-live')).toBe('polite');
    expect(text('console-presence')).toBe('');
    socket().sends({
      type: 'presence',
      participants: [
        { userId: 'u1', username: 'vera', since: '2026-01-01T00:00:00Z', connections: 2 },
        { userId: 'u2', username: 'anna', since: '2026-01-01T00:01:00Z', connections: 2 },
      ],
    });
    await settle();
    expect(text('console-presence')).toBe('Also connected: anna (2 windows). You have this console open in 2 windows.');
  });

  it('counts down to the next attempt while reconnecting, and offers Reconnect when the connection is closed', async () => {
    await render();
    socket().opens(HELLO);
    socket().closes(1006);
    await fixture.whenStable();
    expect(byTestId('console-status')?.getAttribute('data-state')).toBe('reconnecting');
    expect(text('console-status')).toBe('Reconnecting in 1 s (attempt 1)…');
    expect(byTestId('console-reconnect')).toBeNull();
    connection.close();
    await settle();
    expect(byTestId('console-status')?.getAttribute('data-state')).toBe('closed');
    expect(text('console-status')).toBe('Disconnected.');
    (byTestId('console-reconnect') as HTMLButtonElement).click();
    await settle();
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(socket().url).toContain('since=0');
  });

  it('has no Reconnect for a shell that exited, and says its exit code', async () => {
    await render();
    socket().opens({ ...HELLO, kind: 'host' });
    socket().closes(4000, 'The shell exited (code 0).');
    await settle();
    expect(text('console-status')).toBe('The shell exited (code 0).');
    expect(byTestId('console-reconnect')).toBeNull();
  });

  it('says so when access was revoked', async () => {
    await render();
    socket().opens(HELLO);
    socket().closes(4403, 'You no longer have Machine.Console.');
    await settle();
    expect(text('console-status')).toContain('You no longer have console access');
  });

  it('copies the selection and pastes the clipboard as input', async () => {
    const clipboard = { writeText: vi.fn(() => Promise.resolve()), readText: vi.fn(() => Promise.resolve('echo pasted\r')) };
    vi.stubGlobal('navigator', { ...navigator, clipboard });
    await render();
    socket().opens(HELLO);
    await settle();

    byTestId('console-copy')?.click();
    await settle();
    expect(clipboard.writeText).not.toHaveBeenCalled();
    expect(text('console-message')).toBe('Select text in the terminal first, then Copy.');
    terminal.selection = 'hi-42';
    byTestId('console-copy')?.click();
    await settle();
    expect(clipboard.writeText).toHaveBeenCalledWith('hi-42');

    byTestId('console-paste')?.click();
    await settle();
    expect(terminal.pasted).toEqual(['echo pasted\r']);
    expect(socket().input).toEqual(['echo pasted\r']);
  });

  it('explains what to do when the browser refuses the clipboard', async () => {
    const clipboard = { writeText: vi.fn(), readText: vi.fn(() => Promise.reject(new DOMException('denied', 'NotAllowedError'))) };
    vi.stubGlobal('navigator', { ...navigator, clipboard });
    await render();
    socket().opens(HELLO);
    byTestId('console-paste')?.click();
    await settle();
    expect(text('console-message')).toContain('refused access to the clipboard');
    expect(text('console-message')).toContain('Ctrl+Shift+V');
    expect(socket().input).toEqual([]);
  });

  it('tells when someone else resized a shared host shell, and takes it back on request', async () => {
    await render();
    socket().opens({ ...HELLO, kind: 'host' });
    socket().sends({ type: 'resized', cols: 100, rows: 30 }); // our own size, echoed
    await settle();
    expect(byTestId('console-size-note')).toBeNull();
    socket().sends({ type: 'resized', cols: 80, rows: 24 });
    await settle();
    expect(byTestId('console-size-note')?.textContent).toContain('80×24; yours is 100×30');
    byTestId('console-size-note')?.querySelector('button')?.click();
    expect(socket().controls.at(-1)).toEqual({ type: 'resize', cols: 100, rows: 30 });
  });

  it('changes the font size within bounds', async () => {
    await render();
    const before = terminal.fontSize;
    byTestId('console-font-larger')?.click();
    await settle();
    expect(terminal.fontSize).toBe(before + 1);
    byTestId('console-font-smaller')?.click();
    byTestId('console-font-smaller')?.click();
    await settle();
    expect(terminal.fontSize).toBe(before - 1);
  });

  it('binds to a new connection handed in (a fresh screen), closing the old one', async () => {
    await render();
    const first = socket();
    first.opens(HELLO);
    const next = new ConsoleConnection({
      ticket: () => Promise.resolve({ url: '/api/consoles/ws?ticket=u&target=host%3Anew' }),
      WebSocket: FakeWebSocket,
      location: { protocol: 'http:', host: 'panel' },
    });
    fixture.componentRef.setInput('connection', next);
    await settle();
    expect(first.closedWith).toBe(1000);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(terminal.written).toContain('\x1bc');
  });

  it('closes the connection and disposes the terminal when it goes away', async () => {
    await render();
    socket().opens(HELLO);
    fixture.destroy();
    expect(socket().closedWith).toBe(1000);
    expect(terminal.disposed).toBe(true);
    expect(connection.state()).toEqual({ kind: 'closed', reason: { kind: 'user' } });
  });
});
