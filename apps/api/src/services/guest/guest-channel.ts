import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { controlSocketBeside } from '../disk/vm-layout';

/** A machine's answer to PING: who is running. */
export interface Pong {
  machine: string;
  generation: number;
  /** The controller serves requests on its control port (PONG … control); false: an older one, requests go to the health port. */
  control?: boolean;
}

/** The verbs of the VM controller protocol (docs/vm-controller.md). BACKUP and RESTORE are reserved. */
export type GuestVerb = 'FACTS' | 'HOOK' | 'FREEZE' | 'THAW' | 'BACKUP' | 'DUMPS' | 'RESTORE' | 'CHECK';

export interface GuestRequestOptions {
  /** The machine's controller token (GuestTokens.tokenFor). */
  token: string;
  /** Each LOG line of the request, as it arrives. */
  onLog?: (text: string) => void;
  signal?: AbortSignal;
  /** How long to wait for END (default 30 s). */
  timeoutMs?: number;
}

/** The controller did not answer: the socket is missing, refused us, or END never came. */
export class GuestUnreachableError extends Error {
  override name = 'GuestUnreachableError';
}

/** The controller answered `END <id> error <sentence>`: the sentence is for a person. */
export class GuestRefusedError extends Error {
  override name = 'GuestRefusedError';
}

/** Arguments travel space-separated on one line: only what can never split or smuggle a line. */
const SAFE_ARG = /^[A-Za-z0-9._/@:+=-]{1,256}$/;
const MAX_BUFFER = 1 << 20;

/**
 * The host side of the VM controller: one per VM, named by its health socket
 * (the unix socket libvirt binds for the virtio-serial port org.clan.health.0).
 * Requests go to the control socket beside it (org.clan.control.0), so a long
 * request (a backup) never holds up a health ping. qemu's chardev socket
 * serves one client at a time, so each socket's uses wait for the one before
 * them; each opens its own connection and closes it when done. Every request
 * first PINGs: a controller that does not say `control` in its PONG (an older
 * generation, from before the control port) gets the request on the health
 * socket, as it always did, in turn with the pings. Answers are matched by
 * nonce/id, so a late line of an abandoned request is ignored.
 */
export class GuestChannel {
  private static readonly channels = new Map<string, GuestChannel>();
  private healthTail: Promise<unknown> = Promise.resolve();
  private controlTail: Promise<unknown> = Promise.resolve();
  readonly controlSocketPath: string;

  private constructor(readonly socketPath: string) {
    this.controlSocketPath = controlSocketBeside(socketPath);
  }

  /** The channel of this socket (the same object for every caller in this process). */
  static for(socketPath: string): GuestChannel {
    let ch = GuestChannel.channels.get(socketPath);
    if (!ch) {
      ch = new GuestChannel(socketPath);
      GuestChannel.channels.set(socketPath, ch);
    }
    return ch;
  }

  /** `PING <nonce>` → the guest's PONG, or null when nothing (valid) came back within `timeoutMs`. */
  ping(timeoutMs: number): Promise<Pong | null> {
    return this.pingOrError(timeoutMs).catch(() => null);
  }

  /** ping, rejecting with a GuestUnreachableError that says why nothing came back. */
  private pingOrError(timeoutMs: number, signal?: AbortSignal): Promise<Pong> {
    const nonce = randomBytes(8).toString('hex');
    return this.exclusive('health', () =>
      this.converse<Pong>(this.socketPath, `PING ${nonce}`, timeoutMs, signal, (line, done) => {
        const m = /^PONG ([0-9a-f]+) ([a-z0-9-]+) (\d+)((?: [a-z]+)*)\s*$/.exec(line);
        if (m && m[1] === nonce)
          done({ machine: m[2], generation: Number(m[3]), ...(m[4].split(' ').includes('control') ? { control: true } : {}) });
      }),
    );
  }

  /**
   * `REQ <id> <token> <verb> [args…]`: resolves with END's JSON, rejects with
   * GuestRefusedError (END error) or GuestUnreachableError (no END in time).
   */
  request<T = unknown>(verb: GuestVerb, args: string[], opts: GuestRequestOptions): Promise<T> {
    const bad = args.find((a) => !SAFE_ARG.test(a));
    if (bad !== undefined) return Promise.reject(new GuestRefusedError(`"${bad.slice(0, 40)}" cannot be sent to the controller.`));
    if (!/^[A-Za-z0-9_-]+$/.test(opts.token)) return Promise.reject(new Error('The controller token is malformed.'));
    const id = randomBytes(8).toString('hex');
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const line = ['REQ', id, opts.token, verb, ...args].join(' ');
    const send = (queue: 'health' | 'control', path: string) =>
      this.exclusive(queue, () =>
        this.converse<T>(path, line, timeoutMs, opts.signal, (l, done, fail) => {
          const m = /^(LOG|END) ([0-9a-f]+) ?(.*)$/.exec(l);
          if (!m || m[2] !== id) return;
          if (m[1] === 'LOG') return opts.onLog?.(m[3]);
          const end = /^(ok|error) ?(.*)$/.exec(m[3]);
          if (end?.[1] === 'ok') {
            try {
              done(JSON.parse(end[2]) as T);
            } catch {
              fail(new GuestRefusedError(`The controller answered ${verb} with something that is not JSON.`));
            }
          } else fail(new GuestRefusedError(end?.[2] || `The controller refused ${verb} without saying why.`));
        }),
      );
    return this.pingOrError(Math.min(timeoutMs, 5000), opts.signal).then((pong) =>
      pong.control ? send('control', this.controlSocketPath) : send('health', this.socketPath),
    );
  }

  /** Runs `fn` after every earlier use of this socket (health or control) has finished. */
  private exclusive<T>(queue: 'health' | 'control', fn: () => Promise<T>): Promise<T> {
    const run = (queue === 'health' ? this.healthTail : this.controlTail).then(fn, fn);
    if (queue === 'health') this.healthTail = run.catch(() => undefined);
    else this.controlTail = run.catch(() => undefined);
    return run;
  }

  private converse<T>(
    socketPath: string,
    line: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    onLine: (line: string, done: (v: T) => void, fail: (e: Error) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      let socket: Socket | null = null;
      let buf = '';
      let settled = false;
      const finish = (err: Error | null, v?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        // The next user of the socket connects only once this connection is closed.
        const settle = () => (err ? reject(err) : resolve(v as T));
        if (!socket || socket.closed) return settle();
        socket.once('close', settle);
        socket.destroy();
      };
      const onAbort = () => finish((signal?.reason as Error) ?? new Error('Aborted.'));
      const timer = setTimeout(
        () => finish(new GuestUnreachableError(`The machine's controller did not answer within ${Math.round(timeoutMs / 1000)} s.`)),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      socket = connect(socketPath);
      socket.on('connect', () => socket?.write(`${line}\n`));
      socket.on('data', (d) => {
        buf += d.toString('utf8');
        if (buf.length > MAX_BUFFER) return finish(new GuestRefusedError('The controller sent more than 1 MiB without ending a line.'));
        let nl: number;
        while (!settled && (nl = buf.indexOf('\n')) >= 0) {
          const l = buf.slice(0, nl).replace(/\r$/, '');
          buf = buf.slice(nl + 1);
          onLine(
            l,
            (v) => finish(null, v),
            (e) => finish(e),
          );
        }
      });
      socket.on('error', (e: NodeJS.ErrnoException) =>
        finish(
          new GuestUnreachableError(
            e.code === 'ENOENT' || e.code === 'ECONNREFUSED'
              ? "The machine's controller channel is not open (is the VM running?)."
              : `The machine's controller channel failed: ${e.message}.`,
          ),
        ),
      );
      socket.on('close', () => finish(new GuestUnreachableError("The machine's controller channel closed before the answer came.")));
    });
  }
}
