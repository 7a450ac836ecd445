import { DataSource } from 'typeorm';
import { createUser, setupAdmin, signedIn } from './auth-helpers';
import { startTestPanel, TestClient, type TestPanel } from './harness';

describe('API tokens (real Postgres + Redis)', () => {
  let t: TestPanel;
  let admin: TestClient;
  beforeAll(async () => {
    t = await startTestPanel();
    admin = await setupAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const bearer = (token: string) => {
    const c = new TestClient(t.baseUrl);
    c.bearer = token;
    return c;
  };

  it('creates a token, works as Bearer (writes need no CSRF), shows lastUsedAt, and stops working once revoked', async () => {
    const created = await admin.post('/api/tokens', { name: '  backup script ' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'backup script',
      prefix: created.body.token.slice(0, 12),
      expiresAt: null,
      token: expect.stringMatching(/^clan_[0-9A-Za-z]{40}$/),
    });
    const { id, token } = created.body;

    const listed = await admin.get('/api/tokens');
    expect(listed.status).toBe(200);
    const row = listed.body.items.find((x: { id: string }) => x.id === id);
    expect(row).toEqual({
      id,
      name: 'backup script',
      prefix: token.slice(0, 12),
      createdAt: expect.any(String),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const script = bearer(token);
    const me = await script.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('admin');
    expect(me.body.csrfToken).toBeNull();
    expect(me.headers.getSetCookie()).toEqual([]); // bearer calls create no session
    const users = await script.get('/api/users'); // a host-privileged route
    expect(users.status).toBe(200);
    const write = await script.post('/api/tokens', { name: 'made by a token' });
    expect(write.status).toBe(201);

    const after = (await admin.get('/api/tokens')).body.items.find((x: { id: string }) => x.id === id);
    expect(after.lastUsedAt).not.toBeNull();

    const revoke = await admin.delete(`/api/tokens/${id}`);
    expect(revoke.status).toBe(204);
    const revoked = (await admin.get('/api/tokens')).body.items.find((x: { id: string }) => x.id === id);
    expect(revoked.revokedAt).not.toBeNull();
    const refused = await script.get('/api/auth/me');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('The API token has been revoked.');
    expect((await admin.delete(`/api/tokens/${id}`)).status).toBe(204); // idempotent
  });

  it('refuses an expired token, saying so', async () => {
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const created = await admin.post('/api/tokens', { name: 'short-lived', expiresAt: soon });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(soon);
    expect((await bearer(created.body.token).get('/api/auth/me')).status).toBe(200);

    // Through the panel's own connection, as every write of the panel goes: the cached token row is forgotten.
    await t.panel.app
      .get(DataSource)
      .query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
    const res = await bearer(created.body.token).get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The API token has expired.' });
  });

  it('refuses unknown and malformed bearer tokens', async () => {
    expect((await bearer('clan_' + 'x'.repeat(40)).get('/api/auth/me')).body.message).toBe('The API token is not valid.');
    expect((await bearer('something-else').get('/api/auth/me')).status).toBe(401);
  });

  it('validates name and expiresAt, naming the field', async () => {
    const empty = await admin.post('/api/tokens', { name: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields[0].field).toBe('name');
    const long = await admin.post('/api/tokens', { name: 'x'.repeat(101) });
    expect(long.body.fields[0].field).toBe('name');
    const past = await admin.post('/api/tokens', { name: 'old', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.fields).toEqual([{ field: 'expiresAt', message: 'must be in the future' }]);
    const garbage = await admin.post('/api/tokens', { name: 'bad', expiresAt: 'tomorrow' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.fields[0].field).toBe('expiresAt');
    const badId = await admin.delete('/api/tokens/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.fields[0].field).toBe('tokenId');
  });

  it("keeps users apart: nobody sees or revokes another user's tokens", async () => {
    await createUser(admin, 'frank', 'frank password 1');
    const frank = await signedIn(t, 'frank', 'frank password 1');
    const mine = (await admin.post('/api/tokens', { name: 'admin only' })).body;
    expect((await frank.get('/api/tokens')).body).toEqual({ items: [], total: 0 });
    const steal = await frank.delete(`/api/tokens/${mine.id}`);
    expect(steal.status).toBe(404);
    expect((await bearer(mine.token).get('/api/auth/me')).status).toBe(200);

    const franks = (await frank.post('/api/tokens', { name: 'frank cli' })).body;
    const asFrank = bearer(franks.token);
    expect((await asFrank.get('/api/auth/me')).body.user.username).toBe('frank');
    // A token carries its owner's rights, no more.
    expect((await asFrank.get('/api/users')).status).toBe(403);
  });

  it('stops working when its owner is removed', async () => {
    const id = await createUser(admin, 'gone', 'gone password 1');
    const gone = await signedIn(t, 'gone', 'gone password 1');
    const { token } = (await gone.post('/api/tokens', { name: 'soon orphaned' })).body;
    expect((await admin.delete(`/api/users/${id}`)).status).toBe(204);
    expect((await bearer(token).get('/api/auth/me')).status).toBe(401);
  });

  it("revokes all of the caller's live tokens at once, no one else's, and audits it", async () => {
    await createUser(admin, 'hanna', 'hanna password 1');
    const hanna = await signedIn(t, 'hanna', 'hanna password 1');
    const live = [(await hanna.post('/api/tokens', { name: 'one' })).body, (await hanna.post('/api/tokens', { name: 'two' })).body];
    const already = (await hanna.post('/api/tokens', { name: 'old' })).body;
    expect((await hanna.delete(`/api/tokens/${already.id}`)).status).toBe(204);
    const admins = (await admin.post('/api/tokens', { name: 'not hanna' })).body;

    const res = await hanna.post('/api/tokens/revoke-all');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: 2 });
    for (const tk of live) expect((await bearer(tk.token).get('/api/auth/me')).status).toBe(401);
    const listed = (await hanna.get('/api/tokens')).body.items as { revokedAt: string | null }[];
    expect(listed.every((x) => x.revokedAt !== null)).toBe(true);
    expect((await bearer(admins.token).get('/api/auth/me')).status).toBe(200);
    expect((await hanna.post('/api/tokens/revoke-all')).body).toEqual({ revoked: 0 });

    // A token may revoke its own kind too (the CLI's way), and the call is in the audit log.
    const cli = (await hanna.post('/api/tokens', { name: 'cli' })).body;
    const self = await bearer(cli.token).post('/api/tokens/revoke-all');
    expect(self.body).toEqual({ revoked: 1 });
    expect((await bearer(cli.token).get('/api/auth/me')).status).toBe(401);
    const correlationId = self.headers.get('x-correlation-id');
    let entry: { action: string; username: string; statusCode: number } | undefined;
    for (let i = 0; i < 50 && !entry; i++) {
      const audit = await admin.get('/api/audit?limit=200');
      entry = audit.body.items.find((e: { correlationId: string }) => e.correlationId === correlationId);
      if (!entry) await new Promise((r) => setTimeout(r, 100));
    }
    expect(entry).toMatchObject({ username: 'hanna', statusCode: 200 });
    expect(entry?.action).toMatch(/token/i);
  });
});
