/**
 * What the installed restic can do. Debian 12 ships 0.14; several features
 * the panel would like only exist from later releases, so the code asks here
 * instead of assuming.
 */
export interface ResticVersion {
  major: number;
  minor: number;
  patch: number;
  /** As restic printed it, e.g. "restic 0.14.0 compiled with go1.19.8 on linux/amd64". */
  text: string;
}

export interface ResticFeatures {
  /** `backup --stdin-from-command` (0.17): restic runs the dump command and fails when it fails. */
  stdinFromCommand: boolean;
  /** Exit codes 10 (no repository), 11 (locked), 12 (wrong password) (0.17). */
  detailedExitCodes: boolean;
  /** `restore --json` progress lines (0.16). */
  restoreJson: boolean;
}

/** Parses `restic version` output; null when it is not restic's. */
export function parseResticVersion(output: string): ResticVersion | null {
  const m = /restic (\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: output.trim().split('\n')[0] };
}

function atLeast(v: ResticVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export function resticFeatures(v: ResticVersion): ResticFeatures {
  return {
    stdinFromCommand: atLeast(v, 0, 17),
    detailedExitCodes: atLeast(v, 0, 17),
    restoreJson: atLeast(v, 0, 16),
  };
}
