import { ADMIN } from './auth-helpers';
import { startTestPanel, TestClient, type TestPanel } from './harness';

describe('first-run setup (real Postgres + Redis)', () => {
  let t: TestPanel;
  beforeAll(async () => {
    t = await startTestPanel();
  });
  afterAll(async () => {
    await t.close();
  });

  it('says setup is required on an empty panel', async () => {
    const res = await new TestClient(t.baseUrl).get('/api/setup');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ setupRequired: true });
  });

  it('names the offending field when the input is invalid', async () => {
    const c = new TestClient(t.baseUrl);
    const short = await c.post('/api/setup', { username: 'admin', password: '123' });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('VALIDATION_FAILED');
    expect(short.body.fields[0].field).toBe('password');
    expect(short.body.fields[0].message).toMatch(/at least 10 characters/);

    const numeric = await c.post('/api/setup', { username: 'admin', password: 123 });
    expect(numeric.status).toBe(400);
    expect(new Set(numeric.body.fields.map((f: { field: string }) => f.field))).toEqual(new Set(['password']));
    expect(numeric.body.fields[0].message).toMatch(/at least 10 characters/);

    const badName = await c.post('/api/setup', { username: 'a!', password: ADMIN.password });
    expect(badName.status).toBe(400);
    expect(badName.body.fields[0]).toEqual({ field: 'username', message: expect.stringMatching(/3–64 characters/) });

    const extra = await c.post('/api/setup', { ...ADMIN, isHostAdmin: false });
    expect(extra.status).toBe(400);
    expect(extra.body.fields[0].field).toBe('isHostAdmin');
  });

  it('creates exactly one host admin when two setups race, and signs the winner in', async () => {
    const a = new TestClient(t.baseUrl);
    const b = new TestClient(t.baseUrl);
    const [ra, rb] = await Promise.all([
      a.post('/api/setup', { username: 'Root-A', password: ADMIN.password, displayName: ' Admin A ' }),
      b.post('/api/setup', { username: 'root-b', password: ADMIN.password }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([201, 409]);
    const [win, winner, lose] = ra.status === 201 ? [ra, a, rb] : [rb, b, ra];
    expect(lose.body).toEqual({
      code: 'SETUP_ALREADY_DONE',
      message: 'Setup is already done; sign in instead.',
      correlationId: expect.any(String),
    });

    expect(win.body.user).toEqual({
      id: expect.any(String),
      username: win === ra ? 'root-a' : 'root-b', // stored lower-case
      displayName: win === ra ? 'Admin A' : '',
      isHostAdmin: true,
      totpEnabled: false,
    });
    expect(win.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(win.headers.getSetCookie().join(';')).toMatch(/clan\.sid=.*HttpOnly.*SameSite=Strict/i);

    winner.csrfToken = win.body.csrfToken;
    const me = await winner.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(win.body.user.id);
    expect(me.body.csrfToken).toBe(win.body.csrfToken);
    expect(me.body.memberships).toEqual([]);
  });

  it('refuses any later setup with 409 and reports it done', async () => {
    const c = new TestClient(t.baseUrl);
    const again = await c.post('/api/setup', { username: 'someone', password: ADMIN.password });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SETUP_ALREADY_DONE');
    expect((await c.get('/api/setup')).body).toEqual({ setupRequired: false });
  });
});
