import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createPanelApp, type PanelApp } from '../src/app/create-app';
import { HostIdentity } from '../src/fleet/host-identity.service';
import { enrolWorker, workerEnv } from '../src/fleet/worker-cli';
import { JobName } from '../src/services/queue/queue.catalogue';
import { loadConfig } from '../src/services/config/config.schema';
import { createMachine, createNetwork, dataSourceOf, signedInUser, type SignedIn } from './fixtures/db';
import { startTestPanel, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

/**
 * The fleet without VMs (docs/fleet.md): enrolment with a one-time token over
 * the panel's fleet door (a loopback address stands in for the mesh here;
 * fleet-vms.int-spec runs real hosts in namespaces), a worker host's
 * heartbeat and capacity, its database and Redis reached only through the
 * door's relays, per-host queues, offline within the heartbeat window and
 * back, and the sentences for spent, expired and unknown tokens.
 */

jest.setTimeout(60_000);

const until = async <T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('fleet: hosts, enrolment, heartbeats', () => {
  // A loopback address of its own stands in for the panel's address in the fleet mesh.
  const fleetAddress = `127.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(2, 250)}`;
  let t: TestPanel;
  let admin: SignedIn;
  let worker: PanelApp | null = null;
  const workerDir = mkdtempSync(join(tmpdir(), 'clan-worker-'));

  const startWorker = async () => {
    const env = await workerEnv(
      { ...childProcessEnv(), CLAN_STATE_DIR: workerDir, CLAN_LIBVIRT_URI: 'test:///default', CLAN_LOG_LEVEL: 'error' },
      process.cwd(),
    );
    worker = await createPanelApp(loadConfig(env, process.cwd()), { logger: false });
    return worker;
  };

  beforeAll(async () => {
    t = await startTestPanel({ CLAN_FLEET_ADDRESS: fleetAddress, CLAN_HOST_HEARTBEAT_SECONDS: '1', CLAN_MESH_PANEL_PORT: '7780' });
    admin = await signedInUser(t, { isHostAdmin: true });
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    rmSync(workerDir, { recursive: true, force: true });
  });

  it('lists the panel’s own host, online by its heartbeat', async () => {
    const r = await until('the panel host online', async () => {
      const res = await admin.client.get<{ items: any[] }>('/api/hosts');
      return res.body.items?.[0]?.state === 'online' ? res : null;
    });
    expect(r.body.items).toHaveLength(1);
    const [h] = r.body.items;
    expect(h).toMatchObject({ role: 'panel', draining: false, meshAddress: fleetAddress });
    expect(h.capacity.cpus).toBeGreaterThan(0);
    expect(h.capacity.memoryBytes).toBeGreaterThan(h.load.memoryAvailableBytes);
    expect(h.versions.node).toBe(process.versions.node);
  });

  it('enrols a worker host with a one-time token; the worker reaches the database and Redis only through the door', async () => {
    const bad = await admin.client.post('/api/hosts/enrolments', { name: 'Garage NUC' });
    expect(bad.status).toBe(400);
    expect((bad.body as { message: string }).message).toMatch(/lower-case letters, digits and "-"/);

    const made = await admin.client.post<any>('/api/hosts/enrolments', { name: 'garage-nuc', expiresInMinutes: 30 });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^clanh_/);
    expect(made.body.commands[0]).toBe(
      `sudo -u clan-panel clan-panel worker enrol --state-dir /var/lib/clan-panel --panel http://${fleetAddress}:7780 --token ${made.body.token}`,
    );
    const listed = await admin.client.get<any>('/api/hosts/enrolments');
    expect(listed.body.items[0]).toMatchObject({ name: 'garage-nuc', usedAt: null, hostId: null });
    expect(JSON.stringify(listed.body)).not.toContain(made.body.token);

    const said = await enrolWorker(
      ['--panel', `http://${fleetAddress}:7780`, '--token', made.body.token],
      { CLAN_STATE_DIR: workerDir },
      process.cwd(),
    );
    expect(said).toMatch(/^Enrolled as host "garage-nuc"/);
    const file = JSON.parse(readFileSync(join(workerDir, 'host.json'), 'utf8'));
    expect(statSync(join(workerDir, 'host.json')).mode & 0o777).toBe(0o600);
    // Only the fleet address: the worker never learns the panel's own loopback database address.
    expect(new URL(file.databaseUrl).host).toBe(`${fleetAddress}:5432`);
    expect(new URL(file.redisUrl).host).toBe(`${fleetAddress}:6379`);
    expect(readFileSync(join(workerDir, 'secrets', 'master.key'), 'utf8')).toBe(
      readFileSync(join(t.config.stateDir, 'secrets', 'master.key'), 'utf8'),
    );

    // The same token again (a second machine with the same image): refused with a sentence.
    const again = await fetch(`http://${fleetAddress}:7780/api/hosts/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: made.body.token }),
    });
    expect(again.status).toBe(410);
    expect((await again.json()).message).toMatch(/already used on .* \(host "garage-nuc"\)\. A token works once/);

    const app = await startWorker();
    const ds = app.app.get(DataSource);
    expect((ds.options as { url: string }).url).toContain(`@${fleetAddress}:5432/`);
    const host = await until('the worker host online', async () => {
      const res = await admin.client.get<{ items: any[] }>('/api/hosts');
      const h = res.body.items.find((x) => x.name === 'garage-nuc');
      return h?.state === 'online' && h.capacity ? h : null;
    });
    expect(host).toMatchObject({ role: 'worker', id: file.hostId });
    expect(host.load.diskFreeBytes).toBeGreaterThan(0);
    const used = await admin.client.get<any>('/api/hosts/enrolments');
    expect(used.body.items[0]).toMatchObject({ name: 'garage-nuc', hostId: file.hostId });
    expect(used.body.items[0].usedAt).not.toBeNull();
  });

  it('sends a machine’s hypervisor jobs to its host’s queue, where that host’s worker runs them', async () => {
    const hostId = JSON.parse(readFileSync(join(workerDir, 'host.json'), 'utf8')).hostId as string;
    const ds = dataSourceOf(t);
    const net = await createNetwork(ds);
    await createMachine(t, net.id, admin.user, 'media');
    await ds.query(
      `INSERT INTO machines (network_id, name, host_id) VALUES ($1, 'media', $2) ON CONFLICT (network_id, name) DO UPDATE SET host_id = $2`,
      [net.id, hostId],
    );
    const started = await admin.client.post<{ taskId: string }>(`/api/networks/${net.id}/machines/media/vm/stop`);
    expect(started.status).toBe(202);
    const task = await until('the stop task to end', async () => {
      const r = await admin.client.get<any>(`/api/tasks/${started.body.taskId}`);
      return ['failed', 'succeeded'].includes(r.body.status) ? r.body : null;
    });
    const [row] = await ds.query(`SELECT queue, worker_id FROM tasks WHERE id = $1`, [task.id]);
    expect(row.queue).toBe(`hypervisor@${hostId}`);
    const [h] = await ds.query(`SELECT worker_id FROM hosts WHERE id = $1`, [hostId]);
    expect(row.worker_id).toBe(h.worker_id);
    // It ran there: that host has no VM for it, and says so.
    expect(task.error).toMatch(/has no VM on this host yet/);
  });

  it('marks a host whose worker stopped offline within its heartbeat window, its machines "host offline", and online again when it returns', async () => {
    const hostId = JSON.parse(readFileSync(join(workerDir, 'host.json'), 'utf8')).hostId as string;
    await worker?.close();
    worker = null;
    const stoppedAt = Date.now();
    const offline = await until('the worker host offline', async () => {
      const r = await admin.client.get<any>(`/api/hosts/${hostId}`);
      return r.body.state === 'offline' ? r.body : null;
    });
    // Three heartbeats of one second, and the panel's watch runs every second.
    expect(Date.now() - stoppedAt).toBeLessThan(6000);
    expect(offline.machines).toEqual([expect.objectContaining({ machine: 'media', vmState: 'host-offline' })]);
    const removal = await admin.client.delete(`/api/hosts/${hostId}`);
    expect(removal.status).toBe(409);
    expect(removal.body).toMatchObject({ message: expect.stringMatching(/still has 1 machine \(media\); drain it first/) });

    await startWorker();
    await until('the worker host back online', async () => {
      const r = await admin.client.get<any>(`/api/hosts/${hostId}`);
      return r.body.state === 'online' ? r.body : null;
    });
  });

  it('places a machine on its first deployment: the online, not draining host with the most memory available', async () => {
    const hostId = JSON.parse(readFileSync(join(workerDir, 'host.json'), 'utf8')).hostId as string;
    const ds = dataSourceOf(t);
    const panelHost = await t.panel.app.get(HostIdentity).panelHostId();
    const net = await createNetwork(ds);
    await createMachine(t, net.id, admin.user, 'fresh');
    // The panel's host takes no new machines while it drains: the worker is the one left.
    expect((await admin.client.patch(`/api/hosts/${panelHost}`, { draining: true })).status).toBe(200);
    try {
      const queue = await t.panel.app.get(HostIdentity).queueFor(JobName.VmDeploy, { networkId: net.id, machine: 'fresh' });
      expect(queue).toBe(`hypervisor@${hostId}`);
      const placement = await admin.client.get<any>(`/api/networks/${net.id}/machines/fresh/placement`);
      expect(placement.body).toMatchObject({ hostId, hostName: 'garage-nuc', hostState: 'online' });
      // Placed once: it stays there when the panel's host takes machines again.
      await admin.client.patch(`/api/hosts/${panelHost}`, { draining: false });
      expect(await t.panel.app.get(HostIdentity).queueFor(JobName.VmDeploy, { networkId: net.id, machine: 'fresh' })).toBe(
        `hypervisor@${hostId}`,
      );
    } finally {
      await admin.client.patch(`/api/hosts/${panelHost}`, { draining: false });
    }
  });

  it('serves the panel’s store to the hosts as a signed binary cache: a closure copies with the panel’s key, not without it', async () => {
    const file = JSON.parse(readFileSync(join(workerDir, 'host.json'), 'utf8'));
    expect(file.cacheUrl).toBe(`http://${fleetAddress}:7791`);
    expect(file.cachePublicKey).toMatch(/^clan-panel-[0-9a-f]{8}-1:[A-Za-z0-9+/]{43}=$/);
    // Not spawnSync: the cache is served by this very process.
    const nix = (args: string[]) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn('nix', ['--extra-experimental-features', 'nix-command', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => resolve({ status, stderr }));
      });
    // A path with a reference, made with builtins only: b refers to a.
    const made = spawnSync(
      'nix-instantiate',
      [
        '--read-write-mode',
        '--eval',
        '-E',
        `builtins.toFile "clan-cache-b-${fleetAddress}" "\${builtins.toFile "clan-cache-a-${fleetAddress}" "hello"}"`,
      ],
      { encoding: 'utf8' },
    );
    expect(made.status).toBe(0);
    const b = made.stdout.trim().replace(/"/g, '');
    const other = mkdtempSync(join(tmpdir(), 'clan-other-store-'));
    try {
      const copied = await nix([
        'copy',
        '--from',
        file.cacheUrl,
        '--to',
        other,
        '--option',
        'trusted-public-keys',
        file.cachePublicKey,
        '--option',
        'substituters',
        '',
        b,
      ]);
      expect({ status: copied.status, stderr: copied.stderr }).toEqual({ status: 0, stderr: expect.stringContaining('copying 2 paths') });
      const a = readFileSync(join(other, b), 'utf8');
      expect(readFileSync(join(other, a), 'utf8')).toBe('hello');

      // Signed by the panel's key only: a host that trusts another key refuses it.
      const wrongKey = `someone-else:${Buffer.alloc(32, 7).toString('base64')}`;
      const refused = await nix([
        'copy',
        '--from',
        file.cacheUrl,
        '--to',
        `${other}-2`,
        '--option',
        'trusted-public-keys',
        wrongKey,
        '--option',
        'substituters',
        '',
        b,
      ]);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toMatch(/lacks a valid signature/);
    } finally {
      spawnSync('chmod', ['-R', 'u+w', other, `${other}-2`]);
      rmSync(other, { recursive: true, force: true });
      rmSync(`${other}-2`, { recursive: true, force: true });
    }
  });

  it('refuses unknown and expired tokens with a sentence, and only host admins see hosts', async () => {
    const unknown = await fetch(`http://${fleetAddress}:7780/api/hosts/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'clanh_nope' }),
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).message).toMatch(/not known here/);

    const made = await admin.client.post<any>('/api/hosts/enrolments', { name: 'old-box' });
    await dataSourceOf(t).query(`UPDATE host_enrolments SET expires_at = now() - interval '1 minute' WHERE id = $1`, [made.body.id]);
    const expired = await fetch(`http://${fleetAddress}:7780/api/hosts/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: made.body.token }),
    });
    expect(expired.status).toBe(410);
    expect((await expired.json()).message).toMatch(/expired on .*Make a new one/);

    const member = await signedInUser(t);
    expect((await member.client.get('/api/hosts')).status).toBe(403);
    expect((await member.client.post('/api/hosts/enrolments', { name: 'x' })).status).toBe(403);
  });
});
