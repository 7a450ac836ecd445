import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { NIX_FLAKES as FLAKES, NIX_OFFLINE as OFFLINE, nixSaid } from '../services/nix/nix-cli';
import { ProcessRunner } from '../services/process/process-runner';
import { metadataRev, type PinnedRev } from './flake-lock';

const LOCK_TIMEOUT_MS = 5 * 60_000;
const METADATA_TIMEOUT_MS = 2 * 60_000;

/** Nix could not lock or read an upstream; the message is Nix's own last error line. */
export class UpstreamNixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamNixError';
  }
}

/**
 * The Nix side of following an upstream (docs/updates.md): `nix flake lock`
 * of a network's flake.nix in a scratch directory, and `nix flake metadata`
 * of the upstream's branch.
 */
@Injectable()
export class UpstreamNix {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'nixBin'>,
    private readonly proc: ProcessRunner,
  ) {}

  /** The flake.lock Nix writes for `flakeNix` (a network repository's flake.nix), locked afresh. */
  async lock(flakeNix: string, signal?: AbortSignal): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'clan-lock-'));
    try {
      await writeFile(join(dir, 'flake.nix'), flakeNix);
      await this.proc.run(this.config.nixBin, [...FLAKES, 'flake', 'lock', ...OFFLINE, `path:${dir}`], {
        timeoutMs: LOCK_TIMEOUT_MS,
        signal,
        discardStdout: true,
      });
      return await readFile(join(dir, 'flake.lock'), 'utf8');
    } catch (err) {
      throw new UpstreamNixError(nixSaid(err));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The revision the upstream's branch points at now, and when it was made (`--refresh`: not a cached answer). */
  async latest(upstream: string, signal?: AbortSignal): Promise<PinnedRev> {
    let stdout: string;
    try {
      ({ stdout } = await this.proc.run(
        this.config.nixBin,
        [...FLAKES, 'flake', 'metadata', '--json', '--refresh', '--no-write-lock-file', ...OFFLINE, upstream],
        { timeoutMs: METADATA_TIMEOUT_MS, signal },
      ));
    } catch (err) {
      throw new UpstreamNixError(nixSaid(err));
    }
    const pinned = metadataRev(stdout);
    if (!pinned) throw new UpstreamNixError('nix flake metadata named no git revision for it.');
    return pinned;
  }
}
