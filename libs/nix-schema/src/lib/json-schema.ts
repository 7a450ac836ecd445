import { z } from 'zod';
import { APP_CATALOG, type AppKey } from './catalog';
import {
  machineConfigSchema,
  machineConfigSchemaFor,
  networkConfigsSchema,
  networkConfigsSchemaFor,
  type ConfigSchemaOptions,
} from './config-schema';
import type { MarketplaceApps } from './marketplace-apps';

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
const marketplaceCache = new WeakMap<MarketplaceApps, { configs?: JsonSchema; machine?: JsonSchema }>();

function marketplaceEntry(marketplace: MarketplaceApps): { configs?: JsonSchema; machine?: JsonSchema } {
  let entry = marketplaceCache.get(marketplace);
  if (!entry) marketplaceCache.set(marketplace, (entry = {}));
  return entry;
}

/** A deep copy so callers may annotate the result without touching the cache. */
const copy = (schema: JsonSchema): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;

/** JSON Schema (draft 2020-12) of a whole configs.json; with `opts.marketplace`, the network's third-party apps are under `applications`. */
export function configsJsonSchema(opts: ConfigSchemaOptions = {}): JsonSchema {
  if (opts.marketplace) {
    const entry = marketplaceEntry(opts.marketplace);
    entry.configs ??= toJsonSchema(networkConfigsSchemaFor(opts.marketplace));
    return copy(entry.configs);
  }
  configsCache ??= toJsonSchema(networkConfigsSchema);
  return copy(configsCache);
}

/** JSON Schema of one machine's configuration; with `opts.marketplace`, the network's third-party apps are under `applications`. */
export function machineJsonSchema(opts: ConfigSchemaOptions = {}): JsonSchema {
  if (opts.marketplace) {
    const entry = marketplaceEntry(opts.marketplace);
    entry.machine ??= toJsonSchema(machineConfigSchemaFor(opts.marketplace));
    return copy(entry.machine);
  }
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
