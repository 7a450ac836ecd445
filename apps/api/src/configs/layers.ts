import {
  type ConfigError,
  isAppActive,
  isAppKey,
  type MachineConfig,
  type MarketplaceApps,
  type NetworkConfigs,
  stableJson,
  validateConfigs,
  validateMachineConfig,
} from '@clan/nix-schema';
import { USERNAME_PATTERN } from '../users/username';

/**
 * The two layers of a machine's configuration and how they combine. Pure: no
 * git, no database — the writer and the routes share these rules.
 *
 * - network layer: the machine's entry in configs.json (network admins);
 * - local layer: overrides/<machine>.json, a partial machine config (local admins);
 * - effective config: the network layer deep-merged with the local layer.
 * `localAdmins` (panel usernames) mean nothing to Nix, so they live beside
 * configs.json in panel/local-admins.json.
 */

export type JsonObject = Record<string, unknown>;

export interface Layers {
  /** configs.json: machine name → network layer. */
  configs: Record<string, unknown>;
  /** machine name → local layer (absent or `{}`: none). */
  overrides: Record<string, JsonObject>;
  /** machine name → usernames of its local admins. */
  localAdmins: Record<string, string[]>;
  /** marketplace.json: the third-party apps the network pinned (absent: none), which configs.json may use. */
  marketplace?: MarketplaceApps;
}

export interface ValidLayers {
  configs: NetworkConfigs;
  overrides: Record<string, JsonObject>;
  localAdmins: Record<string, string[]>;
  marketplace: MarketplaceApps;
  effective: Record<string, MachineConfig>;
}

export const LOCAL_ADMINS_MAX = 32;
/** Keys only network admins set: the local layer may not override them. */
export const NETWORK_ONLY_KEYS = ['adminMode', 'localAdmins'] as const;
/** Keys the panel writes in the network layer (the mesh section, apps/api/src/mesh/machines): no local layer overrides them. */
export const PANEL_ONLY_KEYS = ['mesh'] as const;

export function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets an own property even for keys such as "__proto__", so user JSON can never reach a prototype. */
function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Objects merge key by key; arrays and scalars from `local` replace. */
export function deepMerge(base: unknown, local: unknown): unknown {
  if (local === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(local)) return local;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(base)) setOwn(out, k, v);
  for (const [k, v] of Object.entries(local)) setOwn(out, k, deepMerge(base[k], v));
  return out;
}

export function hasOverrides(overrides: JsonObject | undefined): overrides is JsonObject {
  return overrides !== undefined && Object.keys(overrides).length > 0;
}

/** The apps a (parsed) machine config runs, in catalog order of the config. */
export function activeApps(config: MachineConfig): string[] {
  const apps = config.applications as Record<string, unknown>;
  return Object.keys(apps).filter((key) => isAppKey(key) && isAppActive(key, apps[key] as never));
}

/** `applications.syncthing` → ['applications', 'syncthing']; null when it is not a dotted key path. */
export function parseOverridePath(path: string): string[] | null {
  const segments = path.split('.');
  return segments.every((s) => /^[A-Za-z0-9_-]{1,64}$/.test(s)) && segments.length <= 8 ? segments : null;
}

/** A copy of `obj` without the value at `segments`, dropping objects left empty; null when nothing is there. */
export function withoutPath(obj: JsonObject, segments: string[]): JsonObject | null {
  const [head, ...rest] = segments;
  if (!Object.prototype.hasOwnProperty.call(obj, head)) return null;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (k !== head) setOwn(out, k, v);
  if (rest.length === 0) return out;
  const child = obj[head];
  if (!isPlainObject(child)) return null;
  const pruned = withoutPath(child, rest);
  if (pruned === null) return null;
  if (Object.keys(pruned).length > 0) setOwn(out, head, pruned);
  return out;
}

/**
 * What differs between two versions of a machine's config, for commit
 * messages: top-level keys, and `applications.<app>` inside applications.
 */
export function changedPaths(before: unknown, after: unknown): string[] {
  const a = isPlainObject(before) ? before : {};
  const b = isPlainObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const out: string[] = [];
  for (const key of keys) {
    if (same(a[key], b[key])) continue;
    if (key === 'applications' && (isPlainObject(a[key]) || isPlainObject(b[key]))) {
      out.push(...changedPaths(a[key], b[key]).map((app) => `applications.${app}`));
    } else out.push(key);
  }
  return out;
}

export function same(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return stableJson(a) === stableJson(b);
}

/** "a, b, c and 2 more" */
export function listSome(items: string[], max = 4): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function localAdminErrors(machine: string, value: unknown): ConfigError[] {
  const base = `$.${machine}.localAdmins`;
  if (!Array.isArray(value)) return [{ path: base, message: 'Local admins must be a list of usernames.' }];
  const errors: ConfigError[] = [];
  if (value.length > LOCAL_ADMINS_MAX) errors.push({ path: base, message: `A machine can have at most ${LOCAL_ADMINS_MAX} local admins.` });
  const seen = new Set<string>();
  value.forEach((name, i) => {
    if (typeof name !== 'string' || !USERNAME_PATTERN.test(name)) {
      errors.push({
        path: `${base}[${i}]`,
        message: 'Each local admin must be a username: 3–64 lower-case letters, digits, ".", "_" or "-".',
      });
    } else if (seen.has(name)) {
      errors.push({ path: `${base}[${i}]`, message: `${name} is listed twice.` });
    } else seen.add(name);
  });
  return errors;
}

/**
 * Validates all layers: configs.json as nix-schema sees it, the local
 * admins, and every machine's effective config. Errors carry JSON paths
 * inside configs (`$.anna.applications.syncthing.sharedFolders[0]`).
 */
export function validateLayers(layers: Layers): { ok: true; value: ValidLayers } | { ok: false; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const marketplace = layers.marketplace ?? {};
  const network = validateConfigs(layers.configs, { marketplace });
  if (!network.ok) errors.push(...network.errors);

  for (const [machine, admins] of Object.entries(layers.localAdmins)) errors.push(...localAdminErrors(machine, admins));

  const effective: Record<string, MachineConfig> = {};
  if (network.ok) {
    for (const [machine, config] of Object.entries(network.value)) {
      // A remotely managed machine has no local layer: switching to remote drops it.
      const local = config.adminMode === 'remote' ? undefined : layers.overrides[machine];
      if (!hasOverrides(local)) {
        effective[machine] = config;
        continue;
      }
      if (!isPlainObject(local)) {
        errors.push({ path: `$.${machine}`, message: 'The local overrides must be a JSON object (a partial machine configuration).' });
        continue;
      }
      const forbidden = NETWORK_ONLY_KEYS.filter((k) => k in local);
      for (const key of forbidden) {
        errors.push({
          path: `$.${machine}.${key}`,
          message: `${key} is set by network admins in the network layer; the local overrides cannot change it.`,
        });
      }
      const panelOnly = PANEL_ONLY_KEYS.filter((k) => k in local);
      for (const key of panelOnly) {
        errors.push({
          path: `$.${machine}.${key}`,
          message: `${key} is written by the panel from the network's mesh; the local overrides cannot change it.`,
        });
      }
      if (forbidden.length || panelOnly.length) continue;
      const merged = validateMachineConfig(deepMerge(config, local), machine, { marketplace });
      if (merged.ok) effective[machine] = merged.value;
      else {
        for (const e of merged.errors) errors.push({ path: e.path, message: `With the local overrides applied: ${e.message}` });
      }
    }
  }
  if (errors.length || !network.ok) return { ok: false, errors };

  // Local layers and admins of machines that no longer exist go with them.
  const names = new Set(Object.keys(network.value));
  const overrides: Record<string, JsonObject> = {};
  for (const [m, o] of Object.entries(layers.overrides)) {
    if (names.has(m) && network.value[m].adminMode !== 'remote' && hasOverrides(o)) overrides[m] = o;
  }
  const localAdmins: Record<string, string[]> = {};
  for (const [m, a] of Object.entries(layers.localAdmins)) if (names.has(m) && a.length) localAdmins[m] = [...a];
  return { ok: true, value: { configs: network.value, overrides, localAdmins, marketplace, effective } };
}
