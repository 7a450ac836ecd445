/**
 * restic's failures as the few classes people can act on. restic ≥ 0.17
 * documents exit codes for them (3, 10, 11, 12, 130); older releases (Debian's
 * 0.14) exit 1 for nearly everything, so their stderr decides instead. The
 * patterns below were checked against real stderr (fixtures/ + capture.sh).
 */
export type ResticErrorClass =
  | 'source-unreadable'
  | 'source-missing'
  | 'repository-missing'
  | 'repository-locked'
  | 'wrong-password'
  | 'repository-damaged'
  | 'hook-failed'
  | 'cancelled'
  | 'other';

export const RESTIC_ERROR_CLASSES: readonly ResticErrorClass[] = [
  'source-unreadable',
  'source-missing',
  'repository-missing',
  'repository-locked',
  'wrong-password',
  'repository-damaged',
  'hook-failed',
  'cancelled',
  'other',
];

/** What each class means and what to do, in the words the API and notifications use. */
export const ERROR_ADVICE: Record<ResticErrorClass, string> = {
  'source-unreadable': 'Some files could not be read (permissions or files changing); the snapshot was saved without them.',
  'source-missing': 'None of the paths to back up exist on this host; check the policy paths.',
  'repository-missing': 'There is no restic repository at this location; initialise it first.',
  'repository-locked': 'Another restic process holds a lock on the repository; wait for it, or remove a stale lock.',
  'wrong-password': 'The repository password is wrong (or it has no key for it).',
  'repository-damaged': 'restic found errors in the repository; restore what you can and repair it with restic.',
  'hook-failed': 'A hook command failed; its output says why.',
  cancelled: 'The run was cancelled.',
  other: 'restic failed; its output says why.',
};

/** restic's documented exit codes (0.17+; 3 and 130 are older). */
const BY_EXIT_CODE: Partial<Record<number, ResticErrorClass>> = {
  3: 'source-unreadable',
  10: 'repository-missing',
  11: 'repository-locked',
  12: 'wrong-password',
  130: 'cancelled',
};

const BY_MESSAGE: readonly [RegExp, ResticErrorClass][] = [
  [/wrong password or no key found/i, 'wrong-password'],
  [/repository is already locked|unable to create lock in backend/i, 'repository-locked'],
  [/unable to open config file|Is there a repository at the following location\?|repository does not exist/i, 'repository-missing'],
  [/all (?:target|source) directories\/files do not exist/i, 'source-missing'],
  [/at least one source file could not be read/i, 'source-unreadable'],
  [/repository contains errors|Pack ID does not match|ciphertext verification failed/i, 'repository-damaged'],
];

/** The class of a failed restic run (exit code ≠ 0), from its exit code when it says, else from stderr. */
export function classifyResticFailure(exitCode: number | null, stderr: string, opts: { detailedExitCodes: boolean }): ResticErrorClass {
  if (exitCode !== null) {
    const byCode = BY_EXIT_CODE[exitCode];
    // Before 0.17, 10–12 meant nothing in particular; 3 and 130 are old.
    if (byCode && (opts.detailedExitCodes || exitCode === 3 || exitCode === 130)) return byCode;
  }
  for (const [re, cls] of BY_MESSAGE) if (re.test(stderr)) return cls;
  return 'other';
}

/**
 * The lines of stderr worth showing: restic's "Fatal:" line and what follows,
 * without progress noise or JSON error records, at most `max` characters.
 */
export function resticErrorSummary(stderr: string, max = 600): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('{') && !/^\[\d+:\d+\]/.test(l));
  const fatal = lines.findIndex((l) => l.startsWith('Fatal:'));
  const chosen = fatal >= 0 ? lines.slice(fatal, fatal + 3) : lines.slice(-4);
  const text = chosen.join(' ').replace(/^Fatal:\s*/, '');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
