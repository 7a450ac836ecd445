import type { NetworkRepoService } from '../configs/network-repo.service';
import type { VmDisks } from '../services/disk/vm-disks';
import type { GitRepo } from '../services/git/git-repo';
import type { FleetRepos } from '../fleet/fleet-repos';
import { MachineConfigs } from './machine-configs.service';

const NET = '00000000-0000-4000-8000-000000000001';

/** A repository whose commits hold configs.json texts; counts how often a commit's files are read. */
function repository(commits: Record<string, string>) {
  const reads: string[] = [];
  const repo = {
    entries: async (commit: string) => {
      reads.push(commit);
      return new Map([['configs.json', { mode: '100644', sha: `blob-${commit}` }]]);
    },
    readObjects: async (names: string[]) => names.map((n) => (n.startsWith('blob-') ? (commits[n.slice(5)] ?? null) : null)),
  } as unknown as GitRepo;
  const repos = { repo: () => repo } as unknown as NetworkRepoService;
  return {
    reads,
    configs: new MachineConfigs(repos, {} as VmDisks, { active: false, sync: async () => undefined } as unknown as FleetRepos),
  };
}

describe('MachineConfigs', () => {
  it('reads and validates a revision once, and says in a sentence when it does not validate', async () => {
    const { reads, configs } = repository({
      a: JSON.stringify({ web: { resources: { memoryMiB: 1024 } }, db: {} }),
      b: '{ not json',
    });

    const web = await configs.at(NET, 'web', 'a');
    expect(web).toMatchObject({ networkId: NET, machine: 'web', revision: 'a', config: { resources: { memoryMiB: 1024 } } });
    expect(await configs.require(NET, 'db', 'a')).toMatchObject({ machine: 'db', revision: 'a' });
    expect(await configs.at(NET, 'gone', 'a')).toBeNull();
    await expect(configs.require(NET, 'gone', 'a')).rejects.toThrow('Machine gone is not in the configuration at a.');
    expect(reads).toEqual(['a']);

    await expect(configs.at(NET, 'web', 'b')).rejects.toThrow('configs.json at b does not validate; fix the configuration first.');
    // A failed read is not remembered.
    await expect(configs.at(NET, 'web', 'b')).rejects.toThrow('does not validate');
    expect(reads).toEqual(['a', 'b', 'b']);
  });
});
