import { spawn } from 'node:child_process';
import { missingCommandMessage } from '../lib/host-packages';

/**
 * Runs the Nix evaluator the way tests and the API need it here: offline
 * (no binary cache lookups, which otherwise retry for seconds) and without a
 * daemon. Each call is one process; batch many files into one expression.
 */

/** Flags that keep Nix from reaching for the network. */
export const NIX_OFFLINE_ARGS: readonly string[] = ['--option', 'substituters', ''];

export class NixNotInstalledError extends Error {
  constructor(readonly command: string) {
    super(missingCommandMessage(command, 'nix-bin'));
    this.name = 'NixNotInstalledError';
  }
}

export class NixCommandError extends Error {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`\`${command}\` failed (exit ${exitCode ?? 'signal'}): ${stderr.trim().split('\n').slice(0, 20).join('\n')}`);
    this.name = 'NixCommandError';
  }
}

/**
 * What runs a Nix command. The API passes its ProcessRunner (argv only, the
 * host-command environment, the one place that names the Debian package of
 * a missing command); its errors reach the caller unchanged. Without one,
 * the helpers spawn the command themselves (tests and tools outside the API).
 */
export interface NixProcessRunner {
  run(
    command: string,
    args: readonly string[],
    options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> },
  ): Promise<{ stdout: string }>;
}

export interface NixRunOptions {
  cwd?: string;
  /** Kill the process after this long (default 120 s). */
  timeoutMs?: number;
  /** Extra environment variables (PATH, HOME and NIX_* are inherited). */
  env?: Record<string, string>;
  /** Runs the command instead of the built-in spawn (see NixProcessRunner). */
  runner?: NixProcessRunner;
}

/**
 * Runs a Nix command and resolves with its stdout. With `options.runner` the
 * runner's errors pass through; otherwise rejects with NixNotInstalledError
 * or NixCommandError.
 */
export async function runNix(command: string, args: readonly string[], options: NixRunOptions = {}): Promise<string> {
  const { runner, ...rest } = options;
  if (runner) return (await runner.run(command, args, { ...rest, timeoutMs: rest.timeoutMs ?? 120_000 })).stdout;
  return spawnNix(command, args, rest);
}

/** What the built-in spawn passes on of the caller's environment: PATH, HOME and NIX_* only (no secrets). */
export function nixEnvironment(from: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(from))
    if (value !== undefined && (key === 'PATH' || key === 'HOME' || key.startsWith('NIX_'))) env[key] = value;
  return env;
}

function spawnNix(command: string, args: readonly string[], options: Omit<NixRunOptions, 'runner'>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...nixEnvironment(process.env), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? new NixNotInstalledError(command) : e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new NixCommandError(command, args, code, Buffer.concat(err).toString('utf8')));
    });
  });
}

export type NixTarget = { expr: string } | { file: string };

function targetArgs(target: NixTarget): string[] {
  return 'expr' in target ? ['--expr', target.expr] : [target.file];
}

/** `nix-instantiate --eval --strict --json` of an expression or file, parsed. */
export async function nixEvalJson<T = unknown>(target: NixTarget, options: NixRunOptions = {}): Promise<T> {
  const stdout = await runNix('nix-instantiate', [...NIX_OFFLINE_ARGS, '--eval', '--strict', '--json', ...targetArgs(target)], options);
  return JSON.parse(stdout) as T;
}

/** `nix-instantiate --parse` of one or more files; resolves with the printed ASTs, rejects on a syntax error. */
export function nixParse(files: readonly string[], options: NixRunOptions = {}): Promise<string> {
  return runNix('nix-instantiate', [...NIX_OFFLINE_ARGS, '--parse', ...files], options);
}

/** `nix eval --json <flakeRef>#<attr>` with flakes enabled, no lock file written, inputs optionally overridden. */
export async function nixEvalFlakeJson<T = unknown>(
  installable: string,
  options: NixRunOptions & { overrideInputs?: Record<string, string> } = {},
): Promise<T> {
  const overrides = Object.entries(options.overrideInputs ?? {}).flatMap(([input, ref]) => ['--override-input', input, ref]);
  const stdout = await runNix(
    'nix',
    [
      '--extra-experimental-features',
      'nix-command flakes',
      ...NIX_OFFLINE_ARGS,
      'eval',
      '--json',
      '--no-write-lock-file',
      ...overrides,
      installable,
    ],
    options,
  );
  return JSON.parse(stdout) as T;
}

/** The installed Nix version, e.g. "2.8.0". */
export async function nixVersion(options: NixRunOptions = {}): Promise<string> {
  const stdout = await runNix('nix-instantiate', ['--version'], options);
  return stdout.trim().replace(/^.*\(Nix\)\s*/, '');
}
