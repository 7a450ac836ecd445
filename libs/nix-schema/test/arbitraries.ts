/**
 * fast-check arbitraries for valid configs.json values, with hostile strings
 * wherever the schema allows arbitrary text (welcome texts, site names,
 * paths, URLs). Used by the property tests and the bench.
 *
 * Ports are drawn from disjoint ranges per app so generated machines never
 * clash; the clash rule has its own unit tests.
 */
import fc from 'fast-check';
import { nameProblem } from '../src/lib/names';
import { goIniProblem } from '../src/lib/go-ini';

/** Fragments that would end, escape or interpolate a Nix string if anything spliced user text into Nix code. */
export const HOSTILE_FRAGMENTS = [
  '"',
  '\\',
  '\\\\',
  '\\"',
  '${',
  '${x}',
  '${builtins.abort "pwned"}',
  "''",
  "''${",
  "'''",
  "''\\n",
  "''$",
  '$',
  '$$',
  '{',
  '}',
  '#',
  '/*',
  '*/',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ';',
  '"; x = "',
  'import <nixpkgs>',
  'é',
  'ß',
  '漢字',
  '😀',
  '𝕏',
  '👩‍👩‍👧',
  '\u{10FFFF}',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u0001',
  '\u001b[31m',
  '\u007f',
  ' ',
] as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const representable = (s: string) => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

const fragment = fc.constantFrom(...HOSTILE_FRAGMENTS);

/** Short text mixing hostile fragments with random (astral-capable) Unicode. */
const shortHostileText = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.oneof(fragment, fc.string({ maxLength: 6 })), { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);

/** A repeated hostile unit about `min`–`max` characters long (repeats whole units, so no surrogate pair is split). */
function longText(min: number, max: number) {
  return fc
    .tuple(fc.array(fc.oneof(fragment, fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 6 }), fc.integer({ min, max }))
    .map(([parts, length]) => {
      const unit = parts.join('') || 'x';
      return unit.repeat(Math.max(1, Math.floor(length / unit.length)));
    })
    .filter((s) => s.length <= max);
}

/** Arbitrary user text; about one value in 40 is 10,000–20,000 characters long. */
export const hostileText = fc
  .oneof({ weight: 39, arbitrary: shortHostileText }, { weight: 1, arbitrary: longText(10_000, 20_000) })
  .filter(representable);

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** Absolute paths with hostile names; about one in 40 is close to PATH_MAX (3,000–4,095 bytes). */
export const hostilePath = fc
  .oneof(
    { weight: 39, arbitrary: shortHostileText.map((s) => `/${s}`) },
    { weight: 1, arbitrary: longText(1_000, 4_000).map((s) => `/${s}`) },
  )
  .filter((p) => representable(p) && utf8Length(p) <= 4095);

const label = fc.stringMatching(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,12}[a-zA-Z0-9])?$/);
export const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));

export const machineName = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/).filter((n) => nameProblem(n) === null);

const printableAscii = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
/** Vaultwarden domains: any printable ASCII after the scheme, so `"`, `\`, `$`, `{` and `'` appear. */
const urlText = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.constantFrom('http://', 'https://'), fc.string({ unit: printableAscii, minLength: 1, maxLength: 60 })).map(([a, b]) => a + b),
);

const port = (min: number, max: number) => fc.integer({ min, max });
const opt = { requiredKeys: [] as never[] };
const uniquePaths = fc.uniqueArray(hostilePath, { maxLength: 4 });

export const appOptionArbitraries = {
  syncthing: fc.record({ enable: fc.boolean(), sharedFolders: uniquePaths, guiPort: port(8300, 8399) }, opt),
  nextcloud: fc.record(
    {
      enable: fc.boolean(),
      hostName: hostname,
      adminUser: fc.stringMatching(/^[A-Za-z0-9_.@-]{1,20}$/),
      maxUploadSizeMiB: fc.integer({ min: 1, max: 102400 }),
      apps: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/), { maxLength: 4 }),
    },
    opt,
  ),
  forgejo: fc.record(
    {
      enable: fc.boolean(),
      httpPort: port(3000, 3099),
      sshPort: port(2200, 2299),
      allowRegistration: fc.boolean(),
      appName: hostileText.filter((s) => goIniProblem(s) === null),
    },
    opt,
  ),
  mumbleServer: fc.record(
    {
      enable: fc.boolean(),
      port: port(64700, 64799),
      welcomeText: hostileText,
      bandwidth: fc.integer({ min: 8000, max: 1_000_000 }),
      users: fc.integer({ min: 1, max: 1000 }),
    },
    opt,
  ),
  mumbleClient: fc.record({ server: hostname, port: port(1, 65535) }, { requiredKeys: ['server'] }),
  vaultwarden: fc.record({ enable: fc.boolean(), port: port(8200, 8299), signupsAllowed: fc.boolean(), domain: urlText }, opt),
  jellyfin: fc.record({ enable: fc.boolean(), mediaFolders: uniquePaths }, opt),
  homeAssistant: fc.record(
    {
      enable: fc.boolean(),
      timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'Asia/Tokyo'),
      unitSystem: fc.constant('metric'),
    },
    opt,
  ),
  paperless: fc.record(
    { enable: fc.boolean(), port: port(28900, 28999), ocrLanguage: fc.constantFrom('eng', 'deu+eng', 'chi_sim', 'fra+ita+spa') },
    opt,
  ),
};

const cronField = fc.constantFrom('*', '0', '3', '*/15', '1-5', '0,30', '12');

const machineWithoutPublish = fc.record(
  {
    system: fc.constantFrom('x86_64-linux', 'aarch64-linux'),
    adminMode: fc.constantFrom('local', 'remote', 'shared'),
    networkLayer: fc.constantFrom('wireguard', 'yggdrasil'),
    resources: fc.record(
      {
        vcpus: fc.integer({ min: 1, max: 64 }),
        memoryMiB: fc.integer({ min: 256, max: 262144 }),
        stateDiskGiB: fc.integer({ min: 1, max: 16384 }),
      },
      opt,
    ),
    backup: fc.record(
      {
        enable: fc.boolean(),
        schedule: fc.array(cronField, { minLength: 5, maxLength: 5 }).map((f) => f.join(' ')),
        keepLast: fc.integer({ min: 0, max: 10000 }),
        keepDaily: fc.integer({ min: 0, max: 10000 }),
        keepWeekly: fc.integer({ min: 0, max: 10000 }),
        keepMonthly: fc.integer({ min: 0, max: 10000 }),
        extraPaths: uniquePaths,
      },
      opt,
    ),
    applications: fc.record(appOptionArbitraries, opt),
  },
  opt,
);

/** A valid machine configuration as a user might send it (some fields left to their defaults). */
export const machineConfig = machineWithoutPublish.chain((machine) => {
  const apps: Record<string, object | undefined> = machine.applications ?? {};
  const active = Object.entries(apps)
    .filter(([key, options]) => key !== 'mumbleClient' && (options as { enable?: boolean } | undefined)?.enable === true)
    .map(([key]) => key);
  if (active.length === 0) return fc.constant(machine);
  const entry = fc.record(
    { app: fc.constantFrom(...active), port: port(40000, 40999), protocol: fc.constantFrom('tcp', 'udp') },
    { requiredKeys: ['app', 'port'] },
  );
  return fc
    .uniqueArray(entry, { maxLength: 3, selector: (e) => `${e.port}/${e.protocol ?? 'tcp'}` })
    .map((publish): typeof machine & { publish?: unknown[] } => ({ ...machine, publish }));
});

/** A valid configs.json value (0–4 machines). */
export const networkConfigs = fc.dictionary(machineName, machineConfig, { minKeys: 0, maxKeys: 4 });

/** Every string anywhere in a value (keys included), for "no user text in .nix files" checks. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      collectStrings(v, out);
    }
  }
  return out;
}
