import { spawn } from 'node:child_process';

export class HostCommandError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'HostCommandError';
  }
}

export interface HostRunOptions {
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string;
  /** Written to stdin (configs with private keys go this way, never into a file or an argument). */
  input?: string;
  env: Record<string, string>;
  timeoutMs?: number;
  /** Debian package to name when the command is missing. */
  pkg?: string;
}

/** Runs a host command without a shell, optionally inside a namespace; resolves stdout, rejects with stderr in the message. */
export function hostRun(command: string, args: string[], opts: HostRunOptions): Promise<string> {
  const [cmd, argv] = opts.netns ? ['ip', ['netns', 'exec', opts.netns, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: { ...opts.env, LC_ALL: 'C' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4096)));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15_000);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const hint = err.code === 'ENOENT' && opts.pkg ? ` (install the Debian package ${opts.pkg})` : '';
      reject(new HostCommandError(`${cmd} could not be started: ${err.message}${hint}`, null, ''));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else
        reject(new HostCommandError(`${command} ${args[0] ?? ''} failed (exit ${code}): ${stderr.trim() || stdout.trim()}`, code, stderr));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}
