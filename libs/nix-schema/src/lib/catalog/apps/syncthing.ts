import { absolutePathSchema, booleanField, portField, strictObject, uniqueListField } from '../../fields';
import { defineApp } from '../types';

export const syncthingOptions = strictObject('Syncthing settings', {
  enable: booleanField({ title: 'Enable Syncthing', description: 'Run Syncthing on this machine.' }, false),
  sharedFolders: uniqueListField(
    {
      title: 'Shared folders',
      description: 'Absolute paths of the folders this machine shares with its peers on the mesh. They are included in backups.',
    },
    absolutePathSchema({ title: 'Shared folder', description: 'An absolute path, e.g. /shared/docs.' }),
  ),
  guiPort: portField(
    { title: 'Web interface port', description: 'Port of the Syncthing web interface; it listens on the mesh interface only.' },
    8384,
  ),
});

export const syncthing = defineApp({
  key: 'syncthing',
  title: 'Syncthing',
  description: 'Continuous, peer-to-peer folder synchronisation between the machines of the network.',
  order: 10,
  nixosModule: 'services.syncthing',
  options: syncthingOptions,
  hasEnable: true,
  state: { paths: ['/var/lib/syncthing'], pathOptions: ['sharedFolders'] },
  ports: (o) => [
    { port: 22000, protocol: 'tcp', description: 'Sync protocol' },
    { port: 22000, protocol: 'udp', description: 'Sync protocol (QUIC)' },
    { port: 21027, protocol: 'udp', description: 'Local discovery' },
    { port: o.guiPort, protocol: 'tcp', option: 'guiPort', description: 'Web interface' },
  ],
  web: { label: 'syncthing', port: (o) => o.guiPort },
});
