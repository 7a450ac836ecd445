import { DOCUMENT, Injectable, InjectionToken, inject, signal } from '@angular/core';
import type { ClientMessage, ServerEvent } from '@clan/contracts';
import { Session } from '../auth/session';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

/** The part of a WebSocket this service uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export const SOCKET_FACTORY = new InjectionToken<(url: string) => SocketLike>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (url: string) => new WebSocket(url),
});

export const SOCKET_BACKOFF = new InjectionToken<BackoffOptions>('SOCKET_BACKOFF', {
  providedIn: 'root',
  factory: () => DEFAULT_BACKOFF,
});

export type SocketStatus = 'idle' | 'connecting' | 'open' | 'reconnecting';
const OPEN = 1;
/** The panel closes a socket with this code when its session or token has ended. */
export const CLOSE_UNAUTHENTICATED = 4401;

/**
 * The one WebSocket to /api/ws. Keeps the subscribed topics and re-sends them
 * after every reconnect; reconnects with capped exponential backoff for as long
 * as it is wanted (between start() and stop()).
 */
@Injectable({ providedIn: 'root' })
export class LiveSocket {
  private readonly factory = inject(SOCKET_FACTORY);
  private readonly backoff = inject(SOCKET_BACKOFF);
  private readonly session = inject(Session);
  private readonly url = socketUrl(inject(DOCUMENT).location);

  readonly status = signal<SocketStatus>('idle');
  private socket: SocketLike | null = null;
  private wanted = false;
  private attempt = 0;
  private everOpened = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly topics = new Map<string, number>();
  private readonly listeners = new Set<(event: ServerEvent) => void>();
  private readonly reconnectListeners = new Set<() => void>();

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.attempt = 0;
    this.everOpened = false;
    this.open();
  }

  stop(): void {
    this.wanted = false;
    this.clearTimer();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'signed out');
    }
    this.status.set('idle');
  }

  /** Subscribes to a topic until the returned function is called; survives reconnects. */
  subscribe(topic: string): () => void {
    const count = this.topics.get(topic) ?? 0;
    this.topics.set(topic, count + 1);
    if (count === 0) this.send({ type: 'subscribe', topic });
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) {
        this.topics.set(topic, left);
      } else {
        this.topics.delete(topic);
        this.send({ type: 'unsubscribe', topic });
      }
    };
  }

  on(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after a reconnect: whatever was pushed while we were away must be fetched. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private open(): void {
    this.clearTimer();
    this.status.set(this.everOpened || this.attempt > 0 ? 'reconnecting' : 'connecting');
    let socket: SocketLike;
    try {
      socket = this.factory(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const isReconnect = this.everOpened;
      this.attempt = 0;
      this.everOpened = true;
      this.status.set('open');
      for (const topic of this.topics.keys()) this.send({ type: 'subscribe', topic });
      if (isReconnect) for (const listener of this.reconnectListeners) listener();
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onerror = () => undefined; // onclose follows and does the work
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === CLOSE_UNAUTHENTICATED) {
        // Reconnecting cannot help: the session is over.
        this.stop();
        this.session.expire();
        return;
      }
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (!this.wanted) return;
    this.status.set('reconnecting');
    const delay = backoffDelay(this.attempt, this.backoff);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.wanted) this.open();
    }, delay);
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let event: ServerEvent;
    try {
      event = JSON.parse(data) as ServerEvent;
    } catch {
      return; // not ours to crash on
    }
    if (!event || typeof event.type !== 'string') return;
    for (const listener of this.listeners) listener(event);
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

export function socketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
}
