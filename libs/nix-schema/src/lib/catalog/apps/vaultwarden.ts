import { booleanField, patternSchema, portField, strictObject } from '../../fields';
import { defineApp } from '../types';

const domainText = {
  title: 'Domain',
  description: 'Public URL of the server (e.g. "https://vault.family.clan"), used in links and e-mails; empty when not needed.',
};

export const vaultwardenOptions = strictObject('Vaultwarden settings', {
  enable: booleanField(
    { title: 'Enable Vaultwarden', description: 'Run a Vaultwarden (Bitwarden-compatible) password manager on this machine.' },
    false,
  ),
  port: portField({ title: 'Port', description: 'Port of the web vault and API, on the mesh interface.' }, 8222),
  signupsAllowed: booleanField(
    { title: 'Allow sign-ups', description: 'Let anyone who reaches the server create an account. Off: members are invited.' },
    false,
  ),
  domain: patternSchema(
    domainText,
    /^$|^https?:\/\/[!-~]+$/,
    'be empty or a URL starting with "http://" or "https://", without spaces or non-ASCII characters',
    2048,
  )
    .default('')
    .meta(domainText),
});

export const vaultwarden = defineApp({
  key: 'vaultwarden',
  title: 'Vaultwarden',
  description: 'A shared password manager compatible with the Bitwarden apps.',
  order: 60,
  nixosModule: 'services.vaultwarden',
  options: vaultwardenOptions,
  hasEnable: true,
  state: {
    paths: ['/var/lib/vaultwarden'],
    hooks: [{ id: 'vaultwarden-sqlite', description: 'Copy the SQLite database consistently (sqlite3 .backup) before the backup runs.' }],
  },
  ports: (o) => [{ port: o.port, protocol: 'tcp', option: 'port', description: 'Web vault and API' }],
  web: { label: 'vaultwarden', port: (o) => o.port },
});
