import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { indexMarketplace } from '../src/marketplace/marketplace-index';
import { MARKETPLACE_APPLY } from '../src/marketplace/marketplace-nix';
import { createUser, setupAdmin, signedIn } from './auth-helpers';
import { type AuthorRepo, authorRepo, EXAMPLE_SOURCE } from './fixtures/marketplace';
import { git } from './fixtures/upstream';
import { startTestPanel, type TestClient, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

const run = promisify(execFile);
const NIX = ['--extra-experimental-features', 'nix-command flakes', '--option', 'substituters', ''];

async function nix(...args: string[]): Promise<string> {
  return (await run('nix', [...NIX, ...args], { env: childProcessEnv(), maxBuffer: 16 << 20 })).stdout;
}

interface Revision {
  revision: string;
  narHash: string;
  pinned: boolean;
}
interface Source {
  id: string;
  name: string;
  revision: string | null;
  narHash: string | null;
  lastError: string | null;
  entries: number;
  revisions: Revision[];
}
interface Entry {
  source: string;
  thirdParty: boolean;
  kind: 'app' | 'template';
  key: string;
  category: string | null;
  revision: string | null;
  narHash: string | null;
  options: { properties: Record<string, { type: string; default?: unknown }> } | null;
  ports: { port: number; protocol: string }[];
  nixosModule: string | null;
  template: { apps: string[]; configs: Record<string, unknown> } | null;
}

/**
 * The marketplace, slice 1 (docs/marketplace.md): sources, mirror, pins and browsing, with real git
 * and real Nix. The author's repository is a local git repository made from
 * examples/marketplace-source; commits, a force-push and its deletion play what authors do.
 */
describe('marketplace sources (real git, real Nix, real Postgres)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let author: AuthorRepo;
  let source: Source;
  let first: string;
  let second: string;

  const mirror = (id: string) => join(t.config.stateDir, 'marketplace', 'mirrors', `${id}.git`);
  const entries = async (query = ''): Promise<Entry[]> => {
    const res = await admin.get(`/api/marketplace/entries${query}`);
    expect(res.status).toBe(200);
    return res.body.items as Entry[];
  };
  const refresh = async (id: string): Promise<Source> => {
    const res = await admin.post(`/api/marketplace/sources/${id}/refresh`, {});
    expect(res.status).toBe(200);
    return res.body as Source;
  };

  beforeAll(async () => {
    t = await startTestPanel();
    admin = await setupAdmin(t);
    author = await authorRepo();
    first = await git(author.dir, 'rev-parse', 'HEAD');
  });
  afterAll(async () => {
    author.remove();
    await t.close();
  });

  it("the example source's clanMarketplace evaluates with builtins only (no inputs) and follows the interface", async () => {
    const metadata = JSON.parse(await nix('flake', 'metadata', '--json', '--no-write-lock-file', `path:${EXAMPLE_SOURCE}`));
    expect(Object.keys(metadata.locks.nodes)).toEqual(['root']);
    const value = JSON.parse(await nix('eval', '--json', `path:${EXAMPLE_SOURCE}#clanMarketplace`, '--apply', MARKETPLACE_APPLY));
    const indexed = indexMarketplace(value);
    expect(indexed.map((e) => `${e.kind}:${e.key}`)).toEqual(['app:pinBoard', 'template:householdBoard']);
    expect(indexed[0].data.app).toMatchObject({ nixosModule: './apps/pin-board.nix', ports: [{ port: 8090, protocol: 'tcp' }] });
    expect(indexed[0].data.icon).toBe('./icons/pin-board.svg');
  });

  it('adds a source: mirrored, indexed at the revision of its default branch, pinned; entries listed beside the built-in apps', async () => {
    const res = await admin.post('/api/marketplace/sources', { name: 'example-apps', url: author.dir });
    expect(res.status).toBe(201);
    source = res.body as Source;
    expect(source).toMatchObject({ name: 'example-apps', revision: first, lastError: null, entries: 2 });
    expect(source.narHash).toMatch(/^sha256-/);
    expect(source.revisions).toEqual([expect.objectContaining({ revision: first, narHash: source.narHash, pinned: true })]);
    expect(existsSync(mirror(source.id))).toBe(true);

    const all = await entries();
    const pinBoard = all.find((e) => e.key === 'pinBoard');
    expect(pinBoard).toMatchObject({
      source: 'example-apps',
      thirdParty: true,
      kind: 'app',
      category: 'productivity',
      revision: first,
      narHash: source.narHash,
      nixosModule: './apps/pin-board.nix',
      ports: [{ port: 8090, protocol: 'tcp' }],
    });
    expect(pinBoard?.options?.properties['port']).toMatchObject({ type: 'integer', default: 8090 });
    const syncthing = all.find((e) => e.key === 'syncthing');
    expect(syncthing).toMatchObject({ source: 'built-in', thirdParty: false, revision: null, narHash: null });
    expect(syncthing?.options?.properties['enable']).toBeDefined();

    expect((await entries('?kind=template')).map((e) => e.key)).toEqual(['householdBoard']);
    expect((await entries('?category=productivity')).map((e) => e.key)).toEqual(['pinBoard']);
    expect((await entries('?q=notice%20board')).map((e) => e.key)).toEqual(['pinBoard']);
    const template = await admin.get('/api/marketplace/entries/example-apps/template/householdBoard');
    expect(template.status).toBe(200);
    expect(template.body.template.apps).toEqual(['pinBoard', 'syncthing']);
    expect((await admin.get('/api/marketplace/entries/built-in/app/forgejo')).body.title).toBe('Forgejo');
    expect((await admin.get('/api/marketplace/entries/example-apps/app/nothing')).status).toBe(404);
  });

  it('refreshes after a new commit: the new revision is indexed, the old one stays pinned in the mirror', async () => {
    author.edit('flake.nix', 'default = 8090;', 'default = 8091;');
    second = await author.commit('Port 8091');
    const after = await refresh(source.id);
    expect(after).toMatchObject({ revision: second, lastError: null });
    expect(after.revisions.map((r) => [r.revision, r.pinned])).toEqual([
      [second, true],
      [first, true],
    ]);
    expect((await admin.get('/api/marketplace/entries/example-apps/app/pinBoard')).body).toMatchObject({
      revision: second,
      ports: [{ port: 8091, protocol: 'tcp' }],
    });
    expect(await git(mirror(source.id), 'rev-parse', `refs/clan/pins/${first}`)).toBe(first);
  });

  it('bad metadata: the source shows a sentence naming the entry and field, keeps its entries; other sources are unaffected', async () => {
    const other = await authorRepo();
    try {
      const created = await admin.post('/api/marketplace/sources', { name: 'other-apps', url: `file://${other.dir}`, ref: 'main' });
      expect(created.body).toMatchObject({ lastError: null, entries: 2 });

      author.edit('flake.nix', 'default = 8091;', 'default = 70000;');
      await author.commit('A port out of range');
      const bad = await refresh(source.id);
      expect(bad.revision).toBe(second);
      expect(bad.lastError).toBe(
        `The fetched revision was not indexed: app "pinBoard": options.port.default must be a port number from 1 to 65535. Entries of revision ${second.slice(0, 12)} stay listed.`,
      );

      author.edit('flake.nix', 'default = 70000;', 'default = 8091; broken = ;');
      await author.commit('A syntax error');
      const broken = await refresh(source.id);
      expect(broken.lastError).toMatch(
        /^The fetched revision was not indexed: Nix could not read the revision as a flake: syntax error, unexpected ';'\. Entries of revision [0-9a-f]{12} stay listed\.$/,
      );
      expect((await admin.get('/api/marketplace/entries/example-apps/app/pinBoard')).body.revision).toBe(second);

      // An input would have to be fetched just to list the source: refused.
      author.edit('flake.nix', 'default = 8091; broken = ;', 'default = 8091;');
      author.edit(
        'flake.nix',
        '  outputs =\n    { self }:',
        `  inputs.extra = { url = "path:${other.dir}/icons"; flake = false; };\n  outputs =\n    { self, extra }:`,
      );
      await author.commit('An input');
      expect((await refresh(source.id)).lastError).toBe(
        `The fetched revision was not indexed: The flake has inputs (extra); a marketplace source must have none, so that listing it needs only builtins (docs/marketplace.md). Entries of revision ${second.slice(0, 12)} stay listed.`,
      );

      // A throw in the metadata: Nix's own sentence.
      author.edit('flake.nix', 'default = "Our pin board";', 'default = throw "the heading is not written yet";');
      author.edit(
        'flake.nix',
        `  inputs.extra = { url = "path:${other.dir}/icons"; flake = false; };\n  outputs =\n    { self, extra }:`,
        '  outputs =\n    { self }:',
      );
      await author.commit('A throw');
      expect((await refresh(source.id)).lastError).toBe(
        `The fetched revision was not indexed: Nix could not evaluate clanMarketplace: the heading is not written yet. Entries of revision ${second.slice(0, 12)} stay listed.`,
      );
      author.edit('flake.nix', 'default = throw "the heading is not written yet";', 'default = "Our pin board";');

      const untouched = (await admin.get(`/api/marketplace/sources/${created.body.id}`)).body as Source;
      expect(untouched).toMatchObject({ lastError: null, entries: 2 });
      expect((await entries()).filter((e) => e.source === 'other-apps')).toHaveLength(2);
      expect((await admin.delete(`/api/marketplace/sources/${created.body.id}`)).status).toBe(204);
      expect((await entries()).filter((e) => e.source === 'other-apps')).toHaveLength(0);
    } finally {
      other.remove();
    }
    // Back to a good head for the next tests.
    await author.commit('Fixed');
    expect((await refresh(source.id)).lastError).toBeNull();
  });

  it('a force-push of rewritten history does not take a pinned revision away nor change its narHash', async () => {
    const pinned = ((await admin.get(`/api/marketplace/sources/${source.id}`)).body as Source).revisions.find((r) => r.revision === second);
    expect(pinned).toBeDefined();
    // The author rewrites main from the first commit: `second` is no longer in the repository.
    await git(author.dir, 'reset', '-q', '--hard', first);
    author.edit('flake.nix', 'default = 8090;', 'default = 9000;');
    const rewritten = await author.commit('History rewritten');
    await git(author.dir, 'reflog', 'expire', '--expire=now', '--all');
    await git(author.dir, 'gc', '-q', '--prune=now');
    await expect(git(author.dir, 'cat-file', '-e', `${second}^{commit}`)).rejects.toThrow();

    expect((await refresh(source.id)).revision).toBe(rewritten);
    const meta = JSON.parse(
      await nix('flake', 'metadata', '--json', `git+file://${mirror(source.id)}?ref=refs/clan/pins/${second}&rev=${second}`),
    );
    expect(meta.locked.narHash).toBe(pinned?.narHash);
  });

  it("after the author's repository is deleted, a refresh fails with a sentence and the mirror still serves the pinned revision", async () => {
    const current = ((await admin.get(`/api/marketplace/sources/${source.id}`)).body as Source).revision as string;
    rmSync(author.dir, { recursive: true, force: true });
    const failed = await refresh(source.id);
    expect(failed.revision).toBe(current);
    expect(failed.lastError).toMatch(
      /^git could not fetch the default branch of the source: .+\. Entries of revision [0-9a-f]{12} stay listed\.$/,
    );
    expect((await admin.get('/api/marketplace/entries/example-apps/app/pinBoard')).body).toMatchObject({
      revision: current,
      ports: [{ port: 9000, protocol: 'tcp' }],
    });
    const port = await nix(
      'eval',
      '--json',
      `git+file://${mirror(source.id)}?ref=refs/clan/pins/${first}&rev=${first}#clanMarketplace.apps.pinBoard.options.port.default`,
    );
    expect(JSON.parse(port)).toBe(8090);
  });

  it('answers bad sources with sentences, never stores credentials, 404s unknown ids', async () => {
    const withToken = await admin.post('/api/marketplace/sources', { name: 'secret', url: 'https://me:hunter2@git.example.org/a/b' });
    expect(withToken.status).toBe(400);
    expect(withToken.body.fields).toEqual([
      { field: 'url', message: expect.stringMatching(/must not contain a user name, password or token/) },
    ]);
    expect(JSON.stringify(withToken.body)).not.toContain('hunter2');
    const builtIn = await admin.post('/api/marketplace/sources', { name: 'built-in', url: '/srv/apps' });
    expect(builtIn.body.fields[0]).toMatchObject({ field: 'name' });
    const relative = await admin.post('/api/marketplace/sources', { name: 'rel', url: '../apps' });
    expect(relative.status).toBe(400);
    const badRef = await admin.post('/api/marketplace/sources', { name: 'refs', url: '/srv/apps', ref: '--upload-pack=x' });
    expect(badRef.body.fields[0]).toMatchObject({ field: 'ref' });
    const taken = await admin.post('/api/marketplace/sources', { name: 'example-apps', url: '/srv/apps' });
    expect(taken.status).toBe(409);
    expect((await admin.get('/api/marketplace/sources/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.post('/api/marketplace/sources/00000000-0000-4000-8000-000000000000/refresh', {})).status).toBe(404);
  });

  it('only host admins manage sources; anyone signed in browses', async () => {
    await createUser(admin, 'mara', 'mara password 1');
    const mara = await signedIn(t, 'mara', 'mara password 1');
    expect((await mara.get('/api/marketplace/sources')).status).toBe(403);
    expect((await mara.post('/api/marketplace/sources', { name: 'mine', url: '/srv/apps' })).status).toBe(403);
    expect((await mara.post(`/api/marketplace/sources/${source.id}/refresh`, {})).status).toBe(403);
    expect((await mara.delete(`/api/marketplace/sources/${source.id}`)).status).toBe(403);
    const browse = await mara.get('/api/marketplace/entries?kind=app');
    expect(browse.status).toBe(200);
    expect((browse.body.items as Entry[]).some((e) => e.key === 'pinBoard' && e.thirdParty)).toBe(true);
  });

  it('deleting a source removes its entries and its mirror', async () => {
    expect((await admin.delete(`/api/marketplace/sources/${source.id}`)).status).toBe(204);
    expect(existsSync(mirror(source.id))).toBe(false);
    expect((await entries()).some((e) => e.thirdParty)).toBe(false);
    expect((await admin.get('/api/marketplace/sources')).body.items).toEqual([]);
  });
});
