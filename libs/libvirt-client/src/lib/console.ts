import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IPty, spawn } from 'node-pty';

/** virsh's escape character (Ctrl-]): typed into `virsh console` it detaches, so it never reaches the guest. */
export const CONSOLE_ESCAPE = 0x1d;

/** How a console attachment ended. */
export interface ConsoleEnd {
  /** virsh's exit code: 0 when the domain stopped or close() was called. */
  exitCode: number;
  /** virsh's error message (e.g. "Active console session exists for this domain"), when it failed. */
  error: string | null;
}

export interface LibvirtConsoleOptions {
  /** Take the console over from another session (`virsh console --force`). */
  force?: boolean;
  /** The environment of the virsh process (PATH at least); default: only the standard PATH. */
  env?: Record<string, string>;
}

const BANNER_END = /Escape character is[^\n]*\n/;
const BANNER_MAX = 4096;

/**
 * The serial console of a running domain, through libvirtd's console stream
 * (`virsh console` run under a pty, since it insists on a terminal): works for
 * any user libvirt lets in, whoever owns the domain's /dev/pts/N. Emits 'data'
 * (Buffer: exactly what the guest wrote) and once 'end' (ConsoleEnd). virsh's
 * banner is stripped; its diagnostics go to a private file, not the stream.
 */
export class LibvirtConsole extends EventEmitter {
  private readonly pty: IPty;
  private readonly errDir: string;
  private banner: Buffer | null = Buffer.alloc(0);
  private ended = false;

  constructor(
    readonly uri: string,
    /** Not `domain`: EventEmitter has a legacy property of that name. */
    readonly domainName: string,
    options: LibvirtConsoleOptions = {},
  ) {
    super();
    this.errDir = mkdtempSync(join(tmpdir(), 'clan-console-'));
    const args = ['-c', 'exec 2>"$0"; exec env LC_ALL=C virsh "$@"', join(this.errDir, 'stderr'), '-c', uri, 'console'];
    if (options.force) args.push('--force');
    args.push(domainName);
    this.pty = spawn('/bin/sh', args, {
      name: 'xterm',
      cols: 80,
      rows: 24,
      encoding: null,
      env: options.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin' },
    });
    this.pty.onData((d) => this.onData(d as unknown as Buffer));
    this.pty.onExit(({ exitCode }) => this.finish(exitCode));
  }

  private onData(chunk: Buffer): void {
    if (this.banner !== null) {
      const seen = Buffer.concat([this.banner, chunk]);
      const m = BANNER_END.exec(seen.toString('latin1'));
      if (!m) {
        // No banner in a sane amount of output: not the virsh we know; pass everything on.
        if (seen.length > BANNER_MAX) {
          this.banner = null;
          this.emit('data', seen);
        } else this.banner = seen;
        return;
      }
      this.banner = null;
      const rest = seen.subarray(m.index + m[0].length);
      if (rest.length) this.emit('data', rest);
      return;
    }
    this.emit('data', chunk);
  }

  /** Sends bytes to the guest; the escape character is dropped (it would detach virsh). */
  write(data: Buffer | string): void {
    if (this.ended) return;
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const clean = buf.includes(CONSOLE_ESCAPE) ? Buffer.from(buf.filter((b) => b !== CONSOLE_ESCAPE)) : buf;
    if (clean.length) this.pty.write(clean);
  }

  close(): void {
    if (this.ended) return;
    try {
      this.pty.kill('SIGTERM');
    } catch {
      /* already gone */
    }
  }

  private finish(exitCode: number): void {
    if (this.ended) return;
    this.ended = true;
    let stderr = '';
    try {
      stderr = readFileSync(join(this.errDir, 'stderr'), 'utf8');
    } catch {
      /* virsh never started */
    }
    rmSync(this.errDir, { recursive: true, force: true });
    const error =
      stderr
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('error:'))
        .map((l) => l.replace(/^error:\s*/, ''))
        .join('; ') || null;
    this.emit('end', { exitCode, error: exitCode === 0 ? null : (error ?? `virsh console exited with ${exitCode}`) } satisfies ConsoleEnd);
  }
}
