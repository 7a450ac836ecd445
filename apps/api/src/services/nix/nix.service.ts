import { mkdir, readlink, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CommandError, ProcessRunner } from '../process/process-runner';
import { type NixLogEvent, NixLogParser } from './nix-log';
import { isStorePath } from './store-path';
import { NIX_FLAKES as FLAKES } from './nix-cli';

export { isStorePath } from './store-path';

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

/**
 * The Nix adapter of the VM manager (Immich's repositories are the model):
 * build a flake attribute, a system's closure, machine profiles (the GC roots
 * of generations) and store deletion. `nix`, `nix-env` and `nix-store` run
 * through the ProcessRunner (CLAN_NIX_BIN; the other two beside it).
 */
@Injectable()
export class NixService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'nixBin' | 'profilesDir'>,
    private readonly proc: ProcessRunner,
  ) {}

  /** The profile of a machine's generations: `<profilesDir>/<network>/<machine>`. */
  profile(networkId: string, machine: string): string {
    return join(this.config.profilesDir, networkId, machine);
  }

  /** `nix-env`, `nix-store` next to the configured `nix` (CLAN_NIX_BIN). */
  private tool(name: 'nix-env' | 'nix-store'): string {
    const nix = this.config.nixBin;
    return nix.includes('/') ? join(dirname(nix), name) : name;
  }

  /**
   * `nix build` of one flake attribute with the JSON log parsed into events.
   * `overrideInputs` (`--override-input <input> <ref>`) make the host's
   * settings win over the inputs the flake names (the cLAN flake, its nixpkgs).
   * `lockFile`: `ignore` (default) builds without writing a lock file
   * (`--no-write-lock-file`); `locked` builds from the flake's own flake.lock
   * and fails rather than change it (`--no-update-lock-file`, docs/updates.md).
   * Resolves with the output store path.
   */
  async build(
    installable: string,
    opts: {
      signal: AbortSignal;
      onEvent: (e: NixLogEvent) => void;
      overrideInputs?: readonly (readonly [string, string])[];
      lockFile?: 'ignore' | 'locked';
    },
  ): Promise<string> {
    const parser = new NixLogParser();
    const overrides = (opts.overrideInputs ?? []).flatMap(([input, ref]) => ['--override-input', input, ref]);
    let out: string;
    try {
      const r = await this.proc.run(
        this.config.nixBin,
        [
          ...FLAKES,
          'build',
          '--log-format',
          'internal-json',
          '-v',
          '--json',
          '--no-link',
          opts.lockFile === 'locked' ? '--no-update-lock-file' : '--no-write-lock-file',
          ...overrides,
          installable,
        ],
        { signal: opts.signal, onStderrLine: (line) => parser.feed(line).forEach(opts.onEvent) },
      );
      out = r.stdout;
    } catch (e) {
      if (e instanceof CommandError) throw new NixBuildError(e.missing ? e.message : (parser.lastError ?? e.message));
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
    const { stdout } = await this.proc.run(this.config.nixBin, [...FLAKES, 'path-info', '--json', '-r', storePath], { signal });
    const list = JSON.parse(stdout) as { path: string; narSize?: number }[];
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
    await this.proc.run(this.tool('nix-env'), ['--profile', profile, '--set', storePath]);
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
    await this.proc.run(this.tool('nix-env'), ['--profile', profile, '--switch-generation', String(n)]);
  }

  /** Profile generation numbers that exist. */
  async profileGenerations(profile: string): Promise<number[]> {
    try {
      const { stdout } = await this.proc.run(this.tool('nix-env'), ['--profile', profile, '--list-generations']);
      return stdout
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
    await this.proc.run(this.tool('nix-env'), ['--profile', profile, '--delete-generations', ...numbers.map(String)]);
  }

  /** Deletes store paths nothing else keeps alive; paths still in use are left (not an error). */
  async deleteIfDead(paths: string[]): Promise<void> {
    for (const p of paths.filter(isStorePath)) {
      await this.proc.run(this.tool('nix-store'), ['--delete', p]).catch(() => undefined);
    }
  }

  /** GC roots that keep `storePath` alive. */
  async roots(storePath: string): Promise<string[]> {
    const { stdout } = await this.proc.run(this.tool('nix-store'), ['--query', '--roots', storePath]);
    return stdout
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
