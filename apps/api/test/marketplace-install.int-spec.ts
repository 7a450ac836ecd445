import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { networkRepoDir } from '../src/configs/repo-paths';
import { setupAdmin } from './auth-helpers';
import { type AuthorRepo, authorRepo } from './fixtures/marketplace';
import { waitFor } from './fixtures/principals';
import { git } from './fixtures/upstream';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

const run = promisify(execFile);

interface Task {
  id: string;
  status: string;
  error: string | null;
}
interface Review {
  id: string;
  app: string;
  kind: 'install' | 'update';
  fromRev: string | null;
  toRev: string;
  machine: string | null;
  status: string;
  configDiff: string;
  sourceDiff: { files: { path: string; status: string; additions: number; deletions: number }[]; patch: string; truncated: boolean };
}
interface Overview {
  apps: {
    key: string;
    rev: string;
    narHash: string;
    machines: string[];
    schema: { properties: Record<string, { default?: unknown }> };
    update: { rev: string; reviewId: string | null } | null;
  }[];
  reviews: { id: string; status: string }[];
}

/**
 * Third-party apps in a network (docs/marketplace.md, "Install and update"),
 * with real git, real Nix, real Postgres and Redis, and builds of the demo
 * system: a review shows the repository diff and the source's Nix diff and
 * pins nothing; accepting pins the app (marketplace.json, the flake input,
 * flake.lock); the machine builds from the panel's mirror, also after the
 * author's repository is gone or rewritten; an update is a review again and
 * nothing of it builds before it is accepted.
 */
describe('marketplace apps in a network (real git, Nix, demo builds)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let author: AuthorRepo;
  let sourceId: string;
  let networkId: string;
  let first: string;
  let firstBuild: string;

  const repo = () => networkRepoDir(t.config.stateDir, networkId);
  const show = async (file: string) =>
    (await run('git', ['show', `HEAD:${file}`], { cwd: repo(), env: { PATH: '/usr/bin:/bin' } }).catch(() => ({ stdout: null }))).stdout;
  const overview = async (): Promise<Overview> => {
    const res = await admin.get(`/api/networks/${networkId}/marketplace`);
    expect(res.status).toBe(200);
    return res.body as Overview;
  };
  const builds = async (): Promise<Task[]> =>
    (await admin.get(`/api/tasks?networkId=${networkId}&machine=home&type=machine.build&limit=50`)).body.items as Task[];
  /** Deploys `home` (build, then start) and answers the store path the build made. */
  const build = async (): Promise<string> => {
    const before = new Set((await builds()).map((x) => x.id));
    const deploy = await admin.post(`/api/networks/${networkId}/machines/home/deploy`, {});
    expect({ status: deploy.status, body: deploy.status < 300 ? null : deploy.body }).toEqual({ status: 202, body: null });
    const task = await waitFor(
      async () => (await builds()).find((x) => !before.has(x.id)) ?? null,
      (x) => x !== null,
      30_000,
      'the build task',
    );
    const done = await waitFor(
      () => admin.get(`/api/tasks/${task?.id}`).then((r) => r.body as Task & { result?: { storePath?: string } }),
      (x) => ['succeeded', 'failed', 'cancelled'].includes(x.status),
      180_000,
      'the build to finish',
    );
    expect({ status: done.status, error: done.error }).toEqual({ status: 'succeeded', error: null });
    // The build queued the deployment; the test's libvirt (test:///default) boots nothing, so it is cancelled.
    const deployTaskId = (done as { result?: { deployTaskId?: string | null } }).result?.deployTaskId;
    if (deployTaskId) {
      await admin.post(`/api/tasks/${deployTaskId}/cancel`, {});
      await waitFor(
        () => admin.get(`/api/tasks/${deployTaskId}`).then((r) => r.body as Task),
        (x) => ['succeeded', 'failed', 'cancelled'].includes(x.status),
        60_000,
        'the deployment to stop',
      );
    }
    const generations = await admin.get(`/api/networks/${networkId}/machines/home/generations`);
    return (generations.body.items as { storePath: string }[])[0].storePath;
  };

  /** Replaces the machine's network layer (at the head). */
  const putConfig = async (config: Record<string, unknown>) =>
    admin.request('PUT', `/api/networks/${networkId}/machines/home`, { config, baseRevision: await git(repo(), 'rev-parse', 'HEAD') });

  beforeAll(async () => {
    t = await startTestPanel({ NIX_CONFIG: 'substituters =' });
    admin = await setupAdmin(t);
    author = await authorRepo();
    first = await git(author.dir, 'rev-parse', 'HEAD');
    const source = await admin.post('/api/marketplace/sources', { name: 'example-apps', url: author.dir });
    expect(source.body).toMatchObject({ revision: first, lastError: null });
    sourceId = source.body.id;
    const net = await admin.post('/api/networks', { name: 'family', system: 'demo' });
    expect({ status: net.status, body: net.status === 201 ? null : net.body }).toEqual({ status: 201, body: null });
    networkId = net.body.id;
    expect((await admin.post(`/api/networks/${networkId}/machines`, { name: 'home', config: {} })).status).toBe(201);
  });
  afterAll(async () => {
    author?.remove();
    await t?.close();
  });

  it('an app that is not pinned is refused in configs.json with a sentence saying how to install it', async () => {
    const put = await putConfig({ applications: { pinBoard: { enable: true } } });
    expect(put.status).toBe(400);
    expect(put.body.message).toContain('pinBoard');
    expect(put.body.message).toContain('Marketplace');
  });

  it('install: the review shows the repository diff and the Nix source; nothing is pinned until it is accepted', async () => {
    const head = await git(repo(), 'rev-parse', 'HEAD');
    const res = await admin.post(`/api/networks/${networkId}/marketplace/reviews`, { sourceId, app: 'pinBoard', machine: 'home' });
    expect(res.status).toBe(201);
    const review = res.body as Review;
    expect(review).toMatchObject({ app: 'pinBoard', kind: 'install', fromRev: null, toRev: first, machine: 'home', status: 'pending' });
    // The Nix source, from nothing: the module and the flake are new files.
    expect(review.sourceDiff.files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'apps/pin-board.nix', status: 'added' }),
        expect.objectContaining({ path: 'flake.nix', status: 'added' }),
      ]),
    );
    expect(review.sourceDiff.patch).toContain('+    systemd.services.pin-board = {');
    // The repository diff: the input, its lock node, marketplace.json and the machine's app.
    expect(review.configDiff).toContain('inputs."app-pinBoard".url = "git+file://');
    expect(review.configDiff).toContain('+++ b/flake.lock');
    expect(review.configDiff).toContain('+++ b/marketplace.json');
    expect(review.configDiff).toContain('"pinBoard"');
    // Asking again answers the same review; nothing was committed.
    const again = await admin.post(`/api/networks/${networkId}/marketplace/reviews`, { sourceId, app: 'pinBoard', machine: 'home' });
    expect(again.body.id).toBe(review.id);
    expect(await git(repo(), 'rev-parse', 'HEAD')).toBe(head);
    expect(await show('marketplace.json')).toBeNull();

    const accepted = await admin.post(`/api/networks/${networkId}/marketplace/reviews/${review.id}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ machine: 'home', review: { status: 'accepted' } });
    expect(await git(repo(), 'rev-parse', 'HEAD')).toBe(accepted.body.commit);
    const pinned = JSON.parse((await show('marketplace.json')) as string);
    expect(pinned.apps.pinBoard).toMatchObject({ rev: first, input: 'app-pinBoard', acceptedBy: 'admin' });
    expect(pinned.apps.pinBoard.url).toBe(
      `git+file://${join(t.config.stateDir, 'marketplace', 'mirrors', `${sourceId}.git`)}?ref=refs/clan/pins/${first}&rev=${first}`,
    );
    const lock = JSON.parse((await show('flake.lock')) as string);
    const node = lock.nodes[lock.nodes.root.inputs['app-pinBoard']];
    expect(node.locked).toMatchObject({ rev: first, narHash: pinned.apps.pinBoard.narHash, type: 'git' });
    const configs = JSON.parse((await show('configs.json')) as string);
    expect(configs.home.applications.pinBoard).toMatchObject({ enable: true, port: 8090 });

    const o = await overview();
    expect(o.apps).toEqual([expect.objectContaining({ key: 'pinBoard', rev: first, machines: ['home'], update: null })]);
    expect(o.apps[0].schema.properties['port']).toMatchObject({ default: 8090 });
    // Decided: it cannot be accepted twice.
    expect((await admin.post(`/api/networks/${networkId}/marketplace/reviews/${review.id}/accept`, {})).status).toBe(409);
  });

  it("the machine builds with the app (the demo system depends on the pinned module) and its options are validated like a built-in app's", async () => {
    firstBuild = await build();
    const bad = await putConfig({ applications: { pinBoard: { enable: true, port: 70000 } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('applications.pinBoard.port');
    // Removing the pin while a machine lists the app is refused.
    const remove = await admin.delete(`/api/networks/${networkId}/marketplace/apps/pinBoard`);
    expect(remove.status).toBe(409);
    expect(remove.body.message).toContain('home');
  });

  it('a force-push upstream changes nothing pinned; with the repository deleted, the machine still rebuilds from the mirror', async () => {
    author.edit('apps/pin-board.nix', '<p>Notes go here.</p>', '<p>Rewritten history.</p>');
    await git(author.dir, 'add', '-A');
    await git(author.dir, '-c', 'user.name=Author', '-c', 'user.email=author@example.org', 'commit', '-q', '--amend', '-m', 'Rewritten');
    const refreshed = await admin.post(`/api/marketplace/sources/${sourceId}/refresh`, {});
    expect(refreshed.body.revision).not.toBe(first);
    expect(JSON.parse((await show('marketplace.json')) as string).apps.pinBoard.rev).toBe(first);
    expect((await overview()).apps[0].update).toMatchObject({ rev: refreshed.body.revision, reviewId: null });

    author.remove();
    // A change of the machine's settings: a new system, built from the pinned revision in the mirror.
    const put = await putConfig({ applications: { pinBoard: { enable: true, heading: 'Still here' } } });
    expect(put.status).toBe(200);
    const rebuilt = await build();
    expect(rebuilt).not.toBe(firstBuild);
    // And the first configuration again gives the very same system: the pin did not move.
    const back = await putConfig({ applications: { pinBoard: { enable: true, heading: 'Our pin board' } } });
    expect(back.status).toBe(200);
    expect(await build()).toBe(firstBuild);
  });

  it('an update shows the Nix source diff first; until it is accepted, nothing of it is pinned or built', async () => {
    const { update } = (await overview()).apps[0];
    const buildsBefore = (await builds()).length;
    const lockBefore = await show('flake.lock');
    const res = await admin.post(`/api/networks/${networkId}/marketplace/reviews`, { sourceId, app: 'pinBoard' });
    expect(res.status).toBe(201);
    const review = res.body as Review;
    expect(review).toMatchObject({ kind: 'update', fromRev: first, toRev: update?.rev, status: 'pending' });
    expect(review.sourceDiff.files).toEqual([
      expect.objectContaining({ path: 'apps/pin-board.nix', status: 'modified', additions: 1, deletions: 1 }),
    ]);
    expect(review.sourceDiff.patch).toContain('-    <p>Notes go here.</p>');
    expect(review.sourceDiff.patch).toContain('+    <p>Rewritten history.</p>');
    expect(review.configDiff).toContain(`-      "rev": "${first}"`);
    expect((await overview()).apps[0].update?.reviewId).toBe(review.id);

    // Pending: the lock is unchanged and no build was started by it.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await show('flake.lock')).toBe(lockBefore);
    expect((await builds()).length).toBe(buildsBefore);

    const accepted = await admin.post(`/api/networks/${networkId}/marketplace/reviews/${review.id}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(JSON.parse((await show('marketplace.json')) as string).apps.pinBoard.rev).toBe(update?.rev);
    expect(await show('flake.lock')).not.toBe(lockBefore);
    // Accepting pins; it deploys nothing by itself (the machine is "not in sync" until an admin deploys it).
    await new Promise((r) => setTimeout(r, 1000));
    expect((await builds()).length).toBe(buildsBefore);
    expect(await build()).not.toBe(firstBuild);
  });

  it('reject and bad input: 4xx with sentences, nothing changes', async () => {
    const noApp = await admin.post(`/api/networks/${networkId}/marketplace/reviews`, { sourceId, app: 'nothing' });
    expect(noApp.status).toBe(404);
    const same = await admin.post(`/api/networks/${networkId}/marketplace/reviews`, { sourceId, app: 'pinBoard' });
    expect(same.status).toBe(409);
    expect(same.body.message).toContain('nothing to review');
    const badKey = await admin.post(`/api/networks/${networkId}/marketplace/reviews`, { sourceId, app: 'Not a key' });
    expect(badKey.status).toBe(400);
    const badId = await admin.get(`/api/networks/${networkId}/marketplace/reviews/not-a-uuid`);
    expect(badId.status).toBe(404);
    expect(badId.body.message).toBe('No review has the id "not-a-uuid".');
    expect((await admin.delete(`/api/networks/${networkId}/marketplace/apps/nothing`)).status).toBe(404);
  });
});
