import { machineConfigSchema } from '@clan/nix-schema';
import { effectivePaths, isWithin, machineStateOf } from './backup-paths';

describe('machine state for backups', () => {
  it('takes the state of active apps from the catalog and the extra paths', () => {
    const machine = machineConfigSchema.parse({
      applications: { nextcloud: { enable: true }, forgejo: { enable: false } },
      backup: { extraPaths: ['/srv/photos'] },
    });
    const state = machineStateOf(machine);
    expect(state.paths).toEqual(['/var/lib/nextcloud', '/srv/photos']);
    expect(state.hooks).toEqual([
      { app: 'nextcloud', id: 'nextcloud-db', description: 'Dump the Nextcloud database next to its data before the backup runs.' },
    ]);
  });

  it('merges paths, dropping duplicates and paths inside others', () => {
    expect(effectivePaths(['/srv', '/srv/photos/', '/var/lib/x'], { paths: ['/var/lib/x', '/etc'], hooks: [] })).toEqual([
      '/etc',
      '/srv',
      '/var/lib/x',
    ]);
    expect(effectivePaths([], null)).toEqual([]);
  });

  it('tells whether a path is inside roots', () => {
    expect(isWithin('/srv/photos/a.jpg', ['/srv/photos'])).toBe(true);
    expect(isWithin('/srv/photos', ['/srv/photos'])).toBe(true);
    expect(isWithin('/srv/photosx', ['/srv/photos'])).toBe(false);
    expect(isWithin('/etc/passwd', ['/srv'])).toBe(false);
  });
});
