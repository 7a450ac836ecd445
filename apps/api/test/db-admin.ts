import { Client } from 'pg';

/** The real Postgres the integration tests run on (DEVELOPERS.md: trust auth, user postgres). */
export const ADMIN_URL = process.env['CLAN_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_ENV = 'CLAN_TEST_TEMPLATE_DB';

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
