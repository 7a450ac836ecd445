import { changedPaths, deepMerge, parseOverridePath, validateLayers, withoutPath } from './layers';

describe('configuration layers', () => {
  it('deep-merges objects; arrays and scalars from the local layer replace', () => {
    const network = {
      resources: { vcpus: 1, memoryMiB: 1024 },
      applications: { syncthing: { enable: true, sharedFolders: ['/a', '/b'] } },
    };
    const local = { resources: { vcpus: 4 }, applications: { syncthing: { sharedFolders: ['/c'] } } };
    expect(deepMerge(network, local)).toEqual({
      resources: { vcpus: 4, memoryMiB: 1024 },
      applications: { syncthing: { enable: true, sharedFolders: ['/c'] } },
    });
    expect(deepMerge({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
    expect(deepMerge({ a: 1 }, undefined)).toEqual({ a: 1 });
  });

  it('never lets a "__proto__" key reach a prototype', () => {
    const merged = deepMerge({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(merged, '__proto__')).toBe(true);
  });

  it('validates every machine with its overrides and reports JSON paths', () => {
    const result = validateLayers({
      configs: { anna: { applications: { syncthing: { enable: true } } }, bob: {} },
      overrides: { anna: { applications: { syncthing: { sharedFolders: ['relative'] } } }, bob: { adminMode: 'remote' } },
      localAdmins: { anna: ['Not A Name'] },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['$.anna.applications.syncthing.sharedFolders[0]', '$.bob.adminMode', '$.anna.localAdmins[0]']),
    );
    expect(result.errors.find((e) => e.path.startsWith('$.anna.applications'))?.message).toMatch(/^With the local overrides applied: /);
  });

  it('computes effective configs, drops the layers of removed machines and the local layer of remote machines', () => {
    const result = validateLayers({
      configs: { anna: { resources: { vcpus: 2 } }, rem: { adminMode: 'remote' } },
      overrides: { anna: { resources: { memoryMiB: 2048 } }, rem: { resources: { vcpus: 8 } }, gone: { resources: {} } },
      localAdmins: { anna: ['lara'], gone: ['x1x'] },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.effective['anna'].resources).toEqual({ vcpus: 2, memoryMiB: 2048, stateDiskGiB: 10 });
    expect(result.value.effective['rem'].resources.vcpus).toBe(1);
    expect(Object.keys(result.value.overrides)).toEqual(['anna']);
    expect(result.value.localAdmins).toEqual({ anna: ['lara'] });
  });

  it('removes one override path and prunes what is left empty', () => {
    const overrides = { applications: { syncthing: { guiPort: 9000 } }, resources: { vcpus: 2 } };
    expect(parseOverridePath('applications.syncthing')).toEqual(['applications', 'syncthing']);
    expect(parseOverridePath('a..b')).toBeNull();
    expect(withoutPath(overrides, ['applications', 'syncthing', 'guiPort'])).toEqual({ resources: { vcpus: 2 } });
    expect(withoutPath(overrides, ['resources'])).toEqual({ applications: { syncthing: { guiPort: 9000 } } });
    expect(withoutPath(overrides, ['backup'])).toBeNull();
    expect(withoutPath(overrides, ['resources', 'vcpus', 'deeper'])).toBeNull();
  });

  it('names what changed for commit messages', () => {
    expect(
      changedPaths(
        { resources: { vcpus: 1 }, applications: { a: { x: 1 }, b: {} } },
        { resources: { vcpus: 2 }, applications: { a: { x: 2 }, b: {} } },
      ),
    ).toEqual(['applications.a', 'resources']);
    expect(changedPaths({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
