import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessRunner } from '../process/process-runner';
import { blobSha, GitRepo } from './git-repo';

const ada = { name: 'Ada', email: 'ada@users.clan.invalid' };
const runner = new ProcessRunner({ hostCommandEnv: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });

// Real git processes: generous on a loaded 2-core machine.
jest.setTimeout(30_000);

describe("GitRepo: the writer's plumbing (real git)", () => {
  let dir: string;
  let tree: GitRepo;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clan-tree-'));
    tree = new GitRepo(join(dir, 'repo'), runner);
    await tree.init();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds trees in a private index, commits with compare-and-swap and keeps the checkout clean', async () => {
    expect(await tree.head()).toBeNull();
    const t1 = await tree.buildTree(null, new Map(), { 'configs.json': '{}\n', 'overrides/a.nix': '{ ... }: { }\n' });
    const c1 = await tree.commitTree(t1, null, 'Create network x', ada);
    expect(c1).toMatch(/^[0-9a-f]{40}$/);
    expect(await tree.head()).toBe(c1);

    const entries = await tree.entries(c1);
    expect(entries.get('configs.json')?.sha).toBe(blobSha('{}\n'));
    const t2 = await tree.buildTree(c1, entries, { 'configs.json': '{"a":{}}\n', 'overrides/a.nix': null, 'gone.txt': null });
    // Two writers started from c1: only the first moves the branch.
    const c2 = await tree.commitTree(t2, c1, 'Change', ada);
    expect(await tree.commitTree(t1, c1, 'Stale', ada)).toBeNull();
    expect(await tree.head()).toBe(c2);
    expect(await tree.readObjects([`${c2}:configs.json`, `${c2}:overrides/a.nix`, `${c1}:overrides/a.nix`])).toEqual([
      '{"a":{}}\n',
      null,
      '{ ... }: { }\n',
    ]);
    expect(await new GitRepo(join(dir, 'repo'), runner).readFile('configs.json')).toBe('{"a":{}}\n');
    expect((await tree.run(['status', '--porcelain'])).stdout.toString()).toBe('');
    expect(await tree.isAncestor(c1 as string, c2 as string)).toBe(true);
    expect(await tree.isAncestor(c2 as string, c1 as string)).toBe(false);
    expect(await tree.resolveCommit((c1 as string).slice(0, 8))).toBe(c1);
    expect(await tree.resolveCommit('--all')).toBeNull();
  });

  it('repairs a checkout left behind HEAD by a writer killed mid-commit (and a stale index.lock)', async () => {
    const t1 = await tree.buildTree(null, new Map(), { 'configs.json': '{}\n' });
    const c1 = (await tree.commitTree(t1, null, 'Create network x', ada)) as string;
    expect(await tree.repairCheckout()).toEqual([]);
    // What commitTree does before it updates the checkout: the branch moves, the index and files do not.
    const t2 = await tree.buildTree(c1, await tree.entries(c1), { 'configs.json': '{"a":{}}\n', 'overrides/a.nix': '{ ... }: { }\n' });
    const c2 = (
      await tree.run(['commit-tree', t2, '-p', c1, '-m', 'Change'], {
        env: { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: ada.email, GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: ada.email },
      })
    ).stdout
      .toString()
      .trim();
    await tree.run(['update-ref', 'HEAD', c2, c1]);
    writeFileSync(join(dir, 'repo', '.git', 'index.lock'), '');
    writeFileSync(join(dir, 'repo', 'stray.txt'), 'left by a crash\n');

    const repaired = await tree.repairCheckout();
    expect(repaired).toEqual(['removed .git/index.lock', expect.stringMatching(/^checkout reset to HEAD \(3 paths differed\)$/)]);
    expect((await tree.run(['status', '--porcelain', '--untracked-files=all'])).stdout.toString()).toBe('');
    expect(existsSync(join(dir, 'repo', '.git', 'index.lock'))).toBe(false);
    expect(await tree.head()).toBe(c2);
    expect(await tree.readFile('overrides/a.nix')).toBe('{ ... }: { }\n');
  });

  it('refuses paths outside the repository', async () => {
    for (const path of ['../x', '/etc/passwd', '.git/config', 'a//b', 'a/./b', 'a b']) {
      await expect(tree.buildTree(null, new Map(), { [path]: 'x' })).rejects.toThrow(/not a repository path/);
    }
  });
});
