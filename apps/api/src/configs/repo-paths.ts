import { join } from 'node:path';

/** Where a network's configuration repository lives: by id, so renames never move it. */
export function networkRepoDir(stateDir: string, networkId: string): string {
  return join(stateDir, 'networks', networkId, 'config');
}
