import { parseConfigs } from '@clan/nix-schema';
import { machineAppPorts } from './machine-app-ports';

describe('machineAppPorts (what the rules mean by "apps")', () => {
  it('lists the ports of the apps a machine runs, none for a machine without apps', () => {
    const effective = parseConfigs({ media: { applications: { jellyfin: { enable: true } } }, files: {} });
    const ports = machineAppPorts(effective);
    expect(ports.get('media')).toEqual([{ port: 8096, protocol: 'tcp' }]);
    expect(ports.get('files')).toEqual([]);
  });
});
