import { z } from 'zod';
import { APP_CATALOG, type AppKey } from './catalog';
import { machineConfigSchema, networkConfigsSchema } from './config-schema';

export type JsonSchema = Record<string, unknown>;

/**
 * "input" describes what a client may send: fields with defaults are
 * optional and carry their `default`, which is what a generated form needs.
 * Refinements (no NUL, unique lists, port clashes) are not expressible here;
 * the server-side validateConfigs() remains the authority.
 */
function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' });
}

let configsCache: JsonSchema | undefined;
let machineCache: JsonSchema | undefined;
const appCache = new Map<AppKey, JsonSchema>();

/** A deep copy so callers may annotate the result without touching the cache. */
const copy = (schema: JsonSchema): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;

/** JSON Schema (draft 2020-12) of a whole configs.json. */
export function configsJsonSchema(): JsonSchema {
  configsCache ??= toJsonSchema(networkConfigsSchema);
  return copy(configsCache);
}

/** JSON Schema of one machine's configuration. */
export function machineJsonSchema(): JsonSchema {
  machineCache ??= toJsonSchema(machineConfigSchema);
  return copy(machineCache);
}

/** JSON Schema of one app's options (`applications.<key>`), with the app's title and description. */
export function appJsonSchema(key: AppKey): JsonSchema {
  const app = APP_CATALOG[key];
  if (!app) throw new Error(`Unknown app ${JSON.stringify(key)}.`);
  let schema = appCache.get(key);
  if (!schema) {
    schema = { ...toJsonSchema(app.options), title: app.title, description: app.description, 'x-nixos-module': app.nixosModule };
    appCache.set(key, schema);
  }
  return copy(schema);
}

/** The committed file libs/nix-schema/generated/configs.schema.json: 2-space JSON with a trailing newline. */
export function renderConfigsJsonSchemaFile(): string {
  return `${JSON.stringify(configsJsonSchema(), null, 2)}\n`;
}
