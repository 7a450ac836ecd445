import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PrincipalCache } from '../src/common/authz/principal-cache';
import { createUser, setupAdmin, signedIn } from './auth-helpers';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/**
 * Principals, tokens and roles are cached in the panel process; every change
 * below must still hold on the very next request (docs/decisions/0014-principal-cache.md).
 * Each case warms the cache first, so a stale entry would be used if invalidation failed.
 */
describe('principal cache: cached, and every change takes effect on the next request (real Postgres + Redis)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let cache: PrincipalCache;
  beforeAll(async () => {
    t = await startTestPanel();
    admin = await setupAdmin(t);
    cache = t.panel.app.get(PrincipalCache);
  });
  afterAll(async () => {
    await t.close();
  });

  const uniq = () => randomBytes(3).toString('hex');
  const bearer = (token: string) => {
    const c = new TestClient(t.baseUrl);
    c.bearer = token;
    return c;
  };
  async function tokenFor(client: TestClient, name = 'cache test'): Promise<{ id: string; token: string }> {
    const res = await client.post('/api/tokens', { name });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function warm(client: TestClient, path = '/api/auth/me', times = 3): Promise<void> {
    for (let i = 0; i < times; i++) expect((await client.get(path)).status).toBe(200);
  }

  it('answers repeated bearer requests from the cache: no user, token or role query after the first', async () => {
    const { token } = await tokenFor(admin);
    const script = bearer(token);
    await warm(script, '/api/tokens', 1);
    const before = cache.stats();
    for (let i = 0; i < 20; i++) expect((await script.get('/api/tokens')).status).toBe(200);
    const after = cache.stats();
    expect(after.misses - before.misses).toBe(0);
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(40); // the token and its user, per request
  });

  it('refuses a revoked token on the very next request', async () => {
    const { id, token } = await tokenFor(admin);
    const script = bearer(token);
    await warm(script);
    expect((await admin.delete(`/api/tokens/${id}`)).status).toBe(204);
    const next = await script.get('/api/auth/me');
    expect(next.status).toBe(401);
    expect(next.body.message).toBe('The API token has been revoked.');
  });

  it('refuses every token after "revoke all my tokens" on the very next request', async () => {
    const name = `rev-${uniq()}`;
    await createUser(admin, name, 'revoke password 1');
    const user = await signedIn(t, name, 'revoke password 1');
    const scripts = [bearer((await tokenFor(user, 'a')).token), bearer((await tokenFor(user, 'b')).token)];
    for (const s of scripts) await warm(s);
    const res = await user.post('/api/tokens/revoke-all');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: 2 });
    for (const s of scripts) expect((await s.get('/api/auth/me')).status).toBe(401);
    expect((await user.get('/api/auth/me')).status).toBe(200); // the session is not a token
  });

  it('refuses a removed member (403) and a demoted one on the very next request', async () => {
    const name = `mem-${uniq()}`;
    const userId = await createUser(admin, name, 'member password 1');
    const net = await admin.post('/api/networks', { name: `cache-${uniq()}` });
    expect(net.status).toBe(201);
    const networkId: string = net.body.id;
    expect((await admin.post(`/api/networks/${networkId}/members`, { username: name, role: 'admin' })).status).toBe(201);
    const member = await signedIn(t, name, 'member password 1');
    const script = bearer((await tokenFor(member)).token);
    const addStranger = (c: TestClient) => c.post(`/api/networks/${networkId}/members`, { username: `nobody-${uniq()}`, role: 'viewer' });

    // As admin of the network: may manage members (the unknown user answers 404, not 403).
    expect((await addStranger(member)).status).toBe(404);
    await warm(script, `/api/networks/${networkId}/members`);

    // Demoted to viewer: may still read, may no longer manage.
    expect((await admin.patch(`/api/networks/${networkId}/members/${userId}`, { role: 'viewer' })).status).toBe(200);
    expect((await addStranger(member)).status).toBe(403);
    expect((await script.get(`/api/networks/${networkId}/members`)).status).toBe(200);

    // Removed: nothing.
    expect((await admin.delete(`/api/networks/${networkId}/members/${userId}`)).status).toBe(204);
    expect((await script.get(`/api/networks/${networkId}/members`)).status).toBe(403);
    expect((await member.get(`/api/networks/${networkId}/members`)).status).toBe(403);
    expect((await member.get('/api/networks')).body.items ?? []).toEqual([]);
  });

  it('ends the other sessions on a password change at once; API tokens survive it until revoked', async () => {
    const name = `pw-${uniq()}`;
    await createUser(admin, name, 'old password 1');
    const here = await signedIn(t, name, 'old password 1');
    const there = await signedIn(t, name, 'old password 1');
    const script = bearer((await tokenFor(here)).token);
    await warm(here);
    await warm(there);
    await warm(script);
    const changed = await here.post('/api/auth/password', { currentPassword: 'old password 1', newPassword: 'new password 22' });
    expect(changed.status).toBe(204);
    expect((await there.get('/api/auth/me')).status).toBe(401);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await script.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses a disabled user (session and token) on the very next request, and lets them back when re-enabled', async () => {
    const name = `dis-${uniq()}`;
    const userId = await createUser(admin, name, 'disable password 1');
    const session = await signedIn(t, name, 'disable password 1');
    const script = bearer((await tokenFor(session)).token);
    await warm(session);
    await warm(script);
    expect((await admin.patch(`/api/users/${userId}`, { disabled: true })).status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    const refused = await script.get('/api/auth/me');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/disabled account/);
    expect((await admin.patch(`/api/users/${userId}`, { disabled: false })).status).toBe(200);
    expect((await script.get('/api/auth/me')).status).toBe(200);
  });

  it('takes the host-admin flag away on the very next request', async () => {
    const name = `ha-${uniq()}`;
    const userId = await createUser(admin, name, 'host admin password 1', true);
    const other = await signedIn(t, name, 'host admin password 1');
    const script = bearer((await tokenFor(other)).token);
    await warm(script, '/api/users');
    expect((await admin.patch(`/api/users/${userId}`, { isHostAdmin: false })).status).toBe(200);
    expect((await script.get('/api/users')).status).toBe(403);
    expect((await other.get('/api/users')).status).toBe(403);
  });

  it('refuses the token of a removed user on the very next request', async () => {
    const name = `del-${uniq()}`;
    const userId = await createUser(admin, name, 'delete password 1');
    const session = await signedIn(t, name, 'delete password 1');
    const script = bearer((await tokenFor(session)).token);
    // GET /api/tokens trusts the guard's principal alone (GET /api/auth/me reads the user again).
    await warm(script, '/api/tokens');
    expect((await admin.delete(`/api/users/${userId}`)).status).toBe(204);
    expect((await script.get('/api/tokens')).status).toBe(401);
  });

  it("also sees writes made with raw SQL on the panel's own connection", async () => {
    const name = `raw-${uniq()}`;
    const userId = await createUser(admin, name, 'raw password 1');
    const session = await signedIn(t, name, 'raw password 1');
    const script = bearer((await tokenFor(session)).token);
    await warm(script, '/api/tokens');
    await t.panel.app.get(DataSource).query('UPDATE users SET disabled_at = now() WHERE id = $1', [userId]);
    expect((await script.get('/api/tokens')).status).toBe(401);
  });

  it('records last use at most once a minute without invalidating the cache', async () => {
    const { id, token } = await tokenFor(admin);
    const script = bearer(token);
    await warm(script, '/api/tokens', 1);
    const before = cache.stats();
    await warm(script, '/api/tokens', 5);
    expect(cache.stats().invalidations).toBe(before.invalidations);
    const row = (await admin.get('/api/tokens')).body.items.find((x: { id: string }) => x.id === id);
    expect(row.lastUsedAt).not.toBeNull();
  });
});
