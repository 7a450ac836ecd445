import { z } from 'zod';
import {
  APP_CATALOG,
  appKeys,
  appPorts,
  isAppActive,
  notPublishableReasons,
  publishableAppKeys,
  type AppCatalog,
  type AppKey,
  type AppOptions,
  type AppPort,
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

export const publishEntrySchema = strictObject('Published service', {
  app: enumSchema(
    { title: 'App', description: 'The app whose port is opened beyond the mesh.' },
    PUBLISHABLE_APPS,
    notPublishableReasons,
  ).meta({ title: 'App', description: 'The app whose port is opened beyond the mesh.' }),
  port: portSchema({ title: 'Port', description: 'The port opened on every interface, not only the mesh.' }).meta({
    title: 'Port',
    description: 'The port opened on every interface, not only the mesh.',
  }),
  protocol: enumField({ title: 'Protocol', description: 'Transport protocol of the port.' }, ['tcp', 'udp'] as const, 'tcp'),
});

function appEntry<K extends AppKey>(key: K): z.ZodOptional<AppCatalog[K]['options']> {
  const app = APP_CATALOG[key];
  return app.options.optional().meta({ title: app.title, description: `${app.description} (NixOS: ${app.nixosModule})` });
}

/** `applications`: one optional entry per catalog app, in display order (derived from the catalog, never listed). */
export const applicationsSchema = strictObject(
  'Applications',
  Object.fromEntries(appKeys.map((key) => [key, appEntry(key)])) as { [K in AppKey]: z.ZodOptional<AppCatalog[K]['options']> },
);

const machineObjectSchema = strictObject('A machine configuration', {
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
    .array(publishEntrySchema, {
      error: (iss) => (iss.input === undefined ? 'Published services is required.' : 'Published services must be a list.'),
    })
    .max(64, { error: 'Published services may list at most 64 entries.' })
    .default(() => [])
    .meta({
      title: 'Published services',
      description: 'Ports reachable beyond the mesh (opened on every interface). Empty by default: apps are reachable on the mesh only.',
    }),
  applications: applicationsSchema
    .default(() => ({}))
    .meta({
      title: 'Applications',
      description: 'The apps this machine runs and their settings. Apps not listed are not installed.',
    }),
  // Absent until the panel adds the machine to the network's mesh; written by the panel only (readOnly for forms).
  mesh: meshSchema.optional().meta({ ...MESH_SECTION_TEXT, readOnly: true }),
});

type MachineObject = z.output<typeof machineObjectSchema>;

/** Rules that span several fields, run once every field is valid on its own. */
function checkMachine(machine: MachineObject, ctx: z.core.$RefinementCtx<MachineObject>): void {
  const apps: { [K in AppKey]?: AppOptions<K> } = machine.applications;
  const used = new Map<string, { key: AppKey; port: AppPort }>();
  for (const key of appKeys) {
    const options = apps[key];
    if (!options || !isAppActive(key, options)) continue;
    for (const port of appPorts(key, options)) {
      const id = `${port.port}/${port.protocol}`;
      const other = used.get(id);
      if (other) {
        ctx.addIssue({
          code: 'custom',
          path: port.option ? ['applications', key, port.option] : ['applications', key],
          message: `Port ${id} for ${APP_CATALOG[key].title} (${port.description}) is already used by ${APP_CATALOG[other.key].title} (${other.port.description}).`,
        });
      } else used.set(id, { key, port });
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
    if (!isAppActive(entry.app, apps[entry.app] as never)) {
      ctx.addIssue({
        code: 'custom',
        path: ['publish', index, 'app'],
        message: `${APP_CATALOG[entry.app].title} is published but not enabled on this machine; enable it under applications.${entry.app} or remove the entry.`,
      });
    }
    const id = `${entry.port}/${entry.protocol}`;
    if (published.has(id)) {
      ctx.addIssue({ code: 'custom', path: ['publish', index], message: `Port ${id} is published more than once.` });
    }
    published.add(id);
  });
}

export const machineConfigSchema = machineObjectSchema.superRefine(checkMachine);

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

export const networkConfigsSchema = z
  .record(machineNameSchema, machineConfigSchema, {
    error: (iss) =>
      iss.code === 'invalid_type'
        ? 'The configuration must be a JSON object whose keys are machine names and whose values are machine configurations.'
        : undefined,
  })
  .meta({
    title: 'cLAN network configuration (configs.json)',
    description: 'Machine name → machine configuration. Nix reads it only through builtins.fromJSON (builtins.readFile ./configs.json).',
  });

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

/** Validates a whole configs.json value and fills every default. Never throws. */
export function validateConfigs(input: unknown): ConfigValidationResult<NetworkConfigs> {
  // JSON.parse makes "__proto__" an ordinary key and Nix's fromJSON a machine, but zod's record skips
  // it: such a machine would vanish from validation while Nix still built it. Refused like any bad name.
  if (input !== null && typeof input === 'object' && Object.prototype.hasOwnProperty.call(input, '__proto__'))
    return { ok: false, errors: [{ path: formatJsonPath(['__proto__']), message: machineNameSentence('__proto__') }] };
  return validateWith(networkConfigsSchema, input, []);
}

/** Like validateConfigs, but throws ConfigValidationError (with `.errors`) on invalid input. */
export function parseConfigs(input: unknown): NetworkConfigs {
  const result = validateConfigs(input);
  if (!result.ok) throw new ConfigValidationError(result.errors);
  return result.value;
}

/** Validates one machine's configuration; error paths start at `$.<machineName>` when a name is given. */
export function validateMachineConfig(input: unknown, machineName?: string): ConfigValidationResult<MachineConfig> {
  return validateWith(machineConfigSchema, input, machineName === undefined ? [] : [machineName]);
}

/** A machine with every default filled in (what `{}` becomes). */
export function defaultMachineConfig(): MachineConfig {
  return machineConfigSchema.parse({});
}
