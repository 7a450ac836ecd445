import { absolutePathSchema, booleanField, strictObject, uniqueListField } from '../../fields';
import { defineApp } from '../types';

export const jellyfinOptions = strictObject('Jellyfin settings', {
  enable: booleanField({ title: 'Enable Jellyfin', description: 'Run a Jellyfin media server on this machine.' }, false),
  mediaFolders: uniqueListField(
    {
      title: 'Media folders',
      description:
        'Absolute paths of the folders holding films, series and music. Not backed up (they are usually large and kept elsewhere).',
    },
    absolutePathSchema({ title: 'Media folder', description: 'An absolute path, e.g. /srv/media.' }),
  ),
});

export const jellyfin = defineApp({
  key: 'jellyfin',
  title: 'Jellyfin',
  description: "Stream the network's films, series and music.",
  order: 70,
  nixosModule: 'services.jellyfin',
  options: jellyfinOptions,
  hasEnable: true,
  state: { paths: ['/var/lib/jellyfin'] },
  ports: () => [{ port: 8096, protocol: 'tcp', description: 'Web interface' }],
  web: { label: 'jellyfin', port: () => 8096 },
});
