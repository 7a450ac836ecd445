import { InjectionToken, signal } from '@angular/core';
import { ClanApiError } from '@clan/api-client';
import {
  ConsoleCloseCode,
  type ConsoleClientMessage,
  type ConsoleParticipant,
  type ConsoleServerMessage,
  type ConsoleState,
} from '@clan/contracts';
import { describeError } from '../api/errors';
import { backoffDelay, type BackoffOptions } from '../live/backoff';

/** The part of a WebSocket a console connection uses, so tests can hand in a fake class. */
export interface ConsoleSocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
}

export type ConsoleSocketClass = new (url: string) => ConsoleSocketLike;

/** The WebSocket class pages hand to their console connections; unit tests provide a fake. */
export const CONSOLE_WEBSOCKET = new InjectionToken<ConsoleSocketClass>('CONSOLE_WEBSOCKET', {
  providedIn: 'root',
  factory: () => globalThis.WebSocket,
});

/** What a ticket request answers that the connection needs (ConsoleTicketDto). */
export interface ConsoleTicketLike {
  url: string;
}

/** Passed to the ticket function: a reconnect of a host shell must join the same session. */
export interface TicketRequest {
  /** The session the last `hello` named; null before the first one. */
  sessionId: string | null;
  /** 0 for the first connection, then the reconnect attempt's number. */
  attempt: number;
}

/** Why a connection ended for good (no automatic reconnect follows). */
export type ClosedReason =
  /** close() was called. */
  | { kind: 'user' }
  /** 4000: the host shell exited; the reason carries its exit code. */
  | { kind: 'exited'; exitCode: number | null; message: string }
  /** 4403: the user lost the privilege. */
  | { kind: 'revoked'; message: string }
  /** 4400: the panel did not understand what was sent. */
  | { kind: 'protocol'; message: string }
  /** 1000 from the panel: the console was closed normally. */
  | { kind: 'ended'; message: string }
  /** The ticket request was refused (403, 404, 409 …): the API's message says why. */
  | { kind: 'refused'; message: string; status: number | null }
  /** Every reconnect attempt failed. */
  | { kind: 'gave-up'; attempts: number };

export type ConnectionState =
  | { kind: 'idle' }
  /** The first connection is being made. */
  | { kind: 'connecting' }
  | { kind: 'connected' }
  /** Waiting until `retryAt` (epoch ms) before attempt `attempt`, or making it (`retryAt` null). */
  | { kind: 'reconnecting'; attempt: number; retryAt: number | null }
  | { kind: 'closed'; reason: ClosedReason };

export type ConnectionStateKind = ConnectionState['kind'];

export interface ConsoleHello {
  sessionId: string;
  kind: 'serial' | 'host';
  title: string;
  recordingId: string | null;
  offset: number;
  cols: number;
  rows: number;
  state: ConsoleState;
}

export interface ConsoleStatusView {
  state: ConsoleState;
  /** The panel's own sentence; null when the state came with `hello`. */
  message: string | null;
}

export interface ConsoleConnectionOptions {
  /** Asks the API for a fresh single-use ticket; called before every connection attempt. */
  ticket: (request: TicketRequest) => Promise<ConsoleTicketLike>;
  /** Where the panel is (the WebSocket goes to the same host). Default: the page's location. */
  location?: Pick<Location, 'protocol' | 'host'>;
  /** Default: the browser's WebSocket. */
  WebSocket?: ConsoleSocketClass;
  backoff?: BackoffOptions;
  /** Reconnect attempts in a row before giving up (a manual reconnect starts over). */
  maxAttempts?: number;
  /** Keep-alive interval. */
  pingMs?: number;
  random?: () => number;
  now?: () => number;
}

export const CONSOLE_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 15_000 };
export const CONSOLE_MAX_ATTEMPTS = 8;
export const CONSOLE_PING_MS = 25_000;

const OPEN = 1;
/** Close codes after which reconnecting cannot help. */
const FINAL_CODES: ReadonlySet<number> = new Set([
  1000,
  ConsoleCloseCode.SessionEnded,
  ConsoleCloseCode.AccessRevoked,
  ConsoleCloseCode.ProtocolError,
]);

/**
 * One terminal console (serial console or host shell) over the console
 * WebSocket (docs/consoles.md): fetches a ticket, opens the socket, tracks
 * the output offset (`hello.offset` + bytes received) and, when the
 * connection drops, reconnects with a fresh ticket and `since=<offset>` so
 * only what was missed is replayed. Framework-light: signals for what a view
 * shows, listeners for the byte stream.
 */
export class ConsoleConnection {
  private readonly options: Required<Omit<ConsoleConnectionOptions, 'location' | 'WebSocket'>> & {
    location: Pick<Location, 'protocol' | 'host'>;
    WebSocket: ConsoleSocketClass;
  };

  private readonly stateSignal = signal<ConnectionState>({ kind: 'idle' });
  private readonly helloSignal = signal<ConsoleHello | null>(null);
  private readonly presenceSignal = signal<ConsoleParticipant[]>([]);
  private readonly statusSignal = signal<ConsoleStatusView | null>(null);
  private readonly remoteSizeSignal = signal<{ cols: number; rows: number } | null>(null);
  private readonly noticeSignal = signal<string | null>(null);

  readonly state = this.stateSignal.asReadonly();
  /** The last `hello` (kept while reconnecting). */
  readonly hello = this.helloSignal.asReadonly();
  /** Everyone connected to this console, one entry per user. */
  readonly presence = this.presenceSignal.asReadonly();
  /** The serial attachment's state (a host shell is always `attached`). */
  readonly consoleStatus = this.statusSignal.asReadonly();
  /** A host shell's window size as the panel last announced it (`resized`), null before any. */
  readonly remoteSize = this.remoteSizeSignal.asReadonly();
  /** The panel's answer to a control message it did not understand. */
  readonly notice = this.noticeSignal.asReadonly();

  private socket: ConsoleSocketLike | null = null;
  /** Bumped whenever an attempt is abandoned, so late answers of an old one are ignored. */
  private generation = 0;
  /** Failed attempts in a row (reset by a `hello`). */
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pinger: ReturnType<typeof setInterval> | null = null;
  /** Absolute offset of the next byte; null until the first `hello`. */
  private nextOffset: number | null = null;
  /** Bytes of a replay that were already received before a reconnect. */
  private skip = 0;
  private size: { cols: number; rows: number } | null = null;
  private sentSize: string | null = null;
  private readonly outputListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly encoder = new TextEncoder();

  constructor(options: ConsoleConnectionOptions) {
    this.options = {
      backoff: CONSOLE_BACKOFF,
      maxAttempts: CONSOLE_MAX_ATTEMPTS,
      pingMs: CONSOLE_PING_MS,
      random: Math.random,
      now: Date.now,
      ...options,
      location: options.location ?? globalThis.location,
      WebSocket: options.WebSocket ?? globalThis.WebSocket,
    };
  }

  /** The absolute offset of the next output byte (null before the first `hello`). */
  get offset(): number | null {
    return this.nextOffset;
  }

  /** Opens the console; nothing happens when it is already open or opening. */
  open(): void {
    const kind = this.stateSignal().kind;
    if (kind !== 'idle' && kind !== 'closed') return;
    this.attempts = 0;
    void this.attempt();
  }

  /** After the connection closed (or gave up): try again now, with a fresh ticket, from the last offset. */
  reconnect(): void {
    if (this.stateSignal().kind !== 'closed') return;
    this.attempts = 0;
    void this.attempt();
  }

  /** Closes the console for good (leaving the page); safe to call more than once. */
  close(): void {
    this.generation += 1;
    this.clearTimer();
    this.stopPing();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'closed by the user');
    }
    this.presenceSignal.set([]);
    if (this.stateSignal().kind !== 'closed') this.stateSignal.set({ kind: 'closed', reason: { kind: 'user' } });
  }

  /** Terminal output, in order, exactly once (replays included). */
  onOutput(listener: (bytes: Uint8Array) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /** Keyboard input (or a paste); dropped while not connected. */
  send(data: string): boolean {
    if (!data || !this.isLive()) return false;
    this.socket?.send(this.encoder.encode(data));
    return true;
  }

  /** The terminal's size; sent now when connected, and after every `hello`. */
  resize(cols: number, rows: number): void {
    if (!Number.isFinite(cols) || !Number.isFinite(rows) || cols < 1 || rows < 1) return;
    this.size = { cols: Math.floor(cols), rows: Math.floor(rows) };
    if (this.isLive()) this.sendSize(false);
  }

  /** Sends this terminal's size again, e.g. to take a shared host shell back after someone else resized it. */
  refreshSize(): void {
    if (this.isLive()) this.sendSize(true);
  }

  private isLive(): boolean {
    return this.socket?.readyState === OPEN && this.stateSignal().kind === 'connected';
  }

  private async attempt(): Promise<void> {
    this.clearTimer();
    const generation = ++this.generation;
    const attempt = this.attempts;
    this.stateSignal.set(
      this.nextOffset === null && attempt === 0 ? { kind: 'connecting' } : { kind: 'reconnecting', attempt, retryAt: null },
    );
    let ticket: ConsoleTicketLike;
    try {
      ticket = await this.options.ticket({ sessionId: this.helloSignal()?.sessionId ?? null, attempt });
    } catch (error) {
      if (generation !== this.generation) return;
      if (isPassing(error)) return this.retry();
      const view = describeError(error);
      return this.finish({ kind: 'refused', message: view.message, status: view.status ?? null });
    }
    if (generation !== this.generation) return;
    let socket: ConsoleSocketLike;
    try {
      socket = new this.options.WebSocket(socketUrl(this.options.location, ticket.url, this.nextOffset));
    } catch {
      return this.retry();
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => undefined; // the first message (`hello`) says the console is there
    socket.onerror = () => undefined; // onclose follows and does the work
    socket.onmessage = (event) => {
      if (this.socket === socket) this.receive(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.closed(event.code, event.reason ?? '');
    };
  }

  private receive(data: unknown): void {
    if (typeof data === 'string') {
      let message: ConsoleServerMessage;
      try {
        message = JSON.parse(data) as ConsoleServerMessage;
      } catch {
        return; // not a control message we can read; the stream goes on
      }
      if (message && typeof message.type === 'string') this.control(message);
      return;
    }
    const bytes = toBytes(data);
    if (!bytes || this.nextOffset === null) return;
    this.nextOffset += bytes.length;
    let chunk = bytes;
    if (this.skip > 0) {
      const dropped = Math.min(this.skip, chunk.length);
      this.skip -= dropped;
      chunk = chunk.subarray(dropped);
    }
    if (chunk.length) for (const listener of this.outputListeners) listener(chunk);
  }

  private control(message: ConsoleServerMessage): void {
    switch (message.type) {
      case 'hello': {
        const { sessionId, kind, title, recordingId, offset, cols, rows, state } = message;
        const hello: ConsoleHello = { sessionId, kind, title, recordingId, offset, cols, rows, state };
        // Asked with since=<offset>, the replay starts there; should it start earlier, what was already shown is dropped.
        this.skip = this.nextOffset !== null && hello.offset < this.nextOffset ? this.nextOffset - hello.offset : 0;
        this.nextOffset = hello.offset;
        this.attempts = 0;
        this.helloSignal.set(hello);
        this.statusSignal.set({ state: hello.state, message: null });
        // Our own size goes out next and comes back as `resized`; only a later one is someone else's.
        this.remoteSizeSignal.set(null);
        this.stateSignal.set({ kind: 'connected' });
        this.sendSize(true);
        this.startPing();
        return;
      }
      case 'presence':
        this.presenceSignal.set(message.participants);
        return;
      case 'status':
        this.statusSignal.set({ state: message.state, message: message.message });
        return;
      case 'resized':
        this.remoteSizeSignal.set({ cols: message.cols, rows: message.rows });
        return;
      case 'error':
        this.noticeSignal.set(message.message);
        return;
      default:
        return; // replayed, pong: nothing to do (the offset is counted from the bytes)
    }
  }

  private closed(code: number, reason: string): void {
    this.stopPing();
    this.presenceSignal.set([]);
    this.sentSize = null;
    if (FINAL_CODES.has(code)) return this.finish(finalReason(code, reason));
    this.retry();
  }

  private retry(): void {
    this.attempts += 1;
    if (this.attempts > this.options.maxAttempts) return this.finish({ kind: 'gave-up', attempts: this.options.maxAttempts });
    const delay = backoffDelay(this.attempts - 1, this.options.backoff, this.options.random);
    const attempt = this.attempts;
    this.stateSignal.set({ kind: 'reconnecting', attempt, retryAt: this.options.now() + delay });
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.attempt();
    }, delay);
  }

  private finish(reason: ClosedReason): void {
    this.generation += 1;
    this.clearTimer();
    this.stopPing();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000);
    }
    this.presenceSignal.set([]);
    this.stateSignal.set({ kind: 'closed', reason });
  }

  private sendSize(force: boolean): void {
    if (!this.size) return;
    const key = `${this.size.cols}x${this.size.rows}`;
    if (!force && key === this.sentSize) return;
    this.sentSize = key;
    this.sendControl({ type: 'resize', cols: this.size.cols, rows: this.size.rows });
  }

  private sendControl(message: ConsoleClientMessage): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private startPing(): void {
    this.stopPing();
    this.pinger = setInterval(() => this.sendControl({ type: 'ping' }), this.options.pingMs);
  }

  private stopPing(): void {
    if (this.pinger !== null) clearInterval(this.pinger);
    this.pinger = null;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** `ws(s)://<panel host><ticket url>[&since=<offset>]`. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>, ticketUrl: string, since: number | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const sinceParam = since === null ? '' : `${ticketUrl.includes('?') ? '&' : '?'}since=${since}`;
  return `${scheme}://${location.host}${ticketUrl}${sinceParam}`;
}

/** The exit code in the panel's "The shell exited (code 0)." */
export function exitCodeOf(reason: string): number | null {
  const match = /code (-?\d+)/.exec(reason);
  return match ? Number(match[1]) : null;
}

function finalReason(code: number, reason: string): ClosedReason {
  switch (code) {
    case ConsoleCloseCode.SessionEnded:
      return { kind: 'exited', exitCode: exitCodeOf(reason), message: reason };
    case ConsoleCloseCode.AccessRevoked:
      return { kind: 'revoked', message: reason };
    case ConsoleCloseCode.ProtocolError:
      return { kind: 'protocol', message: reason };
    default:
      return { kind: 'ended', message: reason };
  }
}

/** A ticket request that may work on a later try: the panel unreachable or restarting. */
function isPassing(error: unknown): boolean {
  if (error instanceof ClanApiError) return error.status >= 500 || error.status === 408 || error.status === 429;
  return error instanceof TypeError; // fetch could not reach the panel
}

/** A binary frame's bytes (an ArrayBuffer with binaryType 'arraybuffer'; checked by tag, which holds across realms). */
function toBytes(data: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array(data as ArrayBuffer);
  return null;
}
