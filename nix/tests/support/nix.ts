/**
 * Runs the real Nix (Debian nix-bin 2.8) against the flake's Nix code. Data
 * reaches Nix only as JSON files read with builtins.fromJSON and as
 * --argstr values, never spliced into expressions, which are constants of
 * the tests. Nothing here may reach the network: no substituters, flake
 * inputs always overridden with local paths.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const NIX_DIR = resolve(__dirname, '..', '..');

const OFFLINE = ['--option', 'substituters', '', '--option', 'eval-cache', 'false'];
const FLAKES = ['--extra-experimental-features', 'nix-command flakes'];

function env(): NodeJS.ProcessEnv {
  // NIX_PATH empty: no <nixpkgs> lookups can sneak in.
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? tmpdir(), NIX_PATH: '' };
}

let checked = false;
/** Fails (does not skip) when Nix is missing, naming the package. */
export function requireNix(): void {
  if (checked) return;
  for (const tool of ['nix-instantiate', 'nix']) {
    const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      throw new Error(`${tool} is not available: install the Debian package nix-bin (apt-get install nix-bin), Nix 2.8 or newer.`);
    }
  }
  checked = true;
}

export class NixError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

function run(cmd: string, args: string[], timeout = 120_000): string {
  requireNix();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env(), timeout, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new NixError(`${cmd} failed (${r.status}): ${r.stderr.trim().slice(0, 4000)}`, r.stderr);
  return r.stdout;
}

/** The first `error: …` line of Nix's stderr (the sentence, without the trace). */
export function errorLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('error: '));
  return line ? line.slice('error: '.length) : stderr.trim();
}

export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'clan-nix-test-'));
  private n = 0;

  /** Writes `value` as a JSON file and returns its path. */
  json(value: unknown): string {
    const file = join(this.dir, `data-${this.n++}.json`);
    writeFileSync(file, JSON.stringify(value));
    return file;
  }

  /** Writes raw text (e.g. hand-written JSON) and returns its path. */
  text(content: string, name = `file-${this.n++}`): string {
    const file = join(this.dir, name);
    writeFileSync(file, content);
    return file;
  }

  /** A copy of nix/ (flakes only see what is in their directory). */
  copyOfNixDir(name = 'clan'): string {
    const target = join(this.dir, name);
    cpSync(NIX_DIR, target, { recursive: true, filter: (src) => !src.includes('node_modules') });
    return target;
  }

  /** A flake standing in for nixpkgs: it has a `lib`, but no nixosSystem. */
  stubNixpkgs(): string {
    const target = join(this.dir, 'nixpkgs-stub');
    cpSync(join(NIX_DIR, 'tests', 'fixtures', 'nixpkgs-stub'), target, { recursive: true });
    return target;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Evaluates `body` with `lib` = nix/lib and `data` = the JSON value, strictly,
 * and returns the JSON result.
 */
export function evalLib<T = unknown>(scratch: Scratch, body: string, data: unknown = null): T {
  const expr = `{ nixDir, dataFile }: let lib = import (nixDir + "/lib"); data = builtins.fromJSON (builtins.readFile dataFile); in ${body}`;
  return evalExpr<T>(expr, { nixDir: NIX_DIR, dataFile: scratch.json(data) });
}

/** Like evalLib, but the evaluation must fail; returns the error sentence. */
export function evalLibError(scratch: Scratch, body: string, data: unknown = null): string {
  try {
    const value = evalLib(scratch, body, data);
    throw new Error(`expected evaluation to fail, got ${JSON.stringify(value).slice(0, 300)}`);
  } catch (err) {
    if (err instanceof NixError) return errorLine(err.stderr);
    throw err;
  }
}

/**
 * nix-instantiate --eval --strict --json of a function expression applied to --argstr args.
 * `readWrite`: paths the expression interpolates are really added to the store
 * (--eval alone only computes their store paths).
 */
export function evalExpr<T = unknown>(expr: string, args: Record<string, string> = {}, opts: { readWrite?: boolean } = {}): T {
  const argv = ['--eval', '--strict', '--json', ...(opts.readWrite ? ['--read-write-mode'] : []), ...OFFLINE];
  for (const [k, v] of Object.entries(args)) argv.push('--argstr', k, v);
  argv.push('-E', expr);
  return JSON.parse(run('nix-instantiate', argv)) as T;
}

/** nix-instantiate --parse of a file: the file is valid Nix (and has no undefined variables). */
export function parseFile(file: string): void {
  run('nix-instantiate', ['--parse', ...OFFLINE, file]);
}

/**
 * `nix eval --json <flakeRef>#<attr>` with every input overridden by a local
 * path (`inputs`: input name → directory), optionally `--apply fn`.
 */
export function flakeEval<T = unknown>(flakeDir: string, attr: string, inputs: Record<string, string>, apply?: string): T {
  const argv = [...FLAKES, 'eval', '--json', ...OFFLINE, '--no-write-lock-file'];
  for (const [name, dir] of Object.entries(inputs)) argv.push('--override-input', name, `path:${dir}`);
  argv.push(`path:${flakeDir}#${attr}`);
  if (apply) argv.push('--apply', apply);
  return JSON.parse(run('nix', argv)) as T;
}
