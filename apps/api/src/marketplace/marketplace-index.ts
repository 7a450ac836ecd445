import { appKeys, type OptionSpec } from '@clan/nix-schema';

export type { OptionSpec } from '@clan/nix-schema';

/**
 * The pure half of indexing a source (docs/marketplace.md, "The interface"):
 * the JSON `nix eval` made of a revision's `clanMarketplace`
 * (marketplace-nix.ts: functions applied to the defaults, paths made relative
 * to the repository) is checked field by field and turned into entries. The
 * first problem becomes one sentence naming the entry and the field, e.g.
 * `app "pinBoard": options.port.default must be a port number from 1 to 65535.`
 */

export interface MarketplaceAppData {
  order: number;
  enabledBy: 'enable' | 'presence';
  /** The option spec as the author wrote it. */
  optionSpec: Record<string, OptionSpec>;
  /** JSON Schema (draft 2020-12) of the options, as the catalog serves the built-in apps' (forms render from it). */
  options: Record<string, unknown>;
  /** The mesh ports with the default options. */
  ports: { port: number; protocol: 'tcp' | 'udp' }[];
  state: { paths: string[]; hooks: { id: string; description: string }[] };
  web: { label: string; port: number } | null;
  /** The first-admin secret the panel generates, when the app has one. */
  credential: { dir: string; files: string[]; username: string | null } | null;
  /** The NixOS module, relative to the repository's root (`./apps/pin-board.nix`). */
  nixosModule: string;
}

export interface MarketplaceTemplateData {
  /** A configs.json fragment: machine name → its configuration (applications and settings). */
  configs: Record<string, Record<string, unknown>>;
  /** The app keys the template's machines use, sorted. */
  apps: string[];
  /** Apps of other sources the template uses: app key → the git URL of the source that has it (a published network's). */
  sources: Record<string, { url: string }>;
}

/** What an entry row keeps besides its source, kind, key, revision and narHash. */
export interface MarketplaceEntryData {
  title: string;
  description: string;
  category: string | null;
  author: string;
  licence: string;
  /** A repository path (`./icons/x.svg`) or an https URL. */
  icon: string | null;
  app?: MarketplaceAppData;
  template?: MarketplaceTemplateData;
}

export interface IndexedEntry {
  kind: 'app' | 'template';
  key: string;
  data: MarketplaceEntryData;
}

/** Metadata that does not follow the interface; the message is the sentence the source shows. */
export class MarketplaceIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarketplaceIndexError';
  }
}

/** The marker marketplace-nix.ts puts where a value was a function it could not apply. */
const FUNCTION_MARKER = '__clanFunction';
/** Entries per source, and machines per template: more is not a catalog a person browses. */
const MAX_ENTRIES = 200;
const MAX_MACHINES = 64;
const KEY = /^[a-z][a-zA-Z0-9]{0,62}$/;
const MACHINE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const CATEGORY = /^[a-z][a-z0-9-]{0,31}$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const FORMAT = /^[a-zA-Z][a-zA-Z0-9]{0,63}$/;
const MODULE_PATH = /^\.\/([A-Za-z0-9._+-]+\/)*[A-Za-z0-9._+-]+\.nix$/;
const ICON = /^(\.\/([A-Za-z0-9._+-]+\/)*[A-Za-z0-9._+-]+\.(svg|png|jpg|jpeg|webp)|https:\/\/[^\s"'<>]{1,500})$/;
const OPTION_TYPES = ['bool', 'port', 'int', 'enum', 'string', 'list', 'object'] as const;
const APP_FIELDS = [
  'title',
  'description',
  'category',
  'author',
  'licence',
  'icon',
  'order',
  'enabledBy',
  'options',
  'meshPorts',
  'state',
  'web',
  'credential',
  'checks',
  'nixosModule',
];
const TEMPLATE_FIELDS = ['title', 'description', 'author', 'licence', 'icon', 'configs', 'sources'];
const SOURCE_URL = /^(https?:\/\/|file:\/\/\/|\/)[^\s"'<>\\]{1,2040}$/;

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFunctionMarker(v: Json): boolean {
  return isObject(v) && v[FUNCTION_MARKER] === true;
}

/** Reads one entry, failing with `<where>: <field> <problem>.` */
class Reader {
  constructor(private readonly where: string) {}

  fail(field: string, problem: string): never {
    throw new MarketplaceIndexError(`${this.where}: ${field} ${problem}.`);
  }

  text(obj: Record<string, Json>, field: string, max: number, path = field): string {
    const v = obj[field];
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, 'must be a non-empty string');
    if (v.length > max) this.fail(path, `must be at most ${max} characters long`);
    return v;
  }

  optionalText(obj: Record<string, Json>, field: string, pattern: RegExp, hint: string): string | null {
    const v = obj[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || !pattern.test(v)) this.fail(field, hint);
    return v;
  }

  object(v: Json, path: string): Record<string, Json> {
    if (isFunctionMarker(v))
      this.fail(path, 'must be an attribute set (a function of the options is applied only for meshPorts, state and web.port)');
    if (!isObject(v)) this.fail(path, 'must be an attribute set');
    return v;
  }

  known(obj: Record<string, Json>, fields: readonly string[], path: string): void {
    const unknown = Object.keys(obj).find((k) => !fields.includes(k));
    if (unknown) this.fail(path ? `${path}.${unknown}` : unknown, `is not a field of ${path || 'an entry'} (known: ${fields.join(', ')})`);
  }

  port(v: Json, path: string): number {
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 65535) this.fail(path, 'must be a port number from 1 to 65535');
    return v as number;
  }

  stringList(v: Json, path: string, pattern?: RegExp, hint?: string): string[] {
    if (!Array.isArray(v)) this.fail(path, 'must be a list');
    return v.map((item, i) => {
      if (typeof item !== 'string' || (pattern && !pattern.test(item))) this.fail(`${path}[${i}]`, hint ?? 'must be a string');
      return item;
    });
  }
}

function optionSpec(r: Reader, v: Json, path: string): OptionSpec {
  const o = r.object(v, path);
  const type = o['type'];
  if (typeof type !== 'string' || !(OPTION_TYPES as readonly string[]).includes(type))
    r.fail(`${path}.type`, `must be one of ${OPTION_TYPES.join(', ')}`);
  const spec: OptionSpec = { type: type as OptionSpec['type'], description: r.text(o, 'description', 500, `${path}.description`) };
  r.known(o, ['type', 'description', 'default', 'min', 'max', 'values', 'reserved', 'format', 'unique', 'options'], path);
  if (spec.type === 'int') {
    for (const bound of ['min', 'max'] as const) {
      if (!Number.isInteger(o[bound])) r.fail(`${path}.${bound}`, 'must be a whole number (an int option needs min and max)');
      spec[bound] = o[bound] as number;
    }
    if ((spec.min as number) > (spec.max as number)) r.fail(`${path}.min`, 'must not be greater than max');
  }
  if (spec.type === 'enum') {
    const values = r.stringList(o['values'], `${path}.values`);
    if (values.length === 0) r.fail(`${path}.values`, 'must name at least one value');
    spec.values = values;
  }
  if (spec.type === 'string' || spec.type === 'list') {
    if (o['format'] !== undefined) {
      if (typeof o['format'] !== 'string' || !FORMAT.test(o['format']))
        r.fail(`${path}.format`, 'must be the name of a format (e.g. absolutePath)');
      spec.format = o['format'];
    }
  }
  if (spec.type === 'object') {
    const options = r.object(o['options'], `${path}.options`);
    spec.options = Object.fromEntries(Object.entries(options).map(([k, s]) => [k, optionSpec(r, s, `${path}.options.${k}`)]));
  }
  if ('default' in o) {
    checkValue(r, spec, o['default'], `${path}.default`);
    spec.default = o['default'];
  }
  return spec;
}

/** A value (a default) against its spec, in the words of nix/lib/schema.nix. */
function checkValue(r: Reader, spec: OptionSpec, v: Json, path: string): void {
  switch (spec.type) {
    case 'bool':
      if (typeof v !== 'boolean') r.fail(path, 'must be true or false');
      return;
    case 'port':
      r.port(v, path);
      return;
    case 'int':
      if (!Number.isInteger(v) || (v as number) < (spec.min as number) || (v as number) > (spec.max as number))
        r.fail(path, `must be a whole number from ${spec.min} to ${spec.max}`);
      return;
    case 'enum':
      if (typeof v !== 'string' || !spec.values?.includes(v))
        r.fail(path, `must be one of ${spec.values?.map((x) => JSON.stringify(x)).join(', ')}`);
      return;
    case 'string':
      if (typeof v !== 'string') r.fail(path, 'must be text');
      return;
    case 'list':
      r.stringList(v, path);
      return;
    case 'object': {
      const o = r.object(v, path);
      for (const [k, value] of Object.entries(o)) {
        const sub = spec.options?.[k];
        if (!sub) r.fail(`${path}.${k}`, 'is not one of the options');
        checkValue(r, sub, value, `${path}.${k}`);
      }
      return;
    }
  }
}

/** JSON Schema of an option spec, shaped like the built-in apps' (libs/nix-schema json-schema.ts). */
export function optionsJsonSchema(options: Record<string, OptionSpec>, title?: string, description?: string): Record<string, unknown> {
  const property = (s: OptionSpec): Record<string, unknown> => {
    const base: Record<string, unknown> = { description: s.description };
    if (s.default !== undefined) base['default'] = s.default;
    switch (s.type) {
      case 'bool':
        return { ...base, type: 'boolean' };
      case 'port':
        return { ...base, type: 'integer', minimum: 1, maximum: 65535 };
      case 'int':
        return { ...base, type: 'integer', minimum: s.min, maximum: s.max };
      case 'enum':
        return { ...base, type: 'string', enum: s.values };
      case 'string':
        return { ...base, type: 'string', ...(s.format ? { 'x-clan-format': s.format } : {}) };
      case 'list':
        return { ...base, type: 'array', uniqueItems: true, items: { type: 'string', ...(s.format ? { 'x-clan-format': s.format } : {}) } };
      case 'object':
        return { ...base, ...optionsJsonSchema(s.options ?? {}) };
    }
  };
  return {
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(options).map(([k, s]) => [k, property(s)])),
    required: Object.entries(options)
      .filter(([, s]) => s.default === undefined && s.type !== 'object')
      .map(([k]) => k),
  };
}

function common(r: Reader, o: Record<string, Json>): Omit<MarketplaceEntryData, 'app' | 'template' | 'category'> {
  return {
    title: r.text(o, 'title', 80),
    description: r.text(o, 'description', 2000),
    author: r.text(o, 'author', 200),
    licence: r.text(o, 'licence', 100),
    icon: r.optionalText(o, 'icon', ICON, 'must be a path in the repository (./icons/x.svg: svg, png, jpg or webp) or an https URL'),
  };
}

function app(key: string, v: Json, builtIn: ReadonlySet<string>): MarketplaceEntryData {
  const r: Reader = new Reader(`app "${key}"`);
  if (builtIn.has(key)) r.fail('the key', 'is the name of a built-in app; choose another');
  const o = r.object(v, 'the entry');
  r.known(o, APP_FIELDS, '');
  const base = common(r, o);
  const category = r.text(o, 'category', 32);
  if (!CATEGORY.test(category)) r.fail('category', 'must be lower-case letters, digits and "-" (e.g. productivity)');

  const order = o['order'] ?? 1000;
  if (!Number.isInteger(order)) r.fail('order', 'must be a whole number');
  const enabledBy = o['enabledBy'] ?? 'enable';
  if (enabledBy !== 'enable' && enabledBy !== 'presence') r.fail('enabledBy', 'must be "enable" or "presence"');

  const rawOptions = r.object(o['options'], 'options');
  const optionSpecs = Object.fromEntries(
    Object.entries(rawOptions).map(([k, s]) => {
      if (!KEY.test(k)) r.fail(`options.${k}`, 'must be named in camelCase letters and digits');
      return [k, optionSpec(r, s, `options.${k}`)];
    }),
  );
  if (enabledBy === 'enable' && optionSpecs['enable']?.type !== 'bool')
    r.fail('options.enable', 'must be a bool option (enabledBy is "enable"; use enabledBy = "presence" for an app without one)');

  const mesh = r.object(o['meshPorts'], 'meshPorts');
  r.known(mesh, ['tcp', 'udp'], 'meshPorts');
  const ports: MarketplaceAppData['ports'] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    const list = mesh[protocol] ?? [];
    if (!Array.isArray(list)) r.fail(`meshPorts.${protocol}`, 'must be a list of ports');
    list.forEach((p, i) => ports.push({ port: r.port(p, `meshPorts.${protocol}[${i}]`), protocol }));
  }

  const st = r.object(o['state'], 'state');
  r.known(st, ['paths', 'hooks'], 'state');
  const paths = r.stringList(st['paths'] ?? [], 'state.paths', /^\/[^\0]*$/, 'must be an absolute path');
  const rawHooks = st['hooks'] ?? [];
  if (!Array.isArray(rawHooks)) r.fail('state.hooks', 'must be a list');
  const hooks = rawHooks.map((h, i) => {
    const hook = r.object(h, `state.hooks[${i}]`);
    return {
      id: r.text(hook, 'id', 64, `state.hooks[${i}].id`),
      description: r.text(hook, 'description', 300, `state.hooks[${i}].description`),
    };
  });

  let web: MarketplaceAppData['web'] = null;
  if (o['web'] !== undefined && o['web'] !== null) {
    const w = r.object(o['web'], 'web');
    r.known(w, ['label', 'port', 'loopbackHostHeader'], 'web');
    const label = w['label'];
    if (typeof label !== 'string' || !LABEL.test(label)) r.fail('web.label', 'must be a host label: lower-case letters, digits and "-"');
    web = { label, port: r.port(w['port'], 'web.port') };
  }

  let credential: MarketplaceAppData['credential'] = null;
  if (o['credential'] !== undefined && o['credential'] !== null) {
    const c = r.object(o['credential'], 'credential');
    r.known(c, ['dir', 'files', 'username', 'applies'], 'credential');
    const name = /^[a-z0-9][a-z0-9._-]{0,63}$/;
    const dir = c['dir'];
    if (typeof dir !== 'string' || !name.test(dir))
      r.fail('credential.dir', 'must be a directory name: lower-case letters, digits, ".", "_" and "-"');
    const files = r.stringList(c['files'], 'credential.files', name, 'must be a file name: lower-case letters, digits, ".", "_" and "-"');
    const username = c['username'] ?? null;
    if (username !== null && typeof username !== 'string') r.fail('credential.username', 'must be a string');
    credential = { dir, files, username };
  }

  const module = o['nixosModule'];
  if (typeof module === 'string' && module.startsWith('missing:'))
    r.fail('nixosModule', `names a file that is not in the repository (${module.slice('missing:'.length)})`);
  if (typeof module !== 'string' || !MODULE_PATH.test(module))
    r.fail('nixosModule', 'must be a path to a .nix file in the repository (e.g. ./apps/pin-board.nix)');

  return {
    ...base,
    category,
    app: {
      order: order as number,
      enabledBy,
      optionSpec: optionSpecs,
      options: optionsJsonSchema(optionSpecs, base.title, base.description),
      ports,
      state: { paths, hooks },
      web,
      credential,
      nixosModule: module,
    },
  };
}

function template(key: string, v: Json, appsOfSource: ReadonlySet<string>, builtIn: ReadonlySet<string>): MarketplaceEntryData {
  const r: Reader = new Reader(`template "${key}"`);
  const o = r.object(v, 'the entry');
  r.known(o, TEMPLATE_FIELDS, '');
  const base = common(r, o);
  const configs = r.object(o['configs'], 'configs');
  const machines = Object.entries(configs);
  if (machines.length === 0) r.fail('configs', 'must hold at least one machine');
  if (machines.length > MAX_MACHINES) r.fail('configs', `must hold at most ${MAX_MACHINES} machines`);
  const sources: Record<string, { url: string }> = {};
  const rawSources = o['sources'] === undefined ? {} : r.object(o['sources'], 'sources');
  for (const [appKey, s] of Object.entries(rawSources)) {
    if (!KEY.test(appKey)) r.fail(`sources.${appKey}`, 'must be named by an app key');
    const url = r.object(s, `sources.${appKey}`)['url'];
    if (typeof url !== 'string' || !SOURCE_URL.test(url))
      r.fail(`sources.${appKey}.url`, 'must be the git URL of a source (https://, http://, file:/// or an absolute path)');
    sources[appKey] = { url: url };
  }
  const apps = new Set<string>();
  for (const [machine, config] of machines) {
    if (!MACHINE.test(machine)) r.fail(`configs.${machine}`, 'must be a machine name: lower-case letters, digits and "-"');
    const c = r.object(config, `configs.${machine}`);
    const applications = c['applications'] === undefined ? {} : r.object(c['applications'], `configs.${machine}.applications`);
    for (const [appKey, settings] of Object.entries(applications)) {
      if (!builtIn.has(appKey) && !appsOfSource.has(appKey) && !(appKey in sources))
        r.fail(`configs.${machine}.applications.${appKey}`, 'is neither a built-in app, an app of this source nor one named under sources');
      r.object(settings, `configs.${machine}.applications.${appKey}`);
      apps.add(appKey);
    }
  }
  return {
    ...base,
    category: null,
    template: { configs: configs as Record<string, Record<string, unknown>>, apps: [...apps].sort(), sources },
  };
}

/** The entries of a source's `clanMarketplace` (as marketplace-nix.ts evaluated it), or a MarketplaceIndexError. */
export function indexMarketplace(value: Json): IndexedEntry[] {
  const top: Reader = new Reader('clanMarketplace');
  const m = top.object(value, 'the value');
  top.known(m, ['apps', 'templates'], '');
  const rawApps = m['apps'] === undefined ? {} : top.object(m['apps'], 'apps');
  const rawTemplates = m['templates'] === undefined ? {} : top.object(m['templates'], 'templates');
  const count = Object.keys(rawApps).length + Object.keys(rawTemplates).length;
  if (count === 0) throw new MarketplaceIndexError('clanMarketplace declares no apps and no templates.');
  if (count > MAX_ENTRIES)
    throw new MarketplaceIndexError(`clanMarketplace declares ${count} entries; a source may have at most ${MAX_ENTRIES}.`);
  for (const [section, entries] of [
    ['apps', rawApps],
    ['templates', rawTemplates],
  ] as const) {
    for (const key of Object.keys(entries))
      if (!KEY.test(key))
        top.fail(`${section}.${key}`, 'must be named in camelCase: a lower-case letter, then letters and digits (at most 63)');
  }
  const builtIn = new Set<string>(appKeys);
  const appsOfSource = new Set(Object.keys(rawApps));
  return [
    ...Object.entries(rawApps).map(([key, v]): IndexedEntry => ({ kind: 'app', key, data: app(key, v, builtIn) })),
    ...Object.entries(rawTemplates).map(([key, v]): IndexedEntry => ({
      kind: 'template',
      key,
      data: template(key, v, appsOfSource, builtIn),
    })),
  ];
}
