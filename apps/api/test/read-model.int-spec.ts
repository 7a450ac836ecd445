import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ReadModelCache } from '../src/common/read-model/read-model-cache';
import { setupAdmin } from './auth-helpers';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/**
 * The hot lists (tokens, networks, a network's machine status) are answered
 * from kept bytes; every write to their tables must show on the very next
 * read (docs/decisions/0015-read-model-cache.md). Each case reads twice first,
 * so a stale answer would be served if a write did not make it stale.
 */
describe('read-model cache: kept list answers, fresh after every write (real Postgres + Redis)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let script: TestClient;
  let cache: ReadModelCache;
  let ds: DataSource;
  beforeAll(async () => {
    t = await startTestPanel();
    admin = await setupAdmin(t);
    cache = t.panel.app.get(ReadModelCache);
    ds = t.panel.app.get(DataSource);
    const created = await admin.post('/api/tokens', { name: 'read-model script' });
    expect(created.status).toBe(201);
    script = new TestClient(t.baseUrl);
    script.bearer = created.body.token;
  });
  afterAll(async () => {
    await t.close();
  });

  const uniq = () => randomBytes(3).toString('hex');
  async function warm(path: string): Promise<unknown> {
    await script.get(path);
    const before = cache.stats();
    const res = await script.get(path);
    expect(res.status).toBe(200);
    expect(cache.stats().hits - before.hits).toBe(1);
    return res.body;
  }

  it('answers a repeated list from kept bytes, with the same body, ETag and 304 as before', async () => {
    const first = await script.get('/api/tokens');
    const second = await script.get('/api/tokens');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('set-cookie')).toBeNull(); // no session is made for a bearer read
    const notModified = await fetch(`${t.baseUrl}/api/tokens`, {
      // fetch adds "Cache-Control: no-cache" (never fresh) to a conditional request unless one is given.
      headers: {
        authorization: `Bearer ${script.bearer}`,
        'if-none-match': String(first.headers.get('etag')),
        'cache-control': 'max-age=0',
      },
    });
    expect(notModified.status).toBe(304);
  });

  it('shows a new token, a revocation and a recorded use on the next GET /api/tokens', async () => {
    await warm('/api/tokens');
    const made = await script.post('/api/tokens', { name: `fresh-${uniq()}` });
    expect(made.status).toBe(201);
    const listed = (await script.get('/api/tokens')).body as {
      items: { id: string; revokedAt: string | null; lastUsedAt: string | null }[];
    };
    expect(listed.items.find((i) => i.id === made.body.id)).toMatchObject({ revokedAt: null, lastUsedAt: null });

    await warm('/api/tokens');
    expect((await script.delete(`/api/tokens/${made.body.id}`)).status).toBe(204);
    const after = (await script.get('/api/tokens')).body as typeof listed;
    expect(after.items.find((i) => i.id === made.body.id)?.revokedAt).not.toBeNull();

    // The token's first use is recorded (a write to api_tokens): its lastUsedAt shows at once.
    const other = await admin.post('/api/tokens', { name: `use-${uniq()}` });
    await warm('/api/tokens');
    const user = new TestClient(t.baseUrl);
    user.bearer = other.body.token;
    expect((await user.get('/api/auth/me')).status).toBe(200);
    const used = (await script.get('/api/tokens')).body as typeof listed;
    expect(used.items.find((i) => i.id === other.body.id)?.lastUsedAt).not.toBeNull();
  });

  it('shows a created, changed and deleted network on the next GET /api/networks', async () => {
    await warm('/api/networks');
    const name = `rm-${uniq()}`;
    const net = await script.post('/api/networks', { name });
    expect(net.status).toBe(201);
    const names = async () => ((await script.get('/api/networks')).body as { items: { name: string; description: string }[] }).items;
    expect((await names()).map((n) => n.name)).toContain(name);

    await warm('/api/networks');
    expect((await script.patch(`/api/networks/${net.body.id}`, { description: 'changed' })).status).toBe(200);
    expect((await names()).find((n) => n.name === name)?.description).toBe('changed');

    await warm('/api/networks');
    expect((await script.delete(`/api/networks/${net.body.id}`)).status).toBe(204);
    expect((await names()).map((n) => n.name)).not.toContain(name);
  });

  it('shows a new commit, a deployment and a deployment inside a transaction on the next config/status', async () => {
    const net = await script.post('/api/networks', { name: `st-${uniq()}` });
    const status = `/api/networks/${net.body.id}/config/status`;
    type Status = { head: string; machines: { name: string; revision: string | null; deployedRevision: string | null; drift: string }[] };
    await warm(status);
    const added = await script.post(`/api/networks/${net.body.id}/machines`, { name: 'm1', config: {} });
    expect(added.status).toBe(201);
    const fresh = (await script.get(status)).body as Status;
    expect(fresh.machines.map((m) => m.name)).toEqual(['m1']);
    expect(fresh.machines[0]).toMatchObject({ deployedRevision: null, drift: 'not-deployed' });

    const deploy = `INSERT INTO machines (network_id, name, deployed_revision) VALUES ($1, 'm1', $2)
      ON CONFLICT (network_id, name) DO UPDATE SET deployed_revision = EXCLUDED.deployed_revision`;
    await warm(status);
    await ds.query(deploy, [net.body.id, fresh.head]);
    expect(((await script.get(status)).body as Status).machines[0]).toMatchObject({ deployedRevision: fresh.head, drift: 'in-sync' });

    // Written in a transaction: a read between the statement and the commit must not be kept as fresh.
    const other = 'f'.repeat(40);
    await warm(status);
    await ds.transaction(async (em) => {
      await em.query(deploy, [net.body.id, other]);
      const during = (await script.get(status)).body as Status;
      expect(during.machines[0].deployedRevision).toBe(fresh.head);
    });
    expect(((await script.get(status)).body as Status).machines[0]).toMatchObject({ deployedRevision: other, drift: 'behind' });
  });
});
