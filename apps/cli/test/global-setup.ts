import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Builds the CLI the tests run (cached by Nx when unchanged), then lets the
 * API's own global setup migrate the template database each panel clones.
 * Required at run time for the reason given in clanctl.int-spec.ts.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync('npx', ['nx', 'build', 'cli', '--outputStyle=static'], {
    cwd: join(__dirname, '../../..'),
    stdio: 'inherit',
  });
  const api = require(join(__dirname, '..', '..', 'api', 'test', 'global-setup')) as { default: () => Promise<void> };
  await api.default();
}
