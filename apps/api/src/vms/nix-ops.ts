import { mkdir, readlink, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { CommandError, FLAKES, nixTool, run } from './host-commands';
import { NixLogParser, type NixLogEvent } from './nix-log';

const STORE_PATH = /^\/nix\/store\/[0-9a-z]{32}-[A-Za-z0-9+._?=-]+$/;

export function isStorePath(p: string): boolean {
  return STORE_PATH.test(p);
}

export class NixBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NixBuildError';
  }
}

export interface ClosureInfo {
  paths: string[];
  narBytes: number;
}

/** The Nix operations of the VM manager: build, closure, machine profiles. */
export class NixOps {
  constructor(
    private readonly nixBin: string,
    private readonly env: Record<string, string> = {},
  ) {}

  /**
   * `nix build` of one flake attribute with the JSON log parsed into events.
   * Resolves with the output store path.
   */
  async build(installable: string, opts: { signal: AbortSignal; onEvent: (e: NixLogEvent) => void }): Promise<string> {
    const parser = new NixLogParser();
    let out: string;
    try {
      out = await run(
        this.nixBin,
        [...FLAKES, 'build', '--log-format', 'internal-json', '-v', '--json', '--no-link', '--no-write-lock-file', installable],
        { signal: opts.signal, pkg: 'nix-bin', env: this.env, onStderrLine: (line) => parser.feed(line).forEach(opts.onEvent) },
      );
    } catch (e) {
      if (e instanceof CommandError) throw new NixBuildError(parser.lastError ?? e.message);
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(out);
    } catch {
      throw new NixBuildError(`nix build printed no JSON result: ${out.slice(0, 200)}`);
    }
    const path = (parsed as { outputs?: { out?: unknown } }[])[0]?.outputs?.out;
    if (typeof path !== 'string' || !isStorePath(path)) throw new NixBuildError('nix build did not report an output path');
    return path;
  }

  /** Every store path the system needs (`nix path-info -r`), with the total NAR size. */
  async closure(storePath: string, signal?: AbortSignal): Promise<ClosureInfo> {
    const out = await run(this.nixBin, [...FLAKES, 'path-info', '--json', '-r', storePath], { signal, pkg: 'nix-bin', env: this.env });
    const list = JSON.parse(out) as { path: string; narSize?: number }[];
    const paths = list
      .map((p) => p.path)
      .filter(isStorePath)
      .sort();
    return { paths, narBytes: list.reduce((n, p) => n + (p.narSize ?? 0), 0) };
  }

  /**
   * Adds `storePath` as the next generation of the profile (created on first
   * use) and makes it current. Returns the profile generation number.
   */
  async setProfile(profile: string, storePath: string): Promise<number> {
    await mkdir(dirname(profile), { recursive: true });
    await run(nixTool(this.nixBin, 'nix-env'), ['--profile', profile, '--set', storePath], { pkg: 'nix-bin', env: this.env });
    return this.currentGeneration(profile);
  }

  async currentGeneration(profile: string): Promise<number> {
    const link = await readlink(profile);
    const m = /-(\d+)-link$/.exec(basename(link));
    if (!m) throw new Error(`${profile} points at ${link}, not a profile generation`);
    return Number(m[1]);
  }

  /** Makes profile generation `n` current (a rollback keeps every generation). */
  async switchProfile(profile: string, n: number): Promise<void> {
    await run(nixTool(this.nixBin, 'nix-env'), ['--profile', profile, '--switch-generation', String(n)], { pkg: 'nix-bin', env: this.env });
  }

  /** Profile generation numbers that exist. */
  async profileGenerations(profile: string): Promise<number[]> {
    try {
      const out = await run(nixTool(this.nixBin, 'nix-env'), ['--profile', profile, '--list-generations'], {
        pkg: 'nix-bin',
        env: this.env,
      });
      return out
        .split('\n')
        .map((l) => /^\s*(\d+)\s/.exec(l)?.[1])
        .filter((x): x is string => !!x)
        .map(Number);
    } catch {
      return [];
    }
  }

  async deleteProfileGenerations(profile: string, numbers: number[]): Promise<void> {
    if (numbers.length === 0) return;
    await run(nixTool(this.nixBin, 'nix-env'), ['--profile', profile, '--delete-generations', ...numbers.map(String)], {
      pkg: 'nix-bin',
      env: this.env,
    });
  }

  /** Deletes store paths nothing else keeps alive; paths still in use are left (not an error). */
  async deleteIfDead(paths: string[]): Promise<void> {
    for (const p of paths.filter(isStorePath)) {
      await run(nixTool(this.nixBin, 'nix-store'), ['--delete', p], { pkg: 'nix-bin', env: this.env }).catch(() => undefined);
    }
  }

  /** GC roots that keep `storePath` alive. */
  async roots(storePath: string): Promise<string[]> {
    const out = await run(nixTool(this.nixBin, 'nix-store'), ['--query', '--roots', storePath], { pkg: 'nix-bin', env: this.env });
    return out
      .split('\n')
      .map((l) => l.split(' -> ')[0]?.trim() ?? '')
      .filter(Boolean);
  }

  /** Removes the whole profile (all generations' links). */
  async removeProfile(profile: string): Promise<void> {
    const gens = await this.profileGenerations(profile);
    for (const n of gens) await rm(`${profile}-${n}-link`, { force: true });
    await rm(profile, { force: true });
  }
}
