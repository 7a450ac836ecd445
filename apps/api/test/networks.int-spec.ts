import { NetworkRole } from '@clan/contracts';
import { addMember, createNetwork, createUser, dataSourceOf, type SignedIn, signedInUser, signIn, uniq } from './fixtures/db';
import { startTestPanel, TestClient, type TestPanel } from './harness';

describe('networks and members (real Postgres)', () => {
  let t: TestPanel;
  let host: SignedIn;

  beforeAll(async () => {
    t = await startTestPanel();
    host = await signedInUser(t, { username: `host-${uniq()}`, isHostAdmin: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  const ds = () => dataSourceOf(t);

  /** A network created by the host admin through the API, plus signed-in members with the given roles. */
  async function networkWith(...roles: NetworkRole[]): Promise<{ id: string; name: string; people: SignedIn[] }> {
    const name = `n-${uniq()}`;
    const created = await host.client.post('/api/networks', { name });
    expect(created.status).toBe(201);
    const people: SignedIn[] = [];
    for (const role of roles) {
      const person = await signedInUser(t, { username: `${role}-${uniq()}` });
      await addMember(ds(), created.body.id, person.user.id, role);
      people.push(person);
    }
    return { id: created.body.id, name, people };
  }

  describe('POST /api/networks', () => {
    it('creates the network with the creator as its only owner', async () => {
      const name = `family-${uniq()}`;
      const res = await host.client.post('/api/networks', { name, description: 'Our home' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name,
        description: 'Our home',
        // NixOS unless the creator chose the demo system.
        system: 'nixos',
        systemLabel: 'NixOS',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        memberCount: 1,
        myRole: 'owner',
        // Nothing to update: the network follows no upstream yet (docs/updates.md).
        updateAvailable: false,
        rolloutHalted: false,
      });
      const members = await host.client.get(`/api/networks/${res.body.id}/members`);
      expect(members.body).toEqual({
        items: [
          {
            userId: host.user.id,
            username: host.user.username,
            displayName: host.user.displayName,
            role: 'owner',
            createdAt: expect.any(String),
          },
        ],
        total: 1,
      });
    });

    it('refuses a duplicate name with 409 and a sentence', async () => {
      const name = `dup-${uniq()}`;
      expect((await host.client.post('/api/networks', { name })).status).toBe(201);
      const res = await host.client.post('/api/networks', { name });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT', message: `A network named ${name} already exists.` });
    });

    it('gives one of two simultaneous creations of the same name a 409, not a 500', async () => {
      const name = `race-${uniq()}`;
      const results = await Promise.all([host.client.post('/api/networks', { name }), host.client.post('/api/networks', { name })]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    });

    it.each([
      ['Family', 'lower-case'],
      ['-lead', 'start and end'],
      ['trail-', 'start and end'],
      ['has space', 'lower-case'],
      ['a'.repeat(64), 'at most 63'],
      ['', 'must not be empty'],
      ['localhost', 'reserved'],
    ])('rejects the name %j with 400 naming the field', async (name, why) => {
      const res = await host.client.post('/api/networks', { name });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields).toEqual([{ field: 'name', message: expect.stringContaining(why) }]);
    });

    it('accepts a 63-character name and a 500-character description, and no more', async () => {
      const name = `${uniq()}${'b'.repeat(57)}`;
      expect(name).toHaveLength(63);
      expect((await host.client.post('/api/networks', { name, description: 'd'.repeat(500) })).status).toBe(201);
      const long = await host.client.post('/api/networks', { name: `x${uniq()}`, description: 'd'.repeat(501) });
      expect(long.status).toBe(400);
      expect(long.body.fields).toEqual([{ field: 'description', message: expect.stringContaining('500') }]);
    });

    it('is for the host admin only', async () => {
      const { people } = await networkWith(NetworkRole.Owner);
      const res = await people[0].client.post('/api/networks', { name: `mine-${uniq()}` });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('Sys.Modify');
    });
  });

  describe('GET /api/networks', () => {
    it("lists the caller's networks with their role, and nothing else", async () => {
      const a = await networkWith(NetworkRole.Viewer);
      const b = await networkWith();
      const viewer = a.people[0];
      await addMember(ds(), b.id, viewer.user.id, NetworkRole.Admin);
      const res = await viewer.client.get('/api/networks');
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(2);
      const byId = Object.fromEntries(res.body.items.map((n: { id: string; myRole: string }) => [n.id, n.myRole]));
      expect(byId).toEqual({ [a.id]: 'viewer', [b.id]: 'admin' });
      expect(res.body.items.find((n: { id: string }) => n.id === a.id).memberCount).toBe(2);
    });

    it('shows the host admin every network, as host-admin where not a member', async () => {
      const [other] = await Promise.all([createNetwork(ds(), `direct-${uniq()}`)]);
      const mine = await networkWith();
      const res = await host.client.get('/api/networks?limit=200');
      const roleOf = (id: string) => res.body.items.find((n: { id: string }) => n.id === id)?.myRole;
      expect(roleOf(other.id)).toBe('host-admin');
      expect(roleOf(mine.id)).toBe('owner');
      const one = await host.client.get(`/api/networks/${other.id}`);
      expect(one.body).toMatchObject({ id: other.id, myRole: 'host-admin', memberCount: 0 });
    });

    it('shows a user without memberships an empty list', async () => {
      const loner = await signedInUser(t);
      expect((await loner.client.get('/api/networks')).body).toEqual({ items: [], total: 0 });
    });

    it('pages with limit and offset, ordered by name', async () => {
      const all = await host.client.get('/api/networks?limit=200');
      const page = await host.client.get('/api/networks?limit=2&offset=1');
      expect(page.body.total).toBe(all.body.total);
      expect(page.body.items.map((n: { id: string }) => n.id)).toEqual(all.body.items.slice(1, 3).map((n: { id: string }) => n.id));
      const names = all.body.items.map((n: { name: string }) => n.name);
      expect(names).toEqual([...names].sort());
      const bad = await host.client.get('/api/networks?limit=500');
      expect(bad.status).toBe(400);
      expect(bad.body.fields[0].field).toBe('limit');
    });

    it('needs a signed-in caller', async () => {
      const res = await new TestClient(t.baseUrl).get('/api/networks');
      expect(res.status).toBe(401);
    });
  });

  describe('GET/PATCH/DELETE /api/networks/:networkId', () => {
    it('answers an unknown or malformed id with 404 naming the parameter', async () => {
      const unknown = await host.client.get('/api/networks/00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('No network has the id "00000000-0000-4000-8000-000000000000".');
      const malformed = await host.client.get('/api/networks/not-a-uuid');
      expect(malformed.status).toBe(404);
      expect(malformed.body.fields).toEqual([{ field: 'networkId', message: 'networkId must be a UUID' }]);
      expect((await host.client.patch('/api/networks/not-a-uuid', { description: 'x' })).status).toBe(404);
      expect((await host.client.delete('/api/networks/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('lets every member read, and only owners change or delete', async () => {
      const n = await networkWith(NetworkRole.Owner, NetworkRole.Admin, NetworkRole.Member, NetworkRole.Viewer);
      const [owner, admin, member, viewer] = n.people;
      for (const p of n.people) expect((await p.client.get(`/api/networks/${n.id}`)).status).toBe(200);
      expect((await viewer.client.get(`/api/networks/${n.id}`)).body).toMatchObject({ myRole: 'viewer', memberCount: 5 });
      for (const p of [admin, member, viewer]) {
        expect((await p.client.patch(`/api/networks/${n.id}`, { description: 'no' })).status).toBe(403);
        expect((await p.client.delete(`/api/networks/${n.id}`)).status).toBe(403);
      }
      const before = await owner.client.get(`/api/networks/${n.id}`);
      const patched = await owner.client.patch(`/api/networks/${n.id}`, { description: 'Renovated' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        id: n.id,
        name: n.name,
        description: 'Renovated',
        myRole: 'owner',
        createdAt: before.body.createdAt,
      });
      expect(new Date(patched.body.updatedAt).getTime()).toBeGreaterThan(new Date(before.body.updatedAt).getTime());
      expect((await viewer.client.get(`/api/networks/${n.id}`)).body).toEqual({ ...patched.body, myRole: 'viewer' });
    });

    it('does not rename a network', async () => {
      const n = await networkWith();
      const res = await host.client.patch(`/api/networks/${n.id}`, { name: 'renamed' });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'name', message: expect.stringContaining('should not exist') }]);
    });

    it('deletes a network with its memberships', async () => {
      const n = await networkWith(NetworkRole.Owner, NetworkRole.Viewer);
      const [owner, viewer] = n.people;
      expect((await owner.client.delete(`/api/networks/${n.id}`)).status).toBe(204);
      expect((await host.client.get(`/api/networks/${n.id}`)).status).toBe(404);
      expect((await viewer.client.get('/api/networks')).body.total).toBe(0);
      expect((await viewer.client.get(`/api/networks/${n.id}`)).status).toBe(403);
    });
  });

  describe('members', () => {
    it('adds an existing user by name, case-insensitively', async () => {
      const n = await networkWith(NetworkRole.Admin);
      const newcomer = await createUser(ds(), { username: `new-${uniq()}`, displayName: 'New Comer' });
      const res = await n.people[0].client.post(`/api/networks/${n.id}/members`, {
        username: newcomer.username.toUpperCase(),
        role: 'member',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        userId: newcomer.id,
        username: newcomer.username,
        displayName: 'New Comer',
        role: 'member',
        createdAt: expect.any(String),
      });
      const list = await host.client.get(`/api/networks/${n.id}/members`);
      expect(list.body.total).toBe(3);
      const names = list.body.items.map((m: { username: string }) => m.username);
      expect(names).toEqual([...names].sort());
    });

    it('answers an unknown username with 404 and an existing member with 409', async () => {
      const n = await networkWith(NetworkRole.Viewer);
      const unknown = await host.client.post(`/api/networks/${n.id}/members`, { username: 'nobody-here', role: 'viewer' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('No user named nobody-here.');
      const again = await host.client.post(`/api/networks/${n.id}/members`, { username: n.people[0].user.username, role: 'admin' });
      expect(again.status).toBe(409);
      expect(again.body.message).toContain('already a member');
    });

    it('validates the body, naming the field', async () => {
      const n = await networkWith();
      const res = await host.client.post(`/api/networks/${n.id}/members`, { username: 'someone', role: 'king' });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'role', message: 'role must be one of: owner, admin, member, viewer' }]);
    });

    it('does not let anyone grant a role above their own', async () => {
      const n = await networkWith(NetworkRole.Admin);
      const [admin] = n.people;
      const u = await createUser(ds());
      const res = await admin.client.post(`/api/networks/${n.id}/members`, { username: u.username, role: 'owner' });
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('You are an admin of this network and cannot grant the owner role, which is above your own.');
      expect((await admin.client.post(`/api/networks/${n.id}/members`, { username: u.username, role: 'admin' })).status).toBe(201);
      const promote = await admin.client.patch(`/api/networks/${n.id}/members/${u.id}`, { role: 'owner' });
      expect(promote.status).toBe(403);
    });

    it('lets the host admin grant any role without being a member', async () => {
      const other = await createNetwork(ds(), `bare-${uniq()}`);
      const u = await createUser(ds());
      const res = await host.client.post(`/api/networks/${other.id}/members`, { username: u.username, role: 'owner' });
      expect(res.status).toBe(201);
    });

    it('keeps members and viewers out of membership management', async () => {
      const n = await networkWith(NetworkRole.Member, NetworkRole.Viewer);
      const u = await createUser(ds());
      for (const p of n.people) {
        expect((await p.client.get(`/api/networks/${n.id}/members`)).status).toBe(200);
        const res = await p.client.post(`/api/networks/${n.id}/members`, { username: u.username, role: 'viewer' });
        expect(res.status).toBe(403);
        expect(res.body.message).toBe('You do not have Member.Manage on this network.');
      }
    });

    it('does not let an admin change or remove an owner', async () => {
      const n = await networkWith(NetworkRole.Admin);
      const [admin] = n.people;
      const demote = await admin.client.patch(`/api/networks/${n.id}/members/${host.user.id}`, { role: 'viewer' });
      expect(demote.status).toBe(403);
      expect(demote.body.message).toBe(`Only an owner or the host admin can change the role of ${host.user.username}, who is an owner.`);
      const remove = await admin.client.delete(`/api/networks/${n.id}/members/${host.user.id}`);
      expect(remove.status).toBe(403);
    });

    it('lets an admin change and remove admins and members', async () => {
      const n = await networkWith(NetworkRole.Admin, NetworkRole.Admin, NetworkRole.Member);
      const [admin, otherAdmin, member] = n.people;
      const changed = await admin.client.patch(`/api/networks/${n.id}/members/${otherAdmin.user.id}`, { role: 'viewer' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ userId: otherAdmin.user.id, role: 'viewer' });
      expect((await admin.client.delete(`/api/networks/${n.id}/members/${member.user.id}`)).status).toBe(204);
      const left = await host.client.get(`/api/networks/${n.id}/members`);
      expect(left.body.items.map((m: { userId: string; role: string }) => [m.userId, m.role]).sort()).toEqual(
        [
          [host.user.id, 'owner'],
          [admin.user.id, 'admin'],
          [otherAdmin.user.id, 'viewer'],
        ].sort(),
      );
    });

    it('never demotes or removes the last owner, not even for the host admin', async () => {
      const n = await networkWith();
      const demote = await host.client.patch(`/api/networks/${n.id}/members/${host.user.id}`, { role: 'admin' });
      expect(demote.status).toBe(409);
      expect(demote.body).toMatchObject({
        code: 'CONFLICT',
        message: `${host.user.username} is the last owner of this network and cannot be demoted; make another member an owner first.`,
      });
      const remove = await host.client.delete(`/api/networks/${n.id}/members/${host.user.id}`);
      expect(remove.status).toBe(409);
      expect(remove.body.message).toContain('cannot be removed');
    });

    it('lets an owner step down once another owner exists', async () => {
      const n = await networkWith(NetworkRole.Owner);
      const [second] = n.people;
      expect((await second.client.patch(`/api/networks/${n.id}/members/${host.user.id}`, { role: 'viewer' })).status).toBe(200);
      expect((await second.client.delete(`/api/networks/${n.id}/members/${second.user.id}`)).status).toBe(409);
    });

    it('lets only one of two owners demoting each other at once succeed', async () => {
      const n = await networkWith(NetworkRole.Owner);
      const [second] = n.people;
      const me = await signIn(t, host.user);
      const results = await Promise.all([
        me.client.patch(`/api/networks/${n.id}/members/${second.user.id}`, { role: 'admin' }),
        second.client.patch(`/api/networks/${n.id}/members/${host.user.id}`, { role: 'admin' }),
      ]);
      // The loser was demoted first, so it is refused for lack of Member.Manage or as the last owner.
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const owners = (await host.client.get(`/api/networks/${n.id}/members`)).body.items.filter(
        (m: { role: string }) => m.role === 'owner',
      );
      expect(owners).toHaveLength(1);
    });

    it('answers a non-member or malformed userId with 404', async () => {
      const n = await networkWith();
      const stranger = await createUser(ds());
      const res = await host.client.patch(`/api/networks/${n.id}/members/${stranger.id}`, { role: 'viewer' });
      expect(res.status).toBe(404);
      expect(res.body.message).toBe(`That user is not a member of ${n.name}.`);
      const malformed = await host.client.delete(`/api/networks/${n.id}/members/nope`);
      expect(malformed.status).toBe(404);
      expect(malformed.body.fields).toEqual([{ field: 'userId', message: 'userId must be a UUID' }]);
    });

    it('answers members of an unknown network with 404 for the host admin', async () => {
      const id = '00000000-0000-4000-8000-000000000001';
      expect((await host.client.get(`/api/networks/${id}/members`)).status).toBe(404);
      expect((await host.client.post(`/api/networks/${id}/members`, { username: host.user.username, role: 'viewer' })).status).toBe(404);
    });
  });
});
