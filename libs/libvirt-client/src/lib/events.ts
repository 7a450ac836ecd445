import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';

export type LifecycleEvent =
  'Defined' | 'Undefined' | 'Started' | 'Suspended' | 'Resumed' | 'Stopped' | 'Shutdown' | 'PMSuspended' | 'Crashed';

export interface LibvirtEvent {
  at: Date;
  /** virsh's event type: "lifecycle", "reboot", "rtc-change", "device-removed", … */
  type: string;
  domain: string;
  /** For lifecycle events, the first word of the detail ("Started", "Stopped", …). */
  event?: LifecycleEvent | string;
  /** The rest of virsh's text, e.g. "Booted" or "Destroyed". */
  detail: string;
}

const LINE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})([+-]\d{4}): event '([^']+)' for domain '(.*?)'(?:: (.*))?$/;

/** Parses one line of `virsh event --all --loop --timestamp`; returns undefined for other lines. */
export function parseEventLine(line: string): LibvirtEvent | undefined {
  const m = LINE.exec(line.trimEnd());
  if (!m) return undefined;
  const [, date, time, zone, type, domain, rest] = m as unknown as string[];
  const at = new Date(`${date}T${time}${zone?.slice(0, 3)}:${zone?.slice(3)}`);
  const text = rest ?? '';
  if (type === 'lifecycle') {
    const space = text.indexOf(' ');
    return {
      at,
      type: type ?? '',
      domain: domain ?? '',
      event: space === -1 ? text : text.slice(0, space),
      detail: space === -1 ? '' : text.slice(space + 1),
    };
  }
  return { at, type: type ?? '', domain: domain ?? '', detail: text };
}

/**
 * A running `virsh event --all --loop --timestamp`. Emits 'event'
 * (LibvirtEvent) and 'end' (the process stopped: libvirtd restarted or
 * close() was called); also usable as an async iterator.
 */
export class LibvirtEventStream extends EventEmitter implements AsyncIterable<LibvirtEvent> {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';
  private closed = false;
  stderr = '';

  constructor(uri: string) {
    super();
    this.child = spawn('env', ['LC_ALL=C', 'virsh', '-q', '-c', uri, 'event', '--all', '--loop', '--timestamp']);
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => this.feed(d));
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.child.on('exit', () => this.end());
    this.child.on('error', () => this.end());
  }

  private feed(data: string): void {
    this.buffer += data;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      const ev = parseEventLine(this.buffer.slice(0, nl));
      this.buffer = this.buffer.slice(nl + 1);
      if (ev) this.emit('event', ev);
    }
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('end');
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LibvirtEvent> {
    const pending: LibvirtEvent[] = [];
    let wake: (() => void) | undefined;
    const onEvent = (e: LibvirtEvent) => {
      pending.push(e);
      wake?.();
    };
    const onEnd = () => wake?.();
    this.on('event', onEvent);
    this.on('end', onEnd);
    try {
      for (;;) {
        const next = pending.shift();
        if (next) yield next;
        else if (this.closed) return;
        else await new Promise<void>((r) => (wake = r));
      }
    } finally {
      this.off('event', onEvent);
      this.off('end', onEnd);
    }
  }
}
