import { z } from 'zod';
import { appKeys } from './catalog';
import { absolutePathSchema, hostnameSchema, patternSchema, quoteValue, strictObject, textSchema, type FieldText } from './fields';
import { goIniProblem } from './go-ini';
import { stableJson } from './stable-json';

/**
 * Third-party apps a network installed from the Marketplace
 * (docs/marketplace.md). The network repository pins each one in
 * `marketplace.json` (what is pinned: source, revision, narHash and the
 * metadata the panel indexed) and flake.nix gains one input per app
 * (repo.ts). configs.json then holds the app like a built-in one, under
 * `applications.<key>`, validated against the spec pinned here.
 */

/** One option of an app: the spec language of nix/lib/schema.nix (moved here from apps/api marketplace-index.ts). */
export interface OptionSpec {
  type: 'bool' | 'port' | 'int' | 'enum' | 'string' | 'list' | 'object';
  description: string;
  /** Absent: the option is required (a missing `object` is the object of its own defaults). */
  default?: unknown;
  /** int: inclusive bounds (both required for an int). */
  min?: number;
  max?: number;
  /** enum: the accepted values. */
  values?: string[];
  /** enum: value → sentence, for values known but not supported yet. */
  reserved?: Record<string, string>;
  /** string, and list items: a format of nix/lib/formats.nix (absent: "text"). */
  format?: string;
  /** list: whether items must be distinct (absent: true). */
  unique?: boolean;
  /** object: name → spec. */
  options?: Record<string, OptionSpec>;
}

export interface MarketplacePort {
  port: number;
  protocol: 'tcp' | 'udp';
  /** The option that sets it, when one port option's default equals it. */
  option?: string;
}

export interface MarketplaceAppPin {
  /** The flake input name: `app-<key>`. */
  input: string;
  /** git+file:///<mirror>.git?ref=refs/clan/pins/<rev>&rev=<rev> */
  url: string;
  source: { id: string; name: string; url: string };
  /** The pinned commit, 40 hex digits. */
  rev: string;
  /** The revision's narHash, `sha256-…`. */
  narHash: string;
  title: string;
  description: string;
  enabledBy: 'enable' | 'presence';
  options: Record<string, OptionSpec>;
  ports: MarketplacePort[];
  web: { label: string; port: number; option?: string } | null;
  statePaths: string[];
  /** ISO time. */
  acceptedAt: string;
  acceptedBy: string | null;
}

/** App key → pin. */
export type MarketplaceApps = Record<string, MarketplaceAppPin>;

export const MARKETPLACE_FILE = 'marketplace.json';

/** A marketplace app key: camelCase, as docs/marketplace.md requires (and safe as a Nix attribute name). */
export const MARKETPLACE_APP_KEY_PATTERN = /^[a-z][a-zA-Z0-9]{0,62}$/;
const REV_PATTERN = /^[0-9a-f]{40}$/;
const MIRROR_PATH_PATTERN = /^\/[A-Za-z0-9._/-]*$/;
const INPUT_URL_PATTERN = /^git\+file:\/\/(\/[A-Za-z0-9._/-]*)\?ref=refs\/clan\/pins\/([0-9a-f]{40})&rev=([0-9a-f]{40})$/;
const NAR_HASH_PATTERN = /^sha256-[A-Za-z0-9+/]{43}=$/;
const OPTION_TYPES = ['bool', 'port', 'int', 'enum', 'string', 'list', 'object'] as const;
const LABEL_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const builtInKeys: ReadonlySet<string> = new Set<string>(appKeys);

/** The flake input that holds the app's source: `app-<key>`. */
export function marketplaceInputName(key: string): string {
  return `app-${key}`;
}

/** Why `key` cannot name a marketplace app, as the end of a sentence "<key> …", or null. */
export function marketplaceAppKeyProblem(key: string): string | null {
  if (!MARKETPLACE_APP_KEY_PATTERN.test(key)) return 'must be camelCase: a lower-case letter, then letters and digits (at most 63)';
  if (builtInKeys.has(key)) return 'is the key of a built-in app';
  return null;
}

/**
 * The flake input URL of a pinned app: the panel's mirror of the source at
 * the pinned commit (the mirror keeps `refs/clan/pins/<rev>` so the commit
 * stays fetchable). Throws Error for a path or revision that could end or
 * bend the URL.
 */
export function marketplaceInputUrl(mirrorPath: string, rev: string): string {
  if (typeof mirrorPath !== 'string' || !MIRROR_PATH_PATTERN.test(mirrorPath) || mirrorPath.split('/').includes('..'))
    throw new Error(`The mirror path must be an absolute path of letters, digits and . _ / - (got ${quoteValue(mirrorPath)}).`);
  if (typeof rev !== 'string' || !REV_PATTERN.test(rev))
    throw new Error(`The revision must be a commit hash of 40 lower-case hex digits (got ${quoteValue(rev)}).`);
  return `git+file://${mirrorPath}?ref=refs/clan/pins/${rev}&rev=${rev}`;
}

/** marketplace.json: `{ "apps": …, "version": 1 }`, sorted keys, trailing newline. */
export function renderMarketplaceFile(apps: MarketplaceApps): string {
  return stableJson({ version: 1, apps });
}

// ---------------------------------------------------------------------------
// Reading marketplace.json (a file in a git repository: anyone with push access may have edited it)

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Record<string, Json>, k: string): Json => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

class PinProblem extends Error {}

function fail(field: string, problem: string): never {
  throw new PinProblem(`${field} ${problem}`);
}

function text(o: Record<string, Json>, field: string, max: number, path = field): string {
  const v = own(o, field);
  if (typeof v !== 'string' || v.trim() === '') fail(path, 'must be a non-empty string');
  if (v.length > max) fail(path, `must be at most ${max} characters long`);
  if (v.includes('\u0000')) fail(path, 'must not contain NUL characters');
  return v;
}

function known(o: Record<string, Json>, fields: readonly string[], path: string): void {
  const unknown = Object.keys(o).find((k) => !fields.includes(k));
  if (unknown !== undefined)
    fail(path ? `${path}.${unknown}` : unknown, `is not a field of ${path || 'a pin'} (known: ${fields.join(', ')})`);
}

function port(v: Json, path: string): number {
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 65535) fail(path, 'must be a port number from 1 to 65535');
  return v as number;
}

function stringList(v: Json, path: string): string[] {
  if (!Array.isArray(v)) fail(path, 'must be a list of strings');
  return v.map((item, i) => {
    if (typeof item !== 'string') fail(`${path}[${i}]`, 'must be a string');
    return item;
  });
}

/** A value (a default) against its spec, in the words of nix/lib/schema.nix. */
function checkValue(spec: OptionSpec, v: Json, path: string): void {
  switch (spec.type) {
    case 'bool':
      if (typeof v !== 'boolean') fail(path, 'must be true or false');
      return;
    case 'port':
      port(v, path);
      return;
    case 'int':
      if (!Number.isInteger(v) || (v as number) < (spec.min as number) || (v as number) > (spec.max as number))
        fail(path, `must be a whole number from ${spec.min} to ${spec.max}`);
      return;
    case 'enum':
      if (typeof v !== 'string' || !spec.values?.includes(v))
        fail(path, `must be one of ${spec.values?.map((x) => JSON.stringify(x)).join(', ')}`);
      return;
    case 'string':
      if (typeof v !== 'string') fail(path, 'must be text');
      return;
    case 'list':
      stringList(v, path);
      return;
    case 'object': {
      if (!isObject(v)) fail(path, 'must be an object');
      for (const [k, value] of Object.entries(v)) {
        const sub = spec.options && Object.prototype.hasOwnProperty.call(spec.options, k) ? spec.options[k] : undefined;
        if (!sub) fail(`${path}.${k}`, 'is not one of the options');
        checkValue(sub, value, `${path}.${k}`);
      }
      return;
    }
  }
}

const OPTION_FIELDS = ['type', 'description', 'default', 'min', 'max', 'values', 'reserved', 'format', 'unique', 'options'];

function readOptionSpecs(v: Json, path: string, depth = 0): Record<string, OptionSpec> {
  if (!isObject(v)) fail(path, 'must be an object of option specs');
  if (depth > 8) fail(path, 'nests objects too deeply (at most 8 levels)');
  const out: Record<string, OptionSpec> = {};
  for (const [name, raw] of Object.entries(v)) {
    if (!MARKETPLACE_APP_KEY_PATTERN.test(name)) fail(`${path}.${name}`, 'must be named in camelCase letters and digits');
    out[name] = readOptionSpec(raw, `${path}.${name}`, depth);
  }
  return out;
}

function readOptionSpec(v: Json, path: string, depth: number): OptionSpec {
  if (!isObject(v)) fail(path, 'must be an object');
  known(v, OPTION_FIELDS, path);
  const type = own(v, 'type');
  if (typeof type !== 'string' || !(OPTION_TYPES as readonly string[]).includes(type))
    fail(`${path}.type`, `must be one of ${OPTION_TYPES.join(', ')}`);
  const spec: OptionSpec = { type: type as OptionSpec['type'], description: text(v, 'description', 500, `${path}.description`) };
  if (spec.type === 'int') {
    for (const bound of ['min', 'max'] as const) {
      const b = own(v, bound);
      if (!Number.isSafeInteger(b)) fail(`${path}.${bound}`, 'must be a whole number (an int option needs min and max)');
      spec[bound] = b as number;
    }
    if ((spec.min as number) > (spec.max as number)) fail(`${path}.min`, 'must not be greater than max');
  }
  if (spec.type === 'enum') {
    const values = stringList(own(v, 'values'), `${path}.values`);
    if (values.length === 0) fail(`${path}.values`, 'must name at least one value');
    spec.values = values;
    const reserved = own(v, 'reserved');
    if (reserved !== undefined) {
      if (!isObject(reserved)) fail(`${path}.reserved`, 'must be an object of value → sentence');
      spec.reserved = Object.fromEntries(Object.keys(reserved).map((k) => [k, text(reserved, k, 500, `${path}.reserved.${k}`)]));
    }
  }
  if (spec.type === 'string' || spec.type === 'list') {
    const format = own(v, 'format');
    if (format !== undefined) {
      if (typeof format !== 'string' || !Object.prototype.hasOwnProperty.call(FORMATS, format))
        fail(`${path}.format`, `must be a format the panel knows (${Object.keys(FORMATS).join(', ')})`);
      spec.format = format;
    }
  }
  if (spec.type === 'list') {
    const unique = own(v, 'unique');
    if (unique !== undefined) {
      if (typeof unique !== 'boolean') fail(`${path}.unique`, 'must be true or false');
      spec.unique = unique;
    }
  }
  if (spec.type === 'object') spec.options = readOptionSpecs(own(v, 'options'), `${path}.options`, depth + 1);
  if (Object.prototype.hasOwnProperty.call(v, 'default')) {
    checkValue(spec, v['default'], `${path}.default`);
    spec.default = v['default'];
  }
  return spec;
}

const PIN_FIELDS = [
  'input',
  'url',
  'source',
  'rev',
  'narHash',
  'title',
  'description',
  'enabledBy',
  'options',
  'ports',
  'web',
  'statePaths',
  'acceptedAt',
  'acceptedBy',
];

function readPin(key: string, v: Json): MarketplaceAppPin {
  if (!isObject(v)) fail('the entry', 'must be an object');
  known(v, PIN_FIELDS, '');
  const input = own(v, 'input');
  if (input !== marketplaceInputName(key)) fail('input', `must be ${JSON.stringify(marketplaceInputName(key))}`);
  const url = own(v, 'url');
  const rev = own(v, 'rev');
  if (typeof rev !== 'string' || !REV_PATTERN.test(rev)) fail('rev', 'must be a commit hash of 40 lower-case hex digits');
  const match = typeof url === 'string' ? INPUT_URL_PATTERN.exec(url) : null;
  if (!match || match[1].split('/').includes('..'))
    fail('url', 'must be git+file:///<mirror>.git?ref=refs/clan/pins/<rev>&rev=<rev> with a path of letters, digits and . _ / -');
  if (match[2] !== rev || match[3] !== rev) fail('url', 'must name the pinned revision (rev) in both ref and rev');
  const narHash = own(v, 'narHash');
  if (typeof narHash !== 'string' || !NAR_HASH_PATTERN.test(narHash)) fail('narHash', 'must be a sha256-… hash in SRI form');

  const rawSource = own(v, 'source');
  if (!isObject(rawSource)) fail('source', 'must be an object with id, name and url');
  known(rawSource, ['id', 'name', 'url'], 'source');
  const source = {
    id: text(rawSource, 'id', 200, 'source.id'),
    name: text(rawSource, 'name', 64, 'source.name'),
    url: text(rawSource, 'url', 2048, 'source.url'),
  };

  const enabledBy = own(v, 'enabledBy');
  if (enabledBy !== 'enable' && enabledBy !== 'presence') fail('enabledBy', 'must be "enable" or "presence"');
  const options = readOptionSpecs(own(v, 'options'), 'options');
  if (enabledBy === 'enable' && options['enable']?.type !== 'bool') fail('options.enable', 'must be a bool option (enabledBy is "enable")');

  const rawPorts = own(v, 'ports');
  if (!Array.isArray(rawPorts)) fail('ports', 'must be a list');
  const ports = rawPorts.map((p, i): MarketplacePort => {
    const where = `ports[${i}]`;
    if (!isObject(p)) fail(where, 'must be an object with port and protocol');
    known(p, ['port', 'protocol', 'option'], where);
    const protocol = own(p, 'protocol');
    if (protocol !== 'tcp' && protocol !== 'udp') fail(`${where}.protocol`, 'must be "tcp" or "udp"');
    const out: MarketplacePort = { port: port(own(p, 'port'), `${where}.port`), protocol };
    const option = portOption(p, options, where);
    if (option !== undefined) out.option = option;
    return out;
  });

  let web: MarketplaceAppPin['web'] = null;
  const rawWeb = own(v, 'web');
  if (rawWeb !== null && rawWeb !== undefined) {
    if (!isObject(rawWeb)) fail('web', 'must be an object with label and port, or null');
    known(rawWeb, ['label', 'port', 'option'], 'web');
    const label = own(rawWeb, 'label');
    if (typeof label !== 'string' || !LABEL_PATTERN.test(label))
      fail('web.label', 'must be a host label: lower-case letters, digits and "-"');
    web = { label, port: port(own(rawWeb, 'port'), 'web.port') };
    const option = portOption(rawWeb, options, 'web');
    if (option !== undefined) web.option = option;
  }

  const statePaths = stringList(own(v, 'statePaths'), 'statePaths');
  statePaths.forEach((p, i) => {
    if (!p.startsWith('/') || p.includes('\u0000')) fail(`statePaths[${i}]`, 'must be an absolute path');
  });
  const acceptedAt = own(v, 'acceptedAt');
  if (typeof acceptedAt !== 'string' || Number.isNaN(Date.parse(acceptedAt)) || !/^\d{4}-\d\d-\d\dT/.test(acceptedAt))
    fail('acceptedAt', 'must be an ISO time such as "2026-01-31T12:00:00.000Z"');
  const acceptedBy = own(v, 'acceptedBy') ?? null;
  if (acceptedBy !== null && (typeof acceptedBy !== 'string' || acceptedBy.length > 200)) fail('acceptedBy', 'must be a user name or null');

  return {
    input: input,
    url: url as string,
    source,
    rev,
    narHash,
    title: text(v, 'title', 80),
    description: text(v, 'description', 2000),
    enabledBy,
    options,
    ports,
    web,
    statePaths,
    acceptedAt,
    acceptedBy,
  };
}

/** `option` of a port: a top-level port option of the app. */
function portOption(o: Record<string, Json>, options: Record<string, OptionSpec>, where: string): string | undefined {
  const option = own(o, 'option');
  if (option === undefined) return undefined;
  if (typeof option !== 'string' || !Object.prototype.hasOwnProperty.call(options, option) || options[option].type !== 'port')
    fail(`${where}.option`, 'must name a port option of the app');
  return option;
}

/**
 * marketplace.json, checked field by field. `null` (no file) is no apps. A bad
 * entry is dropped and named in `problems` (a sentence each), so one broken pin
 * does not hide the others.
 */
export function parseMarketplaceFile(text: string | null): { apps: MarketplaceApps; problems: string[] } {
  const apps: MarketplaceApps = {};
  if (text === null) return { apps, problems: [] };
  let value: Json;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { apps, problems: [`${MARKETPLACE_FILE} is not valid JSON (${(e as Error).message}).`] };
  }
  if (!isObject(value)) return { apps, problems: [`${MARKETPLACE_FILE} must hold a JSON object with "version" and "apps".`] };
  if (own(value, 'version') !== 1)
    return { apps, problems: [`${MARKETPLACE_FILE} has version ${quoteValue(own(value, 'version'))}; this panel reads version 1.`] };
  const problems: string[] = [];
  const extra = Object.keys(value).filter((k) => k !== 'version' && k !== 'apps');
  if (extra.length)
    problems.push(`${MARKETPLACE_FILE} has unknown fields ${extra.map((k) => quoteValue(k)).join(', ')}; they are ignored.`);
  const rawApps = own(value, 'apps') ?? {};
  if (!isObject(rawApps)) return { apps, problems: [...problems, `${MARKETPLACE_FILE}: apps must be an object of app key → pin.`] };
  for (const [key, raw] of Object.entries(rawApps)) {
    const keyProblem = marketplaceAppKeyProblem(key);
    if (keyProblem) {
      problems.push(`${MARKETPLACE_FILE}: the app ${quoteValue(key)} is left out: its key ${keyProblem}.`);
      continue;
    }
    try {
      apps[key] = readPin(key, raw);
    } catch (e) {
      if (!(e instanceof PinProblem)) throw e;
      problems.push(`${MARKETPLACE_FILE}: the app ${quoteValue(key)} is left out: ${e.message}.`);
    }
  }
  return { apps, problems };
}

// ---------------------------------------------------------------------------
// Validating an app's options (nix/lib/schema.nix `fillObject`, in zod)

/** Zod schemas of the string formats of nix/lib/formats.nix, with the same sentences. */
const FORMATS: Record<string, (t: FieldText) => z.ZodType<string>> = {
  text: (t) => textSchema(t),
  absolutePath: (t) => absolutePathSchema(t),
  hostname: (t) => hostnameSchema(t),
  nextcloudUser: (t) => patternSchema(t, /^[A-Za-z0-9_.@-]+$/, 'use letters, digits, "_", ".", "@" and "-" only', 64),
  nextcloudAppId: (t) =>
    patternSchema(t, /^[a-z][a-z0-9_]*$/, 'be an app ID of lower-case letters, digits and "_", starting with a letter', 64),
  timeZone: (t) =>
    patternSchema(t, /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/, 'be an IANA time zone name such as "UTC" or "Europe/Berlin"', 64),
  url: (t) =>
    patternSchema(
      t,
      /^$|^https?:\/\/[!-~]+$/,
      'be empty or a URL starting with "http://" or "https://", without spaces or non-ASCII characters',
      2048,
    ),
  ocrLanguage: (t) =>
    patternSchema(
      t,
      /^[a-z]{3}(?:_[a-z]+)*(?:\+[a-z]{3}(?:_[a-z]+)*)*$/,
      'be Tesseract language codes joined with "+", such as "eng" or "deu+eng"',
      200,
    ),
  cron: (t) =>
    patternSchema(
      t,
      /^[0-9*,/-]+(?: [0-9*,/-]+){4}$/,
      'be a cron expression of five fields (minute hour day month weekday) using digits, "*", ",", "-" and "/", e.g. "0 3 * * *"',
      200,
    ),
  forgejoText: (t) =>
    textSchema(t).superRefine((v, ctx) => {
      const problem = goIniProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `${t.title} ${problem}.` });
    }),
  secretFile: (t) =>
    absolutePathSchema(t).refine((p) => !p.startsWith('/nix/store'), {
      error: (iss) => `${t.title} must be a file outside the Nix store, which is world-readable (got ${quoteValue(iss.input)}).`,
    }),
  publicKey: (t) => patternSchema(t, /^[A-Za-z0-9+/=]+$/, 'be a base64 or hex public key', 128),
  cidr: (t) =>
    patternSchema(
      t,
      /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}\/[0-9]{1,2}|[0-9A-Fa-f:]+\/[0-9]{1,3})$/,
      'be an address with prefix length, e.g. "10.42.0.2/24" or "fd42::2/64"',
      64,
    ),
  meshDomain: (t) =>
    patternSchema(
      t,
      /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.clan$/,
      'be the machine\'s mesh name <machine>.<network>.clan in lower case, e.g. "files.family.clan"',
      253,
    ),
  ipAddress: (t) =>
    patternSchema(
      t,
      /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)$/,
      'be an IPv4 or IPv6 address without prefix length, e.g. "10.42.0.1" or "fd42::1"',
      45,
    ),
  endpoint: (t) =>
    patternSchema(
      t,
      /^(?:[a-z]+:\/\/)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}(?:\?[!-~]*)?$/,
      'be host:port, [v6-address]:port or a peer URI such as tls://host:port',
      300,
    ),
};

/** The string formats an option may name (nix/lib/formats.nix). */
export const OPTION_FORMATS: readonly string[] = Object.keys(FORMATS);

function formatSchema(format: string | undefined, t: FieldText): z.ZodType<string> {
  const name = format ?? 'text';
  if (!Object.prototype.hasOwnProperty.call(FORMATS, name))
    throw new Error(`${t.title}: the format ${quoteValue(name)} is not one the panel knows.`);
  return FORMATS[name](t);
}

const LIST_MAX_ITEMS = 1024;

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'object' ? 'an object' : `${typeof input} ${quoteValue(input, 30)}`;
}

/** One option's zod schema (without its default), its title being the option's path (`smtp.host`), as Nix names it. */
function optionSchema(path: string, spec: OptionSpec, depth: number): z.ZodType {
  const t: FieldText = { title: path, description: spec.description };
  switch (spec.type) {
    case 'bool':
      return z.boolean({
        error: (iss) =>
          iss.input === undefined ? `${path} is required.` : `${path} must be true or false (got ${describeInput(iss.input)}).`,
      });
    case 'port': {
      const rule = `${path} must be a port number from 1 to 65535.`;
      return z
        .number({
          error: (iss) => (iss.input === undefined ? `${path} is required.` : `${rule.slice(0, -1)} (got ${describeInput(iss.input)}).`),
        })
        .int({ error: rule })
        .min(1, { error: rule })
        .max(65535, { error: rule });
    }
    case 'int': {
      const rule = `${path} must be a whole number from ${spec.min} to ${spec.max}.`;
      return z
        .number({
          error: (iss) => (iss.input === undefined ? `${path} is required.` : `${rule.slice(0, -1)} (got ${describeInput(iss.input)}).`),
        })
        .int({ error: rule })
        .min(spec.min as number, { error: rule })
        .max(spec.max as number, { error: rule });
    }
    case 'enum': {
      const values = spec.values ?? [];
      const reserved = spec.reserved ?? {};
      const list = values.map((v) => `"${v}"`).join(', ');
      return z.enum(values as [string, ...string[]], {
        error: (iss) => {
          if (iss.input === undefined) return `${path} is required.`;
          if (typeof iss.input === 'string' && Object.prototype.hasOwnProperty.call(reserved, iss.input))
            return `${path}: ${reserved[iss.input]}.`;
          return `${path} must be one of ${list} (got ${describeInput(iss.input)}).`;
        },
      });
    }
    case 'string':
      return formatSchema(spec.format, t);
    case 'list': {
      const item = formatSchema(spec.format, { title: `${path} item`, description: spec.description });
      const list = z
        .array(item, {
          error: (iss) => (iss.input === undefined ? `${path} is required.` : `${path} must be a list (got ${describeInput(iss.input)}).`),
        })
        .max(LIST_MAX_ITEMS, { error: `${path} may list at most ${LIST_MAX_ITEMS} entries.` });
      if (spec.unique === false) return list;
      return list.superRefine((items, ctx) => {
        const seen = new Set<string>();
        items.forEach((value, index) => {
          if (seen.has(value))
            ctx.addIssue({ code: 'custom', path: [index], message: `${path} lists ${quoteValue(value)} more than once.` });
          seen.add(value);
        });
      });
    }
    case 'object':
      return objectSchema(path, spec.options ?? {}, `${path}.`, depth + 1);
  }
}

/** A form label for an option the author named in camelCase: "guiPort" → "Gui port" (the spec has no title field). */
function optionLabel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function objectSchema(title: string, options: Record<string, OptionSpec>, prefix: string, depth: number): z.ZodObject {
  if (depth > 8) throw new Error(`${title}: options nest too deeply.`);
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(options)) {
    const path = `${prefix}${name}`;
    const base = optionSchema(path, spec, depth);
    const meta = { title: optionLabel(name), description: spec.description };
    if (spec.default !== undefined) shape[name] = base.default(spec.default as never).meta(meta);
    // A missing nested object is the object of its defaults (fillObject fills `{}`, naming what is required).
    else if (spec.type === 'object') shape[name] = base.prefault({} as never).meta(meta);
    else shape[name] = base.meta(meta);
  }
  return strictObject(title, shape);
}

const schemaCache = new WeakMap<Record<string, OptionSpec>, Map<string, z.ZodObject>>();

/**
 * A strict zod object equivalent to nix/lib/schema.nix `fillObject` over
 * `spec`: defaults filled, an option without a default required, unknown
 * settings refused, each rule a sentence naming the option (`heading must be
 * text (got number 3).`). Throws Error for a format the panel does not know.
 */
export function optionSpecSchema(title: string, spec: Record<string, OptionSpec>): z.ZodObject {
  let byTitle = schemaCache.get(spec);
  if (!byTitle) schemaCache.set(spec, (byTitle = new Map()));
  let schema = byTitle.get(title);
  if (!schema) byTitle.set(title, (schema = objectSchema(title, spec, '', 0)));
  return schema;
}

const settingsTitle = (pin: MarketplaceAppPin) => `${pin.title} settings`;

/** The options an app gets when it is added with nothing set; null when some option is required. */
export function marketplaceAppDefaults(pin: MarketplaceAppPin): Record<string, unknown> | null {
  const parsed = optionSpecSchema(settingsTitle(pin), pin.options).safeParse({});
  return parsed.success ? parsed.data : null;
}

/** Whether an app with these (parsed) options runs: `enable` is true, or (enabledBy "presence") it is listed. */
export function isMarketplaceAppActive(pin: MarketplaceAppPin, options: Record<string, unknown> | undefined | null): boolean {
  if (!options) return false;
  return pin.enabledBy === 'enable' ? options['enable'] === true : true;
}

/** The ports the app listens on with these (parsed) options: a port with `option` follows it, the others are fixed. */
export function marketplaceAppPorts(pin: MarketplaceAppPin, options: Record<string, unknown>): MarketplacePort[] {
  return pin.ports.map((p) => {
    const value = p.option === undefined ? undefined : options[p.option];
    return typeof value === 'number' ? { ...p, port: value } : { ...p };
  });
}

/** The app's web interface with these (parsed) options, or null. */
export function marketplaceAppWeb(pin: MarketplaceAppPin, options: Record<string, unknown>): { label: string; port: number } | null {
  if (!pin.web) return null;
  const value = pin.web.option === undefined ? undefined : options[pin.web.option];
  return { label: pin.web.label, port: typeof value === 'number' ? value : pin.web.port };
}

/**
 * JSON Schema (draft 2020-12) of the app's options, shaped like appJsonSchema()
 * gives the built-in apps (so the web's schema form renders it), with the
 * app's title and description and where it comes from (`x-marketplace`).
 */
export function marketplaceAppJsonSchema(key: string, pin: MarketplaceAppPin): Record<string, unknown> {
  const problem = marketplaceAppKeyProblem(key);
  if (problem) throw new Error(`The app key ${quoteValue(key)} ${problem}.`);
  const schema = z.toJSONSchema(optionSpecSchema(settingsTitle(pin), pin.options), {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'throw',
  }) as Record<string, unknown>;
  return {
    ...schema,
    title: pin.title,
    description: pin.description,
    'x-marketplace': { source: { ...pin.source }, rev: pin.rev },
  };
}
