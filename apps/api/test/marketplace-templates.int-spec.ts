import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { networkRepoDir } from '../src/configs/repo-paths';
import { createUser, setupAdmin, signedIn } from './auth-helpers';
import { type AuthorRepo, authorRepo } from './fixtures/marketplace';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

const run = promisify(execFile);

/**
 * Templates (docs/marketplace.md, "Templates" and "Publish"), with real git, Nix and Postgres: a
 * network with built-in and third-party apps is published into a repository the panel serves
 * read-only; its nix:// link is resolved, the repository is added as a marketplace source (the panel
 * fetching from itself over HTTP), and a second network created from it has the same machines and
 * app settings — the third-party app as an install review — and nothing private of the first.
 */
describe('network templates: publish, nix:// link, create from template (real git, Nix)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let author: AuthorRepo;
  let first: string;
  let published: { link: string; gitUrl: string; key: string; machines: string[]; apps: string[]; omitted: string[] };
  const work = mkdtempSync(join(tmpdir(), 'clan-templates-'));

  const show = async (networkId: string, file: string) =>
    (await run('git', ['show', `HEAD:${file}`], { cwd: networkRepoDir(t.config.stateDir, networkId), env: { PATH: '/usr/bin:/bin' } }))
      .stdout;
  const head = async (networkId: string) =>
    (
      await run('git', ['rev-parse', 'HEAD'], { cwd: networkRepoDir(t.config.stateDir, networkId), env: { PATH: '/usr/bin:/bin' } })
    ).stdout.trim();

  beforeAll(async () => {
    t = await startTestPanel();
    admin = await setupAdmin(t);
    author = await authorRepo();
    const source = await admin.post('/api/marketplace/sources', { name: 'example-apps', url: author.dir });
    expect(source.body).toMatchObject({ lastError: null });
    const net = await admin.post<{ id: string }>('/api/networks', { name: 'family' });
    expect(net.status).toBe(201);
    first = net.body.id;
    for (const [name, config] of [
      ['nas', { applications: { syncthing: { enable: true, sharedFolders: ['/srv/photos'] } }, resources: { memoryMiB: 2048 } }],
      ['vault', { applications: { vaultwarden: { enable: true, port: 8300 } } }],
    ] as const) {
      expect((await admin.post(`/api/networks/${first}/machines`, { name, config })).status).toBe(201);
    }
    // A local change and a local admin: neither may reach the template.
    const local = await admin.request('PUT', `/api/networks/${first}/machines/nas/overrides`, {
      overrides: { resources: { vcpus: 4 } },
      baseRevision: await head(first),
    });
    expect(local.status).toBeLessThan(300);
    // The pin board from the author's source, on nas.
    const review = await admin.post<{ id: string }>(`/api/networks/${first}/marketplace/reviews`, {
      sourceId: source.body.id,
      app: 'pinBoard',
      machine: 'nas',
    });
    expect(review.status).toBe(201);
    expect((await admin.post(`/api/networks/${first}/marketplace/reviews/${review.body.id}/accept`, {})).status).toBe(200);
    const heading = await admin.request('PUT', `/api/networks/${first}/machines/nas`, {
      config: {
        applications: {
          syncthing: { enable: true, sharedFolders: ['/srv/photos'] },
          pinBoard: { enable: true, heading: 'The family board' },
        },
        resources: { memoryMiB: 2048 },
      },
      baseRevision: await head(first),
    });
    expect(heading.status).toBe(200);
  });
  afterAll(async () => {
    author?.remove();
    rmSync(work, { recursive: true, force: true });
    await t?.close();
  });

  it('publishes the network: machines and app settings only, served read-only without sign-in, with a nix:// link', async () => {
    expect((await admin.get(`/api/networks/${first}/publish`)).body).toEqual({ published: null });
    const res = await admin.post(`/api/networks/${first}/publish`, { title: 'Family network', description: 'A NAS and a vault.' });
    expect(res.status).toBe(200);
    published = res.body;
    const port = new URL(t.baseUrl).port;
    expect(published).toMatchObject({
      key: 'family',
      licence: 'CC0-1.0',
      machines: ['nas', 'vault'],
      apps: ['pinBoard', 'syncthing', 'vaultwarden'],
      gitUrl: `http://127.0.0.1:${port}/api/published/${first}.git`,
      link: `nix://http-127.0.0.1:${port}/api/published/${first}.git`,
    });
    expect(published.omitted.join(' ')).toContain('Local changes');
    expect((await admin.get(`/api/networks/${first}/publish`)).body.published).toMatchObject({
      key: 'family',
      revision: res.body.revision,
    });

    // Anyone can clone it; nothing private is in it.
    const clone = join(work, 'clone');
    await run('git', ['clone', '-q', published.gitUrl, clone], { env: { PATH: '/usr/bin:/bin', HOME: work, GIT_TERMINAL_PROMPT: '0' } });
    const templates = JSON.parse(readFileSync(join(clone, 'templates.json'), 'utf8'));
    expect(templates.family.configs.nas.applications.syncthing).toMatchObject({ enable: true, sharedFolders: ['/srv/photos'] });
    expect(templates.family.configs.nas.applications.pinBoard).toMatchObject({ heading: 'The family board' });
    expect(templates.family.configs.nas.resources).toMatchObject({ memoryMiB: 2048, vcpus: 1 });
    expect(templates.family.sources).toEqual({ pinBoard: { url: author.dir } });
    const text = readFileSync(join(clone, 'templates.json'), 'utf8');
    for (const secret of ['"mesh"', 'privateKey', 'admin-token', '"overrides"']) expect(text).not.toContain(secret);
    // Pushes are refused.
    const push = await fetch(`${published.gitUrl}/info/refs?service=git-receive-pack`);
    expect(push.status).toBe(403);
  });

  it('resolves the link: a template repository that is not a source yet; then a source with its template', async () => {
    const before = await admin.get(`/api/marketplace/resolve?link=${encodeURIComponent(published.link)}`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ kind: 'template', gitUrl: published.gitUrl, network: null, source: null, templates: [] });
    const added = await admin.post('/api/marketplace/sources', { name: 'family-template', url: published.gitUrl });
    expect(added.body).toMatchObject({ lastError: null, entries: 1 });
    const after = await admin.get(`/api/marketplace/resolve?link=${encodeURIComponent(published.link)}`);
    expect(after.body).toMatchObject({
      kind: 'template',
      source: { name: 'family-template' },
      templates: [{ source: 'family-template', key: 'family', title: 'Family network' }],
    });
    // The network's own repository link names the network, and the admin is a member.
    const port = new URL(t.baseUrl).port;
    const own = await admin.get(
      `/api/marketplace/resolve?link=${encodeURIComponent(`nix://http-127.0.0.1:${port}/api/networks/${first}/config.git`)}`,
    );
    expect(own.body).toMatchObject({ kind: 'network', network: { id: first, name: 'family', member: true } });
    const bad = await admin.get(`/api/marketplace/resolve?link=${encodeURIComponent('https://example.org/repo')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('nix://');
  });

  it('creates an equivalent network from the template: same machines and app settings, the third-party app as a review', async () => {
    const res = await admin.post('/api/marketplace/entries/family-template/template/family/networks', { name: 'cousins' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ network: { name: 'cousins' }, machines: ['nas', 'vault'], skipped: [] });
    expect(res.body.reviews).toEqual([expect.objectContaining({ app: 'pinBoard', kind: 'install', status: 'pending', machines: ['nas'] })]);
    const second = res.body.network.id as string;

    const a = JSON.parse(await show(first, 'configs.json'));
    let b = JSON.parse(await show(second, 'configs.json'));
    expect(b.nas.applications.pinBoard).toBeUndefined();
    // Accepting the review adds the app with the template's settings.
    const accepted = await admin.post(`/api/networks/${second}/marketplace/reviews/${res.body.reviews[0].id}/accept`, {});
    expect(accepted.status).toBe(200);
    b = JSON.parse(await show(second, 'configs.json'));
    const withoutMesh = (c: Record<string, Record<string, unknown>>) =>
      Object.fromEntries(
        Object.entries(c).map(([m, config]) => [m, Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'mesh'))]),
      );
    expect(withoutMesh(b)).toEqual(withoutMesh(a));
    // Not copied: the local change of nas.
    expect((await admin.get(`/api/networks/${second}/machines/nas`)).body.overrides ?? {}).toEqual({});
  });

  it('a network member cannot create networks from templates; publishing needs Network.Manage', async () => {
    await createUser(admin, 'cousin', 'cousin password 1');
    const client = await signedIn(t, 'cousin', 'cousin password 1');
    expect((await client.post('/api/marketplace/entries/family-template/template/family/networks', { name: 'other' })).status).toBe(403);
    expect((await client.post(`/api/networks/${first}/publish`, { title: 'x', description: 'y' })).status).toBe(403);
    const noSuch = await admin.post('/api/marketplace/entries/family-template/template/nothing/networks', { name: 'other' });
    expect(noSuch.status).toBe(404);
    const taken = await admin.post('/api/marketplace/entries/family-template/template/family/networks', { name: 'cousins' });
    expect(taken.status).toBe(409);
    expect((await admin.delete(`/api/networks/${first}/publish`)).status).toBe(204);
    expect((await fetch(`${published.gitUrl}/info/refs?service=git-upload-pack`)).status).toBe(404);
  });
});
