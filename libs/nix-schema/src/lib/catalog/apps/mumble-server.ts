import { booleanField, integerField, portField, strictObject, textField } from '../../fields';
import { defineApp } from '../types';

export const mumbleServerOptions = strictObject('Mumble server settings', {
  enable: booleanField({ title: 'Enable Mumble server', description: 'Run a Mumble (murmur) voice chat server on this machine.' }, false),
  port: portField({ title: 'Port', description: 'Port for voice (UDP) and control (TCP), on the mesh interface.' }, 64738),
  welcomeText: textField({ title: 'Welcome text', description: 'Message shown to users when they connect.' }, ''),
  bandwidth: integerField(
    { title: 'Bandwidth (bit/s)', description: 'Maximum bandwidth per user, in bits per second.' },
    8000,
    1_000_000,
    72000,
  ),
  users: integerField({ title: 'Maximum users', description: 'How many users may be connected at once.' }, 1, 1000, 100),
});

export const mumbleServer = defineApp({
  key: 'mumbleServer',
  title: 'Mumble server',
  description: 'Low-latency voice chat for the network.',
  order: 40,
  nixosModule: 'services.murmur',
  options: mumbleServerOptions,
  hasEnable: true,
  state: { paths: ['/var/lib/murmur'] },
  ports: (o) => [
    { port: o.port, protocol: 'tcp', option: 'port', description: 'Control channel' },
    { port: o.port, protocol: 'udp', option: 'port', description: 'Voice' },
  ],
});
