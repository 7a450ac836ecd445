import { configsSchema, machineSchema, mumbleClientSchema, mumbleServerSchema, syncthingSchema } from '../../../testing/schemas';
import { defaultValue, fillDefaults, humanize, resolveSchema, schemaAt, type JsonSchema } from './json-schema';
import { validate } from './schema-validate';

describe('resolveSchema', () => {
  it('picks the widget kind from type, enum and const', () => {
    const kinds = Object.fromEntries(
      Object.entries(machineSchema.properties ?? {}).map(([key, schema]) => [key, resolveSchema(schema, machineSchema).kind]),
    );
    expect(kinds).toEqual({
      system: 'enum',
      adminMode: 'enum',
      networkLayer: 'enum',
      resources: 'object',
      publish: 'array',
      localAdmins: 'array',
      applications: 'object',
    });
    expect(resolveSchema({ const: 'x' }, {}).kind).toBe('const');
    expect(resolveSchema({ properties: {} }, {}).kind).toBe('object');
    expect(resolveSchema(undefined, {}).kind).toBe('unknown');
  });

  it('treats an anyOf with null as a nullable value, and a union of constants as a choice', () => {
    const nullable = resolveSchema({ title: 'Domain', anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] }, {});
    expect(nullable).toMatchObject({ kind: 'string', nullable: true, schema: { title: 'Domain', maxLength: 5 } });
    const choice = resolveSchema({ anyOf: [{ const: 'a' }, { const: 'b' }, { enum: ['c'] }] }, {});
    expect(choice).toMatchObject({ kind: 'enum', schema: { enum: ['a', 'b', 'c'] } });
    const union = resolveSchema({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, {});
    expect(union.kind).toBe('union');
    expect(union.variants).toHaveLength(2);
  });

  it('follows local $refs and merges allOf, keeping the outer title', () => {
    const root: JsonSchema = { $defs: { port: { type: 'integer', minimum: 1, maximum: 65535, title: 'Port' } } };
    expect(resolveSchema({ $ref: '#/$defs/port', title: 'GUI port' }, root).schema).toMatchObject({
      type: 'integer',
      title: 'GUI port',
      maximum: 65535,
    });
    const merged = resolveSchema(
      { allOf: [{ properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'integer' } } }] },
      {},
    );
    expect(merged.kind).toBe('object');
    expect(Object.keys(merged.schema.properties ?? {})).toEqual(['a', 'b']);
    expect(merged.schema.required).toEqual(['a']);
  });

  it('does not loop forever on a self-reference', () => {
    const root: JsonSchema = { $defs: { loop: { $ref: '#/$defs/loop' } } };
    expect(resolveSchema({ $ref: '#/$defs/loop' }, root).kind).toBe('unknown');
  });
});

describe('defaults', () => {
  it('fills an app with its defaults', () => {
    expect(defaultValue(syncthingSchema, syncthingSchema)).toEqual({ enable: false, sharedFolders: [], guiPort: 8384 });
    expect(defaultValue(mumbleServerSchema, mumbleServerSchema)).toEqual({
      enable: false,
      port: 64738,
      welcomeText: '',
      bandwidth: 72000,
      users: 100,
    });
  });

  it('leaves required fields without a default empty (the user must fill them)', () => {
    expect(defaultValue(mumbleClientSchema, mumbleClientSchema)).toEqual({ port: 64738 });
  });

  it('fills a machine without inventing apps', () => {
    expect(defaultValue(machineSchema, machineSchema)).toEqual({
      system: 'x86_64-linux',
      adminMode: 'local',
      networkLayer: 'wireguard',
      resources: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 },
      publish: [],
      localAdmins: [],
      applications: {},
    });
  });

  it('completes a partial value and keeps what is set, including list items', () => {
    const filled = fillDefaults(
      machineSchema,
      { resources: { vcpus: 4 }, publish: [{ app: 'syncthing', port: 22000 }], applications: { syncthing: { enable: true } } },
      machineSchema,
    );
    expect(filled).toMatchObject({
      resources: { vcpus: 4, memoryMiB: 1024, stateDiskGiB: 10 },
      publish: [{ app: 'syncthing', port: 22000, protocol: 'tcp' }],
      applications: { syncthing: { enable: true, sharedFolders: [], guiPort: 8384 } },
    });
    expect(Object.keys((filled as { applications: object }).applications)).toEqual(['syncthing']);
  });
});

describe('schemaAt', () => {
  it('walks properties, items and additionalProperties', () => {
    expect(schemaAt(configsSchema, ['default', 'applications', 'syncthing', 'sharedFolders', 0])).toMatchObject({
      type: 'string',
      pattern: '^/',
    });
    expect(schemaAt(machineSchema, ['publish', 2, 'port'])).toMatchObject({ title: 'Port' });
    expect(schemaAt(machineSchema, ['resources', 'gpus'])).toBeUndefined();
    expect(schemaAt(machineSchema, ['system', 'x'])).toBeUndefined();
  });
});

describe('validate', () => {
  const messages = (schema: JsonSchema, value: unknown, root = schema) =>
    validate(schema, value, { root }).map((i) => [i.path.join('.'), i.message]);

  it('accepts the defaults', () => {
    expect(validate(machineSchema, defaultValue(machineSchema, machineSchema))).toEqual([]);
    expect(validate(syncthingSchema, { enable: true, sharedFolders: ['/srv/docs'], guiPort: 8384 })).toEqual([]);
  });

  it('says what is wrong in sentences naming the field', () => {
    expect(messages(syncthingSchema, { enable: 'yes', sharedFolders: ['docs'], guiPort: 70000 })).toEqual([
      ['enable', 'Enable Syncthing must be on or off (true or false).'],
      ['sharedFolders.0', 'A shared folder must be an absolute path starting with "/".'],
      ['guiPort', 'Web interface port must be a whole number from 1 to 65535.'],
    ]);
    expect(messages(mumbleServerSchema, { port: 1.5, users: 0, welcomeText: 'x'.repeat(100001) })).toEqual([
      ['port', 'Port must be a whole number.'],
      ['users', 'Maximum users must be a whole number from 1 to 1000.'],
      ['welcomeText', 'Welcome text must be at most 100000 characters long.'],
    ]);
  });

  it('reports missing required fields at their own path, and unknown settings at the object', () => {
    expect(messages(mumbleClientSchema, { port: 64738, sever: 'x' })).toEqual([
      ['server', 'Server is required.'],
      ['', 'Mumble client has unknown setting "sever"; known settings are server, port.'],
    ]);
  });

  it('checks patterns, enums, list sizes and list items', () => {
    expect(messages(mumbleClientSchema, { server: 'bad host!' })).toEqual([
      ['server', 'Server is not in the expected form (see the hint).'],
    ]);
    expect(
      messages(machineSchema, { adminMode: 'owner', publish: [{ app: 'syncthing', port: 0, protocol: 'sctp' }, { port: 1 }] }),
    ).toEqual([
      ['adminMode', 'Administration must be one of "local", "remote", "shared" (got "owner").'],
      ['publish.0.port', 'Port must be a whole number from 1 to 65535.'],
      ['publish.0.protocol', 'Protocol must be one of "tcp", "udp" (got "sctp").'],
      ['publish.1.app', 'App is required.'],
    ]);
    expect(messages(syncthingSchema, { sharedFolders: ['/a', '/b', '/c', '/d'] })).toEqual([
      ['sharedFolders', 'Shared folders may list at most 3 entries.'],
    ]);
  });

  it('counts characters as code points and honours minLength', () => {
    const schema: JsonSchema = { type: 'string', title: 'Name', minLength: 2, maxLength: 3 };
    expect(validate(schema, '😀😀😀')).toEqual([]);
    expect(messages(schema, 'a')).toEqual([['', 'Name must be at least 2 characters long.']]);
    expect(messages({ type: 'string', title: 'Name', minLength: 1 }, '')).toEqual([['', 'Name must not be empty.']]);
  });

  it('checks map keys against propertyNames, including reserved words (not/enum)', () => {
    const issues = messages(configsSchema, { default: {}, 'Bad Name': {}, ok: { resources: { vcpus: 65 } } });
    expect(issues).toEqual([
      ['default', 'Machine name must not be "default".'],
      ['Bad Name', 'Machine name is not in the expected form.'],
      ['ok.resources.vcpus', 'vCPUs must be a whole number from 1 to 64.'],
    ]);
  });

  it('accepts null for nullable values and matches unions by any variant', () => {
    const schema: JsonSchema = {
      title: 'Limit',
      anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', enum: ['unlimited'] }, { type: 'null' }],
    };
    expect(validate(schema, null)).toEqual([]);
    expect(validate(schema, 5)).toEqual([]);
    expect(validate(schema, 'unlimited')).toEqual([]);
    expect(validate(schema, 0).map((i) => i.message)).toEqual(['Limit must be a whole number of at least 1.']);
  });

  it('needs a value only when asked to', () => {
    expect(validate(syncthingSchema, undefined)).toEqual([]);
    expect(validate(syncthingSchema, undefined, { required: true })).toEqual([{ path: [], message: 'Syncthing is required.' }]);
  });

  it('reports repeated list entries where uniqueItems is set', () => {
    const schema: JsonSchema = { title: 'Folders', type: 'array', uniqueItems: true, items: { type: 'string' } };
    expect(messages(schema, ['/a', '/b', '/a'])).toEqual([['2', 'Folders lists "/a" more than once.']]);
  });
});

describe('humanize', () => {
  it('turns property keys into labels', () => {
    expect(humanize('guiPort')).toBe('Gui port');
    expect(humanize('max_upload-size')).toBe('Max upload size');
  });
});
