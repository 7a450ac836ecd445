import { NetworkRole } from '@clan/contracts';
import { addMember, createNetwork, createUser, dataSourceOf, signIn, uniq } from './fixtures/db';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/** Invite a person: a one-time link with which someone creates their own account and joins one network with a role. */
describe('person invites (real Postgres + Redis)', () => {
  let t: TestPanel;
  let host: TestClient;

  beforeAll(async () => {
    t = await startTestPanel();
    host = (await signIn(t, await createUser(dataSourceOf(t), { username: `host-${uniq()}`, isHostAdmin: true }))).client;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A network whose admin is called "Anna Admin", signed in with a token. */
  const world = async () => {
    const ds = dataSourceOf(t);
    const network = await createNetwork(ds, `family-${uniq()}`);
    const anna = await createUser(ds, { username: `anna-${uniq()}`, displayName: 'Anna Admin' });
    await addMember(ds, network.id, anna.id, NetworkRole.Admin);
    return { network, anna: (await signIn(t, anna)).client };
  };
  const invite = async (client: TestClient, networkId: string, body: Record<string, unknown>) => {
    const res = await client.post(`/api/networks/${networkId}/person-invites`, body);
    expect(res.status).toBe(201);
    return res.body as { token: string; url: string; invite: { id: string; status: string } };
  };

  it('creates an account from the link, joins with the role, signs the person in and sends them home', async () => {
    const { network, anna } = await world();
    const created = await invite(anna, network.id, { role: 'member', displayName: 'Grandma', note: 'photos' });
    expect(created.url).toMatch(new RegExp(`/invite/${created.token}$`));
    expect(created.invite).toMatchObject({ status: 'pending', role: 'member', createdByName: 'Anna Admin', displayName: 'Grandma' });
    expect(JSON.stringify(created.invite)).not.toContain(created.token);

    const browser = new TestClient(t.baseUrl);
    const preview = await browser.get(`/api/person-invites/${created.token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      network: network.name,
      inviter: 'Anna Admin',
      role: 'member',
      displayName: 'Grandma',
      enrolDevice: false,
      expiresAt: expect.any(String),
    });

    const username = `grandma-${uniq()}`;
    const accepted = await browser.post(`/api/person-invites/${created.token}/accept`, {
      username,
      displayName: 'Grandma Rose',
      password: 'grandma password 1',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      user: { username, displayName: 'Grandma Rose', isHostAdmin: false },
      networkId: network.id,
      next: '/home',
      csrfToken: expect.any(String),
    });
    // Signed in by the session cookie, a member with the role.
    const me = await browser.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.memberships).toEqual([{ networkId: network.id, networkName: network.name, role: 'member' }]);
    browser.csrfToken = accepted.body.csrfToken;
    expect((await browser.post('/api/tokens', { name: 'works' })).status).toBe(201);

    const list = await anna.get(`/api/networks/${network.id}/person-invites`);
    expect(list.body.items[0]).toMatchObject({ id: created.invite.id, status: 'used', usedByUsername: username });

    // Used links say so, and name whom to ask.
    const again = await new TestClient(t.baseUrl).get(`/api/person-invites/${created.token}`);
    expect(again.status).toBe(410);
    expect(again.body.message).toBe('This invitation has already been used. Ask Anna Admin for a new one.');

    // The audit trail shows the new person joining the network, under their name.
    const audit = await anna.get(`/api/networks/${network.id}/audit`);
    const entries = audit.body.items as { action: string; actorName: string | null; username: string | null }[];
    expect(entries.find((e) => e.action === 'person.invite.accept')).toMatchObject({ actorName: 'Grandma Rose', username });
    expect(entries.find((e) => e.action === 'person.invite.create')).toMatchObject({ actorName: 'Anna Admin' });
  });

  it('is single use under a race: two accepts at once give one 201 and one 410', async () => {
    const { network, anna } = await world();
    const { token } = await invite(anna, network.id, { role: 'viewer' });
    const [a, b] = await Promise.all([
      new TestClient(t.baseUrl).post(`/api/person-invites/${token}/accept`, {
        username: `racer-a-${uniq()}`,
        password: 'racer password 1',
      }),
      new TestClient(t.baseUrl).post(`/api/person-invites/${token}/accept`, {
        username: `racer-b-${uniq()}`,
        password: 'racer password 1',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 410]);
    const loser = a.status === 410 ? a : b;
    expect(loser.body.message).toBe('This invitation has already been used. Ask Anna Admin for a new one.');
    const members = await anna.get(`/api/networks/${network.id}/members`);
    expect(members.body.items.filter((m: { role: string }) => m.role === 'viewer')).toHaveLength(1);
  });

  it('answers bad input with sentences; a taken username leaves the link usable', async () => {
    const { network, anna } = await world();
    const { token } = await invite(anna, network.id, { role: 'member' });
    const anon = new TestClient(t.baseUrl);
    const weak = await anon.post(`/api/person-invites/${token}/accept`, { username: 'fine-name', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.fields).toEqual([{ field: 'password', message: 'password must be at least 10 characters long' }]);
    const badName = await anon.post(`/api/person-invites/${token}/accept`, { username: 'No Spaces', password: 'long enough 1' });
    expect(badName.status).toBe(400);
    expect(badName.body.fields[0].field).toBe('username');

    const taken = `taken-${uniq()}`;
    await createUser(dataSourceOf(t), { username: taken });
    const clash = await anon.post(`/api/person-invites/${token}/accept`, { username: taken, password: 'long enough 1' });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toBe(`The username "${taken}" is already taken; choose another.`);
    expect((await anon.get(`/api/person-invites/${token}`)).status).toBe(200);
    expect((await anon.post(`/api/person-invites/${token}/accept`, { username: `free-${uniq()}`, password: 'long enough 1' })).status).toBe(
      201,
    );

    expect((await anon.get(`/api/person-invites/${'C'.repeat(32)}`)).status).toBe(404);
    expect((await anon.get('/api/person-invites/short')).status).toBe(404);
    const badRole = await anna.post(`/api/networks/${network.id}/person-invites`, { role: 'emperor' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.fields[0]).toEqual({ field: 'role', message: 'role must be one of: owner, admin, member, viewer' });
    const badHours = await anna.post(`/api/networks/${network.id}/person-invites`, { role: 'viewer', expiresInHours: 0 });
    expect(badHours.body.fields[0]).toEqual({ field: 'expiresInHours', message: 'expiresInHours must be at least 1' });
  });

  it('revokes an unused invite (the link then says so) and refuses to revoke a used one', async () => {
    const { network, anna } = await world();
    const pending = await invite(anna, network.id, { role: 'viewer' });
    const revoked = await anna.delete(`/api/networks/${network.id}/person-invites/${pending.invite.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const dead = await new TestClient(t.baseUrl).post(`/api/person-invites/${pending.token}/accept`, {
      username: `late-${uniq()}`,
      password: 'late password 1',
    });
    expect(dead.status).toBe(410);
    expect(dead.body.message).toBe('This invitation was withdrawn. Ask Anna Admin for a new one.');

    const used = await invite(anna, network.id, { role: 'viewer' });
    const name = `used-${uniq()}`;
    await new TestClient(t.baseUrl).post(`/api/person-invites/${used.token}/accept`, { username: name, password: 'used password 1' });
    const refused = await anna.delete(`/api/networks/${network.id}/person-invites/${used.invite.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`This invitation was already used by ${name}; remove them from the members instead.`);
    expect((await anna.delete(`/api/networks/${network.id}/person-invites/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('an expired link names the inviter', async () => {
    const { network, anna } = await world();
    const { token, invite: row } = await invite(anna, network.id, { role: 'viewer', expiresInHours: 1 });
    await dataSourceOf(t).query("UPDATE person_invites SET expires_at = now() - interval '1 minute' WHERE id = $1", [row.id]);
    const res = await new TestClient(t.baseUrl).get(`/api/person-invites/${token}`);
    expect(res.status).toBe(410);
    expect(res.body.message).toMatch(/^This invitation expired on \d{4}-\d{2}-\d{2}\. Ask Anna Admin for a new one\.$/);
  });

  it('needs Member.Manage, and nobody invites above their own role', async () => {
    const { network, anna } = await world();
    const ds = dataSourceOf(t);
    const member = await createUser(ds, { username: `member-${uniq()}` });
    await addMember(ds, network.id, member.id, NetworkRole.Member);
    const memberClient = (await signIn(t, member)).client;
    expect((await memberClient.post(`/api/networks/${network.id}/person-invites`, { role: 'viewer' })).status).toBe(403);
    expect((await memberClient.get(`/api/networks/${network.id}/person-invites`)).status).toBe(403);
    const above = await anna.post(`/api/networks/${network.id}/person-invites`, { role: 'owner' });
    expect(above.status).toBe(403);
    expect(above.body.message).toBe('You are an admin of this network and cannot grant the owner role, which is above your own.');
    expect((await host.post(`/api/networks/${network.id}/person-invites`, { role: 'owner' })).status).toBe(201);
  });

  it('with enrolDevice, sends the new person on to enrol a first device they own', async () => {
    const { network, anna } = await world();
    const { token } = await invite(anna, network.id, { role: 'member', enrolDevice: true });
    const browser = new TestClient(t.baseUrl);
    expect((await browser.get(`/api/person-invites/${token}`)).body.enrolDevice).toBe(true);
    const username = `devi-${uniq()}`;
    const accepted = await browser.post(`/api/person-invites/${token}/accept`, { username, password: 'device password 1' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.next).toMatch(/^\/join\/[A-Za-z0-9_-]{32}$/);
    const deviceToken = (accepted.body.next as string).slice('/join/'.length);
    const preview = await new TestClient(t.baseUrl).get(`/api/mesh/invites/${deviceToken}`);
    expect(preview.status).toBe(200);
    expect(preview.body.network).toBe(network.name);
    const meshInvites = await anna.get(`/api/networks/${network.id}/mesh/invites`);
    expect(meshInvites.body[0]).toMatchObject({ ownerUserId: accepted.body.user.id, status: 'pending' });
  });
});
