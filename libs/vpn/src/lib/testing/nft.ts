import { execFileSync } from 'node:child_process';

/**
 * `nft -c -f -`: the kernel checks the script without applying it (tests only;
 * needs root). Fails naming the Debian package when nft is missing; returns
 * nft's complaint, or null when the script is valid.
 */
export function nftCheck(script: string): string | null {
  try {
    execFileSync('nft', ['-c', '-f', '-'], { input: script, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return null;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error('`nft` not found: install the Debian package nftables');
    return e.stderr ?? String(err);
  }
}
