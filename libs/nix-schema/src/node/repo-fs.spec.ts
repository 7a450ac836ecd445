import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderNetworkRepo } from '../lib/repo';
import { writeNetworkRepo } from './repo-fs';

describe('writeNetworkRepo', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nix-schema-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes every file and keeps an existing override (the local admin's file)", async () => {
    const repo = renderNetworkRepo({ configs: { anna: {}, bob: {} }, clanFlakeUrl: 'github:clan/clan' });
    expect(await writeNetworkRepo(dir, repo)).toEqual([
      'flake.nix',
      'configs.json',
      'README.md',
      'overrides/anna.nix',
      'overrides/bob.nix',
    ]);
    writeFileSync(join(dir, 'overrides/anna.nix'), '{ ... }: { local = true; }\n');
    expect(await writeNetworkRepo(dir, repo)).toEqual(['flake.nix', 'configs.json', 'README.md']);
    expect(readFileSync(join(dir, 'overrides/anna.nix'), 'utf8')).toBe('{ ... }: { local = true; }\n');
    expect(readFileSync(join(dir, 'configs.json'), 'utf8')).toBe(repo.files['configs.json']);
    await writeNetworkRepo(dir, repo, { keepExistingOverrides: false });
    expect(readFileSync(join(dir, 'overrides/anna.nix'), 'utf8')).toBe('{ ... }: { }\n');
  });

  it.each(['../escape.nix', '/etc/passwd', 'a/../../escape'])('refuses to write outside the repository: %s', async (path) => {
    await expect(writeNetworkRepo(dir, { files: { [path]: 'x' } })).rejects.toThrow('Refusing to write outside the repository');
  });
});
