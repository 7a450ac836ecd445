import { execFileSync } from 'node:child_process';

/** Runs the Debian `yggdrasil` binary (tests only): fails naming the package when it is missing. */
export function runYggdrasil(args: string[], input?: string): string {
  try {
    return execFileSync('yggdrasil', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('`yggdrasil` not found: install the Debian package yggdrasil');
    throw err;
  }
}
