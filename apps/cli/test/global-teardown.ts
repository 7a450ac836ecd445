import { join } from 'node:path';

/** Drops the template database (see global-setup.ts for why this is a run-time require). */
export default async function globalTeardown(): Promise<void> {
  const api = require(join(__dirname, '..', '..', 'api', 'test', 'global-teardown')) as { default: () => Promise<void> };
  await api.default();
}
