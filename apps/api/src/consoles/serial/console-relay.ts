import { randomUUID } from 'node:crypto';
import type { ConsoleState } from '@clan/contracts';
import type { PubSub } from '../../services/queue/pubsub.service';
import type { OutputListener, StatusListener, TerminalBackend } from '../terminal/terminal-backend';

/**
 * A VM's serial console across hosts (docs/fleet.md, "Consoles"): the panel
 * process a viewer is connected to is not on the host that holds the VM's
 * console, so the bytes travel over Redis pub/sub (which every host reaches
 * through the fleet mesh). The holder answers requests on
 * `console-requests` (replay, input, watch) for the domains it holds and,
 * while someone watches, publishes output and status on
 * `console-out:<domain>`; answers go to the asking process's own channel.
 */

export const CONSOLE_REQUESTS = 'console-requests';
export const consoleOut = (domain: string) => `console-out:${domain}`;
export const consoleReplies = (process: string) => `console-replies:${process}`;

/** How long a watch keeps the holder publishing (the remote renews it). */
export const WATCH_MS = 30_000;
const RENEW_MS = 10_000;
const REPLY_TIMEOUT_MS = 5000;
const REPLAY_ATTEMPTS = 4;

export type ConsoleRequest =
  | { type: 'replay'; domain: string; since: number | null; replyTo: string; id: string }
  | { type: 'input'; domain: string; data: string }
  | { type: 'watch'; domain: string };

export type ConsoleOut = { type: 'output'; offset: number; data: string } | { type: 'status'; state: ConsoleState; message: string };

export interface ConsoleReply {
  id: string;
  from: number;
  to: number;
  data: string;
  state: ConsoleState;
}

/**
 * The viewer's side: a TerminalBackend whose bytes come from the process
 * that holds the console on the VM's host. Output offsets are the holder's
 * ring offsets, so the session's replay and live output join without a gap.
 */
export class RemoteConsole implements TerminalBackend {
  private readonly listeners = new Set<OutputListener>();
  private readonly statusListeners = new Set<StatusListener>();
  private current: ConsoleState = 'attaching';
  private readonly cleanups: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly pubsub: PubSub,
    readonly domain: string,
    private readonly replies: RemoteReplies,
    private readonly hostName: string,
  ) {}

  static async open(pubsub: PubSub, domain: string, replies: RemoteReplies, hostName: string): Promise<RemoteConsole> {
    const c = new RemoteConsole(pubsub, domain, replies, hostName);
    c.cleanups.push(await pubsub.subscribe(consoleOut(domain), (m) => c.heard(m as ConsoleOut)));
    await c.watch();
    c.timer = setInterval(() => void c.watch(), RENEW_MS);
    c.timer.unref();
    return c;
  }

  private watch(): Promise<void> {
    return this.pubsub.publish(CONSOLE_REQUESTS, { type: 'watch', domain: this.domain } satisfies ConsoleRequest).catch(() => undefined);
  }

  private heard(m: ConsoleOut): void {
    if (this.closed) return;
    if (m.type === 'output') {
      const chunk = Buffer.from(m.data, 'base64');
      for (const l of this.listeners) l(chunk, m.offset);
    } else this.setState(m.state, m.message);
  }

  private setState(state: ConsoleState, message: string): void {
    this.current = state;
    for (const l of this.statusListeners) l(state, message);
  }

  subscribe(listener: OutputListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  async replay(since: number | null): Promise<{ from: number; to: number; data: Buffer }> {
    await this.replies.ready();
    // The host a machine just moved to takes its console within a sync or two (5 s each): ask a few times.
    for (let attempt = 0; attempt < REPLAY_ATTEMPTS && !this.closed; attempt++) {
      const id = randomUUID();
      const answer = this.replies.expect(id);
      await this.pubsub.publish(CONSOLE_REQUESTS, {
        type: 'replay',
        domain: this.domain,
        since,
        replyTo: this.replies.process,
        id,
      } satisfies ConsoleRequest);
      const r = await answer.catch(() => null);
      if (!r) continue;
      this.current = r.state;
      return { from: r.from, to: r.to, data: Buffer.from(r.data, 'base64') };
    }
    this.setState('elsewhere', `The console of this VM is held on host ${this.hostName}, which did not answer; is its worker running?`);
    return { from: 0, to: 0, data: Buffer.alloc(0) };
  }

  write(data: Buffer): void {
    void this.pubsub
      .publish(CONSOLE_REQUESTS, { type: 'input', domain: this.domain, data: data.toString('base64') } satisfies ConsoleRequest)
      .catch(() => undefined);
  }

  resize(): boolean {
    return false;
  }

  size(): { cols: number; rows: number } {
    return { cols: 80, rows: 24 };
  }

  state(): ConsoleState {
    return this.current;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const c of this.cleanups.splice(0)) c();
  }
}

/** The replies this process waits for, on its own channel. */
export class RemoteReplies {
  readonly process = randomUUID();
  private readonly waiting = new Map<string, (r: ConsoleReply) => void>();
  private subscribed: Promise<void> | null = null;

  constructor(private readonly pubsub: PubSub) {}

  ready(): Promise<void> {
    this.subscribed ??= this.pubsub
      .subscribe(consoleReplies(this.process), (m) => {
        const r = m as ConsoleReply;
        this.waiting.get(r.id)?.(r);
      })
      .then(() => undefined);
    return this.subscribed;
  }

  /** Call after ready(): the answer to request `id`, or an error after a few seconds. */
  expect(id: string): Promise<ConsoleReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('no answer'));
      }, REPLY_TIMEOUT_MS);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(r);
      });
    });
  }
}
