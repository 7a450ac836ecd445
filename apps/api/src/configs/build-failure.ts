import { NetworkSystem } from '@clan/contracts';

/** What a machine of a network builds with (SystemFlakes.buildInputs). */
export interface BuildFlakes {
  system: NetworkSystem;
  /** The cLAN flake (input `clan` of the network repository's flake.nix). */
  clanFlakeUrl: string;
  /** True when CLAN_FLAKE_URL chose the cLAN flake (not the one shipped with the panel). */
  clanFlakeFromSetting: boolean;
  /** The nixpkgs of the cLAN flake (CLAN_NIXPKGS); null for the demo system, which has none. */
  nixpkgs: string | null;
  /**
   * The git flake the network follows (docs/updates.md): the build uses the repository's
   * flake.lock (`--no-update-lock-file`) and does not override `clan`. Absent or null: today's path.
   */
  upstream?: string | null;
}

/** The directory of a `path:` flake reference, without query or fragment; null for other schemes. */
function localPath(ref: string): string | null {
  const m = /^path:([^?#]+)/.exec(ref) ?? /^(\/[^?#]*)/.exec(ref);
  return m ? m[1] : null;
}

/** Words by which Nix says it could not fetch something. */
const FETCH_FAILED =
  /unable to download|could(?:n't| not) resolve host|cannot fetch|failed to fetch|unable to access|connection refused|timed out|getting status of|does not exist|no such file or directory|HTTP error \d+/i;
/** Words by which the cLAN flake says its nixpkgs is not a real one (nix/flake.nix). */
const NIXPKGS_MISSING = /needs nixpkgs|nixosSystem|nixpkgs input/i;

/** The first line of Nix's message, for the end of our sentence. */
function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim()) ?? message;
  const trimmed = line.trim().replace(/^error:\s*/, '');
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

function mentions(message: string, ref: string): boolean {
  if (message.includes(ref)) return true;
  const path = localPath(ref);
  if (path && path !== '/' && message.includes(path)) return true;
  // github:NixOS/nixpkgs/nixos-25.05 → https://api.github.com/repos/NixOS/nixpkgs/…
  const gh = /^github:([^/]+\/[^/?#]+)/.exec(ref);
  if (gh && message.toLowerCase().includes(gh[1].toLowerCase())) return true;
  // git+https://host/x → https://host/x (git's own messages), or at least the host.
  const host = /^(?:[a-z]+\+)?[a-z]+:\/\/([^/?#]+)/.exec(ref)?.[1];
  return !!host && message.includes(host);
}

/**
 * Turns Nix's error for a failed machine build into the task's sentence:
 * when the cLAN flake or its nixpkgs could not be fetched, the sentence says
 * which setting to change (CLAN_FLAKE_URL, CLAN_NIXPKGS) or that the network
 * can use the demo system; any other failure keeps Nix's own message.
 */
export function explainBuildFailure(flakes: BuildFlakes, message: string): string {
  const detail = firstLine(message);
  if (flakes.clanFlakeFromSetting && mentions(message, flakes.clanFlakeUrl) && FETCH_FAILED.test(message)) {
    return (
      `The panel cannot fetch the cLAN flake (${flakes.clanFlakeUrl}): set CLAN_FLAKE_URL to a reachable cLAN flake, ` +
      `or unset it to use the one shipped with the panel. Nix said: ${detail}`
    );
  }
  if (flakes.system === NetworkSystem.Demo) {
    if (FETCH_FAILED.test(message) && mentions(message, flakes.clanFlakeUrl))
      return `The demo system's flake (${flakes.clanFlakeUrl}) is missing or unreadable; restart the panel to prepare it again. Nix said: ${detail}`;
    return message;
  }
  const nixpkgs = flakes.nixpkgs ?? 'nixpkgs';
  const nixpkgsFailed =
    NIXPKGS_MISSING.test(message) || (FETCH_FAILED.test(message) && (mentions(message, nixpkgs) || /nixpkgs/i.test(message)));
  if (!nixpkgsFailed) return message;
  return (
    `This machine's network uses NixOS, and the panel cannot fetch nixpkgs (${nixpkgs}): set CLAN_NIXPKGS to a reachable nixpkgs ` +
    `(a flake reference or a local path/mirror), or switch the network to the demo system. Nix said: ${detail}`
  );
}
