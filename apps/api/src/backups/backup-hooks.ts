import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { ProcessRunner } from '../services/process/process-runner';
import type { BackupHook } from './backup-policy.entity';

export interface HookOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The end of its stderr (and stdout for pre/post hooks), for the error message. */
  tail: string;
  error: Error | null;
}

const TAIL = 2000;
const KILL_AFTER_MS = 5000;

/** "exited with code 3: <tail>" / "was killed by SIGTERM" / "could not start: …". */
export function describeHookOutcome(hook: BackupHook, o: HookOutcome): string {
  const what = `hook "${hook.name}" (${hook.command[0] ?? '?'})`;
  if (o.error) return `${what} could not start: ${o.error.message}`;
  const how = o.signal ? `was killed by ${o.signal}` : `exited with code ${o.exitCode}`;
  return `${what} ${how}${o.tail.trim() ? `: ${o.tail.trim().slice(-500)}` : ''}`;
}

export const hookSucceeded = (o: HookOutcome) => !o.error && o.exitCode === 0;

export interface StartedHook {
  child: ReturnType<ProcessRunner['start']>;
  /** The command's stdout (consumed by the caller with `pipeStdout`). */
  stdout: Readable;
  done: Promise<HookOutcome>;
}

/**
 * A policy's hook commands (pre, post, dump), started through the
 * ProcessRunner: argv, no shell, and exactly the host command environment
 * (`AppConfig.hostCommandEnv`), which carries no restic secrets.
 */
@Injectable()
export class BackupHooks {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processes: ProcessRunner,
  ) {}

  /**
   * Starts a hook. With `pipeStdout` its stdout is left for the caller (a
   * dump streamed into `restic backup --stdin`); otherwise both streams go to
   * `onLine`. The signal stops it (SIGTERM, then SIGKILL).
   */
  start(hook: BackupHook, opts: { signal: AbortSignal; pipeStdout: boolean; onLine?: (line: string) => void }): StartedHook {
    const [cmd, ...args] = hook.command;
    // The admin's own commands get the host environment as it is (no locale forced on their output).
    const child = this.processes.start(cmd ?? 'false', args, { replaceEnv: this.config.hostCommandEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = child.stdout as Readable;
    let tail = '';
    let error: Error | null = null;
    const keep = (line: string) => {
      tail = `${tail}${line}\n`.slice(-TAIL);
      opts.onLine?.(line);
    };
    createInterface({ input: child.stderr as Readable, crlfDelay: Infinity }).on('line', keep);
    if (!opts.pipeStdout) createInterface({ input: stdout, crlfDelay: Infinity }).on('line', keep);
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      killTimer.unref();
    };
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const done = new Promise<HookOutcome>((resolve) => {
      child.once('error', (e) => {
        error = e;
        // A command that cannot start may never emit 'close'.
        if (child.pid === undefined) {
          opts.signal.removeEventListener('abort', onAbort);
          resolve({ exitCode: null, signal: null, tail, error });
        }
      });
      child.once('close', (code, signal) => {
        opts.signal.removeEventListener('abort', onAbort);
        clearTimeout(killTimer);
        resolve({ exitCode: code, signal, tail, error });
      });
    });
    return { child, stdout, done };
  }

  /** Runs a pre/post hook to its end. */
  run(hook: BackupHook, signal: AbortSignal, onLine?: (line: string) => void): Promise<HookOutcome> {
    return this.start(hook, { signal, pipeStdout: false, onLine }).done;
  }
}
