import type { Machine } from '../lib/api';
import type { Json } from '../lib/set-path';
import { UsageError } from '../lib/errors';
import { painter } from '../lib/format';
import { parseAssignment } from '../lib/set-path';
import { applyChanges, buildMachineConfig, renderLayer, renderMachine, renderMachineList } from './machine';

const plain = painter(false);
const sets = (...texts: string[]) => texts.map(parseAssignment);

describe('buildMachineConfig', () => {
  it('switches apps on, then applies --set in order', () => {
    expect(buildMachineConfig(['syncthing'], sets('applications.syncthing.sharedFolders[0]=/shared/docs', 'resources.vcpus=2'))).toEqual({
      applications: { syncthing: { enable: true, sharedFolders: ['/shared/docs'] } },
      resources: { vcpus: 2 },
    });
    expect(buildMachineConfig([], [])).toEqual({});
  });

  it('adds apps without an on/off switch as their settings', () => {
    expect(buildMachineConfig(['syncthing', 'mumbleClient'], sets('applications.mumbleClient.server=mumble.clan'))).toEqual({
      applications: { syncthing: { enable: true }, mumbleClient: { server: 'mumble.clan' } },
    });
  });

  it('asks for the settings an app has no default for', () => {
    expect(() => buildMachineConfig(['mumbleClient'], [])).toThrow(UsageError);
    expect(() => buildMachineConfig(['mumbleClient'], [])).toThrow(
      '--app mumbleClient needs --set applications.mumbleClient.server=… (Mumble client has no default for it)',
    );
  });

  it('leaves other problems to the panel (it names the JSON path)', () => {
    expect(buildMachineConfig(['mumbleClient'], sets('applications.mumbleClient.server=not a host!'))).toEqual({
      applications: { mumbleClient: { server: 'not a host!' } },
    });
  });

  it('refuses unknown apps and lists the known ones', () => {
    expect(() => buildMachineConfig(['syncthin'], [])).toThrow(/--app: "syncthin" is not an app; choose from syncthing, nextcloud, /);
  });
});

describe('applyChanges', () => {
  it('applies --set, then --unset', () => {
    const layer = { resources: { vcpus: 1 }, applications: { syncthing: { enable: true }, nextcloud: { enable: true } } };
    expect(applyChanges(layer, sets('resources.vcpus=4'), ['applications.nextcloud'])).toEqual({
      resources: { vcpus: 4 },
      applications: { syncthing: { enable: true } },
    });
    expect(layer.resources.vcpus).toBe(1);
  });
});

describe('rendering machines', () => {
  const machine: Machine = {
    name: 'anna',
    config: {
      system: 'x86_64-linux',
      adminMode: 'shared',
      resources: { vcpus: 2 },
      applications: { syncthing: { enable: true, sharedFolders: ['/a'] } },
    },
    overrides: { applications: { syncthing: { sharedFolders: ['/b'] } } },
    effective: {
      system: 'x86_64-linux',
      adminMode: 'shared',
      resources: { vcpus: 2 },
      applications: { syncthing: { enable: true, sharedFolders: ['/b'] } },
    },
    adminMode: 'shared',
    localAdmins: ['anna'],
    revision: '5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c',
    deployedRevision: null,
    drift: 'not-deployed',
  };

  it('shows a layer as lines --set accepts', () => {
    expect(renderLayer(machine.config as Json, plain).split('\n')).toEqual([
      '  system = x86_64-linux',
      '  adminMode = shared',
      '  resources.vcpus = 2',
      '  applications.syncthing.enable = true',
      '  applications.syncthing.sharedFolders = ["/a"]',
    ]);
    expect(renderLayer({}, plain)).toBe('  (nothing set)');
  });

  it('shows the network layer by default and points at the overrides', () => {
    const out = renderMachine('family', machine, 'network', plain);
    expect(out.split('\n').slice(0, 6)).toEqual([
      'Machine:       family/anna',
      'Mode:          shared',
      'Local admins:  anna',
      'Last change:   5b6e8a2',
      'Deployed:      — (not-deployed)',
      '',
    ]);
    expect(out).toContain('Network layer — change with `clanctl machine set family/anna --set path=value`:');
    expect(out).toContain('  applications.syncthing.sharedFolders = ["/a"]\n  (1 local override: see --overrides or --effective)');
  });

  it('marks what the local layer decides in the effective view', () => {
    const out = renderMachine('family', machine, 'effective', plain);
    expect(out).toContain('  applications.syncthing.sharedFolders = ["/b"] (local)');
    expect(out).toContain('  applications.syncthing.enable = true\n');
    const local = renderMachine('family', machine, 'overrides', plain);
    expect(local).toContain(
      'Local overrides — change with `clanctl machine set family/anna --overrides --set path=value`:\n  applications.syncthing.sharedFolders = ["/b"]',
    );
  });

  it('lists machines', () => {
    const out = renderMachineList(
      'family',
      {
        items: [
          {
            name: 'anna',
            system: 'x86_64-linux',
            adminMode: 'shared',
            networkLayer: 'wireguard',
            apps: ['syncthing'],
            resources: { vcpus: 2, memoryMiB: 2048, stateDiskGiB: 10 },
            localAdmins: [],
            drift: 'behind',
          },
        ],
        total: 1,
      },
      plain,
    );
    expect(out.split('\n')).toEqual([
      'MACHINE  MODE    SYSTEM        LAYER      RESOURCES                   DRIFT   APPS',
      'anna     shared  x86_64-linux  wireguard  2 vCPU · 2048 MiB · 10 GiB  behind  syncthing',
    ]);
    expect(renderMachineList('family', { items: [], total: 0 }, plain)).toBe(
      'No machines in family. Add one with `clanctl machine create family/<machine>`.',
    );
  });
});
