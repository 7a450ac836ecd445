import { open } from 'node:fs/promises';
import type { ConsoleState } from '@clan/contracts';
import { type ConsoleEnd, type LibvirtClient, type LibvirtConsole, VmState } from '@clan/libvirt-client';
import type { Logger } from '@nestjs/common';
import type { OutputListener, StatusListener, TerminalBackend } from '../terminal/terminal-backend';
import type { ScrollbackRing } from './scrollback-ring';
import { planSeed } from './serial-seed';

/** A new viewer is shown at most this much: the current boot's output, or its last MiB. */
export const REPLAY_MAX = 1024 * 1024;
/** How long the attachment collects output before the log is read, and after (see serial-seed.ts). */
const SETTLE_BEFORE_MS = 400;
const SETTLE_AFTER_MS = 200;
const ANCHOR_BYTES = 512;
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SerialConsoleOptions {
  libvirt: LibvirtClient;
  ring: ScrollbackRing;
  /** libvirt's log of the console (everything since the domain started). */
  serialLog: string;
  logger: Logger;
  /** Environment of the `virsh console` process. */
  env: Record<string, string>;
}

/**
 * A VM's serial console as the panel holds it: one attachment (libvirt's
 * console stream) whose output goes into the scrollback ring and then to
 * every listener, and input from anyone. Re-attaches by itself while wanted
 * (a console taken over by someone else, a libvirtd restart); reports where
 * it stands as a ConsoleState.
 */
export class SerialConsole implements TerminalBackend {
  private attachment: LibvirtConsole | null = null;
  private attaching: Promise<void> | null = null;
  private current: ConsoleState = 'stopped';
  private message = 'The VM is not running.';
  private readonly listeners = new Set<OutputListener>();
  private readonly statusListeners = new Set<StatusListener>();
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** Whether the console should be held (the hub holds its lease); false stops re-attaching. */
  private wanted = false;
  private closed = false;

  constructor(
    private domainName: string | null,
    private readonly o: SerialConsoleOptions,
  ) {}

  get ring(): ScrollbackRing {
    return this.o.ring;
  }

  get attached(): boolean {
    return this.attachment !== null;
  }

  setDomain(name: string | null): void {
    if (name === this.domainName) return;
    this.detach('stopped', 'The VM was redefined.');
    this.domainName = name;
  }

  subscribe(listener: OutputListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  state(): ConsoleState {
    return this.current;
  }

  size(): { cols: number; rows: number } {
    return { cols: 80, rows: 24 };
  }

  /** A serial line has no window size: the guest's `stty rows R cols C` sets it inside. */
  resize(): boolean {
    return false;
  }

  write(data: Buffer): void {
    this.attachment?.write(data);
  }

  async replay(since: number | null): Promise<{ from: number; to: number; data: Buffer }> {
    const ring = this.o.ring;
    await ring.flush();
    const end = ring.end;
    const bootStart = ring.lastBoot?.offset ?? 0;
    const from = since ?? Math.max(bootStart, end - REPLAY_MAX);
    const r = await ring.read(Math.max(from, end - REPLAY_MAX), end);
    return { from: r.from, to: r.from + r.data.length, data: r.data };
  }

  setState(state: ConsoleState, message: string): void {
    if (state === this.current && message === this.message) return;
    this.current = state;
    this.message = message;
    for (const l of this.statusListeners) l(state, message);
  }

  /** Holds the console from now on: attaches if the VM runs, and again whenever the attachment ends. */
  want(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.wanted = true;
    return this.attach();
  }

  /** Lets go of the console (lease lost or released): no more re-attaching. */
  detach(state: ConsoleState, message: string): void {
    this.wanted = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const a = this.attachment;
    this.attachment = null;
    a?.close();
    this.setState(state, message);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.detach('stopped', 'The panel is shutting down.');
    if (this.attaching) await this.attaching.catch(() => undefined);
    await this.o.ring.close();
  }

  private attach(): Promise<void> {
    if (this.attachment || this.closed) return Promise.resolve();
    this.attaching ??= this.attachOnce()
      .catch((err: unknown) => {
        this.o.logger.warn(`serial console of ${this.domainName}: ${(err as Error).message}`);
        this.scheduleRetry();
      })
      .finally(() => (this.attaching = null));
    return this.attaching;
  }

  private async attachOnce(): Promise<void> {
    const name = this.domainName;
    if (!name) return this.setState('stopped', 'The machine has no VM yet.');
    const info = await this.o.libvirt.get(name).catch(() => null);
    if (!info || (info.state !== VmState.Running && info.state !== VmState.Blocked && info.state !== VmState.Paused) || info.id === null) {
      return this.setState('stopped', 'The VM is not running.');
    }
    if (!this.wanted) return;
    this.setState('attaching', 'Connecting to the serial console…');
    const bootKey = `${info.uuid}:${info.id}`;
    const stream = this.o.libvirt.openConsole(name, { env: this.o.env });
    let early: Buffer[] | null = [];
    let ended: ConsoleEnd | null = null;
    stream.on('data', (d: Buffer) => (early ? early.push(d) : this.output(d)));
    stream.on('end', (e: ConsoleEnd) => {
      ended = e;
      this.ended(stream, e);
    });
    this.attachment = stream;

    // Seed what was missed (see serial-seed.ts): attachment first, then the log.
    await sleep(SETTLE_BEFORE_MS);
    const ring = this.o.ring;
    await ring.flush();
    const last = ring.lastBoot;
    let have = 0;
    let anchor: Buffer = Buffer.alloc(0);
    if (last?.key === bootKey) {
      have = ring.end - last.offset;
      anchor = (await ring.read(Math.max(last.offset, ring.end - ANCHOR_BYTES))).data;
    } else {
      await ring.markBoot(bootKey);
    }
    const log = await readTail(this.o.serialLog, ring.capacity);
    await sleep(SETTLE_AFTER_MS);
    const earlyBytes = Buffer.concat(early);
    const seed = log ? planSeed({ log: log.data, logStart: log.start, have, anchor, early: earlyBytes }) : Buffer.alloc(0);
    // Synchronously: offsets are handed out in call order, so live output comes after these.
    this.output(seed);
    this.output(earlyBytes);
    early = null;
    if (ended || this.attachment !== stream) return;
    this.failures = 0;
    this.setState('attached', 'Connected to the serial console.');
  }

  private output(chunk: Buffer): void {
    if (!chunk.length) return;
    this.o.ring.append(chunk).then(
      (offset) => {
        for (const l of this.listeners) l(chunk, offset);
      },
      (err: unknown) => this.o.logger.error(`serial scrollback of ${this.domainName}: ${(err as Error).message}`),
    );
  }

  private ended(stream: LibvirtConsole, e: ConsoleEnd): void {
    if (this.attachment !== stream) return;
    this.attachment = null;
    if (!this.wanted || this.closed) return;
    if (e.error && /active console session exists/i.test(e.error)) {
      this.setState('busy', 'Someone else holds this VM’s console (e.g. virsh console on the host); retrying.');
    } else if (e.error) {
      this.o.logger.warn(`serial console of ${this.domainName} ended: ${e.error}`);
    }
    // Either the VM stopped (attach() finds it so and waits for the next start) or the stream broke (attach again).
    this.scheduleRetry(e.exitCode === 0 ? 0 : undefined);
  }

  private scheduleRetry(delayMs?: number): void {
    if (!this.wanted || this.closed || this.retryTimer) return;
    const ms = delayMs ?? RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)];
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.attach();
    }, ms);
    this.retryTimer.unref();
  }
}

/** The last `max` bytes of a file and where they start; null when it cannot be read (e.g. virtlogd's file is root's). */
async function readTail(file: string, max: number): Promise<{ data: Buffer; start: number } | null> {
  try {
    const fh = await open(file, 'r');
    try {
      const size = (await fh.stat()).size;
      const start = Math.max(0, size - max);
      const data = Buffer.alloc(size - start);
      const { bytesRead } = await fh.read(data, 0, data.length, start);
      return { data: data.subarray(0, bytesRead), start };
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}
