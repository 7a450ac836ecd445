import { hostnameSchema, portField, strictObject } from '../../fields';
import { defineApp } from '../types';

const serverText = { title: 'Server', description: 'Host name of the Mumble server to connect to, e.g. "mumble.clan".' };

export const mumbleClientOptions = strictObject('Mumble client settings', {
  server: hostnameSchema(serverText).meta(serverText),
  port: portField({ title: 'Server port', description: 'Port of the Mumble server.' }, 64738),
});

export const mumbleClient = defineApp({
  key: 'mumbleClient',
  title: 'Mumble client',
  description: "Which Mumble server the Mumble client on this machine connects to (the seed's mumbleClient.server).",
  order: 50,
  nixosModule: 'environment.etc',
  options: mumbleClientOptions,
  hasEnable: false,
  notPublishable: 'The Mumble client serves no ports, so there is nothing to publish.',
  state: { paths: [] },
  ports: () => [],
});
