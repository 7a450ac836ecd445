/** What pins one flake input: a git revision and when it was made. */
export interface PinnedRev {
  rev: string;
  /** Seconds since the epoch (Nix's `lastModified`). */
  lastModified: number | null;
}

const REV = /^[0-9a-f]{40}$/;

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function pinnedFrom(locked: unknown): PinnedRev | null {
  const l = asObject(locked);
  const rev = l?.['rev'];
  if (typeof rev !== 'string' || !REV.test(rev)) return null;
  const lm = l?.['lastModified'];
  return { rev, lastModified: typeof lm === 'number' && Number.isFinite(lm) ? lm : null };
}

/**
 * The revision flake.lock pins for the root's input `input` (`nodes.<root>.inputs.<input>`
 * names the node; its `locked.rev`). Null when the text is not a lock file or the input is
 * not a locked git revision.
 */
export function lockedInput(lockText: string | null, input = 'clan'): PinnedRev | null {
  if (!lockText) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(lockText);
  } catch {
    return null;
  }
  const lock = asObject(parsed);
  const nodes = asObject(lock?.['nodes']);
  const rootName = typeof lock?.['root'] === 'string' ? lock['root'] : 'root';
  const root = asObject(nodes?.[rootName]);
  const ref = asObject(root?.['inputs'])?.[input];
  // A follows (a list) is not a node of its own.
  if (typeof ref !== 'string') return null;
  return pinnedFrom(asObject(nodes?.[ref])?.['locked']);
}

/** `nix flake metadata --json <git flake>`: its `revision` (or `locked.rev`) and `lastModified`. */
export function metadataRev(json: string): PinnedRev | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const m = asObject(parsed);
  const locked = asObject(m?.['locked']);
  const rev = typeof m?.['revision'] === 'string' ? m['revision'] : locked?.['rev'];
  const lm = typeof m?.['lastModified'] === 'number' ? m['lastModified'] : locked?.['lastModified'];
  return pinnedFrom({ rev, lastModified: lm });
}

/** "Updates available": the upstream's branch points at another revision than the lock pins. */
export function updateAvailable(current: string | null, latest: string | null): boolean {
  return !!current && !!latest && current !== latest;
}

/** Nix's `lastModified` (seconds) as a Date. */
export function fromEpochSeconds(seconds: number | null): Date | null {
  return seconds === null ? null : new Date(seconds * 1000);
}
