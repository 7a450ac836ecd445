import { booleanField, hostnameSchema, integerField, patternSchema, strictObject, uniqueListField } from '../../fields';
import { defineApp } from '../types';

const hostNameText = { title: 'Host name', description: 'The name Nextcloud answers to on the mesh, e.g. "cloud" or "cloud.family.clan".' };
const adminUserText = { title: 'Administrator user', description: 'Login name of the initial Nextcloud administrator.' };

export const nextcloudOptions = strictObject('Nextcloud settings', {
  enable: booleanField({ title: 'Enable Nextcloud', description: 'Run a Nextcloud server on this machine.' }, false),
  hostName: hostnameSchema(hostNameText).default('cloud').meta(hostNameText),
  adminUser: patternSchema(adminUserText, /^[A-Za-z0-9_.@-]+$/, 'use letters, digits, "_", ".", "@" and "-" only', 64)
    .default('admin')
    .meta(adminUserText),
  maxUploadSizeMiB: integerField(
    { title: 'Maximum upload size (MiB)', description: 'Largest file a user may upload, in MiB.' },
    1,
    102400,
    512,
  ),
  apps: uniqueListField(
    { title: 'Nextcloud apps', description: 'IDs of Nextcloud apps to install, e.g. "calendar" or "contacts".' },
    patternSchema(
      { title: 'Nextcloud app ID', description: 'An app ID from the Nextcloud app store.' },
      /^[a-z][a-z0-9_]*$/,
      'be an app ID of lower-case letters, digits and "_", starting with a letter (e.g. "calendar")',
      64,
    ),
  ),
});

export const nextcloud = defineApp({
  key: 'nextcloud',
  title: 'Nextcloud',
  description: 'Files, calendars and contacts shared by the members of the network.',
  order: 20,
  nixosModule: 'services.nextcloud',
  options: nextcloudOptions,
  hasEnable: true,
  state: {
    paths: ['/var/lib/nextcloud'],
    hooks: [{ id: 'nextcloud-db', description: 'Dump the Nextcloud database next to its data before the backup runs.' }],
  },
  ports: () => [{ port: 80, protocol: 'tcp', description: 'Web interface' }],
  web: { label: 'nextcloud', port: () => 80 },
});
