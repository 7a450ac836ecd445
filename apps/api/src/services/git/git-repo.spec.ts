import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessRunner } from '../process/process-runner';
import { GitError, GitRepo } from './git-repo';

const anna = { name: 'Anna', email: 'anna@family.clan' };
const runner = new ProcessRunner({ hostCommandEnv: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });

// Real git processes: generous on a loaded 2-core machine.
jest.setTimeout(30_000);

describe('GitRepo (real git)', () => {
  let dir: string;
  let repo: GitRepo;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clan-git-'));
    repo = new GitRepo(join(dir, 'repo'), runner);
    await repo.init();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('commits files with the author, pages history and diffs revisions', async () => {
    expect(await repo.head()).toBeNull();
    const first = await repo.commit({ 'configs.json': '{}\n', 'flake.nix': '{ }\n' }, 'Create network family', anna);
    const second = await repo.commit({ 'configs.json': '{"default":{}}\n' }, 'Add machine default\n\nBy the wizard.', anna);
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    expect(await repo.head()).toBe(second);

    const log = await repo.log({ limit: 1, offset: 0 });
    expect(log.total).toBe(2);
    expect(log.items[0]).toMatchObject({
      sha: second,
      parents: [first],
      authorName: 'Anna',
      authorEmail: 'anna@family.clan',
      subject: 'Add machine default',
      body: 'By the wizard.',
    });
    expect((await repo.log({ limit: 5, offset: 1 })).items.map((c) => c.sha)).toEqual([first]);

    const diff = await repo.diff(first!, second!);
    expect(diff.files).toEqual([{ path: 'configs.json', status: 'modified' }]);
    expect(diff.patch).toContain('+{"default":{}}');
    const initial = await repo.diff(null, first!);
    expect(initial.files.map((f) => f.status)).toEqual(['added', 'added']);
  });

  it('does not commit when nothing changed', async () => {
    await repo.commit({ a: '1' }, 'one', anna);
    expect(await repo.commit({ a: '1' }, 'again', anna)).toBeNull();
  });

  it('reverts to an old revision as a new commit, deleting files added since', async () => {
    const v1 = (await repo.commit({ 'configs.json': 'v1' }, 'v1', anna))!;
    await repo.commit({ 'configs.json': 'v2', 'overrides/default.nix': '{ ... }: { }' }, 'v2', anna);
    const v3 = (await repo.revertTo(v1, `Revert to ${v1.slice(0, 8)}`, anna))!;
    expect(await repo.readFile('configs.json')).toBe('v1');
    expect(await repo.readFile('overrides/default.nix')).toBeNull();
    expect(await repo.readFile('configs.json', v3)).toBe('v1');
    expect((await repo.log({ limit: 10, offset: 0 })).total).toBe(3);
  });

  it('refuses paths outside the repository and non-revisions', async () => {
    await expect(repo.commit({ '../escape': 'x' }, 'bad', anna)).rejects.toThrow(GitError);
    await expect(repo.commit({ '.git/config': 'x' }, 'bad', anna)).rejects.toThrow(/leaves the repository/);
    await expect(repo.diff('--output=/tmp/x', 'HEAD')).rejects.toThrow(/not a revision/);
    expect(await repo.hasCommit('0123456789abcdef0123456789abcdef01234567')).toBe(false);
  });
});
