import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ServerEvent } from '@clan/contracts';
import { Session } from '../auth/session';
import { backoffDelay } from './backoff';
import { CLOSE_UNAUTHENTICATED, LiveSocket, SOCKET_BACKOFF, SOCKET_FACTORY, socketUrl, type SocketLike } from './live-socket';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: unknown[] = [];
  closedWith: number | undefined;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  serverOpens(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  serverCloses(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }

  serverSends(event: ServerEvent | string): void {
    this.onmessage?.({
      data: typeof event === 'string' ? event : JSON.stringify(event),
    } as MessageEvent);
  }
}

describe('backoffDelay', () => {
  const options = { baseMs: 500, maxMs: 30_000 };

  it('doubles per attempt and stays within [ceiling/2, ceiling]', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(250);
    expect(backoffDelay(0, options, () => 1)).toBe(500);
    expect(backoffDelay(1, options, () => 1)).toBe(1000);
    expect(backoffDelay(3, options, () => 1)).toBe(4000);
    expect(backoffDelay(3, options, () => 0.5)).toBe(3000);
  });

  it('is capped at maxMs however many attempts failed', () => {
    expect(backoffDelay(20, options, () => 1)).toBe(30_000);
    expect(backoffDelay(1000, options, () => 0)).toBe(15_000);
  });
});

describe('LiveSocket', () => {
  let sockets: FakeSocket[];
  let live: LiveSocket;

  const latest = () => sockets[sockets.length - 1];

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1); // the upper bound of the jitter, to make delays exact
    sockets = [];
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: SOCKET_BACKOFF, useValue: { baseMs: 500, maxMs: 4000 } },
        {
          provide: SOCKET_FACTORY,
          useValue: (url: string) => {
            const socket = new FakeSocket(url);
            sockets.push(socket);
            return socket;
          },
        },
      ],
    });
    live = TestBed.inject(LiveSocket);
  });

  afterEach(() => {
    live.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('builds ws:// or wss:// from the page location', () => {
    expect(socketUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/api/ws');
    expect(socketUrl({ protocol: 'https:', host: 'panel.example' })).toBe('wss://panel.example/api/ws');
  });

  it('reconnects with growing delays, capped, and resets them after a successful open', () => {
    live.start();
    expect(sockets).toHaveLength(1);
    latest().serverCloses();
    expect(live.status()).toBe('reconnecting');

    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2); // 500 ms

    latest().serverCloses();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3); // 1000 ms

    latest().serverCloses();
    vi.advanceTimersByTime(2000);
    expect(sockets).toHaveLength(4); // 2000 ms

    latest().serverCloses();
    vi.advanceTimersByTime(4000);
    expect(sockets).toHaveLength(5); // 4000 ms

    latest().serverCloses();
    vi.advanceTimersByTime(4000);
    expect(sockets).toHaveLength(6); // capped at maxMs

    latest().serverOpens();
    expect(live.status()).toBe('open');
    latest().serverCloses();
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(7); // back to the first delay
  });

  it('re-sends its subscriptions after a reconnect and tells listeners to resync', () => {
    const resync = vi.fn();
    live.onReconnect(resync);
    live.subscribe('tasks');
    live.start();
    latest().serverOpens();
    expect(latest().sent).toEqual([{ type: 'subscribe', topic: 'tasks' }]);
    expect(resync).not.toHaveBeenCalled();

    const stopTask = live.subscribe('task:t1');
    expect(latest().sent).toContainEqual({
      type: 'subscribe',
      topic: 'task:t1',
    });

    latest().serverCloses();
    vi.advanceTimersByTime(500);
    latest().serverOpens();
    expect(latest().sent).toEqual([
      { type: 'subscribe', topic: 'tasks' },
      { type: 'subscribe', topic: 'task:t1' },
    ]);
    expect(resync).toHaveBeenCalledTimes(1);

    stopTask();
    expect(latest().sent).toContainEqual({
      type: 'unsubscribe',
      topic: 'task:t1',
    });
  });

  it('delivers parsed events to listeners and ignores junk', () => {
    const events: ServerEvent[] = [];
    live.on((event) => events.push(event));
    live.start();
    latest().serverOpens();

    latest().serverSends('not json');
    latest().serverSends({ type: 'subscribed', topic: 'tasks' });

    expect(events).toEqual([{ type: 'subscribed', topic: 'tasks' }]);
  });

  it('stops reconnecting once stopped', () => {
    live.start();
    latest().serverCloses();
    live.stop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(live.status()).toBe('idle');
  });

  it('gives up and ends the session when the panel closes the socket as unauthenticated', () => {
    const session = TestBed.inject(Session);
    const expire = vi.spyOn(session, 'expire').mockImplementation(() => undefined);
    live.start();
    latest().serverOpens();

    latest().serverCloses(CLOSE_UNAUTHENTICATED);
    vi.advanceTimersByTime(60_000);

    expect(sockets).toHaveLength(1);
    expect(expire).toHaveBeenCalledTimes(1);
  });
});
