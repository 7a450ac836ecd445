import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Inject, Injectable } from '@nestjs/common';
import { missingCommandMessage } from '@clan/nix-schema';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export { DEBIAN_PACKAGES, missingCommandMessage } from '@clan/nix-schema';

/**
 * The one adapter for host processes (Immich's ProcessRepository). Every
 * command runs from an argv (never a shell), with the environment the config
 * module gives host commands (`AppConfig.hostCommandEnv`: PATH, HOME,
 * NIX_CONFIG — nothing else of the panel's environment, so no secret leaks
 * into a child), plus what the caller adds. A missing command becomes a
 * `CommandError` naming the Debian package to install. Nothing else under
 * `apps/api/src` imports `node:child_process` (checked by lint).
 */

export class CommandError extends Error {
  constructor(
    message: string,
    /** Exit code; null when the command could not start or was killed. */
    readonly code: number | null,
    /** The last 8 KiB of stderr. */
    readonly stderr: string,
    /** True when the command is not installed. */
    readonly missing = false,
    /** Everything the command wrote to stdout (for tools that report errors there). */
    readonly stdout = '',
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface ProcessOptions {
  /** Added to (and overriding) the host-command environment. */
  env?: Record<string, string>;
  /** Use exactly this environment instead of the host-command one (e.g. a worker that gets PATH only). */
  replaceEnv?: Record<string, string>;
  cwd?: string;
  /** Run inside this network namespace (`ip netns exec NS cmd …`). */
  netns?: string;
  /** Debian package to name when the command is missing (defaults to DEBIAN_PACKAGES). */
  pkg?: string;
}

export interface RunOptions extends ProcessOptions {
  /** Written to stdin, then stdin is closed (secrets go this way, never into an argument). */
  input?: string | Buffer;
  /** Kills the command (TERM, KILL 5 s later) when aborted; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Kills the command after this long and rejects with "timed out". */
  timeoutMs?: number;
  /** Each stderr line as it arrives. */
  onStderrLine?: (line: string) => void;
  /** Each stdout line as it arrives (stdout is still collected unless `discardStdout`). */
  onStdoutLine?: (line: string) => void;
  discardStdout?: boolean;
  /** Exit codes that resolve instead of rejecting (e.g. restic's 3 "some files unreadable"). */
  okCodes?: readonly number[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface BufferResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

export interface StartOptions extends ProcessOptions {
  /** Default: ['pipe', 'pipe', 'pipe']. */
  stdio?: StdioOptions;
  detached?: boolean;
}

const STDERR_KEEP = 8192;

@Injectable()
export class ProcessRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'hostCommandEnv'>) {}

  /** The environment a command gets. */
  env(opts: ProcessOptions = {}): NodeJS.ProcessEnv {
    if (opts.replaceEnv) return { ...opts.replaceEnv };
    return { ...this.config.hostCommandEnv, NIX_PATH: '', LC_ALL: 'C', ...opts.env };
  }

  /** Runs a command to its end; resolves stdout as text, rejects with a CommandError on failure. */
  async run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const r = await this.runRaw(cmd, args, opts);
    return { stdout: r.stdout.toString('utf8'), stderr: r.stderr, code: r.code };
  }

  /** `run` for binary stdout (git archive, cat-file blobs). */
  runBuffer(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<BufferResult> {
    return this.runRaw(cmd, args, opts);
  }

  /**
   * Starts a long-lived or streaming command and hands back the child (stdio
   * as asked). `error` events of a missing command carry a CommandError with
   * the package hint.
   */
  start(cmd: string, args: readonly string[], opts: StartOptions = {}): ChildProcess {
    const [file, argv] = this.argv(cmd, args, opts.netns);
    const child = spawn(file, argv, {
      env: this.env(opts),
      cwd: opts.cwd,
      stdio: opts.stdio ?? ['pipe', 'pipe', 'pipe'],
      detached: opts.detached,
    });
    const emit = child.emit.bind(child) as (event: string, ...args: unknown[]) => boolean;
    child.emit = ((event: string, ...args: unknown[]) => {
      if (event === 'error' && (args[0] as NodeJS.ErrnoException)?.code === 'ENOENT')
        return emit('error', new CommandError(missingCommandMessage(cmd, opts.pkg), null, '', true));
      return emit(event, ...args);
    }) as typeof child.emit;
    return child;
  }

  private argv(cmd: string, args: readonly string[], netns?: string): [string, string[]] {
    return netns ? ['ip', ['netns', 'exec', netns, cmd, ...args]] : [cmd, [...args]];
  }

  private runRaw(cmd: string, args: readonly string[], opts: RunOptions): Promise<BufferResult> {
    return new Promise((resolve, reject) => {
      const signal = opts.signal;
      if (signal?.aborted) return reject(abortReason(signal));
      const [file, argv] = this.argv(cmd, args, opts.netns);
      const child = spawn(file, argv, {
        env: this.env(opts),
        cwd: opts.cwd,
        // stdin is a pipe closed at once when there is no input: the command reads end of file.
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const chunks: Buffer[] = [];
      let stderr = '';
      let timedOut = false;
      child.stdout.on('data', (d: Buffer) => {
        if (!opts.discardStdout) chunks.push(d);
      });
      const onStdoutLine = opts.onStdoutLine;
      const outLines = onStdoutLine ? createInterface({ input: child.stdout }) : undefined;
      if (onStdoutLine) outLines?.on('line', onStdoutLine);
      const errLines = createInterface({ input: child.stderr });
      errLines.on('line', (line) => {
        stderr = (stderr + line + '\n').slice(-STDERR_KEEP);
        opts.onStderrLine?.(line);
      });
      let killTimer: NodeJS.Timeout | undefined;
      const kill = () => {
        child.kill('SIGTERM');
        killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
        killTimer.unref();
      };
      signal?.addEventListener('abort', kill, { once: true });
      const timer = opts.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            kill();
          }, opts.timeoutMs)
        : undefined;
      timer?.unref();
      const done = () => {
        clearTimeout(timer);
        clearTimeout(killTimer);
        signal?.removeEventListener('abort', kill);
      };
      child.on('error', (err: NodeJS.ErrnoException) => {
        done();
        reject(
          err.code === 'ENOENT'
            ? new CommandError(missingCommandMessage(cmd, opts.pkg), null, '', true)
            : new CommandError(`${cmd} could not be started: ${err.message}`, null, ''),
        );
      });
      child.stdin.on('error', () => undefined);
      if (opts.input !== undefined) child.stdin.end(opts.input);
      else child.stdin.end();
      child.on('close', (code, sig) => {
        done();
        outLines?.close();
        errLines.close();
        const stdout = Buffer.concat(chunks);
        if (signal?.aborted) return reject(abortReason(signal));
        if (timedOut)
          return reject(
            new CommandError(`${cmd} ${args[0] ?? ''} timed out after ${opts.timeoutMs} ms`, null, stderr, false, stdout.toString()),
          );
        if (code === 0 || (code !== null && opts.okCodes?.includes(code))) return resolve({ stdout, stderr, code: code ?? 0 });
        const last = (stderr.trim() || stdout.toString('utf8').trim()).split('\n').slice(-3).join(' ').slice(0, 600);
        reject(
          new CommandError(`${cmd} ${args[0] ?? ''} failed (${sig ?? `exit ${code}`}): ${last}`, code, stderr, false, stdout.toString()),
        );
      });
    });
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
