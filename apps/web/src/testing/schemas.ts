import type { JsonSchema } from '../app/core/config/json-schema';

/**
 * JSON Schemas as libs/nix-schema hands them to the browser (zod's
 * toJSONSchema, draft 2020-12, io "input"), mirroring the configs.json
 * contract: syncthing, mumbleServer, mumbleClient and the machine settings.
 */
const PORT = { type: 'integer', minimum: 1, maximum: 65535 } as const;
const HOSTNAME = '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$';

export const syncthingSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Syncthing',
  description: 'Continuous, peer-to-peer folder synchronisation between the machines of the network.',
  'x-nixos-module': 'services.syncthing',
  type: 'object',
  properties: {
    enable: { default: false, title: 'Enable Syncthing', description: 'Run Syncthing on this machine.', type: 'boolean' },
    sharedFolders: {
      default: [],
      title: 'Shared folders',
      description: 'Absolute paths of the folders this machine shares with its peers on the mesh.',
      maxItems: 3,
      type: 'array',
      items: { type: 'string', pattern: '^/', errorMessage: { pattern: 'A shared folder must be an absolute path starting with "/".' } },
    },
    guiPort: {
      default: 8384,
      title: 'Web interface port',
      description: 'Port of the Syncthing web interface; it listens on the mesh interface only.',
      ...PORT,
    },
  },
  additionalProperties: false,
};

export const mumbleServerSchema: JsonSchema = {
  title: 'Mumble server',
  description: 'Low-latency voice chat for the network.',
  type: 'object',
  properties: {
    enable: { default: false, title: 'Enable Mumble server', description: 'Run a Mumble (murmur) voice chat server.', type: 'boolean' },
    port: { default: 64738, title: 'Port', description: 'Port for voice (UDP) and control (TCP).', ...PORT },
    welcomeText: {
      default: '',
      title: 'Welcome text',
      description: 'Message shown to users when they connect.',
      type: 'string',
      maxLength: 100000,
    },
    bandwidth: {
      default: 72000,
      title: 'Bandwidth (bit/s)',
      description: 'Maximum bandwidth per user.',
      type: 'integer',
      minimum: 8000,
      maximum: 1000000,
    },
    users: {
      default: 100,
      title: 'Maximum users',
      description: 'How many users may be connected at once.',
      type: 'integer',
      minimum: 1,
      maximum: 1000,
    },
  },
  additionalProperties: false,
};

export const mumbleClientSchema: JsonSchema = {
  title: 'Mumble client',
  description: 'Which Mumble server the Mumble client on this machine connects to.',
  type: 'object',
  properties: {
    server: {
      type: 'string',
      maxLength: 253,
      pattern: HOSTNAME,
      title: 'Server',
      description: 'Host name of the Mumble server, e.g. "mumble.clan".',
    },
    port: { default: 64738, title: 'Server port', description: 'Port of the Mumble server.', ...PORT },
  },
  required: ['server'],
  additionalProperties: false,
};

export const machineSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    system: {
      default: 'x86_64-linux',
      title: 'System',
      description: 'CPU architecture.',
      type: 'string',
      enum: ['x86_64-linux', 'aarch64-linux'],
    },
    adminMode: {
      default: 'local',
      title: 'Administration',
      description: 'Who administers the machine.',
      type: 'string',
      enum: ['local', 'remote', 'shared'],
    },
    networkLayer: {
      default: 'wireguard',
      title: 'Network layer',
      description: 'The mesh VPN.',
      type: 'string',
      enum: ['wireguard', 'yggdrasil'],
    },
    resources: {
      default: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 },
      title: 'Resources',
      description: 'CPU, memory and disk of the virtual machine.',
      type: 'object',
      properties: {
        vcpus: { default: 1, title: 'vCPUs', description: 'Virtual CPU cores.', type: 'integer', minimum: 1, maximum: 64 },
        memoryMiB: { default: 1024, title: 'Memory (MiB)', description: 'Memory, in MiB.', type: 'integer', minimum: 256, maximum: 262144 },
        stateDiskGiB: {
          default: 10,
          title: 'State disk (GiB)',
          description: 'Data disk, in GiB.',
          type: 'integer',
          minimum: 1,
          maximum: 16384,
        },
      },
      additionalProperties: false,
    },
    publish: {
      default: [],
      title: 'Published services',
      description: 'Ports reachable beyond the mesh.',
      maxItems: 64,
      type: 'array',
      items: {
        type: 'object',
        properties: {
          app: { type: 'string', enum: ['syncthing', 'mumbleServer'], title: 'App', description: 'The app whose port is opened.' },
          port: { ...PORT, title: 'Port', description: 'The port opened on every interface.' },
          protocol: { default: 'tcp', title: 'Protocol', description: 'Transport protocol.', type: 'string', enum: ['tcp', 'udp'] },
        },
        required: ['app', 'port'],
        additionalProperties: false,
      },
    },
    localAdmins: {
      default: [],
      title: 'Local admins',
      description: 'Usernames of the people who administer this machine locally.',
      maxItems: 64,
      type: 'array',
      items: { type: 'string', pattern: '^[a-z0-9._-]+$' },
    },
    applications: {
      default: {},
      title: 'Applications',
      description: 'The apps this machine runs.',
      type: 'object',
      properties: { syncthing: syncthingSchema, mumbleServer: mumbleServerSchema, mumbleClient: mumbleClientSchema },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

export const configsSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  propertyNames: {
    type: 'string',
    maxLength: 63,
    pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
    title: 'Machine name',
    not: { enum: ['default', 'new', 'all', 'host', 'localhost', 'nixos', 'self', 'inputs', 'outputs'] },
  },
  additionalProperties: machineSchema,
};

/** GET /api/catalog/apps, as the API answers it. */
export const catalogApps = [
  {
    key: 'syncthing',
    title: 'Syncthing',
    description: 'Continuous, peer-to-peer folder synchronisation.',
    nixosModule: 'services.syncthing',
    ports: [
      { port: 22000, protocol: 'tcp', description: 'Sync protocol' },
      { port: 8384, protocol: 'tcp', option: 'guiPort', description: 'Web interface' },
    ],
    state: { paths: ['/var/lib/syncthing'], pathOptions: ['sharedFolders'], hooks: [] },
    schema: syncthingSchema,
  },
  {
    key: 'mumbleServer',
    title: 'Mumble server',
    description: 'Low-latency voice chat for the network.',
    nixosModule: 'services.murmur',
    ports: [{ port: 64738, protocol: 'tcp', option: 'port', description: 'Voice and control' }],
    state: { paths: ['/var/lib/murmur'], pathOptions: [], hooks: [] },
    schema: mumbleServerSchema,
  },
  {
    key: 'mumbleClient',
    title: 'Mumble client',
    description: 'Which Mumble server the client connects to.',
    nixosModule: 'environment.etc',
    ports: [],
    state: { paths: [], pathOptions: [], hooks: [] },
    schema: mumbleClientSchema,
  },
];

export const catalogSchema = { configs: configsSchema, machine: machineSchema };

export const ADD_MACHINE_PATCH = `diff --git a/configs.json b/configs.json
index 1111111..2222222 100644
--- a/configs.json
+++ b/configs.json
@@ -1 +1,8 @@
-{}
+{
+  "nas": {
+    "adminMode": "local",
+    "applications": {
+      "syncthing": { "enable": true }
+    }
+  }
+}
`;
