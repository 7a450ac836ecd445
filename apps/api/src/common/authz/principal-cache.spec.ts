import { TOKEN_LAST_USED_SQL, writtenPrincipalTables } from './principal-cache';

describe('writtenPrincipalTables', () => {
  it('sees the writes TypeORM and raw SQL make to the principal tables', () => {
    expect(writtenPrincipalTables('UPDATE "users" SET "disabled_at" = $1, "updated_at" = CURRENT_TIMESTAMP WHERE "id" IN ($2)')).toEqual([
      'users',
    ]);
    expect(writtenPrincipalTables('DELETE FROM "network_members" WHERE "network_id" = $1 AND "user_id" = $2')).toEqual(['network_members']);
    expect(writtenPrincipalTables('INSERT INTO "api_tokens"("id", "user_id") VALUES (DEFAULT, $1) RETURNING "id"')).toEqual(['api_tokens']);
    expect(writtenPrincipalTables('UPDATE users SET disabled_at = now() WHERE id = $1')).toEqual(['users']);
    expect(writtenPrincipalTables('DELETE FROM "public"."networks" WHERE "id" = $1')).toEqual(['networks']);
    expect(writtenPrincipalTables('TRUNCATE users CASCADE')).toEqual(['users']);
  });

  it('ignores reads, row locks, other tables and its own last-use update', () => {
    expect(writtenPrincipalTables('SELECT "u"."id" FROM "users" "u" WHERE "u"."id" = $1 LIMIT 1')).toEqual([]);
    expect(writtenPrincipalTables('SELECT * FROM "users" WHERE "is_host_admin" = true FOR UPDATE')).toEqual([]);
    expect(writtenPrincipalTables('UPDATE "sessions" SET "expires_at" = $1 WHERE "sid" = $2')).toEqual([]);
    expect(writtenPrincipalTables('INSERT INTO "audit_entries"("username", "user_id") VALUES ($1, $2)')).toEqual([]);
    expect(writtenPrincipalTables(TOKEN_LAST_USED_SQL)).toEqual([]);
  });
});
