import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { CommandError, missingCommandMessage, ProcessRunner, type RunResult } from '../../services/process/process-runner';
import { classifyResticFailure, ERROR_ADVICE, type ResticErrorClass, resticErrorSummary } from './restic-errors';
import { parseResticVersion, resticFeatures, type ResticFeatures, type ResticVersion } from './restic-version';

/** Where and how to reach one repository. Secrets travel only in the child's environment. */
export interface ResticRepo {
  /** Repository URL: an absolute path, or `s3:https://host/bucket/prefix`. */
  location: string;
  password: string;
  /** The variables of its kind's credentials (AWS_* for s3; repository-kinds.ts). */
  credentialsEnv?: Record<string, string>;
}

export interface ResticRunOptions {
  signal?: AbortSignal;
  /** Called for each stdout line as it arrives (stdout is then not collected). */
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  stdin?: Readable;
}

export interface ResticResult {
  exitCode: number | null;
  /** Collected stdout (empty when onStdoutLine consumed it). */
  stdout: string;
  /** The last 64 KiB of stderr. */
  stderr: string;
}

/** A failed restic run, classified (restic-errors.ts). */
export class ResticError extends Error {
  constructor(
    readonly errorClass: ResticErrorClass,
    readonly exitCode: number | null,
    readonly detail: string,
    what: string,
  ) {
    super(`${what}: ${detail || ERROR_ADVICE[errorClass]}`);
    this.name = 'ResticError';
  }
}

const STDERR_KEEP = 64 * 1024;
const KILL_AFTER_MS = 10_000;
/** Progress lines per second when stdout is not a terminal (check's text progress). */
const PROGRESS_FPS = '2';

/**
 * The restic edge: every restic process the panel starts goes through here,
 * and through the ProcessRunner (services/process). The repository, its
 * password and S3 keys are passed as environment variables
 * (RESTIC_REPOSITORY, RESTIC_PASSWORD, AWS_*), never as arguments, so they
 * show up neither in `ps` nor in task logs.
 */
@Injectable()
export class ResticService {
  private detected: Promise<ResticVersion> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processes: ProcessRunner,
  ) {}

  get bin(): string {
    return this.config.resticBin;
  }

  /** `restic version`, asked once. Fails with the Debian package to install when restic is missing. */
  version(): Promise<ResticVersion> {
    this.detected ??= this.detect().catch((err: unknown) => {
      this.detected = null;
      throw err;
    });
    return this.detected;
  }

  async features(): Promise<ResticFeatures> {
    return resticFeatures(await this.version());
  }

  private async detect(): Promise<ResticVersion> {
    let r: RunResult;
    try {
      r = await this.processes.run(this.bin, ['version'], { pkg: 'restic' });
    } catch (err) {
      if (err instanceof CommandError && err.missing) {
        throw new Error(`${missingCommandMessage(this.bin, 'restic')}, or set CLAN_RESTIC_BIN (now ${this.bin})`);
      }
      if (err instanceof CommandError)
        throw new Error(`${this.bin} version answered ${err.code}: ${err.stdout.trim() || err.stderr.trim()}`);
      throw err;
    }
    const v = parseResticVersion(r.stdout);
    if (!v) throw new Error(`${this.bin} version answered ${r.code}: ${r.stdout.trim() || r.stderr.trim()}`);
    return v;
  }

  /**
   * restic's own variables for one repository. The ProcessRunner adds them to
   * the host command environment of the child; they never reach an argument.
   */
  env(repo: ResticRepo): Record<string, string> {
    const cache = join(this.config.stateDir, 'cache', 'restic');
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    const env: Record<string, string> = {
      RESTIC_REPOSITORY: repo.location,
      RESTIC_PASSWORD: repo.password,
      RESTIC_CACHE_DIR: cache,
      RESTIC_PROGRESS_FPS: PROGRESS_FPS,
    };
    return { ...env, ...repo.credentialsEnv };
  }

  /** Runs restic against `repo`; resolves whatever the exit code. */
  run(repo: ResticRepo, args: string[], opts: ResticRunOptions = {}): Promise<ResticResult> {
    return this.stream(args, this.env(repo), opts);
  }

  /** Runs restic and throws a classified ResticError unless it exits 0 (or one of `okCodes`). */
  async ok(repo: ResticRepo, args: string[], what: string, opts: ResticRunOptions & { okCodes?: number[] } = {}): Promise<ResticResult> {
    const r = await this.run(repo, args, opts);
    if (r.exitCode === 0 || (r.exitCode !== null && opts.okCodes?.includes(r.exitCode))) return r;
    throw await this.failure(r, what, opts.signal);
  }

  async failure(r: ResticResult, what: string, signal?: AbortSignal): Promise<ResticError> {
    const cls = signal?.aborted
      ? 'cancelled'
      : classifyResticFailure(r.exitCode, r.stderr, { detailedExitCodes: (await this.features()).detailedExitCodes });
    return new ResticError(cls, r.exitCode, resticErrorSummary(r.stderr), what);
  }

  /**
   * Streams one restic process (ProcessRunner.start): its lines as they come,
   * stdin from `opts.stdin`, SIGINT on abort so restic can remove its lock.
   * Resolves with the exit code, whatever it is.
   */
  private stream(args: string[], env: Record<string, string>, opts: ResticRunOptions): Promise<ResticResult> {
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return resolve({ exitCode: 130, stdout: '', stderr: 'cancelled before start' });
      const child = this.processes.start(this.bin, args, { env, pkg: 'restic', stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        // SIGINT lets restic remove its lock; SIGKILL if it does not stop.
        child.kill('SIGINT');
        killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
        killTimer.unref();
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.stdin && child.stdin) {
        // restic may exit before it read everything (e.g. a wrong password): that EPIPE is not our error.
        child.stdin.on('error', () => undefined);
        opts.stdin.pipe(child.stdin);
      }
      const { stdout: childOut, stderr: childErr } = child;
      if (!childOut || !childErr) return reject(new Error('restic was started without output pipes'));
      const out = createInterface({ input: childOut, crlfDelay: Infinity });
      out.on('line', (line) => {
        if (opts.onStdoutLine) opts.onStdoutLine(line);
        else stdout += `${line}\n`;
      });
      const err = createInterface({ input: childErr, crlfDelay: Infinity });
      err.on('line', (line) => {
        stderr += `${line}\n`;
        if (stderr.length > STDERR_KEEP * 2) stderr = stderr.slice(-STDERR_KEEP);
        opts.onStderrLine?.(line);
      });
      const outClosed = new Promise((r) => out.once('close', r));
      const errClosed = new Promise((r) => err.once('close', r));
      child.once('error', (e) => {
        opts.signal?.removeEventListener('abort', onAbort);
        reject(e);
      });
      child.once('close', (code, signal) => {
        opts.signal?.removeEventListener('abort', onAbort);
        clearTimeout(killTimer);
        void Promise.all([outClosed, errClosed]).then(() =>
          resolve({ exitCode: code ?? (signal === 'SIGINT' ? 130 : null), stdout, stderr: stderr.slice(-STDERR_KEEP) }),
        );
      });
    });
  }
}
