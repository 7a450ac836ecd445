import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface VirshResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** True when the run was cut off by the timeout. */
  timedOut: boolean;
  /** True when `virsh` itself is not installed. */
  missing: boolean;
}

/** Runs one virsh command against a fixed URI. */
export interface VirshRunner {
  run(args: readonly string[], timeoutMs: number): Promise<VirshResult>;
  /** Drops any held connection so the next run starts afresh. */
  reset(): void;
  close(): void;
}

/** One `virsh -c uri …` process per command: stateless, what real hypervisors use. */
export class ProcessVirshRunner implements VirshRunner {
  constructor(private readonly uri: string) {}

  run(args: readonly string[], timeoutMs: number): Promise<VirshResult> {
    return new Promise((resolve) => {
      // env(1) sets LC_ALL=C for virsh alone, so output is parseable without touching our environment.
      execFile(
        'env',
        ['LC_ALL=C', 'virsh', '-q', '-c', this.uri, ...args],
        { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
          resolve({
            ok: !e,
            stdout: String(stdout),
            stderr: String(stderr),
            timedOut: Boolean(e?.killed),
            missing: (e?.code as unknown) === 127,
          });
        },
      );
    });
  }

  reset(): void {
    // Nothing held between runs.
  }

  close(): void {
    // Nothing held between runs.
  }
}

/** Quotes one argument for virsh's own command-line parser (single quotes, ' as '\''). */
export function quoteVirshArg(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Reported when the session's virsh exited; the client treats it as a lost connection. */
const SESSION_ENDED = { stderr: 'error: virsh session ended: not connected\n' };

/**
 * One long-lived interactive `virsh` process fed commands on stdin.
 * libvirt's test driver (test:///default) keeps its state per connection,
 * i.e. per virsh process, so multi-step flows against it need this.
 *
 * Each command is followed by `echo --err` and `echo` of a sequence marker;
 * the marker is quoted as 'M'N so the echoed command line (virsh echoes input
 * when stdin is not a terminal) never contains the printed marker "MN".
 */
export class SessionVirshRunner implements VirshRunner {
  private child?: ChildProcessWithoutNullStreams;
  private out = '';
  private err = '';
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private exited = false;
  private wake?: () => void;

  constructor(private readonly uri: string) {}

  /** The virsh process id, once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the session if there is none; a session that died stays dead until reset(). */
  private ensure(): ChildProcessWithoutNullStreams | undefined {
    if (this.child) return this.exited ? undefined : this.child;
    const c = spawn('env', ['LC_ALL=C', 'virsh', '-q', '-c', this.uri]);
    this.child = c;
    this.exited = false;
    this.out = '';
    this.err = '';
    c.stdout.setEncoding('utf8').on('data', (d: string) => {
      this.out += d;
      this.wake?.();
    });
    c.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.err += d;
      this.wake?.();
    });
    c.on('exit', () => {
      if (this.child === c) this.exited = true;
      this.wake?.();
    });
    c.on('error', () => {
      if (this.child === c) this.exited = true;
      this.wake?.();
    });
    c.stdin.on('error', () => undefined);
    return c;
  }

  run(args: readonly string[], timeoutMs: number): Promise<VirshResult> {
    const next = this.queue.then(() => this.runNow(args, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private runNow(args: readonly string[], timeoutMs: number): Promise<VirshResult> {
    // Commands are newline-delimited on stdin, so a newline inside an argument would split it.
    if (args.some((a) => a.includes('\n'))) {
      return Promise.resolve({ ok: false, stdout: '', stderr: 'error: argument contains a newline\n', timedOut: false, missing: false });
    }
    const c = this.ensure();
    if (!c) return Promise.resolve({ ...SESSION_ENDED, stdout: '', timedOut: false, missing: false, ok: false });
    const marker = `CLANEND${++this.seq}X`;
    const quotedMarker = `'CLANEND'${this.seq}X`;
    const lines = [args.map(quoteVirshArg).join(' '), `echo --err ${quotedMarker}`, `echo ${quotedMarker}`];
    c.stdin.write(lines.join('\n') + '\n');
    const errMarker = `error: ${marker}\n`;
    return new Promise((resolve) => {
      const finish = (r: Omit<VirshResult, 'missing'>) => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve({ ...r, missing: false });
      };
      const check = () => {
        const o = this.out.indexOf(marker);
        const e = this.err.indexOf(errMarker);
        if (o !== -1 && e !== -1) {
          let stdout = this.out.slice(0, o);
          for (const l of lines) stdout = stdout.split(`virsh # ${l}\n`).join('');
          const stderr = this.err.slice(0, e);
          this.out = this.out.slice(o + marker.length);
          this.err = this.err.slice(e + errMarker.length);
          finish({ ok: !/^error:/m.test(stderr), stdout, stderr, timedOut: false });
        } else if (this.exited) {
          const stderr = this.err || SESSION_ENDED.stderr;
          this.out = '';
          this.err = '';
          finish({ ok: false, stdout: '', stderr, timedOut: false });
        }
      };
      const timer = setTimeout(() => {
        // A stuck session cannot be resynchronised; kill it and start a new one next time.
        this.reset();
        finish({ ok: false, stdout: '', stderr: 'error: timed out', timedOut: true });
      }, timeoutMs);
      this.wake = check;
      check();
    });
  }

  reset(): void {
    const c = this.child;
    this.child = undefined;
    this.exited = false;
    if (c && c.exitCode === null) {
      c.stdin.end();
      c.kill();
    }
  }

  close(): void {
    this.reset();
  }
}
