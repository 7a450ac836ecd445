/**
 * Chaos: the panel process (and with it the worker) is SIGKILLed in the middle
 * of a build during a burst of configuration writes, then again in the middle
 * of the deployment that build queued. Real child panels on qemu:///system
 * with the test system flake (a real Nix build made slow on purpose, one small
 * TCG guest). Then: no lost task or write, no duplicate commit, no orphaned
 * domain, the re-queued tasks start promptly and nothing stays queued or
 * running past its heartbeat.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkRepoDir } from '../src/configs/repo-paths';
import { type ChildPanel, spawnPanel, vmPanelEnv } from './fixtures/child-panel';
import { seedHostAdminToken, SLOW_BUILD_MARKER, slowTestSystemFlake, sql, unsettledTasks } from './fixtures/chaos';
import { waitFor } from './fixtures/principals';
import { cleanUpVms, domainsWithPrefix, requireVmHost } from './fixtures/vm-host';
import { cloneTestDatabase, TestClient } from './harness';

jest.setTimeout(600_000);

// The default heartbeat: BullMQ's lock (3 heartbeats) is what kept a re-queued task waiting.
const HEARTBEAT_SECONDS = 5;
/** What "promptly" means for a re-queued task after the panel is back. */
const PROMPT_MS = 10_000;

interface Task {
  id: string;
  type: string;
  status: string;
  error: string | null;
  workerId?: string | null;
  result: Record<string, unknown> | null;
}

describe('chaos: the panel killed (SIGKILL) mid-build during a write burst, and mid-deploy (real child panels, qemu:///system)', () => {
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let stateDir: string;
  let flake: ReturnType<typeof slowTestSystemFlake>;
  let env: Record<string, string>;
  let token: string;
  let panel: ChildPanel;
  let api: TestClient;
  let networkId: string;
  const profilesDir = `/nix/var/nix/profiles/clan-test-${randomBytes(4).toString('hex')}`;
  const children: ChildPanel[] = [];

  async function startPanel(): Promise<number> {
    panel = await spawnPanel(env, 120_000);
    children.push(panel);
    api = Object.assign(new TestClient(panel.baseUrl), { bearer: token });
    return Date.now();
  }

  const task = (id: string) => api.get(`/api/tasks/${id}`).then((r) => r.body as Task);
  const logOf = (id: string) =>
    api.get(`/api/tasks/${id}/log?limit=2000`).then((r) => ((r.body.items ?? []) as { text: string }[]).map((l) => l.text));
  const starts = async (id: string) => (await logOf(id)).filter((t) => t.startsWith('Started on worker')).length;
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: networkRepoDir(stateDir, networkId),
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', HOME: stateDir, GIT_CONFIG_NOSYSTEM: '1' },
    }).trim();

  async function finished(id: string, timeoutMs = 240_000): Promise<Task> {
    return waitFor(
      () => task(id),
      (t) => ['succeeded', 'failed', 'cancelled'].includes(t.status),
      timeoutMs,
      `task ${id} to finish`,
    );
  }

  async function expectSucceeded(t: Task): Promise<void> {
    if (t.status !== 'succeeded') throw new Error(`task ${t.type} ${t.status}: ${t.error}\n${(await logOf(t.id)).join('\n')}`);
  }

  beforeAll(async () => {
    requireVmHost();
    flake = slowTestSystemFlake(12);
    db = await cloneTestDatabase();
    token = await seedHostAdminToken(db.url);
    stateDir = mkdtempSync(join(tmpdir(), 'clan-chaos-kill-'));
    // libvirt's qemu runs as another user: it must traverse to the VM files.
    chmodSync(stateDir, 0o711);
    env = vmPanelEnv(
      // Builds only when asked: the burst's commits must not each start a build and a boot.
      { databaseUrl: db.url, stateDir, flakeUrl: flake.url, profilesDir, autoDeploy: false, healthSeconds: 90 },
      { CLAN_TASK_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS), CLAN_RECONCILE_SECONDS: '5' },
    );
    await startPanel();
    const net = await api.post('/api/networks', { name: 'chaos' });
    expect(net.status).toBe(201);
    networkId = net.body.id;
  });

  afterAll(async () => {
    for (const c of children) await c.kill('SIGTERM').catch(() => undefined);
    const recorded = db
      ? await sql<{ domain_name: string }>(db.url, 'SELECT domain_name FROM machines WHERE domain_name IS NOT NULL').catch(() => [])
      : [];
    for (const { domain_name } of recorded) cleanUpVms(domain_name, null);
    cleanUpVms('clan-none-', profilesDir);
    await db?.drop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    flake?.remove();
  });

  let buildId = '';

  it('killed mid-build during a write burst: every answered write is committed once, the build is re-queued and starts promptly', async () => {
    const created = await api.post(`/api/networks/${networkId}/machines`, {
      name: 'alpha',
      config: {
        resources: { memoryMiB: 256, stateDiskGiB: 1 }, // A path of its own per run: a system already in the Nix store would not be built (or slow) again.
        backup: { extraPaths: [`/${SLOW_BUILD_MARKER}-${randomBytes(4).toString('hex')}`] },
      },
    });
    expect(created.status).toBe(201);
    const deploy = await api.post(`/api/networks/${networkId}/machines/alpha/deploy`, {});
    expect(deploy.status).toBe(202);
    buildId = deploy.body.taskId;
    await waitFor(
      () => logOf(buildId),
      (lines) => lines.some((l) => l.startsWith('nix build')),
      60_000,
      'the build to be in nix build',
    );

    // The burst: machines created in parallel (each a commit); the panel dies while they land.
    const names = Array.from({ length: 16 }, (_, i) => `burst${i + 1}`);
    const answers = new Map<string, number>();
    const burst = names.map((name) =>
      api
        .post(`/api/networks/${networkId}/machines`, { name, config: {} })
        .then((r) => answers.set(name, r.status))
        .catch(() => answers.set(name, 0)),
    );
    await waitFor(
      async () => [...answers.values()].filter((s) => s === 201).length,
      (n) => n >= 3,
      30_000,
      'a few writes of the burst to land',
    );
    const killedPid = panel.pid;
    await panel.kill('SIGKILL');
    await Promise.all(burst);

    const orphan = (
      await sql<{ status: string; worker_id: string }>(db.url, 'SELECT status, worker_id FROM tasks WHERE id = $1', [buildId])
    )[0];
    expect(orphan.status).toBe('running');
    expect(orphan.worker_id).toContain(`:${killedPid}:`);

    const upAt = await startPanel();
    // Re-queued (machine.build is resumable) and started again by the new worker, promptly.
    await waitFor(
      () => starts(buildId),
      (n) => n >= 2,
      PROMPT_MS + 20_000,
      'the re-queued build to start again',
    );
    expect(Date.now() - upAt).toBeLessThan(PROMPT_MS);
    const health = await api.get('/api/health');
    expect({ status: health.status, database: health.body.components.database.status, redis: health.body.components.redis.status }).toEqual(
      {
        status: 200,
        database: 'ok',
        redis: 'ok',
      },
    );
    const log = await logOf(buildId);
    expect(log.some((l) => /It is resumable and will run again from the start/.test(l))).toBe(true);

    // Writes: each answered 201 is in the repository, and no machine was committed twice.
    const subjects = git('log', '--format=%s').split('\n');
    for (const name of names) {
      const commits = subjects.filter((s) => s === `Add machine ${name}` || s.startsWith(`Add machine ${name} with`)).length;
      if (answers.get(name) === 201) expect({ name, commits }).toEqual({ name, commits: 1 });
      else expect({ name, atMostOnce: commits <= 1 }).toEqual({ name, atMostOnce: true });
    }
    expect(git('status', '--porcelain')).toBe('');
    const listed = (await api.get(`/api/networks/${networkId}/machines`)).body;
    const listedNames = new Set(((listed.items ?? listed) as { name: string }[]).map((m) => m.name));
    for (const name of names) if (answers.get(name) === 201) expect(listedNames.has(name)).toBe(true);

    const built = await finished(buildId);
    await expectSucceeded(built);
    expect(await starts(buildId)).toBe(2);
  });

  it('killed mid-deploy: the deployment is re-queued, runs once more and leaves exactly one domain, running and healthy', async () => {
    const deployId = (await task(buildId)).result?.['deployTaskId'];
    expect(typeof deployId).toBe('string');
    const id = deployId as string;
    await waitFor(
      () => logOf(id),
      (lines) => lines.some((l) => /^Domain \S+ defined/.test(l)),
      120_000,
      'the deployment to define the domain',
    );
    await panel.kill('SIGKILL');

    const upAt = await startPanel();
    await waitFor(
      () => starts(id),
      (n) => n >= 2,
      PROMPT_MS + 20_000,
      'the re-queued deployment to start again',
    );
    expect(Date.now() - upAt).toBeLessThan(PROMPT_MS);
    const deployed = await finished(id);
    await expectSucceeded(deployed);
    expect(await starts(id)).toBe(2);

    const vm = (await api.get(`/api/networks/${networkId}/machines/alpha/vm`)).body;
    expect(vm).toMatchObject({ state: 'running', health: 'healthy', currentGeneration: 1 });
    // No orphaned domain: the machine has exactly the one it records.
    const prefix = vm.domainName.split('-').slice(0, 2).join('-') + '-';
    expect(domainsWithPrefix(prefix)).toEqual([vm.domainName]);
    // Nothing left queued or running (a heartbeat's worth of slack for tasks that just ended).
    expect((await unsettledTasks(db.url)).filter((t) => t.idle_seconds > 3 * HEARTBEAT_SECONDS)).toEqual([]);
    expect(await unsettledTasks(db.url)).toEqual([]);
    for (const c of children) expect(c.output()).not.toMatch(/UnhandledPromiseRejection|unhandled rejection/i);
  });
});
