import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPanelApp, type PanelApp } from '../src/app/create-app';
import { advertisedThumbprints } from '../src/fleet/unlock/tang-keys';
import { loadConfig } from '../src/services/config/config.schema';
import { dataSourceOf, signedInUser, type SignedIn } from './fixtures/db';
import { startTestPanel, type TestPanel } from './harness';
import { childProcessEnv, TEST_REDIS_URL } from './test-config';

/**
 * Unattended unlock end to end (docs/fleet-unlock.md), no mocks: three worker hosts each run a real
 * tangd behind their TangServer (a loopback address stands in for the fleet mesh), the panel's own
 * host holds a real LUKS2 volume on a loop device, bound by the API's job with the 2-of-3 policy the
 * API rendered. "Can unlock" is `clevis luks pass | cryptsetup open --test-passphrase` (device-mapper
 * is absent here, so nothing is really opened). The matrix the API answers must predict exactly
 * which failures leave the disk locked; a key rotation must rebind it onto the new keys.
 */

jest.setTimeout(240_000);

const TOOLS: [string, string][] = [
  ['/usr/libexec/tangd', 'tang'],
  ['/usr/libexec/tangd-keygen', 'tang'],
  ['/usr/libexec/tangd-rotate-keys', 'tang'],
  ['/usr/bin/clevis-luks-bind', 'clevis-luks'],
  ['/usr/bin/clevis', 'clevis'],
  ['/usr/sbin/cryptsetup', 'cryptsetup'],
  ['/usr/sbin/losetup', 'mount'],
];

const until = async <T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * Exit 0 of `clevis luks pass -d dev -s slot | cryptsetup open --test-passphrase --key-file - dev`.
 * Asynchronous: the Tang servers answering it run in this very process.
 */
function canUnlock(device: string, slot: number): Promise<boolean> {
  return new Promise((resolve) => {
    const script = 'set -o pipefail; clevis luks pass -d "$1" -s "$2" | cryptsetup open --test-passphrase --key-file - "$1"';
    const child = spawn('bash', ['-c', script, '-', device, String(slot)], { stdio: 'ignore', timeout: 60_000 });
    child.on('exit', (code) => resolve(code === 0));
    child.on('error', () => resolve(false));
  });
}

interface TangHost {
  name: string;
  id: string;
  dir: string;
  port: number;
  app: PanelApp | null;
}

describe('fleet unlock: Tang servers, a 2-of-3 Clevis policy, the matrix, rotation', () => {
  const work = mkdtempSync(join(tmpdir(), 'clan-unlock-'));
  const image = join(work, 'disk.img');
  const passphrase = `pass ${randomUUID()}`;
  let device = '';
  let t: TestPanel;
  let admin: SignedIn;
  let panelHostId: string;
  const tang: TangHost[] = [];

  const startWorker = async (h: TangHost) => {
    const config = loadConfig(
      {
        DATABASE_URL: t.databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        CLAN_QUEUE_PREFIX: t.config.queuePrefix,
        CLAN_STATE_DIR: h.dir,
        CLAN_ROLE: 'worker',
        CLAN_RUN_WORKERS: 'true',
        CLAN_LIBVIRT_URI: 'test:///default',
        CLAN_LOG_LEVEL: 'error',
        CLAN_MESH_HOST: 'false',
        CLAN_AUTO_DEPLOY: 'false',
        CLAN_HOST_HEARTBEAT_SECONDS: '1',
        CLAN_FLEET_ADDRESS: '127.0.0.1',
        CLAN_TANG_PORT: String(h.port),
        PATH: childProcessEnv()['PATH'],
      },
      process.cwd(),
    );
    h.app = await createPanelApp(config, { logger: false });
  };
  const stopWorker = async (h: TangHost) => {
    await h.app?.close();
    h.app = null;
  };
  const host = (name: string) => {
    const h = tang.find((x) => x.name === name);
    if (!h) throw new Error(name);
    return h;
  };

  const finished = (taskId: string) =>
    until(`task ${taskId}`, async () => {
      const res = await admin.client.get<{ status: string; error: string | null; result: Record<string, unknown> | null }>(
        `/api/tasks/${taskId}`,
      );
      return ['succeeded', 'failed', 'cancelled'].includes(res.body.status) ? res.body : null;
    });
  const succeeded = async (taskId: string) => {
    const task = await finished(taskId);
    if (task.status !== 'succeeded') throw new Error(`task ${taskId} ${task.status}: ${task.error}`);
    return task.result ?? {};
  };
  const overview = async () => (await admin.client.get<any>('/api/fleet/unlock')).body;
  const boundSlot = async (): Promise<number> =>
    (await dataSourceOf(t).query(`SELECT bound_slot FROM clevis_policies WHERE host_id = $1`, [panelHostId]))[0].bound_slot as number;

  beforeAll(async () => {
    const missing = TOOLS.filter(([path]) => !existsSync(path)).map(([path, pkg]) => `${path} (install the Debian package ${pkg})`);
    if (missing.length) throw new Error(`fleet-unlock needs: ${missing.join(', ')}`);
    // A LUKS2 volume whose passphrase only the admin knows (cheap key derivation: a test, not a vault).
    execFileSync('truncate', ['-s', '32M', image]);
    device = execFileSync('losetup', ['-f', '--show', image], { encoding: 'utf8' }).trim();
    execFileSync(
      'cryptsetup',
      ['luksFormat', '--type', 'luks2', '-q', '--pbkdf', 'pbkdf2', '--pbkdf-force-iterations', '1000', '--key-file', '-', device],
      {
        input: passphrase,
      },
    );

    t = await startTestPanel({ CLAN_UNLOCK_DEVICE: device, CLAN_HOST_HEARTBEAT_SECONDS: '1' });
    admin = await signedInUser(t, { isHostAdmin: true });
    const ds = dataSourceOf(t);
    panelHostId = await until(
      'the panel host',
      async () => (await ds.query(`SELECT id FROM hosts WHERE role = 'panel'`))[0]?.id as string | undefined,
    );
    for (const name of ['tang-a', 'tang-b', 'tang-c']) {
      // An enrolled worker host, as `clan-panel worker enrol` leaves it (fleet.int-spec tests enrolment itself).
      const h: TangHost = { name, id: randomUUID(), dir: mkdtempSync(join(work, `${name}-`)), port: await freePort(), app: null };
      await ds.query(`INSERT INTO hosts (id, name, role) VALUES ($1, $2, 'worker')`, [h.id, name]);
      writeFileSync(
        join(h.dir, 'host.json'),
        JSON.stringify({ hostId: h.id, name, secret: 'x', panelUrl: t.baseUrl, databaseUrl: t.databaseUrl, redisUrl: TEST_REDIS_URL }),
        {
          mode: 0o600,
        },
      );
      tang.push(h);
    }
    await Promise.all(tang.map(startWorker));
  });

  afterAll(async () => {
    for (const h of tang) await stopWorker(h).catch(() => undefined);
    await t?.close();
    if (device) spawnSync('losetup', ['-d', device]);
    rmSync(work, { recursive: true, force: true });
  });

  it('starts a Tang server on each host the admin enables; each reports its URL and the thumbprint of its keys', async () => {
    for (const h of tang) {
      const res = await admin.client.request('PUT', `/api/fleet/unlock/hosts/${h.id}/tang`, { enabled: true });
      expect(res.status).toBe(202);
      const result = await succeeded(res.body.taskId);
      expect(result).toMatchObject({ enabled: true, url: `http://127.0.0.1:${h.port}` });
      expect(result['thumbprints']).toEqual(await advertisedThumbprints(join(h.dir, 'tang')));
      // tangd answers its advertisement over HTTP.
      const adv = await fetch(`http://127.0.0.1:${h.port}/adv`);
      expect(adv.status).toBe(200);
      // A JWS of the advertised keys (flattened: payload, protected, signature).
      expect(Object.keys((await adv.json()) as object)).toEqual(expect.arrayContaining(['payload', 'protected']));
    }
    const view = await overview();
    expect(view.hosts.filter((x: any) => x.tang.enabled).map((x: any) => x.name)).toEqual(['tang-a', 'tang-b', 'tang-c']);
  });

  it('refuses policies with sentences', async () => {
    const put = (body: unknown) => admin.client.request('PUT', `/api/fleet/unlock/hosts/${panelHostId}/policy`, body);
    const own = await put({ threshold: 1, tangHostIds: [host('tang-a').id], tpm: false });
    expect(own.status).toBe(200);
    const self = await admin.client.request('PUT', `/api/fleet/unlock/hosts/${host('tang-a').id}/policy`, {
      threshold: 1,
      tangHostIds: [host('tang-a').id],
      tpm: false,
    });
    expect(self.status).toBe(400);
    expect(self.body.message).toBe(
      'A host cannot depend on its own Tang server: while its disk is locked, its Tang server is not running.',
    );
    const tooMany = await put({ threshold: 4, tangHostIds: tang.map((h) => h.id), tpm: false });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fields[0]).toEqual({ field: 'threshold', message: 'The threshold must be between 1 and the number of pins (3).' });
    const noTang = await put({ threshold: 1, tangHostIds: [panelHostId], tpm: false });
    expect(noTang.status).toBe(400);
  });

  it('binds the disk with the 2-of-3 configuration the API renders; the passphrase is nowhere to be read', async () => {
    const ids = tang.map((h) => h.id);
    expect(
      (await admin.client.request('PUT', `/api/fleet/unlock/hosts/${panelHostId}/policy`, { threshold: 2, tangHostIds: ids, tpm: false }))
        .status,
    ).toBe(200);
    const cfg = await admin.client.get<any>(`/api/fleet/unlock/hosts/${panelHostId}/clevis-config`);
    expect(cfg.status).toBe(200);
    const pins = await Promise.all(
      tang.map(async (h) => ({ url: `http://127.0.0.1:${h.port}`, thp: (await advertisedThumbprints(join(h.dir, 'tang')))[0] })),
    );
    expect(cfg.body.config).toEqual({ t: 2, pins: { tang: pins } });
    expect(cfg.body.text).toBe(JSON.stringify({ t: 2, pins: { tang: pins } }));

    const bind = await admin.client.post<any>(`/api/fleet/unlock/hosts/${panelHostId}/bind`, { passphrase });
    expect(bind.status).toBe(202);
    const result = await succeeded(bind.body.taskId);
    expect(result).toMatchObject({ device, config: cfg.body.text, replacedSlot: null });
    expect(result['slot']).toBe(await boundSlot());

    const ds = dataSourceOf(t);
    expect(await ds.query(`SELECT id FROM unlock_secrets`)).toEqual([]);
    const everywhere = JSON.stringify([
      await ds.query(`SELECT payload, result, error FROM tasks`),
      await ds.query(`SELECT * FROM task_logs`),
      await ds.query(`SELECT details FROM audit_log`).catch(() => []),
    ]);
    expect(everywhere).not.toContain(passphrase);

    expect(await canUnlock(device, await boundSlot())).toBe(true);
    const view = await overview();
    expect(view.hosts.find((h: any) => h.hostId === panelHostId).policy.bound).toMatchObject({
      slot: await boundSlot(),
      device,
      current: true,
    });
  });

  it('the matrix predicts exactly what happens: one Tang host down still unlocks, two down do not', async () => {
    const [a, b, c] = tang;
    const view = await overview();
    const me = view.matrix.hosts.find((h: any) => h.hostId === panelHostId);
    expect(me).toMatchObject({ managed: true, threshold: 2, pins: 3, bootsWithAllUp: true, spareFailures: 1 });
    expect(me.bootsIfDown).toEqual({ [a.id]: true, [b.id]: true, [c.id]: true });
    const sets = me.minimalFailureSets.map((s: string[]) => [...s].sort());
    expect(sets).toHaveLength(3);
    expect(sets).toEqual(expect.arrayContaining([[a.id, b.id].sort(), [a.id, c.id].sort(), [b.id, c.id].sort()]));
    for (const x of tang) expect(view.matrix.ifHostFails.find((f: any) => f.hostId === x.id).strands).toEqual([]);
    // Tang hosts without a policy are assumed to boot on their own; so a cold start brings the panel host up in round 1.
    expect(view.coldStart).toEqual({ rounds: [[panelHostId]], stuck: [], unmanaged: [a.id, b.id, c.id] });
    const stuckIf = (down: string[]) => sets.some((s: string[]) => s.every((id) => down.includes(id)));

    const slot = await boundSlot();
    await stopWorker(a);
    expect(me.bootsIfDown[a.id]).toBe(true);
    expect(stuckIf([a.id])).toBe(false);
    expect(await canUnlock(device, slot)).toBe(true);

    await stopWorker(b);
    expect(stuckIf([a.id, b.id])).toBe(true);
    expect(await canUnlock(device, slot)).toBe(false);

    await startWorker(a);
    await until('tang-a serving again', async () => (await fetch(`http://127.0.0.1:${a.port}/adv`).catch(() => null))?.ok);
    expect(stuckIf([b.id])).toBe(false);
    expect(await canUnlock(device, slot)).toBe(true);
    await startWorker(b);
    await until('tang-b serving again', async () => (await fetch(`http://127.0.0.1:${b.port}/adv`).catch(() => null))?.ok);
  });

  it('rotating a Tang server rebinds every host that uses it onto the new keys', async () => {
    const [a, , c] = tang;
    const oldSlot = await boundSlot();
    const oldThumbprint = (await advertisedThumbprints(join(a.dir, 'tang')))[0];
    // The disk as it is bound now, to show afterwards that the old binding needed the old keys.
    const before = join(work, 'before-rotation.img');
    execFileSync('sync');
    copyFileSync(image, before);

    const rotate = await admin.client.post<any>(`/api/fleet/unlock/hosts/${a.id}/tang/rotate`);
    expect(rotate.status).toBe(202);
    const panelName = (await overview()).hosts.find((h: any) => h.hostId === panelHostId).name;
    expect(rotate.body.rebinds).toEqual([{ hostId: panelHostId, name: panelName }]);
    expect(rotate.body.notBound).toEqual([]);
    const rotated = await succeeded(rotate.body.taskId);
    const newThumbprint = (await advertisedThumbprints(join(a.dir, 'tang')))[0];
    expect(newThumbprint).not.toBe(oldThumbprint);
    expect(rotated['thumbprints']).toEqual([newThumbprint]);
    const rebinds = rotated['rebinds'] as { hostId: string; taskId: string }[];
    expect(rebinds.map((r) => r.hostId)).toEqual([panelHostId]);
    const rebound = await succeeded(rebinds[0].taskId);
    expect(rebound).toMatchObject({ device, replacedSlot: oldSlot, reason: 'rotation' });
    expect(rebound['config']).toContain(newThumbprint);
    const newSlot = await boundSlot();
    expect(execFileSync('clevis', ['luks', 'list', '-d', device], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);

    // Rotation done: the old keys go, and tang-c is down, so only tang-a's new keys and tang-b remain.
    for (const f of readdirSync(join(a.dir, 'tang')).filter((n) => n.startsWith('.') && n.endsWith('.jwk'))) rmSync(join(a.dir, 'tang', f));
    await stopWorker(c);
    expect(await canUnlock(device, newSlot)).toBe(true);
    const bLoop = execFileSync('losetup', ['-f', '--show', '-r', before], { encoding: 'utf8' }).trim();
    try {
      expect(await canUnlock(bLoop, oldSlot)).toBe(false);
    } finally {
      spawnSync('losetup', ['-d', bLoop]);
    }
    const view = await overview();
    expect(view.hosts.find((h: any) => h.hostId === panelHostId).policy.bound.current).toBe(true);
  });
});
