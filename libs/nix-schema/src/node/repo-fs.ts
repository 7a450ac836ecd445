import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { NetworkRepo } from '../lib/repo';

export interface WriteNetworkRepoOptions {
  /** Keep an existing overrides/<machine>.nix (the local admin's file). Default true. */
  keepExistingOverrides?: boolean;
}

/**
 * Writes a rendered network repository into `dir`. Returns the paths written
 * (relative). Paths come from renderNetworkRepo, and are still checked to stay
 * inside `dir`.
 */
export async function writeNetworkRepo(
  dir: string,
  repo: Pick<NetworkRepo, 'files'>,
  options: WriteNetworkRepoOptions = {},
): Promise<string[]> {
  const keep = options.keepExistingOverrides ?? true;
  const written: string[] = [];
  for (const [relative, contents] of Object.entries(repo.files)) {
    const clean = normalize(relative);
    if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`))
      throw new Error(`Refusing to write outside the repository: ${relative}`);
    const target = join(dir, clean);
    if (keep && clean.startsWith(`overrides${sep}`) && existsSync(target)) continue;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents, 'utf8');
    written.push(relative);
  }
  return written;
}
