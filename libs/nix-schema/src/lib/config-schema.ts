import { z } from 'zod';
import {
  APP_CATALOG,
  appKeys,
  appPorts,
  isAppActive,
  isAppKey,
  notPublishableReasons,
  publishableAppKeys,
  type AppCatalog,
  type AppKey,
  type AppOptions,
  type PublishableAppKey,
} from './catalog';
import {
  absolutePathSchema,
  booleanField,
  enumField,
  enumSchema,
  integerField,
  patternSchema,
  portSchema,
  quoteValue,
  strictObject,
  uniqueListField,
} from './fields';
import { formatJsonPath } from './json-path';
import {
  isMarketplaceAppActive,
  marketplaceAppKeyProblem,
  marketplaceAppPorts,
  optionSpecSchema,
  type MarketplaceApps,
} from './marketplace-apps';
import { MESH_SECTION_TEXT, meshSchema } from './mesh-schema';
import { NAME_MAX_LENGTH, NAME_PATTERN, nameProblem, RESERVED_NAMES } from './names';

export const SYSTEMS = ['x86_64-linux', 'aarch64-linux'] as const;
export const ADMIN_MODES = ['local', 'remote', 'shared'] as const;
export const NETWORK_LAYERS = ['wireguard', 'yggdrasil'] as const;
export type System = (typeof SYSTEMS)[number];
export type AdminMode = (typeof ADMIN_MODES)[number];
export type NetworkLayer = (typeof NETWORK_LAYERS)[number];

/** Layers the design names but the panel cannot run yet: rejected with these sentences rather than "must be one of". */
export const RESERVED_NETWORK_LAYERS: Readonly<Record<string, string>> = {
  tinc: 'tinc is not supported yet; use wireguard or yggdrasil.',
  zerotier: 'zerotier is not supported yet; use wireguard or yggdrasil.',
};

/** The interface app ports are opened on (the contract's `networking.firewall.interfaces.<mesh-if>`). */
export const MESH_INTERFACES: Readonly<Record<NetworkLayer, string>> = { wireguard: 'clan-wg', yggdrasil: 'clan-ygg' };

/** Apps that serve ports and can therefore be published beyond the mesh (derived from the catalog: apps without `notPublishable`). */
export const PUBLISHABLE_APPS = publishableAppKeys as readonly PublishableAppKey[] as readonly [PublishableAppKey, ...PublishableAppKey[]];

/** A fresh copy of `schema.parse({})`: nested objects default to their own fully filled defaults (shown as such in JSON Schema). */
function filledDefault<T extends z.ZodType>(schema: T): () => z.output<T> {
  return () => schema.parse({});
}

export const resourcesSchema = strictObject('Resources', {
  vcpus: integerField({ title: 'vCPUs', description: 'Virtual CPU cores of the machine.' }, 1, 64, 1),
  memoryMiB: integerField({ title: 'Memory (MiB)', description: 'Memory of the machine, in MiB.' }, 256, 262144, 1024),
  stateDiskGiB: integerField(
    { title: 'State disk (GiB)', description: "Size of the disk that keeps the machine's data (/var/lib and shared folders), in GiB." },
    1,
    16384,
    10,
  ),
});

const CRON_PATTERN = /^[0-9*,/-]+(?: [0-9*,/-]+){4}$/;
const keep = (title: string, unit: string, fallback: number) =>
  integerField({ title, description: `How many ${unit} snapshots to keep (0: none kept for this reason).` }, 0, 10000, fallback);

export const backupSchema = strictObject('Backup', {
  enable: booleanField(
    { title: 'Enable backups', description: "Back up the machine's state (the state of its apps and the extra paths) on a schedule." },
    false,
  ),
  schedule: patternSchema(
    {
      title: 'Schedule',
      description: 'When to back up, as a cron expression (minute hour day month weekday), e.g. "0 3 * * *" for 03:00 every day.',
    },
    CRON_PATTERN,
    'be a cron expression of five fields (minute hour day month weekday) using digits, "*", ",", "-" and "/", e.g. "0 3 * * *"',
    200,
  )
    .default('0 3 * * *')
    .meta({
      title: 'Schedule',
      description: 'When to back up, as a cron expression (minute hour day month weekday), e.g. "0 3 * * *" for 03:00 every day.',
    }),
  keepLast: keep('Keep last', 'most recent', 7),
  keepDaily: keep('Keep daily', 'daily', 7),
  keepWeekly: keep('Keep weekly', 'weekly', 4),
  keepMonthly: keep('Keep monthly', 'monthly', 6),
  extraPaths: uniqueListField(
    { title: 'Extra paths', description: 'Further absolute paths to back up, besides the state the enabled apps keep.' },
    absolutePathSchema({ title: 'Extra path', description: 'An absolute path, e.g. /srv/photos.' }),
  ),
});

function publishEntrySchemaWith<const T extends readonly [string, ...string[]]>(apps: T, reasons: Readonly<Record<string, string>>) {
  return strictObject('Published service', {
    app: enumSchema({ title: 'App', description: 'The app whose port is opened beyond the mesh.' }, apps, reasons).meta({
      title: 'App',
      description: 'The app whose port is opened beyond the mesh.',
    }),
    port: portSchema({ title: 'Port', description: 'The port opened on every interface, not only the mesh.' }).meta({
      title: 'Port',
      description: 'The port opened on every interface, not only the mesh.',
    }),
    protocol: enumField({ title: 'Protocol', description: 'Transport protocol of the port.' }, ['tcp', 'udp'] as const, 'tcp'),
  });
}

export const publishEntrySchema = publishEntrySchemaWith(PUBLISHABLE_APPS, notPublishableReasons);

function appEntry<K extends AppKey>(key: K): z.ZodOptional<AppCatalog[K]['options']> {
  const app = APP_CATALOG[key];
  return app.options.optional().meta({ title: app.title, description: `${app.description} (NixOS: ${app.nixosModule})` });
}

/** `applications`: one optional entry per catalog app, in display order (derived from the catalog, never listed). */
export const applicationsSchema = strictObject(
  'Applications',
  Object.fromEntries(appKeys.map((key) => [key, appEntry(key)])) as { [K in AppKey]: z.ZodOptional<AppCatalog[K]['options']> },
);

/** The machine object around an `applications` schema and a `publish` entry schema (the catalog's, or with a network's marketplace apps). */
function machineObjectSchemaWith<A extends z.ZodType, P extends z.ZodType>(applications: A, publishEntry: P) {
  return strictObject('A machine configuration', {
    system: enumField(
      { title: 'System', description: 'CPU architecture and OS of the machine, as a Nix system name.' },
      SYSTEMS,
      'x86_64-linux',
    ),
    adminMode: enumField(
      {
        title: 'Administration',
        description: 'Who administers the machine: "local" (its owner), "remote" (the network\'s administrators) or "shared" (both).',
      },
      ADMIN_MODES,
      'local',
    ),
    networkLayer: enumField(
      { title: 'Network layer', description: 'The mesh VPN the machine joins: "wireguard" (interface clan-wg) or "yggdrasil" (clan-ygg).' },
      NETWORK_LAYERS,
      'wireguard',
      RESERVED_NETWORK_LAYERS,
    ),
    resources: resourcesSchema
      .default(filledDefault(resourcesSchema))
      .meta({ title: 'Resources', description: 'CPU, memory and disk of the virtual machine.' }),
    backup: backupSchema
      .default(filledDefault(backupSchema))
      .meta({ title: 'Backup', description: "Scheduled backups of the machine's state." }),
    publish: z
      .array(publishEntry, {
        error: (iss) => (iss.input === undefined ? 'Published services is required.' : 'Published services must be a list.'),
      })
      .max(64, { error: 'Published services may list at most 64 entries.' })
      .default(() => [])
      .meta({
        title: 'Published services',
        description: 'Ports reachable beyond the mesh (opened on every interface). Empty by default: apps are reachable on the mesh only.',
      }),
    applications: applications
      .default(() => ({}) as never)
      .meta({
        title: 'Applications',
        description: 'The apps this machine runs and their settings. Apps not listed are not installed.',
      }),
    // Absent until the panel adds the machine to the network's mesh; written by the panel only (readOnly for forms).
    mesh: meshSchema.optional().meta({ ...MESH_SECTION_TEXT, readOnly: true }),
  });
}

const machineObjectSchema = machineObjectSchemaWith(applicationsSchema, publishEntrySchema);

type MachineObject = z.output<typeof machineObjectSchema>;

/** Rules that span several fields, run once every field is valid on its own. */
function checkMachine(machine: MachineObject, ctx: z.core.$RefinementCtx<MachineObject>, marketplace?: MarketplaceApps): void {
  const apps: { [K in AppKey]?: AppOptions<K> } = machine.applications;
  const others = machine.applications as Record<string, Record<string, unknown> | undefined>;
  const titleOf = (key: string): string => (isAppKey(key) ? APP_CATALOG[key].title : (marketplace?.[key]?.title ?? key));
  const isActive = (key: string): boolean =>
    isAppKey(key) ? isAppActive(key, apps[key] as never) : !!marketplace?.[key] && isMarketplaceAppActive(marketplace[key], others[key]);

  const used = new Map<string, { key: string; description: string }>();
  const claim = (key: string, port: { port: number; protocol: string; description: string }, path: PropertyKey[]) => {
    const id = `${port.port}/${port.protocol}`;
    const other = used.get(id);
    if (other) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `Port ${id} for ${titleOf(key)} (${port.description}) is already used by ${titleOf(other.key)} (${other.description}).`,
      });
    } else used.set(id, { key, description: port.description });
  };
  for (const key of appKeys) {
    const options = apps[key];
    if (!options || !isAppActive(key, options)) continue;
    for (const port of appPorts(key, options)) claim(key, port, port.option ? ['applications', key, port.option] : ['applications', key]);
  }
  // Third-party apps after the built-in ones (sorted), so a clash names the third-party app.
  for (const key of Object.keys(marketplace ?? {}).sort()) {
    const pin = (marketplace as MarketplaceApps)[key];
    const options = others[key];
    if (!options || !isMarketplaceAppActive(pin, options)) continue;
    for (const port of marketplaceAppPorts(pin, options)) {
      const description = port.option ? `its ${port.option} setting` : 'a fixed port';
      claim(key, { ...port, description }, port.option ? ['applications', key, port.option] : ['applications', key]);
    }
  }

  const mesh = machine.mesh;
  if (mesh?.enable && machine.networkLayer === 'wireguard' && mesh.addresses.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['mesh', 'addresses'],
      message: 'Addresses must list at least one address for the WireGuard mesh (the panel writes the IPv4 and IPv6 ones).',
    });
  }

  const published = new Set<string>();
  machine.publish.forEach((entry, index) => {
    const app: string = entry.app;
    if (!isActive(app)) {
      ctx.addIssue({
        code: 'custom',
        path: ['publish', index, 'app'],
        message: `${titleOf(app)} is published but not enabled on this machine; enable it under applications.${app} or remove the entry.`,
      });
    }
    const id = `${entry.port}/${entry.protocol}`;
    if (published.has(id)) {
      ctx.addIssue({ code: 'custom', path: ['publish', index], message: `Port ${id} is published more than once.` });
    }
    published.add(id);
  });
}

export const machineConfigSchema = machineObjectSchema.superRefine((machine, ctx) => checkMachine(machine, ctx));

function machineNameSentence(name: string): string {
  const problem = nameProblem(name) ?? 'is not a valid machine name';
  return problem.startsWith('"') ? `The machine name ${problem}.` : `The machine name ${quoteValue(name)} ${problem}.`;
}

export const machineNameSchema = z
  .string({ error: 'Machine names must be text.' })
  .max(NAME_MAX_LENGTH, { error: (iss) => machineNameSentence(String(iss.input)) })
  .regex(NAME_PATTERN, { error: (iss) => machineNameSentence(String(iss.input)) })
  .refine((name) => !RESERVED_NAMES.includes(name), { error: (iss) => machineNameSentence(String(iss.input)) })
  // `not` documents the reserved names in JSON Schema, where refinements cannot go.
  .meta({ title: 'Machine name', description: 'A DNS label: lower-case letters, digits and "-".', not: { enum: [...RESERVED_NAMES] } });

function networkConfigsSchemaWith<M extends z.ZodType>(machine: M) {
  return z
    .record(machineNameSchema, machine, {
      error: (iss) =>
        iss.code === 'invalid_type'
          ? 'The configuration must be a JSON object whose keys are machine names and whose values are machine configurations.'
          : undefined,
    })
    .meta({
      title: 'cLAN network configuration (configs.json)',
      description: 'Machine name → machine configuration. Nix reads it only through builtins.fromJSON (builtins.readFile ./configs.json).',
    });
}

export const networkConfigsSchema = networkConfigsSchemaWith(machineConfigSchema);

/** What validation knows about the network beyond the catalog. */
export interface ConfigSchemaOptions {
  /** The third-party apps the network installed (its marketplace.json): valid under `applications` like built-in apps. */
  marketplace?: MarketplaceApps;
}

function unknownAppsSentence(keys: string[]): string {
  const names = keys.map((k) => quoteValue(k)).join(', ');
  return keys.length === 1
    ? `${names} is not an app of the catalog or one this network installed from the Marketplace; install it from the Marketplace first, or remove it.`
    : `${names} are not apps of the catalog or ones this network installed from the Marketplace; install them from the Marketplace first, or remove them.`;
}

interface MarketplaceSchemas {
  applications: z.ZodType;
  machine: typeof machineConfigSchema;
  configs: typeof networkConfigsSchema;
}

const marketplaceSchemas = new WeakMap<MarketplaceApps, MarketplaceSchemas>();

/**
 * The configs.json schemas of a network with these marketplace apps: each one
 * is an entry of `applications` (validated against its pinned option spec),
 * its ports clash like a built-in app's, it may be published when it has
 * ports, and an unknown app key gets a sentence saying to install it first.
 * Memoised per MarketplaceApps object. Throws Error for a key that is not a
 * valid marketplace app key (parseMarketplaceFile never returns one).
 */
function marketplaceSchemasFor(marketplace: MarketplaceApps): MarketplaceSchemas {
  const cached = marketplaceSchemas.get(marketplace);
  if (cached) return cached;
  const keys = Object.keys(marketplace).sort();
  for (const key of keys) {
    const problem = marketplaceAppKeyProblem(key);
    if (problem) throw new Error(`The marketplace app key ${quoteValue(key)} ${problem}.`);
  }
  const builtIn = Object.fromEntries(appKeys.map((key) => [key, appEntry(key)]));
  const thirdParty = Object.fromEntries(
    keys.map((key) => {
      const pin = marketplace[key];
      return [
        key,
        optionSpecSchema(`${pin.title} settings`, pin.options)
          .optional()
          .meta({ title: pin.title, description: pin.description, 'x-marketplace': { source: { ...pin.source }, rev: pin.rev } }),
      ];
    }),
  );
  const applications = strictObject('Applications', { ...builtIn, ...thirdParty }, unknownAppsSentence);
  const publishable = [...PUBLISHABLE_APPS, ...keys.filter((key) => marketplace[key].ports.length > 0)] as [string, ...string[]];
  const reasons: Record<string, string> = { ...notPublishableReasons };
  for (const key of keys)
    if (marketplace[key].ports.length === 0) reasons[key] = `${marketplace[key].title} serves no ports, so there is nothing to publish.`;
  const machine = machineObjectSchemaWith(applications, publishEntrySchemaWith(publishable, reasons)).superRefine((m, ctx) =>
    checkMachine(m as unknown as MachineObject, ctx as unknown as z.core.$RefinementCtx<MachineObject>, marketplace),
  ) as unknown as typeof machineConfigSchema;
  const schemas: MarketplaceSchemas = { applications, machine, configs: networkConfigsSchemaWith(machine) };
  marketplaceSchemas.set(marketplace, schemas);
  return schemas;
}

/** configs.json's schema for a network with these marketplace apps (memoised per object); the static one without. */
export function networkConfigsSchemaFor(marketplace?: MarketplaceApps): typeof networkConfigsSchema {
  return marketplace ? marketplaceSchemasFor(marketplace).configs : networkConfigsSchema;
}

/** One machine's schema for a network with these marketplace apps (memoised per object); the static one without. */
export function machineConfigSchemaFor(marketplace?: MarketplaceApps): typeof machineConfigSchema {
  return marketplace ? marketplaceSchemasFor(marketplace).machine : machineConfigSchema;
}

export type MachineConfig = z.output<typeof machineConfigSchema>;
export type MachineConfigInput = z.input<typeof machineConfigSchema>;
export type NetworkConfigs = Record<string, MachineConfig>;
export type NetworkConfigsInput = Record<string, MachineConfigInput>;
export type Resources = MachineConfig['resources'];
export type BackupPolicy = MachineConfig['backup'];
export type PublishEntry = MachineConfig['publish'][number];
export type Applications = MachineConfig['applications'];
export type MachineMesh = NonNullable<MachineConfig['mesh']>;

export interface ConfigError {
  /** JSON path of the offending value, e.g. `$.anna.applications.syncthing.sharedFolders[0]`. */
  path: string;
  /** A sentence a person can act on. */
  message: string;
}

export type ConfigValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ConfigError[] };

export class ConfigValidationError extends Error {
  constructor(readonly errors: ConfigError[]) {
    const first = errors
      .slice(0, 3)
      .map((e) => `${e.path}: ${e.message}`)
      .join(' ');
    super(`Invalid configuration (${errors.length} problem${errors.length === 1 ? '' : 's'}): ${first}${errors.length > 3 ? ' …' : ''}`);
    this.name = 'ConfigValidationError';
  }
}

/** Last resort for issues no field-specific sentence covers (should not happen; tests check). */
const fallbackError: z.core.$ZodErrorMap = (iss) => {
  const where = iss.path?.length ? formatJsonPath(iss.path) : 'The value';
  return `${where} is invalid (${iss.code}).`;
};

function collectErrors(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[], out: ConfigError[], seen: Set<string>): void {
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_key') {
      collectErrors(issue.issues, path, out, seen);
      continue;
    }
    const error = { path: formatJsonPath(path), message: issue.message };
    const id = `${error.path}\u0000${error.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(error);
    }
  }
}

function validateWith<T extends z.ZodType>(
  schema: T,
  input: unknown,
  basePath: readonly PropertyKey[],
): ConfigValidationResult<z.output<T>> {
  const result = schema.safeParse(input, { error: fallbackError });
  if (result.success) return { ok: true, value: result.data };
  const errors: ConfigError[] = [];
  collectErrors(result.error.issues, basePath, errors, new Set());
  return { ok: false, errors };
}

/** Validates a whole configs.json value and fills every default; `opts.marketplace`: the network's third-party apps. Never throws. */
export function validateConfigs(input: unknown, opts: ConfigSchemaOptions = {}): ConfigValidationResult<NetworkConfigs> {
  // JSON.parse makes "__proto__" an ordinary key and Nix's fromJSON a machine, but zod's record skips
  // it: such a machine would vanish from validation while Nix still built it. Refused like any bad name.
  if (input !== null && typeof input === 'object' && Object.prototype.hasOwnProperty.call(input, '__proto__'))
    return { ok: false, errors: [{ path: formatJsonPath(['__proto__']), message: machineNameSentence('__proto__') }] };
  return validateWith(networkConfigsSchemaFor(opts.marketplace), input, []);
}

/** Like validateConfigs, but throws ConfigValidationError (with `.errors`) on invalid input. */
export function parseConfigs(input: unknown, opts: ConfigSchemaOptions = {}): NetworkConfigs {
  const result = validateConfigs(input, opts);
  if (!result.ok) throw new ConfigValidationError(result.errors);
  return result.value;
}

/** Validates one machine's configuration; error paths start at `$.<machineName>` when a name is given. */
export function validateMachineConfig(
  input: unknown,
  machineName?: string,
  opts: ConfigSchemaOptions = {},
): ConfigValidationResult<MachineConfig> {
  return validateWith(machineConfigSchemaFor(opts.marketplace), input, machineName === undefined ? [] : [machineName]);
}

/** A machine with every default filled in (what `{}` becomes). */
export function defaultMachineConfig(): MachineConfig {
  return machineConfigSchema.parse({});
}
