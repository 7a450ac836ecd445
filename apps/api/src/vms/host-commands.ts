import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export class CommandError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Every stderr line as it arrives (stderr is then not kept beyond the last 8 KiB). */
  onStderrLine?: (line: string) => void;
  timeoutMs?: number;
  /** Package to name when the command is missing. */
  pkg?: string;
  /** PATH, HOME, … (AppConfig.hostCommandEnv); NIX_PATH is always cleared and LC_ALL=C. */
  env?: Record<string, string>;
}

const ENV = (base: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
  ...base,
  NIX_PATH: '',
  LC_ALL: 'C',
});

/**
 * Runs a host command without a shell (arguments are never parsed), kills it
 * (TERM, then KILL) when `signal` aborts, and resolves with stdout.
 */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
    const child = spawn(cmd, args, { env: ENV(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const lines = createInterface({ input: child.stderr });
    lines.on('line', (line) => {
      stderrTail = (stderrTail + line + '\n').slice(-8192);
      opts.onStderrLine?.(line);
    });
    let killTimer: NodeJS.Timeout | undefined;
    const kill = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
      killTimer.unref();
    };
    opts.signal?.addEventListener('abort', kill, { once: true });
    const timer = opts.timeoutMs ? setTimeout(kill, opts.timeoutMs) : undefined;
    timer?.unref();
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      reject(
        err.code === 'ENOENT'
          ? new CommandError(`${cmd} is not installed${opts.pkg ? ` (install the Debian package ${opts.pkg})` : ''}`, '')
          : err,
      );
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', kill);
      lines.close();
      if (opts.signal?.aborted) return reject(opts.signal.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
      if (code === 0) return resolve(stdout);
      const last = stderrTail.trim().split('\n').slice(-3).join(' ').slice(0, 600);
      reject(new CommandError(`${cmd} ${args[0] ?? ''} failed (${sig ?? `exit ${code}`}): ${last}`, stderrTail));
    });
  });
}

/** `nix-env`, `nix-store` next to the configured `nix` (CLAN_NIX_BIN). */
export function nixTool(nixBin: string, tool: 'nix-env' | 'nix-store'): string {
  return nixBin.includes('/') ? join(dirname(nixBin), tool) : tool;
}

export const FLAKES = ['--extra-experimental-features', 'nix-command flakes'];
