import { ADMIN, createUser, setupAdmin, signedIn } from './auth-helpers';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/** The host admin's Users page: rename, host admin, disable/re-enable, password-reset links, delete with the audit trail kept. */
describe('users administration (real Postgres + Redis)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let adminId: string;
  beforeAll(async () => {
    t = await startTestPanel();
    admin = await setupAdmin(t);
    adminId = (await admin.get('/api/auth/me')).body.user.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('renames and makes or removes a host admin; the list shows status and last sign-in', async () => {
    const id = await createUser(admin, 'nora', 'nora password 1');
    const renamed = await admin.patch(`/api/users/${id}`, { displayName: '  Nora N. ', isHostAdmin: true });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ username: 'nora', displayName: 'Nora N.', isHostAdmin: true, disabled: false, lastLoginAt: null });
    await signedIn(t, 'nora', 'nora password 1');
    const row = (await admin.get('/api/users')).body.items.find((u: { username: string }) => u.username === 'nora');
    expect(row.lastLoginAt).not.toBeNull();
    expect(row.disabledAt).toBeNull();
    expect((await admin.patch(`/api/users/${id}`, { isHostAdmin: false })).body.isHostAdmin).toBe(false);
  });

  it('answers bad input with 400 naming the field', async () => {
    const id = await createUser(admin, 'olga', 'olga password 1');
    const res = await admin.patch(`/api/users/${id}`, { disabled: 'yes' });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'disabled', message: 'disabled must be true or false' }]);
    const long = await admin.patch(`/api/users/${id}`, { displayName: 'x'.repeat(129) });
    expect(long.body.fields[0]).toEqual({ field: 'displayName', message: 'displayName must be at most 128 characters long' });
    expect((await admin.patch('/api/users/00000000-0000-4000-8000-000000000000', { displayName: 'x' })).status).toBe(404);
  });

  it('disables: no sign-in (a clear sentence), sessions and API tokens stop; re-enabling lets them back in', async () => {
    const id = await createUser(admin, 'paul', 'paul password 1');
    const paul = await signedIn(t, 'paul', 'paul password 1');
    const token = (await paul.post('/api/tokens', { name: 'script' })).body.token as string;
    const script = new TestClient(t.baseUrl);
    script.bearer = token;
    expect((await script.get('/api/auth/me')).status).toBe(200);

    const disabled = await admin.patch(`/api/users/${id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true, disabledAt: expect.any(String) });

    expect((await paul.get('/api/auth/me')).status).toBe(401);
    const viaToken = await script.get('/api/auth/me');
    expect(viaToken.status).toBe(401);
    expect(viaToken.body.message).toBe('The API token belongs to a disabled account; ask a host admin to re-enable it.');
    const login = await new TestClient(t.baseUrl).post('/api/auth/login', { username: 'paul', password: 'paul password 1' });
    expect(login.status).toBe(403);
    expect(login.body.message).toBe('This account is disabled, so it cannot sign in; ask a host admin to re-enable it.');
    // The wrong password still answers like any wrong password: being disabled is not revealed.
    const wrong = await new TestClient(t.baseUrl).post('/api/auth/login', { username: 'paul', password: 'not his password' });
    expect(wrong.status).toBe(401);

    expect((await admin.patch(`/api/users/${id}`, { disabled: false })).body.disabled).toBe(false);
    expect((await script.get('/api/auth/me')).status).toBe(200);
    await signedIn(t, 'paul', 'paul password 1');
  });

  it('never disables yourself, nor demotes or disables the last host admin', async () => {
    const self = await admin.patch(`/api/users/${adminId}`, { disabled: true });
    expect(self.status).toBe(409);
    expect(self.body.message).toBe('You cannot disable your own account; ask another host admin to do it.');
    const demote = await admin.patch(`/api/users/${adminId}`, { isHostAdmin: false });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toBe('admin is the last host admin; make someone else a host admin first.');

    // With a second host admin the first may step down; the second can then not step down too.
    const id = await createUser(admin, 'quinn', 'quinn password 1', true);
    expect((await admin.patch(`/api/users/${adminId}`, { isHostAdmin: false })).status).toBe(200);
    const quinn = await signedIn(t, 'quinn', 'quinn password 1');
    expect((await quinn.patch(`/api/users/${id}`, { isHostAdmin: false })).status).toBe(409);
    expect((await quinn.patch(`/api/users/${adminId}`, { isHostAdmin: true })).status).toBe(200);
    // Two admins disabling each other at once: exactly one wins. The other gets 409 (the last-admin
    // check saw the winner's change) or, when the winner's change had already ended the loser's
    // sessions before its request was read, 401: never both disabled.
    const results = await Promise.all([
      quinn.patch(`/api/users/${adminId}`, { disabled: true }),
      admin.patch(`/api/users/${id}`, { disabled: true }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect([
      [200, 401],
      [200, 409],
    ]).toContainEqual(statuses);
    // Whoever lost, put the panel back as it was: admin enabled, quinn removed.
    const winner = results[0].status === 200 ? quinn : admin;
    const loserId = results[0].status === 200 ? adminId : id;
    expect((await winner.patch(`/api/users/${loserId}`, { disabled: false })).status).toBe(200);
    // Being disabled ended the loser's session: sign the admin in again for the tests that follow.
    admin = await signedIn(t, ADMIN.username, ADMIN.password);
  });

  it('makes a one-time password-reset link that sets a new password once and ends the sessions', async () => {
    const id = await createUser(admin, 'rosa', 'rosa password 1');
    const rosa = await signedIn(t, 'rosa', 'rosa password 1');
    const link = await admin.post(`/api/users/${id}/password-reset`);
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(new RegExp(`/reset-password/${link.body.token}$`));
    const token = link.body.token as string;
    const anon = new TestClient(t.baseUrl);
    expect((await anon.get(`/api/password-reset/${token}`)).body).toMatchObject({ username: 'rosa', expiresAt: expect.any(String) });
    const short = await anon.post(`/api/password-reset/${token}`, { password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.fields).toEqual([{ field: 'password', message: 'password must be at least 10 characters long' }]);

    const [first, second] = await Promise.all([
      anon.post(`/api/password-reset/${token}`, { password: 'rosa new password' }),
      anon.post(`/api/password-reset/${token}`, { password: 'rosa other password' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 410]);
    const won = first.status === 200 ? 'rosa new password' : 'rosa other password';
    expect((first.status === 200 ? first : second).body).toEqual({ username: 'rosa' });
    expect((await rosa.get('/api/auth/me')).status).toBe(401);
    await signedIn(t, 'rosa', won);
    const used = await anon.get(`/api/password-reset/${token}`);
    expect(used.status).toBe(410);
    expect(used.body.message).toBe('This password-reset link has already been used; ask a host admin for a new one.');
    expect((await anon.get(`/api/password-reset/${'B'.repeat(32)}`)).status).toBe(404);

    // A new link replaces the earlier unused one.
    const one = (await admin.post(`/api/users/${id}/password-reset`)).body.token as string;
    const two = (await admin.post(`/api/users/${id}/password-reset`)).body.token as string;
    expect((await anon.get(`/api/password-reset/${one}`)).status).toBe(404);
    expect((await anon.get(`/api/password-reset/${two}`)).status).toBe(200);
  });

  it('deleting a user keeps their audit entries, which still name them', async () => {
    const id = await createUser(admin, 'sven', 'sven password 1');
    await admin.patch(`/api/users/${id}`, { displayName: 'Sven S.' });
    const sven = await signedIn(t, 'sven', 'sven password 1');
    expect((await sven.post('/api/tokens', { name: 'laptop' })).status).toBe(201);
    expect((await admin.delete(`/api/users/${id}`)).status).toBe(204);
    const audit = await admin.get(`/api/audit?userId=${id}`);
    expect(audit.status).toBe(200);
    const entry = audit.body.items.find((e: { action: string }) => e.action === 'token.create');
    expect(entry).toMatchObject({ userId: id, username: 'sven', actorName: 'Sven S.' });
  });

  it('the user routes are for host admins only', async () => {
    const id = await createUser(admin, 'tina', 'tina password 1');
    const tina = await signedIn(t, 'tina', 'tina password 1');
    expect((await tina.patch(`/api/users/${id}`, { isHostAdmin: true })).status).toBe(403);
    expect((await tina.post(`/api/users/${id}/password-reset`)).status).toBe(403);
  });
});
