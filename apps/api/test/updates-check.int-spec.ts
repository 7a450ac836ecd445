import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { networkRepoDir } from '../src/configs/repo-paths';
import { setupAdmin } from './auth-helpers';
import { waitFor } from './fixtures/principals';
import { type DemoUpstream, demoUpstream, git } from './fixtures/upstream';
import { childProcessEnv } from './test-config';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

const run = promisify(execFile);
const NIX = ['--extra-experimental-features', 'nix-command flakes', '--option', 'substituters', ''];

interface Task {
  id: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}
interface Updates {
  upstream: string | null;
  inputs: {
    input: string;
    currentRev: string | null;
    latestRev: string | null;
    available: boolean;
    checkedAt: string | null;
    error: string | null;
  }[];
}

/**
 * Updates follow a locked upstream (docs/updates.md; docs/decisions/0017, slice 1), with real Nix and
 * real git and no VM: a local git repository holding a copy of the demo system is the upstream, a
 * commit in it is "the update". The panel locks it into the network repository's flake.lock, checks
 * it with `nix flake metadata`, notifies once, and builds the network's machines from the lock.
 */
describe('updates: a network follows a locked upstream (real Nix, git, Postgres, Redis)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let up: DemoUpstream;
  let upDir: string;
  let upstream: string;
  let id: string;
  // HOME away from the user's git settings: the commits here must not depend on them.
  const env = { ...childProcessEnv(), HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1' };
  const repo = () => networkRepoDir(t.config.stateDir, id);
  const commitUpstream = (message: string) => up.commit(message);
  const finished = (taskId: string, what: string) =>
    waitFor(
      () => admin.get(`/api/tasks/${taskId}`).then((r) => r.body as Task),
      (x) => ['succeeded', 'failed', 'cancelled'].includes(x.status),
      180_000,
      what,
    );
  const check = async (): Promise<Updates> => {
    const res = await admin.post<{ taskId: string }>(`/api/networks/${id}/updates/check`, {});
    expect(res.status).toBe(202);
    const task = await finished(res.body.taskId, 'the update check');
    expect({ status: task.status, error: task.error }).toEqual({ status: 'succeeded', error: null });
    return (await admin.get<Updates>(`/api/networks/${id}/updates`)).body;
  };

  beforeAll(async () => {
    up = await demoUpstream();
    upDir = up.dir;
    upstream = up.url;
    t = await startTestPanel({ CLAN_AUTO_DEPLOY: 'false', NIX_CONFIG: 'substituters =' });
    admin = await setupAdmin(t);
    const net = await admin.post<{ id: string }>('/api/networks', { name: 'updates', system: 'demo' });
    expect(net.status).toBe(201);
    id = net.body.id;
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    up?.remove();
  });

  it('refuses an upstream that is not a git flake URL with a 400 sentence, and one with a password', async () => {
    for (const [url, words] of [
      ['github:NixOS/nixpkgs', 'must be a git flake URL'],
      ['git+https://me:secret@example.org/clan?ref=main', 'must not contain a user name, password or token'],
      [`git+file://${upDir}`, '?ref=<branch>'],
    ]) {
      const res = await admin.request('PUT', `/api/networks/${id}/updates/upstream`, { upstream: url });
      expect({ status: res.status, message: res.body.message }).toEqual({ status: 400, message: expect.stringContaining(words) });
    }
  });

  it('an upstream that cannot be locked is a 409 sentence and nothing is committed', async () => {
    const head = await git(repo(), 'rev-parse', 'HEAD');
    const res = await admin.request('PUT', `/api/networks/${id}/updates/upstream`, {
      upstream: 'git+file:///nonexistent/clan-upstream?ref=main',
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('could not be locked, so nothing was committed');
    expect(await git(repo(), 'rev-parse', 'HEAD')).toBe(head);
    expect((await admin.get<Updates>(`/api/networks/${id}/updates`)).body).toMatchObject({ upstream: null, inputs: [] });
  });

  it('following it commits flake.nix and a flake.lock that pins its revision, as the panel', async () => {
    const rev = await git(upDir, 'rev-parse', 'HEAD');
    const res = await admin.request('PUT', `/api/networks/${id}/updates/upstream`, { upstream });
    expect({ status: res.status, message: res.body.message }).toEqual({ status: 200, message: undefined });
    expect(res.body).toMatchObject({ upstream, inputs: [{ input: 'clan', currentRev: rev, latestRev: null, available: false }] });
    expect(await git(repo(), 'log', '-1', '--format=%an|%s')).toBe(`cLAN panel|Follow ${upstream}`);
    expect(await git(repo(), 'show', 'HEAD:flake.nix')).toContain(`inputs.clan.url = "${upstream}";`);
    const lock = JSON.parse(await git(repo(), 'show', 'HEAD:flake.lock'));
    expect(lock.nodes.clan.locked).toMatchObject({ type: 'git', rev, ref: 'main' });
  });

  it('check: up to date, then a commit upstream is an update, notified once', async () => {
    const rev = await git(upDir, 'rev-parse', 'HEAD');
    let status = await check();
    expect(status.inputs[0]).toMatchObject({
      currentRev: rev,
      latestRev: rev,
      available: false,
      error: null,
      checkedAt: expect.any(String),
    });

    appendFileSync(join(upDir, 'flake.nix'), '# a newer demo system\n');
    const next = await commitUpstream('A newer demo system');
    status = await check();
    expect(status.inputs[0]).toMatchObject({ currentRev: rev, latestRev: next, available: true, error: null });
    // Checked again with nothing new: still one notification for that revision.
    await check();
    const notes: { title: string; state: string }[] = await t.panel.app
      .get(DataSource)
      .query('SELECT "title", "state" FROM "notifications" WHERE "subject" = $1', [`update:${id}:clan`]);
    expect(notes).toEqual([{ title: 'Updates available for updates', state: `available:${next}` }]);
  });

  it('a machine of the network builds from the lock: no override of clan, the same system as a plain build of the repository', async () => {
    expect((await admin.post(`/api/networks/${id}/machines`, { name: 'alpha', config: {} })).status).toBe(201);
    // The machine's commit kept the lock and the upstream in flake.nix.
    const pinned = JSON.parse(await git(repo(), 'show', 'HEAD:flake.lock')).nodes.clan.locked.rev as string;
    expect(await git(repo(), 'show', 'HEAD:flake.nix')).toContain(upstream);
    const deploy = await admin.post<{ taskId: string }>(`/api/networks/${id}/machines/alpha/deploy`, {});
    expect(deploy.status).toBeLessThan(300);
    const build = await finished(deploy.body.taskId, 'the build');
    expect({ status: build.status, error: build.error }).toEqual({ status: 'succeeded', error: null });
    const log = ((await admin.get(`/api/tasks/${build.id}/log`)).body.items as { text: string }[]).map((l) => l.text);
    expect(log).toContain(`System: demo; clan follows ${upstream}, pinned by flake.lock.`);

    // The same store path as Nix builds from a checkout of the head with its lock and nothing else.
    const checkout = mkdtempSync(join(tmpdir(), 'clan-updates-checkout-'));
    try {
      await run('sh', ['-c', `git -C "${repo()}" archive HEAD | tar -x -C "${checkout}"`], { env });
      const { stdout } = await run(
        'nix',
        [
          ...NIX,
          'build',
          '--json',
          '--no-link',
          '--no-update-lock-file',
          `path:${checkout}#nixosConfigurations.alpha.config.system.build.toplevel`,
        ],
        { env, maxBuffer: 64 << 20 },
      );
      expect(build.result?.['storePath']).toBe(JSON.parse(stdout)[0].outputs.out);
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
    expect(pinned).not.toBe(await git(upDir, 'rev-parse', 'HEAD'));
  });

  it('stopping following returns to the demo system without a lock', async () => {
    const res = await admin.request('PUT', `/api/networks/${id}/updates/upstream`, { upstream: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ upstream: null, inputs: [] });
    expect(await git(repo(), 'log', '-1', '--format=%s')).toBe(`Stop following ${upstream}`);
    expect(await git(repo(), 'ls-tree', '--name-only', 'HEAD')).not.toContain('flake.lock');
    expect(await git(repo(), 'show', 'HEAD:flake.nix')).toMatch(/inputs\.clan\.url = "path:[^"]+\/flakes\/demo-[0-9a-f]{20}";/);
  });

  it("a build of a revision follows that revision's flake.lock, not what the network follows now (a build queued before a change of upstream)", async () => {
    const buildAt = async (revision: string) => {
      // This test is about builds: the deployments earlier builds queued are cancelled (one action per machine at a time).
      const active = (await admin.get<{ items: Task[] }>(`/api/tasks?type=vm.deploy&machine=alpha`)).body.items.filter((x) =>
        ['queued', 'running'].includes(x.status),
      );
      for (const x of active) {
        await admin.post(`/api/tasks/${x.id}/cancel`, {});
        await finished(x.id, 'the cancelled deployment');
      }
      const deploy = await admin.post<{ taskId: string; message?: string }>(`/api/networks/${id}/machines/alpha/deploy`, { revision });
      expect({ status: deploy.status, message: deploy.body.message }).toEqual({ status: 202, message: undefined });
      const build = await finished(deploy.body.taskId, `the build of ${revision.slice(0, 12)}`);
      expect({ status: build.status, error: build.error }).toEqual({ status: 'succeeded', error: null });
      return ((await admin.get(`/api/tasks/${build.id}/log`)).body.items as { text: string }[]).map((l) => l.text);
    };
    const unlocked = await git(repo(), 'rev-parse', 'HEAD');
    const locked = await git(repo(), 'rev-parse', 'HEAD~1');
    expect(await git(repo(), 'ls-tree', '--name-only', locked)).toContain('flake.lock');
    // Not following now; the older revision pins clan: it builds from its lock.
    expect(await buildAt(locked)).toContain('System: demo; clan follows the upstream its flake.lock pins, pinned by flake.lock.');
    // Following again; the revision without a lock builds from the demo system, as it did when it was made.
    expect((await admin.request('PUT', `/api/networks/${id}/updates/upstream`, { upstream })).status).toBe(200);
    expect((await buildAt(unlocked)).join('\n')).toMatch(/System: demo; clan = path:[^ ]+\/flakes\/demo-[0-9a-f]{20}\./);
  });
});
