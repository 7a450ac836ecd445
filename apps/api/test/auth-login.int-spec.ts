import type { Redis } from 'ioredis';
import { REDIS } from '../src/services/redis/redis.module';
import { ADMIN, createUser, login, setupAdmin } from './auth-helpers';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/** Each test signs in from its own address (via X-Forwarded-For) so address limits do not leak between tests. */
let lastOctet = 10;
const newAddress = () => ({ 'x-forwarded-for': `192.0.2.${lastOctet++}` });

describe('sign-in, sessions, CSRF and rate limiting (real Postgres + Redis)', () => {
  let t: TestPanel;
  let admin: TestClient;
  beforeAll(async () => {
    t = await startTestPanel({ CLAN_TRUST_PROXY: 'true', CLAN_LOGIN_MAX_FAILURES: '5', CLAN_LOGIN_WINDOW_SECONDS: '900' });
    admin = await setupAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs in with the right password, case-insensitively, on a new session id', async () => {
    const c = new TestClient(t.baseUrl);
    const probe = await c.request('POST', '/api/auth/login', { username: 'nobody', password: 'x' }, newAddress());
    expect(probe.status).toBe(401);
    const res = await login(c, { username: 'ADMIN', password: ADMIN.password }, newAddress());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { id: expect.any(String), username: 'admin', displayName: '', isHostAdmin: true, totpEnabled: false },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
    });
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('clan.sid='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(res.body.csrfToken);
  });

  it('issues a fresh session id on sign-in (no fixation)', async () => {
    const c = new TestClient(t.baseUrl);
    await login(c, { username: ADMIN.username, password: ADMIN.password }, newAddress());
    const first = (c as unknown as { cookies: Map<string, string> }).cookies.get('clan.sid');
    await login(c, { username: ADMIN.username, password: ADMIN.password }, newAddress());
    const second = (c as unknown as { cookies: Map<string, string> }).cookies.get('clan.sid');
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const c = new TestClient(t.baseUrl);
    await createUser(admin, 'wrongpw', 'the real password');
    const wrong = await c.request('POST', '/api/auth/login', { username: 'wrongpw', password: 'wrong password!' }, newAddress());
    const unknown = await c.request('POST', '/api/auth/login', { username: 'ghost', password: 'wrong password!' }, newAddress());
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong username or password.', correlationId: expect.any(String) });
    }
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('spends the same time on unknown users as on wrong passwords (argon2 on a dummy hash)', async () => {
    await createUser(admin, 'timed', 'the real password');
    const c = new TestClient(t.baseUrl);
    const time = async (username: string) => {
      const t0 = performance.now();
      await c.request('POST', '/api/auth/login', { username, password: 'not the password' }, newAddress());
      return performance.now() - t0;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time('timed'));
      unknown.push(await time(`ghost${i}`));
    }
    // Without the dummy hash an unknown user answers in ~2 ms against ~30 ms for argon2.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('validates the body before checking anything, naming the field', async () => {
    const c = new TestClient(t.baseUrl);
    const res = await c.request('POST', '/api/auth/login', { username: 'admin' }, newAddress());
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('password');
    const code = await c.request('POST', '/api/auth/login', { ...ADMIN, totpCode: '12ab' }, newAddress());
    expect(code.status).toBe(400);
    expect(code.body.fields[0].field).toBe('totpCode');
  });

  it('locks an account after five failures: the sixth attempt gets 429 even with the right password', async () => {
    await createUser(admin, 'victim', 'victim password 1');
    const c = new TestClient(t.baseUrl);
    for (let i = 0; i < 5; i++) {
      // Each from another address: this is the per-account limit.
      const r = await c.request('POST', '/api/auth/login', { username: 'victim', password: `guess number ${i}` }, newAddress());
      expect(r.status).toBe(401);
    }
    const sixth = await c.request('POST', '/api/auth/login', { username: 'victim', password: 'victim password 1' }, newAddress());
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('RATE_LIMITED');
    expect(sixth.body.message).toBe('Too many failed sign-in attempts for this account. Try again in 15 minutes.');
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);

    // Other accounts are unaffected.
    expect((await login(new TestClient(t.baseUrl), ADMIN, newAddress())).status).toBe(200);
  });

  it('resets the account counter after a successful sign-in', async () => {
    await createUser(admin, 'forgetful', 'forgetful password');
    const c = new TestClient(t.baseUrl);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        expect(
          (await c.request('POST', '/api/auth/login', { username: 'forgetful', password: 'nope nope nope' }, newAddress())).status,
        ).toBe(401);
      }
      expect((await login(c, { username: 'forgetful', password: 'forgetful password' }, newAddress())).status).toBe(200);
    }
  });

  it('limits one address guessing across many usernames', async () => {
    const c = new TestClient(t.baseUrl);
    const from = newAddress();
    for (let i = 0; i < 5; i++) {
      expect((await c.request('POST', '/api/auth/login', { username: `user${i}`, password: 'spray spray' }, from)).status).toBe(401);
    }
    const blocked = await c.request('POST', '/api/auth/login', { username: ADMIN.username, password: ADMIN.password }, from);
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/^Too many failed sign-in attempts from your network address\. Try again in \d+ minutes?\.$/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The admin's own counter was not touched by the refused attempt: another address gets in.
    expect((await login(new TestClient(t.baseUrl), ADMIN, newAddress())).status).toBe(200);
  });

  it('counts parallel guesses too', async () => {
    await createUser(admin, 'burst', 'burst password 1');
    const c = new TestClient(t.baseUrl);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        c.request('POST', '/api/auth/login', { username: 'burst', password: `parallel ${i}` }, newAddress()),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('keeps the rate-limit keys in the panel’s own Redis namespace', async () => {
    const redis = t.panel.app.get<symbol, Redis>(REDIS);
    const keys = await redis.keys(`${t.config.queuePrefix}:login-failures:*`);
    expect(keys).toContain(`${t.config.queuePrefix}:login-failures:user:victim`);
    for (const k of keys) expect(await redis.ttl(k)).toBeGreaterThan(0);
  });

  describe('CSRF', () => {
    it('refuses a session write without X-CSRF-Token and accepts it with the token', async () => {
      const c = await signedInFrom('admin', ADMIN.password);
      const token = c.csrfToken;
      c.csrfToken = undefined;
      const bare = await c.post('/api/tokens', { name: 'csrf test' });
      expect(bare.status).toBe(403);
      expect(bare.body.code).toBe('CSRF_FAILED');
      const wrong = await c.request('POST', '/api/tokens', { name: 'csrf test' }, { 'x-csrf-token': 'forged' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CSRF_FAILED');
      c.csrfToken = token;
      const ok = await c.post('/api/tokens', { name: 'csrf test' });
      expect(ok.status).toBe(201);
    });

    it('gives the same token from /me, where reads need none', async () => {
      const c = await signedInFrom('admin', ADMIN.password);
      const token = c.csrfToken;
      c.csrfToken = undefined;
      const me = await c.get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.csrfToken).toBe(token);
    });
  });

  it('logout ends the session: /me is then 401 and the old cookie is dead', async () => {
    const c = await signedInFrom('admin', ADMIN.password);
    const cookies = (c as unknown as { cookies: Map<string, string> }).cookies;
    const sid = cookies.get('clan.sid');
    const noCsrf = new TestClient(t.baseUrl);
    (noCsrf as unknown as { cookies: Map<string, string> }).cookies.set('clan.sid', sid!);
    expect((await noCsrf.post('/api/auth/logout')).status).toBe(403); // logout is a write: CSRF applies

    const out = await c.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join(';')).toMatch(/clan\.sid=;/);
    expect((await c.get('/api/auth/me')).status).toBe(401);

    const replay = new TestClient(t.baseUrl);
    (replay as unknown as { cookies: Map<string, string> }).cookies.set('clan.sid', sid!);
    const me = await replay.get('/api/auth/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
  });

  it('changes the password, ending other sessions but keeping this one', async () => {
    await createUser(admin, 'changer', 'first password 1');
    const a = await signedInFrom('changer', 'first password 1');
    const b = await signedInFrom('changer', 'first password 1');

    const wrong = await a.post('/api/auth/password', { currentPassword: 'not it at all', newPassword: 'second password 2' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields[0].field).toBe('currentPassword');
    const short = await a.post('/api/auth/password', { currentPassword: 'first password 1', newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.fields[0]).toEqual({ field: 'newPassword', message: expect.stringMatching(/at least 10 characters/) });

    const ok = await a.post('/api/auth/password', { currentPassword: 'first password 1', newPassword: 'second password 2' });
    expect(ok.status).toBe(204);
    expect((await a.get('/api/auth/me')).status).toBe(200);
    expect((await b.get('/api/auth/me')).status).toBe(401);

    const c = new TestClient(t.baseUrl);
    expect((await login(c, { username: 'changer', password: 'first password 1' }, newAddress())).status).toBe(401);
    expect((await login(c, { username: 'changer', password: 'second password 2' }, newAddress())).status).toBe(200);
  });

  it('answers 401 to anonymous calls of authenticated routes', async () => {
    const c = new TestClient(t.baseUrl);
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
  });

  async function signedInFrom(username: string, password: string): Promise<TestClient> {
    const c = new TestClient(t.baseUrl);
    const res = await login(c, { username, password }, newAddress());
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return c;
  }
});
