import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkRole } from '@clan/contracts';
import { DataSource } from 'typeorm';
import { BackupPolicyEntity } from '../src/backups/backup-policy.entity';
import { BackupVerifications } from '../src/backups/verify/backup-verifications.store';
import { MeshPeerEntity } from '../src/mesh/mesh-peer.entity';
import { createMeshDevice } from './fixtures/db';
import { addNetwork, addUser, type TestUser, waitFor } from './fixtures/principals';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/**
 * The member's home (GET /api/me/home) and help requests, against the real
 * panel, Postgres and Redis: a member sees their network's app by mesh name
 * and "not yet backed up", nothing of a network they are not in, and a help
 * request reaches the admins' notifications and the audit log.
 */
describe('member home', () => {
  let t: TestPanel;
  let host: TestUser;
  let bob: TestUser;
  let anna: TestUser;
  let eve: TestUser;
  let family: string;
  let work: string;
  let dir: string;

  beforeAll(async () => {
    t = await startTestPanel();
    dir = mkdtempSync(join(tmpdir(), 'clan-home-'));
    host = await addUser(t, 'home-host', { hostAdmin: true });
    bob = await addUser(t, 'bob');
    anna = await addUser(t, 'anna');
    eve = await addUser(t, 'eve');
    await t.panel.app.get(DataSource).query(`UPDATE "users" SET "display_name" = 'Bob Builder' WHERE "id" = $1`, [bob.id]);
    family = await addNetwork(t, 'family', [
      [bob, NetworkRole.Admin],
      [anna, NetworkRole.Member],
    ]);
    work = await addNetwork(t, 'work', [[eve, NetworkRole.Owner]]);
    const machine = await host.client.post(`/api/networks/${family}/machines`, {
      name: 'files',
      config: { applications: { syncthing: { enable: true } } },
    });
    expect(machine.status).toBe(201);
    const office = await host.client.post(`/api/networks/${work}/machines`, {
      name: 'office',
      config: { applications: { vaultwarden: { enable: true } } },
    });
    expect(office.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function policy(networkId: string, subjectKind: 'machine' | 'device', subjectName: string): Promise<void> {
    const base = `/api/networks/${networkId}/backups`;
    const name = `repo-${subjectName}`;
    const repo = await host.client.post(`${base}/repositories`, {
      name,
      kind: 'local',
      location: join(dir, name),
      password: 'long enough password',
    });
    expect(repo.status).toBe(201);
    const created = await host.client.post(`${base}/policies`, {
      repositoryId: repo.body.id,
      subjectKind,
      subjectName,
      runner: subjectKind === 'machine' ? 'panel' : 'device',
      paths: subjectKind === 'device' ? ['/home/anna'] : [],
    });
    expect(created.status).toBe(201);
  }

  it("shows a freshly added member the network's app by mesh name and its machine not yet backed up", async () => {
    let home = await anna.client.get('/api/me/home');
    expect(home.status).toBe(200);
    expect(home.body.displayName).toBe('anna');
    expect(home.body.networks).toHaveLength(1);
    const [net] = home.body.networks;
    expect(net).toMatchObject({ id: family, name: 'family', role: 'member', system: 'nixos', devices: [], problem: null });
    expect(net.apps).toEqual([
      {
        app: 'syncthing',
        title: 'Syncthing',
        description: 'Continuous, peer-to-peer folder synchronisation between the machines of the network.',
        machine: 'files',
        meshName: 'files.family.clan',
        url: 'http://files.family.clan:8384/',
      },
    ]);
    expect(net.machines).toEqual([
      {
        name: 'files',
        meshName: 'files.family.clan',
        state: 'not-started',
        stateWords: 'not started yet',
        apps: ['Syncthing'],
        backup: { state: 'no-plan', tone: 'danger', words: 'not yet backed up: there is no backup plan for it yet' },
      },
    ]);
    expect(net.admins).toEqual([{ name: 'Bob Builder', role: 'admin' }]);
    expect(net.ca).toEqual({
      pem: `/api/networks/${family}/ca.pem`,
      crt: `/api/networks/${family}/ca.crt`,
      mobileconfig: `/api/networks/${family}/ca.mobileconfig`,
      // For the QR code: the same files without a session (pki.int-spec.ts follows them).
      signed: {
        pem: expect.stringMatching(new RegExp(`^/api/ca/${family}/pem\\?expires=\\d+&signature=`)),
        crt: expect.stringMatching(new RegExp(`^/api/ca/${family}/crt\\?expires=\\d+&signature=`)),
        mobileconfig: expect.stringMatching(new RegExp(`^/api/ca/${family}/mobileconfig\\?expires=\\d+&signature=`)),
      },
    });
    const pem = await anna.client.get(net.ca.pem);
    expect(pem.status).toBe(200);
    expect(String(pem.body)).toMatch(/^-----BEGIN CERTIFICATE-----/);

    // A plan whose first backup has not run yet.
    await policy(family, 'machine', 'files');
    home = await anna.client.get('/api/me/home');
    expect(home.body.networks[0].machines[0].backup).toEqual({ state: 'not-yet-backed-up', tone: 'warn', words: 'not yet backed up' });

    // Backed up an hour ago, then its restore proven by a throw-away boot: the family reads both.
    const policies = t.panel.app.get(DataSource).getRepository(BackupPolicyEntity);
    const row = await policies.findOneByOrFail({ networkId: family, subjectKind: 'machine', subjectName: 'files' });
    const hourAgo = new Date(Date.now() - 3600_000);
    await policies.update(row.id, { lastSuccessAt: hourAgo, lastRunAt: hourAgo, lastRunStatus: 'succeeded' });
    const proof = {
      networkId: family,
      policyId: row.id,
      taskId: null,
      snapshotId: 'a1b2c3d4',
      generation: 1,
      revision: null,
      durationMs: 40_000,
    };
    await t.panel.app.get(BackupVerifications).record({ ...proof, ok: true, detail: 'Snapshot a1b2c3d4 booted healthy.' });
    home = await anna.client.get('/api/me/home');
    expect(home.body.networks[0].machines[0].backup).toEqual({
      state: 'verified',
      tone: 'ok',
      words: expect.stringMatching(/^backed up 1 hour ago and verified (just now|\d+ (seconds?|minutes?) ago)$/),
    });
    // A later restore test that failed: never "safe" to the family.
    await t.panel.app.get(BackupVerifications).record({ ...proof, ok: false, detail: 'Snapshot a1b2c3d4 did not come up healthy.' });
    home = await anna.client.get('/api/me/home');
    expect(home.body.networks[0].machines[0].backup).toEqual({
      state: 'not-restorable',
      tone: 'danger',
      words: 'backed up 1 hour ago, but the last restore test failed — the admins know',
    });
  });

  it('lists the member’s own devices with their backup state, not other people’s', async () => {
    await createMeshDevice(t, family, 'laptop-anna');
    await createMeshDevice(t, family, 'phone-bob');
    const peers = t.panel.app.get(DataSource).getRepository(MeshPeerEntity);
    await peers.update({ networkId: family, name: 'laptop-anna' }, { ownerUserId: anna.id });
    await peers.update({ networkId: family, name: 'phone-bob' }, { ownerUserId: bob.id });
    await policy(family, 'device', 'laptop-anna');

    const home = await anna.client.get('/api/me/home');
    expect(home.body.networks[0].devices).toEqual([
      {
        name: 'laptop-anna',
        meshName: 'laptop-anna.family.clan',
        backup: { state: 'not-yet-backed-up', tone: 'warn', words: 'not yet backed up' },
      },
    ]);
    const bobs = await bob.client.get('/api/me/home');
    expect(bobs.body.networks[0].devices.map((d: { name: string }) => d.name)).toEqual(['phone-bob']);
  });

  it('shows nothing of a network the caller is not in', async () => {
    const home = await eve.client.get('/api/me/home');
    expect(home.status).toBe(200);
    expect(home.body.networks.map((n: { name: string }) => n.name)).toEqual(['work']);
    expect(home.body.networks[0].apps.map((a: { url: string }) => a.url)).toEqual(['http://office.work.clan:8222/']);
    const text = JSON.stringify(home.body);
    for (const secret of ['family', 'files', 'laptop-anna', 'Bob Builder']) expect(text).not.toContain(secret);
    // A host admin who is in no network has an empty home (the host pages are theirs).
    expect((await host.client.get('/api/me/home')).body.networks).toEqual([]);
    // Not signed in: 401.
    const anonymous = await new TestClient(t.baseUrl).get('/api/me/home');
    expect(anonymous.status).toBe(401);
  });

  it('a help request reaches the admins’ notifications and the audit log; outsiders and empty messages are refused', async () => {
    const asked = await anna.client.post(`/api/networks/${family}/help-requests`, { message: '  The printer does not print.  ' });
    expect(asked.status).toBe(201);
    expect(asked.body.message).toBe('Bob Builder has been told; they will get in touch with you.');

    const inbox = await bob.client.get(`/api/notifications?networkId=${family}`);
    expect(inbox.status).toBe(200);
    const help = inbox.body.items.find((n: { kind: string }) => n.kind === 'help.request');
    expect(help).toMatchObject({
      title: 'anna asks for remote help',
      message: 'anna asks for remote help: The printer does not print.',
      networkId: family,
      link: `/networks/${family}/members`,
    });
    // The audit entry is written once the response has been sent.
    const audit = await waitFor(
      () =>
        t.panel.app
          .get(DataSource)
          .query(`SELECT "action", "network_id", "result" FROM "audit_log" WHERE "path" = '/api/networks/:networkId/help-requests'`),
      (rows: unknown[]) => rows.length > 0,
      10_000,
      'the audit entry of the help request',
    );
    expect(audit).toEqual([{ action: expect.any(String), network_id: family, result: 'success' }]);

    // Eve is not in the family: 403, and no notification.
    const outsider = await eve.client.post(`/api/networks/${family}/help-requests`, { message: 'let me in' });
    expect(outsider.status).toBe(403);
    const empty = await anna.client.post(`/api/networks/${family}/help-requests`, { message: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('message must say what you need help with');
    const after = await bob.client.get(`/api/notifications?networkId=${family}`);
    expect(after.body.items.filter((n: { kind: string }) => n.kind === 'help.request')).toHaveLength(1);
  });

  it('answers 429 with a sentence after three help requests in an hour, per person', async () => {
    for (const message of ['Still no printing.', 'Now the scanner too.'])
      expect((await anna.client.post(`/api/networks/${family}/help-requests`, { message })).status).toBe(201);
    const fourth = await anna.client.post(`/api/networks/${family}/help-requests`, { message: 'Hello?' });
    expect(fourth.status).toBe(429);
    expect(fourth.body.message).toBe(
      'You asked for help 3 times in the last hour; the admins have your messages. Ask again in an hour if nobody got in touch.',
    );
    expect(fourth.headers.get('retry-after')).toBe('3600');
    // Someone else in the network may still ask.
    expect((await bob.client.post(`/api/networks/${family}/help-requests`, { message: 'Anna needs a hand.' })).status).toBe(201);
  });
});
