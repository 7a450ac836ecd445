import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { ConfigCommits } from '../src/configs/config-commits';
import { networkRepoDir } from '../src/configs/repo-paths';
import { MeshMachines } from '../src/mesh/machines';
import { setupAdmin } from './auth-helpers';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

const run = promisify(execFile);

interface Task {
  id: string;
  type: string;
  status: string;
  message: string | null;
  userId: string | null;
}

/**
 * One change, one build (docs/vms.md, "Builds"): with auto-deploy and the
 * machines' mesh sections on (a new machine is the user's commit plus the
 * panel's), a machine gets at most one build per revision, whoever asks.
 * The workers are off, so every build stays queued and can be counted.
 */
describe('one build per change (real Postgres, Redis, git)', () => {
  let t: TestPanel;
  let host: TestClient;
  let id: string;

  const git = async (...args: string[]) =>
    (
      await run('git', args, {
        cwd: networkRepoDir(t.config.stateDir, id),
        env: { PATH: '/usr/bin:/bin', HOME: networkRepoDir(t.config.stateDir, id), GIT_CONFIG_NOSYSTEM: '1' },
      })
    ).stdout.trim();
  const settled = async () => {
    await t.panel.app.get(MeshMachines).settled();
    await t.panel.app.get(ConfigCommits).settled(id);
    // The auto-deploy queues its builds once the follow-ups have landed: give it its turn.
    await new Promise((r) => setTimeout(r, 300));
  };
  const builds = async (machine: string): Promise<Task[]> => {
    const res = await host.get<{ items: Task[] }>(`/api/tasks?networkId=${id}&machine=${machine}&type=machine.build`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const revisionOf = async (taskId: string): Promise<string | null> => {
    const rows: { revision: string | null }[] = await t.panel.app
      .get(DataSource)
      .query(`SELECT payload->>'revision' AS revision FROM tasks WHERE id = $1`, [taskId]);
    return rows[0]?.revision ?? null;
  };

  beforeAll(async () => {
    t = await startTestPanel({ CLAN_AUTO_DEPLOY: 'true', CLAN_MESH_MACHINES: 'true', CLAN_RUN_WORKERS: 'false' });
    host = await setupAdmin(t);
    const net = await host.post<{ id: string }>('/api/networks', { name: 'family' });
    expect({ status: net.status, body: net.status === 201 ? null : net.body }).toEqual({ status: 201, body: null });
    id = net.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('one machine creation → exactly one build task, at the revision that carries its mesh section', async () => {
    const res = await host.post(`/api/networks/${id}/machines`, { name: 'nas', config: {} });
    expect(res.status).toBe(201);
    await settled();
    // The user's commit and the panel's follow-up with the section…
    expect((await git('log', '-2', '--format=%an')).split('\n')).toEqual(['cLAN panel', 'admin']);
    // …and one build, of the head.
    const tasks = await builds('nas');
    expect(tasks.map((x) => x.status)).toEqual(['queued']);
    expect(await revisionOf(tasks[0].id)).toBe(await git('rev-parse', 'HEAD'));
  });

  it('a save then Deploy now: one queued build, of the new revision; Deploy now answers it, the older one is superseded', async () => {
    const [first] = await builds('nas');
    const put = await host.request('PUT', `/api/networks/${id}/machines/nas`, {
      config: { resources: { vcpus: 2 } },
      baseRevision: await git('rev-parse', 'HEAD'),
    });
    expect(put.status).toBe(200);
    await settled();
    const head = await git('rev-parse', 'HEAD');

    const deploy = await host.post<{ taskId: string }>(`/api/networks/${id}/machines/nas/deploy`, {});
    expect(deploy.status).toBe(202);
    const again = await host.post<{ taskId: string }>(`/api/networks/${id}/machines/nas/deploy`, {});
    expect(again.body.taskId).toBe(deploy.body.taskId);

    const tasks = await builds('nas');
    const queued = tasks.filter((x) => x.status === 'queued');
    expect(queued.map((x) => x.id)).toEqual([deploy.body.taskId]);
    expect(await revisionOf(deploy.body.taskId)).toBe(head);
    expect(tasks.find((x) => x.id === first.id)).toMatchObject({
      status: 'cancelled',
      message: `Superseded by revision ${head.slice(0, 12)}.`,
    });
    expect(tasks).toHaveLength(2);
  });
  it('a revert to before the machine had its mesh section: the preview leaves the section alone, no panel commit follows, one build', async () => {
    // The admin's creation commit: the machine without the panel's section yet.
    const target = await git('rev-list', '-1', '--author=admin', '--grep=Add machine nas', 'HEAD');
    expect(target).toMatch(/^[0-9a-f]{40}$/);
    const dry = await host.post<{ diff: { patch: string } }>(`/api/networks/${id}/config/revert`, { revision: target, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.diff.patch).toContain('vcpus');
    expect(dry.body.diff.patch).not.toMatch(/^[-+].*"mesh"/m);

    const before = Number(await git('rev-list', '--count', 'HEAD'));
    const reverted = await host.post<{ revision: string; committed: boolean }>(`/api/networks/${id}/config/revert`, { revision: target });
    expect(reverted.status).toBe(200);
    await settled();
    // The revert is the last commit: the panel had nothing to put back.
    expect(Number(await git('rev-list', '--count', 'HEAD'))).toBe(before + 1);
    expect(await git('rev-parse', 'HEAD')).toBe(reverted.body.revision);
    expect(JSON.parse(await git('show', 'HEAD:configs.json')).nas.mesh).toBeDefined();

    const queued = (await builds('nas')).filter((x) => x.status === 'queued');
    expect(queued).toHaveLength(1);
    expect(await revisionOf(queued[0].id)).toBe(reverted.body.revision);
  });
});
