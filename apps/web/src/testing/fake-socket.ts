import type { ServerEvent } from '@clan/contracts';
import type { SocketLike } from '../app/core/live/live-socket';

/** A WebSocket stand-in for unit tests: records what is sent, lets the test play the server. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: unknown[] = [];

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(): void {
    this.readyState = 3;
  }

  serverOpens(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  serverSends(event: ServerEvent): void {
    this.onmessage?.({ data: JSON.stringify(event) } as MessageEvent);
  }
}
