import type { ConsoleServerMessage } from '@clan/contracts';
import type { ConsoleSocket } from '../lib/console-socket';
import { ExitCode } from '../lib/exit-codes';
import { attachConsole, closeOutcome, othersConnected, splitAtEscape, type TerminalIo } from './console';

/** A console socket the test drives: what the client sent is recorded; the server side is played by the test. */
class FakeSocket implements ConsoleSocket {
  sent: Buffer[] = [];
  controls: unknown[] = [];
  private dataListeners: ((d: Buffer) => void)[] = [];
  private controlListeners: ((m: ConsoleServerMessage) => void)[] = [];
  private closeListeners: ((code: number, reason: string) => void)[] = [];
  onData(l: (d: Buffer) => void): void {
    this.dataListeners.push(l);
  }
  onControl(l: (m: ConsoleServerMessage) => void): void {
    this.controlListeners.push(l);
  }
  onClose(l: (code: number, reason: string) => void): void {
    this.closeListeners.push(l);
  }
  send(d: Buffer): void {
    this.sent.push(d);
  }
  control(m: unknown): void {
    this.controls.push(m);
  }
  close(): void {
    this.serverClose(1000, '');
  }
  serverData(text: string): void {
    for (const l of this.dataListeners) l(Buffer.from(text));
  }
  serverSays(m: ConsoleServerMessage): void {
    for (const l of this.controlListeners) l(m);
  }
  serverClose(code: number, reason: string): void {
    for (const l of this.closeListeners) l(code, reason);
  }
}

const fakeSocket = () => new FakeSocket();

function fakeIo(): TerminalIo & { screen: string; notes: string[]; raw: boolean[]; type(text: string): void } {
  let input: ((d: Buffer) => void) | null = null;
  const io = {
    isTTY: true,
    screen: '',
    notes: [] as string[],
    raw: [] as boolean[],
    setRawMode: (on: boolean) => void io.raw.push(on),
    onInput: (l: (d: Buffer) => void) => {
      input = l;
      return () => (input = null);
    },
    write: (d: Buffer) => void (io.screen += d.toString()),
    note: (t: string) => void io.notes.push(t),
    size: () => ({ cols: 100, rows: 30 }),
    onResize: () => () => undefined,
    type: (text: string) => input?.(Buffer.from(text, 'latin1')),
  };
  return io;
}

const hello = (offset: number): ConsoleServerMessage => ({
  type: 'hello',
  sessionId: 's',
  kind: 'serial',
  title: 'home/web: serial console',
  recordingId: 'r',
  offset,
  cols: 80,
  rows: 24,
  state: 'attached',
});

const tick = () => new Promise((r) => setImmediate(r));

describe('clanctl console', () => {
  it('splits input at Ctrl-]', () => {
    expect(splitAtEscape(Buffer.from('ls\r'))).toEqual({ send: Buffer.from('ls\r'), quit: false });
    expect(splitAtEscape(Buffer.from('ab\x1dcd'))).toEqual({ send: Buffer.from('ab'), quit: true });
    expect(splitAtEscape(Buffer.from('\x1d'))).toEqual({ send: Buffer.alloc(0), quit: true });
  });

  it('reads close codes: session ended and lost access stop, anything else reconnects', () => {
    expect(closeOutcome(4000, 'The shell exited (code 0).')).toEqual({
      message: 'The shell exited (code 0).',
      reconnect: false,
      exitCode: 0,
    });
    expect(closeOutcome(4403, 'You no longer have Machine.Console.')).toMatchObject({ reconnect: false, exitCode: ExitCode.ApiError });
    expect(closeOutcome(1000, '')).toMatchObject({ reconnect: false, exitCode: 0 });
    expect(closeOutcome(1006, '')).toMatchObject({ reconnect: true, message: 'Connection lost (1006); reconnecting…' });
    expect(closeOutcome(4503, 'The panel is shutting down.').reconnect).toBe(true);
  });

  it('names the others connected, not me', () => {
    const p = (username: string, connections = 1) => ({ userId: username, username, since: '2025-01-01T00:00:00Z', connections });
    expect(othersConnected([p('anna'), p('bob', 2)], 'anna')).toEqual(['bob (2 connections)']);
    expect(othersConnected([p('anna')], 'anna')).toEqual([]);
  });

  it('pipes the terminal both ways in raw mode, sends its size, and detaches on Ctrl-]', async () => {
    const io = fakeIo();
    const socket = fakeSocket();
    const done = attachConsole(
      io,
      async () => socket,
      'home/web',
      'anna',
      async () => undefined,
    );
    await tick();
    socket.serverSays(hello(0));
    socket.serverData('login: ');
    io.type('root\r');
    expect(io.screen).toBe('login: ');
    expect(Buffer.concat(socket.sent).toString()).toBe('root\r');
    expect(socket.controls).toContainEqual({ type: 'resize', cols: 100, rows: 30 });
    socket.serverSays({ type: 'presence', participants: [{ userId: 'b', username: 'bob', since: 'x', connections: 1 }] });
    io.type('x\x1d');
    expect(await done).toBe(ExitCode.Ok);
    expect(Buffer.concat(socket.sent).toString()).toBe('root\rx');
    expect(io.raw).toEqual([true, false]);
    expect(io.notes).toEqual([
      'Connecting to home/web… (escape: Ctrl-])',
      'Connected to home/web: serial console.',
      'Also connected: bob.',
      'Detached.',
    ]);
  });

  it('reconnects after a dropped connection, asking only for what it has not seen', async () => {
    const io = fakeIo();
    const sockets = [fakeSocket(), fakeSocket()];
    const asked: (number | null)[] = [];
    const sleeps: number[] = [];
    const done = attachConsole(
      io,
      async (since) => {
        asked.push(since);
        return sockets[asked.length - 1]!;
      },
      'home/web',
      null,
      async (ms) => void sleeps.push(ms),
    );
    await tick();
    sockets[0]!.serverSays(hello(100));
    sockets[0]!.serverData('0123456789');
    sockets[0]!.serverClose(1006, '');
    await tick();
    await tick();
    expect(asked).toEqual([null, 110]);
    expect(sleeps).toEqual([500]);
    sockets[1]!.serverSays(hello(110));
    sockets[1]!.serverData('more');
    sockets[1]!.serverClose(4000, 'The shell exited (code 0).');
    expect(await done).toBe(ExitCode.Ok);
    expect(io.screen).toBe('0123456789more');
    // The reconnection does not announce itself again.
    expect(io.notes.filter((n) => n.startsWith('Connected to'))).toHaveLength(1);
    expect(io.notes).toContain('Connection lost (1006); reconnecting…');
  });

  it('ends with exit 1 when access is revoked', async () => {
    const io = fakeIo();
    const socket = fakeSocket();
    const done = attachConsole(
      io,
      async () => socket,
      'home/web',
      null,
      async () => undefined,
    );
    await tick();
    socket.serverSays(hello(0));
    socket.serverClose(4403, 'You no longer have Machine.Console.');
    expect(await done).toBe(ExitCode.ApiError);
    expect(io.notes.at(-1)).toBe('You no longer have Machine.Console.');
  });
});
