import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyJsonSchemaDefaults, jsonSchemaErrors } from '../../test/json-schema-check';
import { networkConfigs } from '../../test/arbitraries';
import { appKeys } from './catalog';
import { defaultMachineConfig, parseConfigs, validateConfigs } from './config-schema';
import { appJsonSchema, configsJsonSchema, machineJsonSchema, renderConfigsJsonSchemaFile } from './json-schema';

const REGENERATE =
  'TS_NODE_TRANSPILE_ONLY=1 TS_NODE_PROJECT=libs/nix-schema/tsconfig.tools.json node -r ts-node/register libs/nix-schema/scripts/generate-json-schema.ts';

type Schema = Record<string, any>;

/** Every object schema with `properties`, with its JSON pointer. */
function propertySchemas(schema: Schema, path = '#'): [string, Schema][] {
  const out: [string, Schema][] = [];
  for (const [name, property] of Object.entries<Schema>(schema['properties'] ?? {})) {
    out.push([`${path}/properties/${name}`, property]);
    out.push(...propertySchemas(property, `${path}/properties/${name}`));
    if (property['items']) out.push(...propertySchemas(property['items'], `${path}/properties/${name}/items`));
  }
  if (typeof schema['additionalProperties'] === 'object')
    out.push(...propertySchemas(schema['additionalProperties'], `${path}/additionalProperties`));
  return out;
}

describe('configs JSON Schema', () => {
  it('matches the committed generated/configs.schema.json', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'generated', 'configs.schema.json'), 'utf8');
    if (committed !== renderConfigsJsonSchemaFile()) {
      throw new Error(`libs/nix-schema/generated/configs.schema.json is stale; regenerate it with:\n  ${REGENERATE}`);
    }
  });

  it('is draft 2020-12 with machine names as property names and closed objects', () => {
    const schema = configsJsonSchema();
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['propertyNames']).toMatchObject({
      pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
      not: { enum: expect.arrayContaining(['localhost']) },
    });
    const machine = schema['additionalProperties'] as Schema;
    expect(machine['additionalProperties']).toBe(false);
    expect(machine['properties']['networkLayer']['enum']).toEqual(['wireguard', 'yggdrasil']);
    expect(machine['properties']['applications']['properties']['syncthing']['additionalProperties']).toBe(false);
  });

  it('gives every property a title and a description (forms are generated from it)', () => {
    const missing = propertySchemas(configsJsonSchema())
      .filter(([, s]) => typeof s['title'] !== 'string' || typeof s['description'] !== 'string')
      .map(([path]) => path);
    expect(missing).toEqual([]);
  });

  it('carries the same defaults as the zod schema', () => {
    // A form filling every default into an empty machine gets exactly what parseConfigs gives.
    expect(applyJsonSchemaDefaults(configsJsonSchema(), { m: {} })).toEqual({ m: defaultMachineConfig() });
    for (const key of appKeys) {
      if (key === 'mumbleClient') continue;
      expect(applyJsonSchemaDefaults(appJsonSchema(key), {})).toEqual(
        parseConfigs({ m: { applications: { [key]: {} } } })['m'].applications[key],
      );
    }
  });

  it('accepts every generated valid configuration, before and after defaults (property)', () => {
    const schema = configsJsonSchema();
    fc.assert(
      fc.property(networkConfigs, (configs) => {
        expect(jsonSchemaErrors(schema, configs)).toEqual([]);
        expect(jsonSchemaErrors(schema, parseConfigs(configs))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    [{ Bad: {} }],
    [{ localhost: {} }],
    [{ m: { networkLayer: 'tinc' } }],
    [{ m: { resources: { vcpus: 0 } } }],
    [{ m: { extra: 1 } }],
    [{ m: { applications: { syncthing: { guiPort: 70000 } } } }],
    [{ m: { applications: { mumbleClient: {} } } }],
    [{ m: { publish: [{ app: 'nextcloud' }] } }],
  ])('rejects what validateConfigs rejects: %j', (input) => {
    expect(validateConfigs(input).ok).toBe(false);
    expect(jsonSchemaErrors(configsJsonSchema(), input)).not.toEqual([]);
  });

  it('exports one machine and each app, with the app title, description and NixOS module', () => {
    expect(machineJsonSchema()['properties']).toHaveProperty('applications');
    const syncthing = appJsonSchema('syncthing');
    expect(syncthing).toMatchObject({ title: 'Syncthing', 'x-nixos-module': 'services.syncthing', additionalProperties: false });
    expect(appJsonSchema('mumbleClient')['required']).toEqual(['server']);
    expect(() => appJsonSchema('nope' as never)).toThrow('Unknown app "nope".');
  });

  it('returns copies, so callers cannot corrupt the cache', () => {
    (configsJsonSchema() as Schema)['title'] = 'changed';
    (appJsonSchema('jellyfin') as Schema)['properties']['enable'] = null;
    expect(configsJsonSchema()['title']).toBe('cLAN network configuration (configs.json)');
    expect(appJsonSchema('jellyfin')['properties']).toHaveProperty('enable.type', 'boolean');
  });
});
