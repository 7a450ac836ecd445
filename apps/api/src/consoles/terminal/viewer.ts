import { randomUUID } from 'node:crypto';
import { ConsoleCloseCode, type ConsoleServerMessage } from '@clan/contracts';
import type { WebSocket } from 'ws';
import type { Principal } from '../../common/authz/principal';

/** Output queued for a viewer beyond this (a stalled browser tab) closes its connection rather than grow without bound. */
const MAX_BUFFERED = 8 * 1024 * 1024;

/** One WebSocket attached to a console, and who it belongs to. */
export class Viewer {
  readonly id = randomUUID();
  readonly joinedAt = new Date();

  constructor(
    readonly socket: WebSocket,
    public principal: Principal,
  ) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  sendData(data: Buffer): void {
    if (!this.open || data.length === 0) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED) {
      this.close(ConsoleCloseCode.TooSlow, 'The connection fell too far behind the output; reconnect.');
      return;
    }
    this.socket.send(data, { binary: true });
  }

  sendJson(message: ConsoleServerMessage): void {
    if (this.open) this.socket.send(JSON.stringify(message));
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.CLOSED || this.socket.readyState === this.socket.CLOSING) return;
    // Close reasons are limited to 123 bytes.
    this.socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
  }
}
