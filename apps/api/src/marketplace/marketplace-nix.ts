import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { NIX_FLAKES, NIX_OFFLINE, nixSaid } from '../services/nix/nix-cli';
import { ProcessRunner } from '../services/process/process-runner';

const METADATA_TIMEOUT_MS = 2 * 60_000;
const EVAL_TIMEOUT_MS = 60_000;
/** More JSON than this is not a catalog (and would only fill the database). */
const EVAL_MAX_BYTES = 4 << 20;

/**
 * Applied to `clanMarketplace` so that `--json` can print it, with builtins
 * only: an app's meshPorts, state and web.port may be functions of its
 * settings (as in the built-in apps) and are called with the options'
 * defaults; other functions become a marker the index names as a problem;
 * paths become `./<path in the repository>` (`missing:` when the file is not
 * there, `outside:` when it is not in the repository).
 */
export const MARKETPLACE_APPLY = `m:
let
  inherit (builtins) isAttrs isFunction isList isPath mapAttrs match head intersectAttrs pathExists;
  rel = p:
    let r = match "/nix/store/[^/]+/(.+)" (toString p); in
    if r == null then "outside:" + toString p
    else if !(pathExists p) then "missing:./" + head r
    else "./" + head r;
  clean = v:
    if isFunction v then { __clanFunction = true; }
    else if isPath v then rel v
    else if isAttrs v then mapAttrs (_: clean) v
    else if isList v then map clean v
    else v;
  defaultsOf = o: if isAttrs o then mapAttrs (_: s: if isAttrs s then s.default or null else null) o else { };
  call = d: f: if isFunction f then f d else f;
  app = a:
    if !(isAttrs a) then clean a
    else
      let
        d = defaultsOf (a.options or null);
        w = a.web or null;
      in
      clean (a // intersectAttrs a {
        meshPorts = call d (a.meshPorts or null);
        state = call d (a.state or null);
        web = if isAttrs w then w // intersectAttrs w { port = call d (w.port or null); } else w;
      });
  section = s: f: if isAttrs s then mapAttrs (_: f) s else clean s;
in
if !(isAttrs m) then clean m
else clean m // intersectAttrs m {
  apps = section (m.apps or null) app;
  templates = section (m.templates or null) clean;
}`;

/**
 * Evaluating an author's code: nothing may be built while listing
 * (import-from-derivation off), and the timeout bounds the rest.
 */
const NO_BUILDS = ['--option', 'allow-import-from-derivation', 'false'];

/** Nix could not read a revision of a source; the message is a sentence for the source's error. */
export class MarketplaceNixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarketplaceNixError';
  }
}

export interface FlakeRevision {
  rev: string;
  narHash: string;
  lastModified: Date;
}

/**
 * The Nix side of a marketplace source: `nix flake metadata` and `nix eval`
 * of one revision in the panel's mirror, offline (the mirror is a local
 * repository; no binary cache is asked). Nothing is built.
 */
@Injectable()
export class MarketplaceNix {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'nixBin'>,
    private readonly proc: ProcessRunner,
  ) {}

  /** The flake reference of `rev` in the bare mirror at `mirror`, through the ref that pins it. */
  static flakeRef(mirror: string, ref: string, rev: string): string {
    return `git+file://${mirror}?ref=${encodeURIComponent(ref)}&rev=${rev}`;
  }

  async metadata(flakeRef: string): Promise<FlakeRevision> {
    let stdout: string;
    try {
      ({ stdout } = await this.proc.run(
        this.config.nixBin,
        [...NIX_FLAKES, 'flake', 'metadata', '--json', '--no-write-lock-file', ...NIX_OFFLINE, ...NO_BUILDS, flakeRef],
        { timeoutMs: METADATA_TIMEOUT_MS },
      ));
    } catch (err) {
      throw new MarketplaceNixError(`Nix could not read the revision as a flake: ${nixSaid(err)}`);
    }
    const metadata = JSON.parse(stdout) as {
      locked?: { rev?: unknown; narHash?: unknown; lastModified?: unknown };
      locks?: { nodes?: Record<string, unknown> };
    };
    // Builtins only: a source with inputs would need them fetched (and trusted) just to be listed.
    const inputs = Object.keys(metadata.locks?.nodes ?? {}).filter((n) => n !== 'root');
    if (inputs.length > 0)
      throw new MarketplaceNixError(
        `The flake has inputs (${inputs.join(', ')}); a marketplace source must have none, so that listing it needs only builtins (docs/marketplace.md).`,
      );
    const locked = metadata.locked ?? {};
    if (typeof locked.rev !== 'string' || typeof locked.narHash !== 'string' || typeof locked.lastModified !== 'number')
      throw new MarketplaceNixError('nix flake metadata named no revision and hash for it.');
    return { rev: locked.rev, narHash: locked.narHash, lastModified: new Date(locked.lastModified * 1000) };
  }

  /**
   * The flake.lock node of a network's input `url` (a pinned revision in the
   * mirror): Nix's own `locked` and `original` for it, so a lock written by the
   * panel is the one `nix flake lock` would write, narHash included.
   */
  async lockNode(url: string): Promise<{ locked: Record<string, unknown>; original: Record<string, unknown> }> {
    let stdout: string;
    try {
      ({ stdout } = await this.proc.run(
        this.config.nixBin,
        [...NIX_FLAKES, 'flake', 'metadata', '--json', '--no-write-lock-file', ...NIX_OFFLINE, ...NO_BUILDS, url],
        { timeoutMs: METADATA_TIMEOUT_MS },
      ));
    } catch (err) {
      throw new MarketplaceNixError(`Nix could not read the pinned revision from the panel's mirror: ${nixSaid(err)}`);
    }
    const metadata = JSON.parse(stdout) as { locked?: unknown; original?: unknown };
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (!isObject(metadata.locked) || !isObject(metadata.original) || typeof metadata.locked['narHash'] !== 'string')
      throw new MarketplaceNixError('nix flake metadata named no locked revision and hash for the pinned revision.');
    return { locked: metadata.locked, original: metadata.original };
  }

  /** `clanMarketplace` of the flake as JSON (MARKETPLACE_APPLY), evaluated with builtins only. */
  async marketplace(flakeRef: string): Promise<unknown> {
    let stdout: string;
    try {
      ({ stdout } = await this.proc.run(
        this.config.nixBin,
        [
          ...NIX_FLAKES,
          'eval',
          '--json',
          '--no-write-lock-file',
          ...NIX_OFFLINE,
          `${flakeRef}#clanMarketplace`,
          '--apply',
          MARKETPLACE_APPLY,
        ],
        { timeoutMs: EVAL_TIMEOUT_MS },
      ));
    } catch (err) {
      const said = nixSaid(err);
      if (/does not provide attribute/.test(said))
        throw new MarketplaceNixError('The flake has no clanMarketplace output (docs/marketplace.md).');
      throw new MarketplaceNixError(`Nix could not evaluate clanMarketplace: ${said}`);
    }
    if (stdout.length > EVAL_MAX_BYTES)
      throw new MarketplaceNixError(`clanMarketplace is larger than ${EVAL_MAX_BYTES >> 20} MiB of JSON.`);
    return JSON.parse(stdout) as unknown;
  }
}
