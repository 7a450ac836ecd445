import { adminQuery } from './db-admin';
import { templateDatabase } from './test-config';

export default async function globalTeardown(): Promise<void> {
  const name = templateDatabase();
  if (name) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
