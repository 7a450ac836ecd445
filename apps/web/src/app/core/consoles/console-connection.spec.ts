import { ClanApiError } from '@clan/api-client';
import type { ConsoleServerMessage } from '@clan/contracts';
import { ConsoleConnection, exitCodeOf, socketUrl, type ConsoleSocketLike, type TicketRequest } from './console-connection';

/** A WebSocket stand-in: records what the client sends, lets the test play the panel. */
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

  /** JSON control messages the client sent. */
  get controls(): unknown[] {
    return this.sent.filter((d): d is string => typeof d === 'string').map((d) => JSON.parse(d) as unknown);
  }

  /** Binary frames the client sent, decoded. */
  get input(): string[] {
    return this.sent.filter((d): d is Uint8Array => typeof d !== 'string').map((d) => new TextDecoder().decode(d));
  }

  serverOpens(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  serverSends(message: ConsoleServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }

  serverSendsBytes(text: string): void {
    const bytes = new TextEncoder().encode(text);
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) } as MessageEvent);
  }

  serverCloses(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }

  /** A refused handshake, as a browser reports it: an error and a 1006 close, no body. */
  handshakeFails(): void {
    this.onerror?.(new Event('error'));
    this.serverCloses(1006);
  }
}

function hello(patch: Partial<Extract<ConsoleServerMessage, { type: 'hello' }>> = {}): ConsoleServerMessage {
  return {
    type: 'hello',
    sessionId: 's1',
    kind: 'serial',
    title: 'vera@home/web serial console',
    recordingId: 'r1',
    offset: 100,
    cols: 80,
    rows: 24,
    state: 'attached',
    ...patch,
  };
}

const TICKET_URL = '/api/consoles/ws?ticket=ct_x&target=serial%3An1%2Fweb';

describe('ConsoleConnection', () => {
  let tickets: TicketRequest[];
  let ticketAnswer: () => Promise<{ url: string }>;
  let output: string[];
  let connection: ConsoleConnection;

  const sockets = () => FakeWebSocket.instances;
  const latest = () => sockets()[sockets().length - 1];
  /** Lets the ticket promise and the socket creation after it run. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  function create(options: Partial<ConstructorParameters<typeof ConsoleConnection>[0]> = {}): ConsoleConnection {
    connection = new ConsoleConnection({
      ticket: (request) => {
        tickets.push(request);
        return ticketAnswer();
      },
      location: { protocol: 'https:', host: 'panel.example:8443' },
      WebSocket: FakeWebSocket,
      backoff: { baseMs: 1000, maxMs: 8000 },
      maxAttempts: 3,
      random: () => 1, // the upper bound of the jitter: delays are exact
      ...options,
    });
    connection.onOutput((bytes) => output.push(new TextDecoder().decode(bytes)));
    return connection;
  }

  async function connect(helloPatch: Partial<Extract<ConsoleServerMessage, { type: 'hello' }>> = {}): Promise<FakeWebSocket> {
    connection.open();
    await settle();
    const socket = latest();
    socket.serverOpens();
    socket.serverSends(hello(helloPatch));
    return socket;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.instances = [];
    tickets = [];
    output = [];
    ticketAnswer = () => Promise.resolve({ url: TICKET_URL });
    create();
  });

  afterEach(() => {
    connection.close();
    vi.useRealTimers();
  });

  it('gets a ticket, then opens the ticket’s URL on the same host (wss for https), binary as ArrayBuffer', async () => {
    connection.open();
    expect(connection.state()).toEqual({ kind: 'connecting' });
    await settle();
    expect(tickets).toEqual([{ sessionId: null, attempt: 0 }]);
    expect(sockets()).toHaveLength(1);
    expect(latest().url).toBe(`wss://panel.example:8443${TICKET_URL}`);
    expect(latest().binaryType).toBe('arraybuffer');
    // Open is not yet "connected": the console is there when hello arrives.
    latest().serverOpens();
    expect(connection.state().kind).toBe('connecting');
  });

  it('follows the protocol: hello, the replay, replayed, then live output; offset = hello.offset + bytes received', async () => {
    connection.resize(120, 40);
    const socket = await connect({ offset: 100 });
    expect(connection.state()).toEqual({ kind: 'connected' });
    expect(connection.hello()?.sessionId).toBe('s1');
    expect(connection.consoleStatus()).toEqual({ state: 'attached', message: null });
    expect(connection.offset).toBe(100);
    // The size goes out right after hello.
    expect(socket.controls).toEqual([{ type: 'resize', cols: 120, rows: 40 }]);

    socket.serverSendsBytes('boot log\r\n');
    socket.serverSends({ type: 'replayed', offset: 110 });
    socket.serverSendsBytes('login: ');
    expect(output).toEqual(['boot log\r\n', 'login: ']);
    expect(connection.offset).toBe(117);
  });

  it('counts bytes, not characters, for the offset', async () => {
    const socket = await connect({ offset: 0 });
    socket.serverSendsBytes('ü€');
    expect(connection.offset).toBe(5);
  });

  it('keeps presence, status and resized from the control messages', async () => {
    const socket = await connect({ kind: 'host', state: 'attached' });
    const participants = [
      { userId: 'u1', username: 'vera', since: '2026-01-01T00:00:00Z', connections: 1 },
      { userId: 'u2', username: 'anna', since: '2026-01-01T00:01:00Z', connections: 2 },
    ];
    socket.serverSends({ type: 'presence', participants });
    expect(connection.presence()).toEqual(participants);
    socket.serverSends({ type: 'status', state: 'stopped', message: 'The VM is not running.' });
    expect(connection.consoleStatus()).toEqual({ state: 'stopped', message: 'The VM is not running.' });
    expect(connection.remoteSize()).toBeNull();
    socket.serverSends({ type: 'resized', cols: 100, rows: 30 });
    expect(connection.remoteSize()).toEqual({ cols: 100, rows: 30 });
    socket.serverSends({ type: 'error', message: 'Send terminal input as binary frames' });
    expect(connection.notice()).toBe('Send terminal input as binary frames');
    // Garbage in a text frame does not break the stream.
    socket.onmessage?.({ data: 'not json' } as MessageEvent);
    expect(connection.state().kind).toBe('connected');
  });

  it('sends keyboard input as UTF-8 binary frames, and nothing while not connected', async () => {
    expect(connection.send('early')).toBe(false);
    const socket = await connect();
    expect(connection.send('ls -l\r')).toBe(true);
    expect(connection.send('é')).toBe(true);
    expect(socket.input).toEqual(['ls -l\r', 'é']);
    expect(socket.sent.filter((d) => typeof d !== 'string').every((d) => d instanceof Uint8Array)).toBe(true);
    expect(socket.sent.at(-1)).toEqual(new Uint8Array([0xc3, 0xa9]));
    socket.serverCloses(1006);
    expect(connection.send('lost')).toBe(false);
    expect(socket.input).toHaveLength(2);
  });

  it('sends a resize only when the size changes, and again after a reconnect', async () => {
    connection.resize(80, 24);
    const socket = await connect();
    connection.resize(80, 24);
    connection.resize(100, 30);
    connection.resize(0, 30); // nonsense from a hidden element
    expect(socket.controls).toEqual([
      { type: 'resize', cols: 80, rows: 24 },
      { type: 'resize', cols: 100, rows: 30 },
    ]);
    connection.refreshSize();
    expect(socket.controls).toHaveLength(3);
  });

  it('pings every 25 s while connected', async () => {
    const socket = await connect();
    vi.advanceTimersByTime(24_999);
    expect(socket.controls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(socket.controls).toEqual([{ type: 'ping' }]);
    vi.advanceTimersByTime(25_000);
    expect(socket.controls).toEqual([{ type: 'ping' }, { type: 'ping' }]);
    socket.serverCloses(1006);
    vi.advanceTimersByTime(1000);
    expect(socket.controls).toHaveLength(2);
  });

  it('reconnects after a dropped connection with a fresh ticket and since=<offset>, replaying only what was missed', async () => {
    const first = await connect({ offset: 100, sessionId: 'host-1', kind: 'host' });
    first.serverSendsBytes('0123456789');
    first.serverCloses(1006);
    expect(connection.state()).toEqual({ kind: 'reconnecting', attempt: 1, retryAt: Date.now() + 1000 });
    expect(connection.presence()).toEqual([]);

    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    // The reconnect joins the same session (host shells) and asks for the bytes after 110.
    expect(tickets).toEqual([
      { sessionId: null, attempt: 0 },
      { sessionId: 'host-1', attempt: 1 },
    ]);
    expect(sockets()).toHaveLength(2);
    expect(latest().url).toBe(`wss://panel.example:8443${TICKET_URL}&since=110`);
    latest().serverOpens();
    latest().serverSends(hello({ offset: 110, sessionId: 'host-1', kind: 'host' }));
    latest().serverSendsBytes('abc');
    expect(connection.state()).toEqual({ kind: 'connected' });
    expect(output.join('')).toBe('0123456789abc');
    expect(connection.offset).toBe(113);
  });

  it('drops bytes it already had when a replay starts before the offset it asked for', async () => {
    const first = await connect({ offset: 0 });
    first.serverSendsBytes('hello ');
    first.serverCloses(1011);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    latest().serverOpens();
    latest().serverSends(hello({ offset: 2 }));
    latest().serverSendsBytes('llo world');
    expect(output.join('')).toBe('hello world');
    expect(connection.offset).toBe(11);
  });

  it('backs off exponentially, counts attempts, and gives up after maxAttempts', async () => {
    connection.open();
    await settle();
    latest().handshakeFails();
    expect(connection.state()).toMatchObject({ kind: 'reconnecting', attempt: 1, retryAt: Date.now() + 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(sockets()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(sockets()).toHaveLength(2);
    expect(connection.state()).toEqual({ kind: 'reconnecting', attempt: 1, retryAt: null });

    latest().handshakeFails();
    expect(connection.state()).toMatchObject({ kind: 'reconnecting', attempt: 2, retryAt: Date.now() + 2000 });
    await vi.advanceTimersByTimeAsync(2000);
    await settle();
    latest().handshakeFails();
    expect(connection.state()).toMatchObject({ kind: 'reconnecting', attempt: 3, retryAt: Date.now() + 4000 });
    await vi.advanceTimersByTimeAsync(4000);
    await settle();
    expect(sockets()).toHaveLength(4);
    // Every attempt had its own ticket: tickets are single use.
    expect(tickets.map((t) => t.attempt)).toEqual([0, 1, 2, 3]);
    latest().handshakeFails();
    expect(connection.state()).toEqual({ kind: 'closed', reason: { kind: 'gave-up', attempts: 3 } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toHaveLength(4);

    // A manual reconnect starts over.
    connection.reconnect();
    await settle();
    expect(sockets()).toHaveLength(5);
    latest().serverOpens();
    latest().serverSends(hello());
    expect(connection.state()).toEqual({ kind: 'connected' });
  });

  it('resets the attempt count once a connection says hello', async () => {
    const first = await connect();
    first.serverCloses(1006);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    latest().serverOpens();
    latest().serverSends(hello());
    latest().serverCloses(1006);
    expect(connection.state()).toMatchObject({ kind: 'reconnecting', attempt: 1 });
  });

  it('does not reconnect when the shell exited (4000), and tells the exit code', async () => {
    const socket = await connect({ kind: 'host' });
    socket.serverCloses(4000, 'The shell exited (code 3).');
    expect(connection.state()).toEqual({
      kind: 'closed',
      reason: { kind: 'exited', exitCode: 3, message: 'The shell exited (code 3).' },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toHaveLength(1);
  });

  it('does not reconnect when access was revoked (4403) or on a protocol error (4400) or a normal close (1000)', async () => {
    let socket = await connect();
    socket.serverCloses(4403, 'You no longer have Machine.Console.');
    expect(connection.state()).toEqual({ kind: 'closed', reason: { kind: 'revoked', message: 'You no longer have Machine.Console.' } });

    connection.reconnect();
    await settle();
    socket = latest();
    socket.serverOpens();
    socket.serverSends(hello());
    socket.serverCloses(4400, 'bad frame');
    expect(connection.state()).toEqual({ kind: 'closed', reason: { kind: 'protocol', message: 'bad frame' } });

    connection.reconnect();
    await settle();
    latest().serverOpens();
    latest().serverSends(hello());
    latest().serverCloses(1000, 'bye');
    expect(connection.state()).toEqual({ kind: 'closed', reason: { kind: 'ended', message: 'bye' } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toHaveLength(3);
  });

  it('reconnects when the panel restarts (4503) or the viewer fell behind (4408)', async () => {
    const socket = await connect();
    socket.serverCloses(4503, 'The panel is shutting down.');
    expect(connection.state()).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(sockets()).toHaveLength(2);
    latest().serverOpens();
    latest().serverSends(hello({ offset: 100 }));
    latest().serverCloses(4408, 'too slow');
    expect(connection.state()).toMatchObject({ kind: 'reconnecting', attempt: 1 });
  });

  it('stops with the API’s message when the ticket is refused (403/404/409)', async () => {
    ticketAnswer = () =>
      Promise.reject(new ClanApiError(404, { code: 'NOT_FOUND', message: 'No running shell has that id.', correlationId: 'c' }));
    connection.open();
    await settle();
    expect(sockets()).toHaveLength(0);
    expect(connection.state()).toEqual({
      kind: 'closed',
      reason: { kind: 'refused', message: 'No running shell has that id.', status: 404 },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tickets).toHaveLength(1);
  });

  it('keeps trying when the ticket request cannot reach the panel or it answers 503', async () => {
    let calls = 0;
    ticketAnswer = () => {
      calls += 1;
      if (calls === 1) return Promise.reject(new TypeError('Failed to fetch'));
      if (calls === 2) return Promise.reject(new ClanApiError(503, { code: 'UNAVAILABLE', message: 'Starting', correlationId: 'c' }));
      return Promise.resolve({ url: TICKET_URL });
    };
    connection.open();
    await settle();
    expect(connection.state()).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(connection.state()).toMatchObject({ kind: 'reconnecting', attempt: 2 });
    await vi.advanceTimersByTimeAsync(2000);
    await settle();
    expect(sockets()).toHaveLength(1);
    expect(latest().url).not.toContain('since='); // nothing was received yet
  });

  it('close() closes the socket with 1000, cancels a pending reconnect, and ignores a ticket that arrives late', async () => {
    const socket = await connect();
    connection.close();
    expect(socket.closedWith).toBe(1000);
    expect(connection.state()).toEqual({ kind: 'closed', reason: { kind: 'user' } });

    // A pending retry is cancelled.
    create();
    const second = await connect();
    second.serverCloses(1006);
    connection.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets()).toHaveLength(2);

    // A ticket still on its way is not used.
    let resolve: (t: { url: string }) => void = () => undefined;
    ticketAnswer = () => new Promise((r) => (resolve = r));
    create();
    connection.open();
    await settle();
    connection.close();
    resolve({ url: TICKET_URL });
    await settle();
    expect(sockets()).toHaveLength(2);
  });

  it('open() while connecting or connected does nothing', async () => {
    connection.open();
    connection.open();
    await settle();
    expect(tickets).toHaveLength(1);
    latest().serverOpens();
    latest().serverSends(hello());
    connection.open();
    await settle();
    expect(tickets).toHaveLength(1);
  });
});

describe('socketUrl', () => {
  it('uses ws for http and wss for https, and appends since when given', () => {
    expect(socketUrl({ protocol: 'http:', host: 'localhost:3000' }, '/api/consoles/ws?ticket=t&target=host%3Anew', null)).toBe(
      'ws://localhost:3000/api/consoles/ws?ticket=t&target=host%3Anew',
    );
    expect(socketUrl({ protocol: 'https:', host: 'panel' }, '/api/consoles/ws?ticket=t', 42)).toBe(
      'wss://panel/api/consoles/ws?ticket=t&since=42',
    );
    expect(socketUrl({ protocol: 'https:', host: 'panel' }, '/ws', 0)).toBe('wss://panel/ws?since=0');
  });
});

describe('exitCodeOf', () => {
  it('reads the exit code from the panel’s close reason', () => {
    expect(exitCodeOf('The shell exited (code 0).')).toBe(0);
    expect(exitCodeOf('The shell exited (code 130).')).toBe(130);
    expect(exitCodeOf('The shell exited.')).toBeNull();
  });
});
