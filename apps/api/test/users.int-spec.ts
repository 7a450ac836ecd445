import { createUser, setupAdmin, signedIn } from './auth-helpers';
import { startTestPanel, TestClient, type TestPanel } from './harness';

describe('panel users (real Postgres + Redis)', () => {
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

  it('creates users (lower-cased) and lists them with paging', async () => {
    const created = await admin.post('/api/users', { username: 'Grace', password: 'grace password 1', displayName: 'Grace H.' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      username: 'grace',
      displayName: 'Grace H.',
      isHostAdmin: false,
      totpEnabled: false,
      createdAt: expect.any(String),
      lastLoginAt: null,
      disabled: false,
      disabledAt: null,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password|hash/i);

    const list = await admin.get('/api/users');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'grace']);
    expect(list.body.items[0].lastLoginAt).not.toBeNull();

    const page = await admin.get('/api/users?limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 2, items: [{ username: 'grace' }] });
    const badPage = await admin.get('/api/users?limit=500');
    expect(badPage.status).toBe(400);
    expect(badPage.body.fields[0].field).toBe('limit');
  });

  it('answers 409 with a clear message for a taken username, whatever its case', async () => {
    const res = await admin.post('/api/users', { username: 'GRACE', password: 'another password' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', message: 'The username "grace" is already taken; choose another.' });
  });

  it('names the bad field', async () => {
    const res = await admin.post('/api/users', { username: 'ok-name', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'password', message: 'password must be at least 10 characters long' }]);
    const admin2 = await admin.post('/api/users', { username: 'ok-name', password: 'long enough pw', isHostAdmin: 'yes' });
    expect(admin2.body.fields[0].field).toBe('isHostAdmin');
  });

  it('is for host admins only', async () => {
    await createUser(admin, 'heidi', 'heidi password 1');
    const heidi = await signedIn(t, 'heidi', 'heidi password 1');
    expect((await heidi.get('/api/users')).status).toBe(403);
    const create = await heidi.post('/api/users', { username: 'sneaky', password: 'sneaky password' });
    expect(create.status).toBe(403);
    expect(create.body.code).toBe('FORBIDDEN');
    expect((await heidi.delete(`/api/users/${adminId}`)).status).toBe(403);
  });

  it('removes a user and ends their sessions', async () => {
    const id = await createUser(admin, 'ivan', 'ivan password 1');
    const ivan = await signedIn(t, 'ivan', 'ivan password 1');
    expect((await ivan.get('/api/auth/me')).status).toBe(200);
    expect((await admin.delete(`/api/users/${id}`)).status).toBe(204);
    expect((await ivan.get('/api/auth/me')).status).toBe(401);
    expect((await admin.delete(`/api/users/${id}`)).status).toBe(404);
    const bad = await admin.delete('/api/users/123');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('userId');
  });

  it('never removes yourself or the last host admin, even when two admins remove each other at once', async () => {
    const self = await admin.delete(`/api/users/${adminId}`);
    expect(self.status).toBe(409);
    expect(self.body.message).toMatch(/your own account/);

    const judyId = await createUser(admin, 'judy', 'judy password 1', true);
    const judy = await signedIn(t, 'judy', 'judy password 1');
    expect((await judy.get('/api/auth/me')).body.user.isHostAdmin).toBe(true);

    const [a, b] = await Promise.all([admin.delete(`/api/users/${judyId}`), judy.delete(`/api/users/${adminId}`)]);
    expect([a.status, b.status].sort()).toEqual([204, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body.message).toBe('This is the last host admin; make someone else a host admin first.');
    const survivor = a.status === 204 ? admin : judy;
    const admins = (await survivor.get('/api/users')).body.items.filter((u: { isHostAdmin: boolean }) => u.isHostAdmin);
    expect(admins).toHaveLength(1);
  });

  it('refuses to remove the last owner of a network, naming it', async () => {
    // The previous test leaves exactly one of admin/judy as host admin: continue as whichever survived.
    const admin = (await signedIn(t, 'admin', 'correct horse battery').catch(() => null)) ?? (await signedIn(t, 'judy', 'judy password 1'));
    const adminId = (await admin.get('/api/auth/me')).body.user.id;
    const ownerId = await createUser(admin, 'olga', 'olga password 1');
    const net = await admin.post('/api/networks', { name: 'olgas-net' });
    expect(net.status).toBe(201);
    expect((await admin.post(`/api/networks/${net.body.id}/members`, { username: 'olga', role: 'owner' })).status).toBe(201);
    // The admin who created the network is an owner too: step down so olga is the last one.
    expect((await admin.delete(`/api/networks/${net.body.id}/members/${adminId}`)).status).toBe(204);

    const refused = await admin.delete(`/api/users/${ownerId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('olga is the last owner of olgas-net; make someone else owner there first.');
    expect((await admin.get(`/api/networks/${net.body.id}/members`)).body.total).toBe(1);
  });
});
