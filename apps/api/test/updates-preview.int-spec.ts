import { DataSource } from 'typeorm';
import { networkRepoDir } from '../src/configs/repo-paths';
import { setupAdmin } from './auth-helpers';
import { waitFor } from './fixtures/principals';
import { type DemoUpstream, demoUpstream, git } from './fixtures/upstream';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

interface Task {
  id: string;
  status: string;
  error: string | null;
}
interface PreviewMachine {
  machine: string;
  baseline: { kind: string; generation: number | null; storePath: string };
  candidate: string | null;
  changes: boolean;
  reboot: boolean;
  packages: { name: string; from: string[]; to: string[]; sizeDelta: number }[];
  restarts: string[];
  closureBytes: { from: number; to: number | null };
  downloadBytes: number | null;
  error: string | null;
}
interface Preview {
  id: string;
  status: string;
  baseRevision: string;
  fromRev: string;
  toRev: string | null;
  lockDiff: string | null;
  machines: PreviewMachine[];
  taskId: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * The update preview (docs/updates.md, "Preview"; docs/decisions/0017 §3), with real Nix, git,
 * Postgres and Redis and no VM: a local git copy of the demo system is the upstream the network
 * follows; a commit in it changes beta's system (not its kernel, initrd or kernel parameters) and
 * gamma's kernel parameters, and leaves alpha alone. The preview builds every machine from the
 * proposed lock and says exactly that, and deploys and commits nothing.
 */
describe('updates: the preview of an update (real Nix, git, Postgres, Redis)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let up: DemoUpstream;
  let upDir: string;
  let upstream: string;
  let id: string;
  const repo = () => networkRepoDir(t.config.stateDir, id);
  const commitUpstream = (message: string) => up.commit(message);
  const finished = (taskId: string, what: string) =>
    waitFor(
      () => admin.get(`/api/tasks/${taskId}`).then((r) => r.body as Task),
      (x) => ['succeeded', 'failed', 'cancelled'].includes(x.status),
      300_000,
      what,
    );
  const check = async () => {
    const res = await admin.post<{ taskId: string }>(`/api/networks/${id}/updates/check`, {});
    expect(res.status).toBe(202);
    const task = await finished(res.body.taskId, 'the update check');
    expect({ status: task.status, error: task.error }).toEqual({ status: 'succeeded', error: null });
  };
  const db = () => t.panel.app.get(DataSource);

  beforeAll(async () => {
    up = await demoUpstream();
    upDir = up.dir;
    upstream = up.url;
    t = await startTestPanel({ CLAN_AUTO_DEPLOY: 'false', NIX_CONFIG: 'substituters =' });
    admin = await setupAdmin(t);
    const net = await admin.post<{ id: string }>('/api/networks', { name: 'preview', system: 'demo' });
    expect(net.status).toBe(201);
    id = net.body.id;
    for (const name of ['alpha', 'beta', 'gamma'])
      expect((await admin.post(`/api/networks/${id}/machines`, { name, config: {} })).status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    up?.remove();
  });

  it('refuses a preview with a 409 sentence: no upstream, no check yet, up to date', async () => {
    let res = await admin.request('POST', `/api/networks/${id}/updates/preview`, {});
    expect({ status: res.status, message: res.body.message }).toEqual({
      status: 409,
      message: expect.stringContaining('follows no upstream'),
    });

    expect((await admin.request('PUT', `/api/networks/${id}/updates/upstream`, { upstream })).status).toBe(200);
    res = await admin.request('POST', `/api/networks/${id}/updates/preview`, {});
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 409, message: expect.stringContaining('check first') });

    await check();
    res = await admin.request('POST', `/api/networks/${id}/updates/preview`, {});
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 409, message: expect.stringContaining('is up to date') });

    res = await admin.request('POST', `/api/networks/00000000-0000-4000-8000-000000000000/updates/preview`, {});
    expect(res.status).toBe(404);
  }, 300_000);

  it('builds every machine from the proposed lock and says what changes, deploying and committing nothing', async () => {
    const fromRev = await git(upDir, 'rev-parse', 'HEAD');
    // beta: its configuration file changes (config.json in its system), nothing it boots.
    up.edit(
      'flake.nix',
      'configJson = if config == null then "" else builtins.toJSON config;',
      'configJson = if config == null then "" else builtins.toJSON (if n == "beta" then config // { motd = "a newer demo"; } else config);',
    );
    // gamma: its kernel command line changes.
    up.edit(
      'flake.nix',
      'kernelParams = "console=ttyS0 panic=-1 loglevel=4";',
      'kernelParams = "console=ttyS0 panic=-1 loglevel=4" + (if n == "gamma" then " quiet" else "");',
    );
    const toRev = await commitUpstream('A newer demo system: beta says hello, gamma boots quietly');
    await check();
    const head = await git(repo(), 'rev-parse', 'HEAD');

    const res = await admin.post<{ taskId: string; previewId: string }>(`/api/networks/${id}/updates/preview`, {});
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ taskId: expect.any(String), previewId: expect.any(String) });
    // One at a time.
    const again = await admin.request('POST', `/api/networks/${id}/updates/preview`, {});
    expect({ status: again.status, message: again.body.message }).toEqual({
      status: 409,
      message: expect.stringContaining('already being built'),
    });

    const task = await finished(res.body.taskId, 'the preview');
    expect({ status: task.status, error: task.error }).toEqual({ status: 'succeeded', error: null });
    const got = await admin.get<Preview>(`/api/networks/${id}/updates/previews/${res.body.previewId}`);
    expect(got.status).toBe(200);
    const preview = got.body;
    expect(preview).toMatchObject({
      id: res.body.previewId,
      status: 'ready',
      baseRevision: head,
      fromRev,
      toRev,
      taskId: res.body.taskId,
      error: null,
      finishedAt: expect.any(String),
    });
    expect(preview.lockDiff).toMatch(new RegExp(`^-\\s+"rev": "${fromRev}"`, 'm'));
    expect(preview.lockDiff).toMatch(new RegExp(`^\\+\\s+"rev": "${toRev}"`, 'm'));

    const byName = Object.fromEntries(preview.machines.map((m) => [m.machine, m]));
    expect(preview.machines.map((m) => m.machine)).toEqual(['alpha', 'beta', 'gamma']);
    for (const m of preview.machines) {
      // No machine runs a generation here: the baseline is what the head builds now.
      expect(m).toMatchObject({ baseline: { kind: 'head', generation: null }, error: null, restarts: [] });
      expect(m.baseline.storePath).toMatch(/^\/nix\/store\/[0-9a-z]{32}-clan-test-system-/);
      expect(m.candidate).toMatch(/^\/nix\/store\/[0-9a-z]{32}-clan-test-system-/);
      expect(m.closureBytes.from).toBeGreaterThan(0);
      expect(m.closureBytes.to).toBeGreaterThan(0);
    }
    expect(byName['alpha']).toMatchObject({ changes: false, reboot: false, packages: [], downloadBytes: 0 });
    expect(byName['alpha'].candidate).toBe(byName['alpha'].baseline.storePath);
    expect(byName['beta']).toMatchObject({ changes: true, reboot: false });
    expect(byName['beta'].candidate).not.toBe(byName['beta'].baseline.storePath);
    // The new system itself is new in the store; the kernel it shares is not.
    expect(byName['beta'].downloadBytes).toBeGreaterThan(0);
    expect(byName['beta'].downloadBytes).toBeLessThan(byName['beta'].closureBytes.to as number);
    expect(byName['gamma']).toMatchObject({ changes: true, reboot: true });

    const log = ((await admin.get(`/api/tasks/${task.id}/log`)).body.items as { text: string }[]).map((l) => l.text);
    expect(log).toContain('alpha: no change.');
    expect(log.find((l) => l.startsWith('beta: changes; no reboot'))).toBeDefined();
    expect(log.find((l) => l.startsWith('gamma: changes; needs a reboot (the kernel parameters change)'))).toBeDefined();

    // The status shows it; nothing was committed, built as a generation or deployed.
    expect((await admin.get<{ preview: Preview | null }>(`/api/networks/${id}/updates`)).body.preview).toMatchObject({
      id: preview.id,
      status: 'ready',
    });
    expect(await git(repo(), 'rev-parse', 'HEAD')).toBe(head);
    expect(await db().query('SELECT count(*)::int AS n FROM "generations" WHERE "network_id" = $1', [id])).toEqual([{ n: 0 }]);
    const others: { type: string }[] = await db().query('SELECT "type" FROM "tasks" WHERE "network_id" = $1 AND "type" NOT LIKE $2', [
      id,
      'update.%',
    ]);
    expect(others).toEqual([]);
  }, 600_000);

  it('a machine whose updated system does not build gets the sentence why; the preview still finishes with the others', async () => {
    up.edit(
      'flake.nix',
      'kernelParams = "console=ttyS0 panic=-1 loglevel=4" + (if n == "gamma" then " quiet" else "");',
      'kernelParams = if n == "gamma" then throw "gamma has no kernel command line in this revision" else "console=ttyS0 panic=-1 loglevel=4";',
    );
    const toRev = await commitUpstream('A broken demo system for gamma');
    await check();
    const res = await admin.post<{ taskId: string; previewId: string }>(`/api/networks/${id}/updates/preview`, {});
    expect(res.status).toBe(202);
    const task = await finished(res.body.taskId, 'the preview of a broken update');
    expect({ status: task.status, error: task.error }).toEqual({ status: 'succeeded', error: null });
    const preview = (await admin.get<Preview>(`/api/networks/${id}/updates/previews/${res.body.previewId}`)).body;
    expect(preview).toMatchObject({ status: 'ready', toRev });
    const byName = Object.fromEntries(preview.machines.map((m) => [m.machine, m]));
    expect(byName['alpha']).toMatchObject({ changes: false, error: null });
    expect(byName['beta']).toMatchObject({ changes: true, reboot: false, error: null });
    expect(byName['gamma']).toMatchObject({
      candidate: null,
      changes: false,
      downloadBytes: null,
      closureBytes: { to: null },
      error: expect.stringMatching(/^The updated system could not be built: .*gamma has no kernel command line in this revision/),
    });
    const log = ((await admin.get(`/api/tasks/${task.id}/log`)).body.items as { text: string }[]).map((l) => l.text);
    expect(log).toContain('Preview ready: 1 machine of 3 changes, 0 need a reboot, 1 could not be built. Nothing was deployed.');
  }, 600_000);

  it('a new preview supersedes the last one; an unknown preview is a 404', async () => {
    const before = (await admin.get<{ preview: Preview | null }>(`/api/networks/${id}/updates`)).body.preview as Preview;
    const res = await admin.post<{ taskId: string; previewId: string }>(`/api/networks/${id}/updates/preview`, {});
    expect(res.status).toBe(202);
    const old = await admin.get<Preview>(`/api/networks/${id}/updates/previews/${before.id}`);
    expect(old.body.status).toBe('superseded');
    const task = await finished(res.body.taskId, 'the second preview');
    expect(task.status).toBe('succeeded');
    expect((await admin.get<{ preview: Preview | null }>(`/api/networks/${id}/updates`)).body.preview?.id).toBe(res.body.previewId);

    const missing = await admin.request('GET', `/api/networks/${id}/updates/previews/00000000-0000-4000-8000-000000000000`);
    expect({ status: missing.status, message: missing.body.message }).toEqual({
      status: 404,
      message: expect.stringContaining('no update preview'),
    });
  }, 600_000);
});
