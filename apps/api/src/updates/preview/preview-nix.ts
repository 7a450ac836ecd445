import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { NIX_FLAKES as FLAKES, NIX_OFFLINE as OFFLINE, nixSaid } from '../../services/nix/nix-cli';
import { ProcessRunner } from '../../services/process/process-runner';
import { isStorePath } from '../../services/nix/store-path';
import type { PreviewPackage } from '../update-preview.entity';
import { parseDiffClosures } from './preview-compare';

const LOCK_TIMEOUT_MS = 5 * 60_000;
const QUERY_TIMEOUT_MS = 2 * 60_000;

/** Nix could not do what the preview asked; the message is Nix's own last error line. */
export class PreviewNixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewNixError';
  }
}

/** A closure: every store path with its NAR size, and their sum. */
export interface Closure {
  sizes: Map<string, number>;
  bytes: number;
}

/**
 * The Nix side of an update preview (docs/updates.md, "Preview"): the lock
 * bump in a scratch copy of the network repository, closures and
 * `nix store diff-closures`. Builds go through NixService.build, as a
 * machine's build does.
 */
@Injectable()
export class PreviewNix {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'nixBin'>,
    private readonly proc: ProcessRunner,
  ) {}

  private async run(args: string[], signal: AbortSignal, timeoutMs = QUERY_TIMEOUT_MS): Promise<string> {
    try {
      const { stdout } = await this.proc.run(this.config.nixBin, [...FLAKES, ...args], { signal, timeoutMs });
      return stdout;
    } catch (err) {
      if (signal.aborted) throw err;
      throw new PreviewNixError(nixSaid(err));
    }
  }

  /**
   * `nix flake lock --update-input <input>` of the flake in `dir` (its flake.lock is rewritten
   * in place with the input's newest revision; `--refresh`: not a cached answer).
   */
  async updateInput(dir: string, input: string, signal: AbortSignal): Promise<void> {
    await this.run(['flake', 'lock', '--update-input', input, '--refresh', ...OFFLINE, `path:${dir}`], signal, LOCK_TIMEOUT_MS);
  }

  /** Every store path `storePath` needs (`nix path-info -r --json`) with its NAR size. */
  async closure(storePath: string, signal: AbortSignal): Promise<Closure> {
    const stdout = await this.run(['path-info', '-r', '--json', storePath], signal);
    const sizes = new Map<string, number>();
    for (const p of JSON.parse(stdout) as { path?: unknown; narSize?: unknown }[]) {
      if (typeof p.path === 'string' && isStorePath(p.path)) sizes.set(p.path, typeof p.narSize === 'number' ? p.narSize : 0);
    }
    let bytes = 0;
    for (const n of sizes.values()) bytes += n;
    return { sizes, bytes };
  }

  /** Packages whose versions or sizes differ (`nix store diff-closures <before> <after>`). */
  async diffClosures(before: string, after: string, signal: AbortSignal): Promise<PreviewPackage[]> {
    return parseDiffClosures(await this.run(['store', 'diff-closures', before, after], signal));
  }
}
