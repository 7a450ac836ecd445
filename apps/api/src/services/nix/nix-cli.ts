import { CommandError } from '../process/process-runner';

/** Every `nix` call of the panel turns on flakes and the new CLI (Nix 2.8 has them behind this flag). */
export const NIX_FLAKES = ['--extra-experimental-features', 'nix-command flakes'];

/** Offline-safe: no binary cache is asked for anything. */
export const NIX_OFFLINE = ['--option', 'substituters', ''];

/**
 * What Nix said went wrong, for a sentence: its last line that mentions an
 * error (else its last line, else the error's message), without the
 * "error:" prefix. A missing Nix binary says so.
 */
export function nixSaid(err: unknown): string {
  if (err instanceof CommandError) {
    if (err.missing) return err.message;
    const lines = err.stderr
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const line = lines.filter((l) => /error/i.test(l)).pop() ?? lines.pop() ?? err.message;
    return line.replace(/^error:\s*/, '');
  }
  return (err as Error).message;
}
