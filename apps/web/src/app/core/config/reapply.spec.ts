import { applyEdits, editsBetween } from './reapply';

describe('editsBetween / applyEdits', () => {
  const before = {
    resources: { vcpus: 1, memoryMiB: 1024 },
    applications: { syncthing: { enable: true, sharedFolders: ['/a'] }, mumbleClient: { server: 'm' } },
  };

  it('finds the changed leaves, whole arrays and removed keys', () => {
    const after = {
      resources: { vcpus: 2, memoryMiB: 1024 },
      applications: { syncthing: { enable: true, sharedFolders: ['/a', '/b'] } },
    };
    expect(editsBetween(before, after)).toEqual([
      { path: ['resources', 'vcpus'], value: 2 },
      { path: ['applications', 'syncthing', 'sharedFolders'], value: ['/a', '/b'] },
      { path: ['applications', 'mumbleClient'], value: undefined },
    ]);
    expect(editsBetween(before, structuredClone(before))).toEqual([]);
  });

  it('re-applies my edits over someone else’s, keeping what they changed elsewhere', () => {
    const mine = editsBetween(before, { ...before, resources: { vcpus: 4, memoryMiB: 1024 } });
    const theirs = { ...before, resources: { vcpus: 1, memoryMiB: 2048 }, publish: ['web'] };
    const merged = applyEdits(theirs, mine);
    expect(merged).toEqual({ ...theirs, resources: { vcpus: 4, memoryMiB: 2048 } });
    expect(theirs.resources.vcpus).toBe(1);
  });

  it('re-applies a removal and an added app', () => {
    const after = structuredClone(before) as Record<string, Record<string, unknown>>;
    delete after['applications']['mumbleClient'];
    after['applications']['mumbleServer'] = { enable: true };
    const merged = applyEdits({ ...before, system: 'aarch64-linux' }, editsBetween(before, after));
    expect(merged.applications).toEqual({ syncthing: before.applications.syncthing, mumbleServer: { enable: true } });
    expect(merged.system).toBe('aarch64-linux');
  });
});
