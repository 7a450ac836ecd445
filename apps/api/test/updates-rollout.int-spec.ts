/**
 * The rollout of an update on real VMs (docs/updates.md, "Rollout"; docs/decisions/0017 §4): a panel
 * process on qemu:///system (TCG) with a network of the demo system that follows a local git copy of
 * it. Three machines, alpha, beta and gamma, are booted once. The upstream's commit changes all three
 * systems and makes beta's new generation never answer its health probe. A rollout with canary alpha
 * updates alpha, rolls beta back by itself and halts there, leaving gamma alone; the abort then takes
 * alpha back to the generation it ran before and puts the old flake.lock back.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkRepoDir } from '../src/configs/repo-paths';
import { type ChildPanel, seedHostAdminToken, spawnPanel, sqlOn, vmPanelEnv } from './fixtures/child-panel';
import { waitFor } from './fixtures/principals';
import { type DemoUpstream, demoUpstream, git } from './fixtures/upstream';
import { cleanUpVms, readText, requireVmHost, virsh } from './fixtures/vm-host';
import { cloneTestDatabase, TestClient } from './harness';

jest.setTimeout(1_800_000);

const MACHINES = ['alpha', 'beta', 'gamma'];

interface Task {
  id: string;
  type: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}
interface RolloutMachine {
  machine: string;
  wave: number;
  state: string;
  fromGeneration: number | null;
  toGeneration: number | null;
  taskIds: string[];
  reason: string | null;
}
interface Rollout {
  id: string;
  status: string;
  fromRev: string;
  toRev: string;
  revision: string | null;
  revertRevision: string | null;
  canary: string;
  machines: RolloutMachine[];
  haltReason: string | null;
  trigger: string;
  username: string | null;
  taskId: string | null;
}
interface Vm {
  state: string;
  currentGeneration: number | null;
  healthyGeneration: number | null;
  health: string;
  domainName: string;
}

const sameJson = (a: string, b: string) => JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));

describe('updates: a rollout on real VMs (qemu:///system, the demo system)', () => {
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let stateDir: string;
  let up: DemoUpstream;
  let panel: ChildPanel;
  let api: TestClient;
  let networkId: string;
  let upstream: string;
  let preview: { id: string; fromRev: string; toRev: string };
  let fromLock: string;
  let rollout: Rollout;
  const before = new Map<string, { generation: number; domainId: string; bootedAt: string }>();
  const profilesDir = `/nix/var/nix/profiles/clan-test-${randomBytes(4).toString('hex')}`;

  const repo = () => networkRepoDir(stateDir, networkId);
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => sqlOn(db.url)<T>(query, params);

  const finished = (taskId: string, what: string, timeoutMs = 600_000) =>
    waitFor(
      () => api.get(`/api/tasks/${taskId}`).then((r) => r.body as Task),
      (t) => ['succeeded', 'failed', 'cancelled'].includes(t.status),
      timeoutMs,
      what,
    );
  const taskLog = async (taskId: string) =>
    ((await api.get(`/api/tasks/${taskId}/log?limit=1000`)).body.items as { text: string }[]).map((l) => l.text).join('\n');
  const vm = async (machine: string) => (await api.get(`/api/networks/${networkId}/machines/${machine}/vm`)).body as Vm;
  const serial = (machine: string) => readText(join(stateDir, 'vms', networkId, machine, 'serial.log'));
  const getRollout = async (id: string) => (await api.get(`/api/networks/${networkId}/updates/rollouts/${id}`)).body as Rollout;
  const auditActions = async () =>
    ((await api.get(`/api/audit?networkId=${networkId}&limit=200`)).body.items as { action: string }[]).map((e) => e.action);
  const notes = (rolloutId: string) =>
    sql<{ title: string; message: string }>('SELECT "title", "message" FROM "notifications" WHERE "subject" = $1 ORDER BY "created_at"', [
      `update-rollout:${rolloutId}`,
    ]);

  /** Fails with the task's error, its log and the serial console, so a red run says why. */
  async function expectSucceeded(task: Task, machine?: string): Promise<void> {
    if (task.status === 'succeeded') return;
    const console = machine ? `\n--- serial ${machine} ---\n${serial(machine).slice(-3000)}` : '';
    throw new Error(`task ${task.type} ${task.status}: ${task.error}\n--- task log ---\n${await taskLog(task.id)}${console}`);
  }

  beforeAll(async () => {
    requireVmHost();
    up = await demoUpstream();
    upstream = up.url;

    db = await cloneTestDatabase();
    stateDir = mkdtempSync(join(tmpdir(), 'clan-rollout-'));
    // libvirt's qemu runs as another user: it must traverse to the VM files.
    chmodSync(stateDir, 0o711);
    const token = await seedHostAdminToken(db.url);
    panel = await spawnPanel(
      vmPanelEnv({ databaseUrl: db.url, stateDir, flakeUrl: up.demo.url, profilesDir, autoDeploy: true, healthSeconds: 60 }),
      120_000,
    );
    api = Object.assign(new TestClient(panel.baseUrl), { bearer: token });
    const net = await api.post('/api/networks', { name: 'rollout', system: 'demo' });
    expect(net.status).toBe(201);
    networkId = net.body.id;
    // Follow the upstream first, so the machines' first generation is built from its lock.
    const follow = await api.request('PUT', `/api/networks/${networkId}/updates/upstream`, { upstream });
    expect({ status: follow.status, message: follow.body.message }).toEqual({ status: 200, message: undefined });
    fromLock = await git(repo(), 'show', 'HEAD:flake.lock');

    // Each machine is built and booted once, by the automatic deployment of its creation.
    for (const name of MACHINES) {
      const created = await api.post(`/api/networks/${networkId}/machines`, {
        name,
        config: { resources: { memoryMiB: 256, stateDiskGiB: 1 } },
      });
      expect(created.status).toBe(201);
    }
    for (const name of MACHINES) {
      const build = await waitFor(
        async () => {
          const r = await api.get(`/api/tasks?networkId=${networkId}&machine=${name}&type=machine.build&limit=5`);
          return ((r.body.items as Task[])[0] ?? null) as Task | null;
        },
        (t) => t !== null,
        60_000,
        `the build of ${name}`,
      );
      const built = await finished(build!.id, `the build of ${name}`);
      await expectSucceeded(built);
      const deployId = built.result?.['deployTaskId'];
      if (typeof deployId !== 'string') throw new Error(`the build of ${name} queued no deployment`);
      await expectSucceeded(await finished(deployId, `the deployment of ${name}`), name);
      const v = await vm(name);
      expect(v).toMatchObject({ state: 'running', currentGeneration: 1, health: 'healthy' });
    }
  }, 1_200_000);

  afterAll(async () => {
    await panel?.kill('SIGTERM').catch(() => undefined);
    const recorded = db
      ? await sql<{ domain_name: string }>('SELECT domain_name FROM machines WHERE domain_name IS NOT NULL').catch(() => [])
      : [];
    for (const { domain_name } of recorded) cleanUpVms(domain_name, null);
    cleanUpVms('clan-none-', profilesDir);
    await db?.drop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    up?.remove();
  });

  it('the upstream moves; check and preview: all three systems change', async () => {
    // The update: a new attribute changes every machine's system, and beta's new generation never answers its health probe.
    up.edit(
      'flake.nix',
      'derivation (\n          {\n            inherit system;',
      'derivation (\n          {\n            inherit system;\n            clanUpdate = "2";',
    );
    up.edit('flake.nix', 'healthy = isHealthy config;', 'healthy = isHealthy config && name != "beta";');
    const toRev = await up.commit('Version 2: beta breaks');

    const check = await api.post(`/api/networks/${networkId}/updates/check`, {});
    expect(check.status).toBe(202);
    await expectSucceeded(await finished(check.body.taskId, 'the update check'));

    const started = await api.post(`/api/networks/${networkId}/updates/preview`, {});
    expect({ status: started.status, message: started.body.message }).toEqual({ status: 202, message: undefined });
    await expectSucceeded(await finished(started.body.taskId, 'the preview'));
    const p = (await api.get(`/api/networks/${networkId}/updates/previews/${started.body.previewId}`)).body;
    expect(p).toMatchObject({ status: 'ready', toRev });
    expect(
      (p.machines as { machine: string; changes: boolean; error: string | null }[]).map((m) => [m.machine, m.changes, m.error]),
    ).toEqual([
      ['alpha', true, null],
      ['beta', true, null],
      ['gamma', true, null],
    ]);
    // Compared with what each machine runs (generation 1), not with a fresh build. The new attribute touches no
    // kernel or initrd; beta's health switch is in its init, which the demo system keeps in its initrd.
    const machines = p.machines as { machine: string; baseline: { kind: string; generation: number | null }; reboot: boolean }[];
    expect(machines.map((m) => [m.machine, m.baseline.kind, m.baseline.generation, m.reboot])).toEqual([
      ['alpha', 'running', 1, false],
      ['beta', 'running', 1, true],
      ['gamma', 'running', 1, false],
    ]);
    preview = { id: p.id, fromRev: p.fromRev, toRev };
  });

  it('a canary the preview does not know is a 400 under the field, and nothing is committed', async () => {
    const head = await git(repo(), 'rev-parse', 'HEAD');
    const res = await api.request('POST', `/api/networks/${networkId}/updates/rollouts`, { previewId: preview.id, canary: 'zeta' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("canary zeta is not a machine of this network's preview");
    expect(await git(repo(), 'rev-parse', 'HEAD')).toBe(head);
  });

  it('rollout: alpha (the canary) is updated, beta fails its health check and is rolled back, the rollout halts; gamma is not touched', async () => {
    for (const name of MACHINES) {
      const [row] = await sql<{ booted_at: Date; current_generation: number }>(
        'SELECT booted_at, current_generation FROM machines WHERE network_id = $1 AND name = $2',
        [networkId, name],
      );
      const v = await vm(name);
      before.set(name, {
        generation: row!.current_generation,
        domainId: virsh('domid', v.domainName).trim(),
        bootedAt: row!.booted_at.toISOString(),
      });
    }

    const res = await api.post(`/api/networks/${networkId}/updates/rollouts`, {
      previewId: preview.id,
      canary: 'alpha',
      concurrency: 1,
      soakSeconds: 10,
    });
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 202, message: undefined });
    const { taskId, rolloutId } = res.body as { taskId: string; rolloutId: string };

    // One commit: the previewed lock, with the trailer; nothing else changed.
    const head = await git(repo(), 'rev-parse', 'HEAD');
    expect(await git(repo(), 'log', '-1', '--format=%an|%B')).toBe(
      `cLAN panel|Update clan to ${preview.toRev.slice(0, 12)}\n\nClan-Rollout: ${rolloutId}`,
    );
    expect(JSON.parse(await git(repo(), 'show', 'HEAD:flake.lock')).nodes.clan.locked.rev).toBe(preview.toRev);
    expect(await git(repo(), 'diff', '--name-only', 'HEAD~1', 'HEAD')).toBe('flake.lock');

    // A second rollout while this one runs: 409.
    const again = await api.request('POST', `/api/networks/${networkId}/updates/rollouts`, { previewId: preview.id });
    expect(again.status).toBe(409);

    const task = await finished(taskId, 'the rollout', 900_000);
    const log = await taskLog(taskId);
    if (task.status !== 'failed') throw new Error(`the rollout ${task.status}: ${task.error}\n${log}`);
    expect(task.error).toBe('1 of 3 machines updated; halted: beta failed its health check after the update, rolled back to generation 1.');
    expect(log).toContain('1 of 3 machines updated; halted: beta failed its health check after the update, rolled back to generation 1');
    expect(log).toMatch(/alpha: app checks pass: check-state\./);

    rollout = await getRollout(rolloutId);
    expect(rollout).toMatchObject({
      id: rolloutId,
      status: 'halted',
      revision: head,
      canary: 'alpha',
      trigger: 'manual',
      username: 'root',
      fromRev: preview.fromRev,
      toRev: preview.toRev,
    });
    expect(rollout.haltReason).toMatch(
      /^beta failed its health check after the update, rolled back to generation 1\. Generation 2 failed its health check/,
    );
    const byName = Object.fromEntries(rollout.machines.map((m) => [m.machine, m]));
    expect(byName['alpha']).toMatchObject({ wave: 0, state: 'updated', fromGeneration: 1, toGeneration: 2, reason: null });
    expect(byName['alpha']!.taskIds).toHaveLength(2);
    expect(byName['beta']).toMatchObject({ wave: 1, state: 'rolled-back', fromGeneration: 1, toGeneration: 2 });
    expect(byName['beta']!.reason).toContain('beta failed its health check');
    expect(byName['gamma']).toMatchObject({ wave: 2, state: 'pending', fromGeneration: 1, toGeneration: null, taskIds: [] });

    // alpha runs the update, beta its previous generation again; gamma was not touched (same generation, same domain run).
    expect(await vm('alpha')).toMatchObject({ state: 'running', currentGeneration: 2, healthyGeneration: 2, health: 'healthy' });
    expect(serial('alpha')).toMatch(/CLAN-BOOT machine=alpha generation=2\b/);
    expect(await vm('beta')).toMatchObject({ state: 'running', currentGeneration: 1, healthyGeneration: 1, health: 'healthy' });
    const gamma = await vm('gamma');
    expect(gamma).toMatchObject({ state: 'running', currentGeneration: 1, health: 'healthy' });
    const [gammaRow] = await sql<{ booted_at: Date }>('SELECT booted_at FROM machines WHERE network_id = $1 AND name = $2', [
      networkId,
      'gamma',
    ]);
    expect({ domainId: virsh('domid', gamma.domainName).trim(), bootedAt: gammaRow!.booted_at.toISOString() }).toEqual({
      domainId: before.get('gamma')!.domainId,
      bootedAt: before.get('gamma')!.bootedAt,
    });
    expect(serial('gamma')).not.toMatch(/generation=2\b/);

    const actions = await waitFor(auditActions, (a) => a.includes('update.rollout.halt'), 30_000, 'the halt in the audit log');
    expect(actions).toEqual(expect.arrayContaining(['update.rollout.start', 'update.rollout.halt']));
    const halted = await notes(rolloutId);
    expect(halted).toEqual([
      {
        title: 'Update of rollout halted',
        message: expect.stringMatching(
          /^1 of 3 machines updated; halted: beta failed its health check after the update, rolled back to generation 1\./,
        ),
      },
    ]);
    // The Updates tab shows it as the current rollout.
    expect((await api.get(`/api/networks/${networkId}/updates`)).body.rollout).toMatchObject({ id: rolloutId, status: 'halted' });
    // Skipping a machine that did not halt it: 409.
    const skip = await api.request('POST', `/api/networks/${networkId}/updates/rollouts/${rolloutId}/skip`, { machine: 'alpha' });
    expect({ status: skip.status, message: skip.body.message }).toEqual({
      status: 409,
      message: 'The rollout halted on beta, not on alpha; skip that machine, resume or abort.',
    });
  });

  it('abort: alpha runs the generation it ran before again, and flake.lock at the head is the old lock again', async () => {
    const res = await api.post(`/api/networks/${networkId}/updates/rollouts/${rollout.id}/abort`, {});
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 202, message: undefined });
    const task = await finished(res.body.taskId, 'the abort', 600_000);
    await expectSucceeded(task, 'alpha');

    const after = await getRollout(rollout.id);
    expect(after).toMatchObject({ status: 'aborted', revertRevision: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(Object.fromEntries(after.machines.map((m) => [m.machine, m.state]))).toEqual({
      alpha: 'reverted',
      beta: 'rolled-back',
      gamma: 'pending',
    });
    expect(await vm('alpha')).toMatchObject({ state: 'running', currentGeneration: 1, healthyGeneration: 1, health: 'healthy' });
    expect(await vm('gamma')).toMatchObject({ currentGeneration: 1 });

    expect(await git(repo(), 'rev-parse', 'HEAD')).toBe(after.revertRevision);
    expect(await git(repo(), 'log', '-1', '--format=%an|%B')).toBe(
      `cLAN panel|Revert clan to ${preview.fromRev.slice(0, 12)}\n\nClan-Rollout: ${rollout.id}`,
    );
    expect(sameJson(await git(repo(), 'show', 'HEAD:flake.lock'), fromLock)).toBe(true);

    const actions = await waitFor(auditActions, (a) => a.includes('update.rollout.abort'), 30_000, 'the abort in the audit log');
    expect(actions).toContain('update.rollout.abort');
    const all = await notes(rollout.id);
    expect(all.map((n) => n.title)).toEqual(['Update of rollout halted', 'Update of rollout aborted']);
    expect(all[1]!.message).toMatch(/^Aborted: 1 machine taken back to the generation it ran before\./);
    // Ended: nothing more to abort.
    expect((await api.request('POST', `/api/networks/${networkId}/updates/rollouts/${rollout.id}/abort`, {})).status).toBe(409);
  });
});
