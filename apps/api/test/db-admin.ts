import { Client } from 'pg';
import { ADMIN_URL } from './test-config';

export function urlFor(db: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(
      `Integration tests need PostgreSQL at ${ADMIN_URL} (Debian package postgresql; start it with ` +
        `'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'): ${(err as Error).message}`,
    );
  }
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
