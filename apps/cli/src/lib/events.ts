import type { EventStream } from '@clan/api-client';
import type { ServerEvent } from '@clan/contracts';
import WebSocket from 'ws';

export type { EventStream, OpenEvents } from '@clan/api-client';

export function wsUrl(panelUrl: string): string {
  return `${panelUrl.replace(/^http/, 'ws')}/api/ws`;
}

/**
 * Connects with `Authorization: Bearer`, subscribes, and resolves once the
 * panel confirms the subscription; rejects on any failure before that so the
 * caller can fall back to polling.
 */
export function openTaskEvents(panelUrl: string, token: string | undefined, topic: string, connectTimeoutMs = 5000): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(panelUrl), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      handshakeTimeout: connectTimeoutMs,
    });
    const queue: ServerEvent[] = [];
    let waiter: ((e: ServerEvent | null) => void) | undefined;
    let closed = false;
    let subscribed = false;
    const timer = setTimeout(() => fail(new Error(`no subscription confirmation within ${connectTimeoutMs} ms`)), connectTimeoutMs);

    function fail(err: Error): void {
      clearTimeout(timer);
      socket.terminate();
      reject(err);
    }

    const stream: EventStream = {
      next(timeoutMs) {
        if (queue.length) return Promise.resolve(queue.shift() as ServerEvent);
        if (closed) return Promise.resolve(null);
        return new Promise((res) => {
          const t = setTimeout(() => {
            waiter = undefined;
            res('timeout');
          }, timeoutMs);
          waiter = (e) => {
            clearTimeout(t);
            waiter = undefined;
            res(e);
          };
        });
      },
      close() {
        closed = true;
        socket.close();
      },
    };

    socket.on('open', () => socket.send(JSON.stringify({ type: 'subscribe', topic })));
    socket.on('message', (data) => {
      let event: ServerEvent;
      try {
        event = JSON.parse(String(data)) as ServerEvent;
      } catch {
        return;
      }
      if (!subscribed) {
        if (event.type === 'subscribed' && event.topic === topic) {
          subscribed = true;
          clearTimeout(timer);
          resolve(stream);
        } else if (event.type === 'error') {
          fail(new Error(`${event.code}: ${event.message}`));
        }
        return;
      }
      if (waiter) waiter(event);
      else queue.push(event);
    });
    socket.on('error', (err) => {
      if (!subscribed) fail(err);
    });
    socket.on('unexpected-response', (_req, res) => fail(new Error(`the panel answered ${res.statusCode} to the WebSocket upgrade`)));
    socket.on('close', () => {
      closed = true;
      if (!subscribed) fail(new Error('the WebSocket closed before subscribing'));
      waiter?.(null);
    });
  });
}
