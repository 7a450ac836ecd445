import fc from 'fast-check';
import { networkConfigs } from '../../test/arbitraries';
import { createSchemaAjv, renderSchemaValidatorsModule } from '../node/schema-validators-codegen';
import { appKeys } from './catalog';
import { parseConfigs, validateConfigs } from './config-schema';
import { appJsonSchema, configsJsonSchema } from './json-schema';
import {
  instancePathSegments,
  schemaErrors,
  schemaFingerprint,
  schemaPathSegments,
  withoutUndefined,
  type CompiledSchema,
} from './schema-validator';

const ajvAccepts = (() => {
  let validator: CompiledSchema | undefined;
  return (value: unknown) => {
    validator ??= createSchemaAjv().compile(configsJsonSchema()) as CompiledSchema;
    return schemaErrors(validator, value).length === 0;
  };
})();

describe('the shared ajv validator agrees with zod', () => {
  it('accepts every generated valid configuration, before and after defaults (property)', () => {
    fc.assert(
      fc.property(networkConfigs, (configs) => {
        expect(validateConfigs(configs).ok).toBe(true);
        expect(ajvAccepts(configs)).toBe(true);
        expect(ajvAccepts(parseConfigs(configs))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  const hostile: unknown[] = [
    null,
    [],
    'configs',
    42,
    { Bad: {} },
    { localhost: {} },
    { default: {} },
    { ['x'.repeat(64)]: {} },
    { '-a': {} },
    { m: null },
    { m: [] },
    { m: { networkLayer: 'tinc' } },
    { m: { resources: { vcpus: 0 } } },
    { m: { resources: { vcpus: 1.5 } } },
    { m: { resources: { vcpus: '2' } } },
    { m: { resources: { memoryMiB: Number.MAX_SAFE_INTEGER } } },
    { m: { extra: 1 } },
    JSON.parse('{"m":{"__proto__":{"polluted":true}}}'),
    { m: { applications: { syncthing: { guiPort: 70000 } } } },
    { m: { applications: { syncthing: { guiPort: -1 } } } },
    { m: { applications: { syncthing: { sharedFolders: 'not a list' } } } },
    { m: { applications: { nope: {} } } },
    { m: { applications: { mumbleClient: {} } } },
    { m: { applications: { mumbleClient: { server: 'bad host!' } } } },
    { m: { applications: { mumbleServer: { welcomeText: 'x'.repeat(100001) } } } },
    { m: { publish: [{ app: 'nextcloud' }] } },
    { m: { publish: 'all' } },
    { m: { publish: [{ app: 'syncthing', port: 0 }] } },
    { m: { publish: [{ app: 'syncthing', port: 8384, protocol: 'sctp' }] } },
    { m: { adminMode: 'owner' } },
    { m: { system: 'aarch64-darwin' } },
    { m: {} },
    { a: {}, b: { adminMode: 'local' } },
  ];

  it.each(hostile.map((value) => [JSON.stringify(value)?.slice(0, 80) ?? String(value), value]))(
    'accepts and rejects alike: %s',
    (_name, value) => {
      expect(ajvAccepts(value)).toBe(validateConfigs(value).ok);
    },
  );

  it('rejects only where zod rejects too: zod also checks what a schema cannot say (NUL bytes, clashing ports)', () => {
    const refinedOnly = [
      { m: { applications: { syncthing: { sharedFolders: ['/a\u0000'] } } } },
      { m: { applications: { syncthing: { sharedFolders: ['relative/path'] } } } },
    ];
    for (const value of refinedOnly) {
      expect(ajvAccepts(value)).toBe(true);
      expect(validateConfigs(value).ok).toBe(false);
    }
  });

  it('agree on a machine named "__proto__": both refuse the name (zod alone would drop the member unseen)', () => {
    const value = JSON.parse('{"__proto__":{"adminMode":"owner"}}');
    expect(ajvAccepts(value)).toBe(false);
    expect(validateConfigs(value)).toEqual({
      ok: false,
      errors: [
        {
          path: '$.__proto__',
          message:
            'The machine name "__proto__" may use lower-case letters, digits and "-", and must start and end with a letter or digit.',
        },
      ],
    });
  });
});

describe('schema validator helpers', () => {
  it('names equal schemas alike, whatever their key order, and different ones apart', () => {
    expect(schemaFingerprint({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(schemaFingerprint({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(schemaFingerprint(appJsonSchema('syncthing'))).not.toBe(schemaFingerprint(appJsonSchema('jellyfin')));
    expect(new Set(appKeys.map((key) => schemaFingerprint(appJsonSchema(key)))).size).toBe(appKeys.length);
  });

  it('turns ajv paths into path segments, array indices as numbers', () => {
    expect(instancePathSegments('/m/publish/0/port', { m: { publish: [{}] } })).toEqual(['m', 'publish', 0, 'port']);
    expect(instancePathSegments('/a~1b/~0c', {})).toEqual(['a/b', '~c']);
    expect(instancePathSegments('', {})).toEqual([]);
    expect(schemaPathSegments('#/properties/a~1b/maximum')).toEqual(['properties', 'a/b', 'maximum']);
    expect(schemaPathSegments('#/properties/a%20b/type')).toEqual(['properties', 'a b', 'type']);
  });

  it('drops undefined members without letting "__proto__" change a prototype', () => {
    const cleaned = withoutUndefined(JSON.parse('{"a":1,"__proto__":{"x":1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(cleaned)).toBeNull();
    expect(Object.keys(cleaned)).toEqual(['a', '__proto__']);
    expect(withoutUndefined({ a: undefined, b: [1, { c: undefined }] })).toEqual({ b: [1, {}] });
  });

  it('generates standalone code that imports ajv helpers and needs no run-time compiler', () => {
    const code = renderSchemaValidatorsModule(
      [appJsonSchema('syncthing'), appJsonSchema('syncthing'), appJsonSchema('jellyfin')],
      '// test',
    );
    expect(code).not.toMatch(/\brequire\(|new Function/);
    expect(code).toContain(`${JSON.stringify(schemaFingerprint(appJsonSchema('syncthing')))}: `);
    expect(code.match(/^ {2}"s[0-9a-z]+": /gm)).toHaveLength(2);
  });
});
