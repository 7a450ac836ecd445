import { appKeys } from './catalog';
import { parseConfigs, validateConfigs, validateMachineConfig, type ConfigError } from './config-schema';
import { appJsonSchema, configsJsonSchema, machineJsonSchema } from './json-schema';
import {
  MARKETPLACE_FILE,
  isMarketplaceAppActive,
  marketplaceAppDefaults,
  marketplaceAppJsonSchema,
  marketplaceAppPorts,
  marketplaceInputName,
  marketplaceInputUrl,
  optionSpecSchema,
  parseMarketplaceFile,
  renderMarketplaceFile,
  type MarketplaceAppPin,
  type MarketplaceApps,
  type OptionSpec,
} from './marketplace-apps';
import { renderFlakeNix, renderNetworkRepo } from './repo';

const REV = '0123456789abcdef0123456789abcdef01234567';
const MIRROR = '/var/lib/clan/marketplace/mirrors/3f2a.git';
const CLAN_URL = 'git+https://git.clan.example/clan?ref=main';

function pin(key: string, over: Partial<MarketplaceAppPin> = {}): MarketplaceAppPin {
  return {
    input: marketplaceInputName(key),
    url: marketplaceInputUrl(MIRROR, REV),
    source: { id: '3f2a', name: 'example', url: 'https://git.example.org/apps' },
    rev: REV,
    narHash: 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    title: 'Pin board',
    description: 'A tiny notice board for the household.',
    enabledBy: 'enable',
    options: {
      enable: { type: 'bool', default: false, description: 'Run the pin board on this machine.' },
      port: { type: 'port', default: 8090, description: 'Port of the web page.' },
      heading: { type: 'string', default: 'Our pin board', description: 'The heading of the page.' },
    },
    ports: [{ port: 8090, protocol: 'tcp', option: 'port' }],
    web: { label: 'pin-board', port: 8090, option: 'port' },
    statePaths: ['/var/lib/pin-board'],
    acceptedAt: '2026-12-01T10:00:00.000Z',
    acceptedBy: 'ada',
    ...over,
  };
}

const marketplace: MarketplaceApps = { pinBoard: pin('pinBoard') };

function errorsOf(result: { ok: boolean; errors?: ConfigError[] }): ConfigError[] {
  if (result.ok) throw new Error('expected the input to be refused');
  return result.errors as ConfigError[];
}

describe('marketplaceInputName / marketplaceInputUrl', () => {
  it('names the input app-<key> and builds the mirror URL at the pinned revision', () => {
    expect(marketplaceInputName('pinBoard')).toBe('app-pinBoard');
    expect(marketplaceInputUrl(MIRROR, REV)).toBe(`git+file://${MIRROR}?ref=refs/clan/pins/${REV}&rev=${REV}`);
  });

  it.each([
    ['relative/path.git', REV],
    ['/var/lib/x.git?rev=1', REV],
    ['/var/lib/"x".git', REV],
    ['/var/lib/${x}.git', REV],
    ['/var/lib/../etc.git', REV],
    ['/var/lib/x y.git', REV],
    [MIRROR, 'main'],
    [MIRROR, REV.toUpperCase()],
    [MIRROR, `${REV}0`],
  ])('refuses mirror path %j with revision %j', (path, rev) => {
    expect(() => marketplaceInputUrl(path, rev)).toThrow(/^The (mirror path|revision) must/);
  });
});

describe('renderMarketplaceFile / parseMarketplaceFile', () => {
  it('round-trips: what is rendered parses back to the same apps, without problems', () => {
    const apps: MarketplaceApps = {
      pinBoard: pin('pinBoard'),
      notes: pin('notes', {
        enabledBy: 'presence',
        title: 'Notes',
        options: {
          folder: { type: 'string', format: 'absolutePath', description: 'Where notes are kept.' },
          level: { type: 'int', min: 1, max: 9, default: 3, description: 'Level.' },
          mode: { type: 'enum', values: ['a', 'b'], reserved: { c: 'c is not supported yet' }, default: 'a', description: 'Mode.' },
          tags: { type: 'list', format: 'hostname', unique: false, default: [], description: 'Tags.' },
          smtp: { type: 'object', description: 'Mail.', options: { host: { type: 'string', default: 'mail', description: 'Host.' } } },
        },
        ports: [{ port: 7000, protocol: 'udp' }],
        web: null,
        acceptedBy: null,
      }),
    };
    const text = renderMarketplaceFile(apps);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text).version).toBe(1);
    expect(text.indexOf('"notes"')).toBeLessThan(text.indexOf('"pinBoard"'));
    expect(parseMarketplaceFile(text)).toEqual({ apps, problems: [] });
  });

  it('reads no file as no apps', () => {
    expect(parseMarketplaceFile(null)).toEqual({ apps: {}, problems: [] });
  });

  it('refuses text that is not the file with one sentence', () => {
    expect(parseMarketplaceFile('{').problems[0]).toMatch(/^marketplace\.json is not valid JSON/);
    expect(parseMarketplaceFile('[]').problems).toEqual(['marketplace.json must hold a JSON object with "version" and "apps".']);
    expect(parseMarketplaceFile('{"version": 2, "apps": {}}').problems).toEqual([
      'marketplace.json has version 2; this panel reads version 1.',
    ]);
  });

  const hostile: [string, (p: Record<string, unknown>) => void, RegExp][] = [
    ['an input that is not app-<key>', (p) => (p['input'] = 'clan'), /input must be "app-pinBoard"/],
    ['a URL outside the mirror form', (p) => (p['url'] = 'github:evil/app'), /url must be git\+file:/],
    [
      'a URL with a Nix interpolation',
      (p) => (p['url'] = `git+file:///x/\${builtins.x}.git?ref=refs/clan/pins/${REV}&rev=${REV}`),
      /url must be/,
    ],
    [
      'a URL pinned to another revision',
      (p) => (p['url'] = marketplaceInputUrl(MIRROR, 'f'.repeat(40))),
      /url must name the pinned revision/,
    ],
    ['a short revision', (p) => (p['rev'] = 'abc'), /rev must be a commit hash/],
    ['a narHash that is not SRI', (p) => (p['narHash'] = 'md5-x'), /narHash must be a sha256/],
    ['an unknown field', (p) => (p['nixCode'] = 'x'), /nixCode is not a field of a pin/],
    [
      'an option of an unknown type',
      (p) => (p['options'] = { enable: { type: 'bool', description: 'x' }, x: { type: 'path', description: 'x' } }),
      /options\.x\.type must be one of/,
    ],
    [
      'an option with an unknown format',
      (p) => (p['options'] = { enable: { type: 'bool', description: 'x' }, x: { type: 'string', format: 'evil', description: 'x' } }),
      /options\.x\.format must be a format the panel knows/,
    ],
    [
      'a default that breaks its spec',
      (p) => (p['options'] = { enable: { type: 'bool', default: 'yes', description: 'x' } }),
      /options\.enable\.default must be true or false/,
    ],
    [
      'an int without bounds',
      (p) => (p['options'] = { enable: { type: 'bool', description: 'x' }, n: { type: 'int', description: 'x' } }),
      /options\.n\.min must be a whole number/,
    ],
    ['enabledBy "enable" without an enable option', (p) => (p['options'] = {}), /options\.enable must be a bool option/],
    [
      'a port option that is not an option',
      (p) => (p['ports'] = [{ port: 80, protocol: 'tcp', option: 'nope' }]),
      /ports\[0\]\.option must name a port option/,
    ],
    ['a port out of range', (p) => (p['ports'] = [{ port: 70000, protocol: 'tcp' }]), /ports\[0\]\.port must be a port number/],
    ['a web label that is no host label', (p) => (p['web'] = { label: 'Pin Board', port: 80 }), /web\.label must be a host label/],
    ['a relative state path', (p) => (p['statePaths'] = ['var/lib']), /statePaths\[0\] must be an absolute path/],
    ['an acceptedAt that is no time', (p) => (p['acceptedAt'] = 'yesterday'), /acceptedAt must be an ISO time/],
  ];

  it.each(hostile)('drops an entry with %s, keeps the others and says why', (_name, mutate, sentence) => {
    const good = pin('notes');
    const bad = JSON.parse(JSON.stringify(pin('pinBoard'))) as Record<string, unknown>;
    mutate(bad);
    const { apps, problems } = parseMarketplaceFile(JSON.stringify({ version: 1, apps: { notes: good, pinBoard: bad } }));
    expect(Object.keys(apps)).toEqual(['notes']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^marketplace\.json: the app "pinBoard" is left out: /);
    expect(problems[0]).toMatch(sentence);
    expect(problems[0].endsWith('.')).toBe(true);
  });

  it('drops keys that are not camelCase or that are a built-in app key', () => {
    const text = JSON.stringify({
      version: 1,
      apps: { syncthing: pin('syncthing'), 'pin-board': pin('pin-board'), 'x"; evil = 1; "': pin('x'), __proto__x: pin('__proto__x') },
    });
    const { apps, problems } = parseMarketplaceFile(text);
    expect(apps).toEqual({});
    expect(problems).toEqual([
      'marketplace.json: the app "syncthing" is left out: its key is the key of a built-in app.',
      'marketplace.json: the app "pin-board" is left out: its key must be camelCase: a lower-case letter, then letters and digits (at most 63).',
      'marketplace.json: the app "x\\"; evil = 1; \\"" is left out: its key must be camelCase: a lower-case letter, then letters and digits (at most 63).',
      'marketplace.json: the app "__proto__x" is left out: its key must be camelCase: a lower-case letter, then letters and digits (at most 63).',
    ]);
  });

  it('does not treat a JSON "__proto__" as a prototype', () => {
    const { apps, problems } = parseMarketplaceFile('{"version": 1, "apps": {"__proto__": {"input": "app-__proto__"}}}');
    expect(Object.keys(apps)).toEqual([]);
    expect(problems[0]).toMatch(/"__proto__" is left out/);
  });
});

describe('optionSpecSchema', () => {
  const spec: Record<string, OptionSpec> = {
    enable: { type: 'bool', default: false, description: 'Run it.' },
    port: { type: 'port', default: 8090, description: 'Port.' },
    level: { type: 'int', min: 1, max: 9, default: 3, description: 'Level.' },
    mode: {
      type: 'enum',
      values: ['fast', 'slow'],
      reserved: { turbo: 'turbo is not supported yet' },
      default: 'fast',
      description: 'Mode.',
    },
    heading: { type: 'string', default: 'Hi', description: 'Heading.' },
    folder: { type: 'string', format: 'absolutePath', default: '/srv/pins', description: 'Folder.' },
    hosts: { type: 'list', format: 'hostname', default: [], description: 'Hosts.' },
    name: { type: 'string', description: 'Required name.' },
    smtp: {
      type: 'object',
      description: 'Mail.',
      options: {
        host: { type: 'string', format: 'hostname', default: 'mail', description: 'Host.' },
        port: { type: 'port', default: 25, description: 'Port.' },
      },
    },
  };
  const schema = optionSpecSchema('Pin board settings', spec);
  const messages = (v: unknown) => {
    const r = schema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it('fills defaults, including a missing nested object, like fillObject', () => {
    expect(schema.parse({ name: 'x' })).toEqual({
      enable: false,
      port: 8090,
      level: 3,
      mode: 'fast',
      heading: 'Hi',
      folder: '/srv/pins',
      hosts: [],
      name: 'x',
      smtp: { host: 'mail', port: 25 },
    });
  });

  it.each([
    [{}, 'name is required.'],
    [{ name: 'x', enable: 'yes' }, 'enable must be true or false (got string "yes").'],
    [{ name: 'x', port: 0 }, 'port must be a port number from 1 to 65535.'],
    [{ name: 'x', port: 'http' }, 'port must be a port number from 1 to 65535 (got string "http").'],
    [{ name: 'x', level: 10 }, 'level must be a whole number from 1 to 9.'],
    [{ name: 'x', level: 2.5 }, 'level must be a whole number from 1 to 9.'],
    [{ name: 'x', mode: 'x' }, 'mode must be one of "fast", "slow" (got string "x").'],
    [{ name: 'x', mode: 'turbo' }, 'mode: turbo is not supported yet.'],
    [{ name: 3 }, 'name must be text (got number 3).'],
    [{ name: 'x', folder: 'srv' }, 'folder must be an absolute path starting with "/" (got "srv").'],
    [{ name: 'x', hosts: 'a' }, 'hosts must be a list (got string "a").'],
    [{ name: 'x', hosts: ['a', 'a'] }, 'hosts lists "a" more than once.'],
    [
      { name: 'x', hosts: ['-bad'] },
      'hosts item must be a host name such as "mumble.clan": dot-separated labels of letters, digits and "-" that neither start nor end with "-".',
    ],
    [{ name: 'x', smtp: { port: 0 } }, 'smtp.port must be a port number from 1 to 65535.'],
    [{ name: 'x', smtp: { hots: 'a' } }, 'smtp has unknown setting "hots"; known settings are host, port.'],
    [
      { name: 'x', extra: 1 },
      'Pin board settings has unknown setting "extra"; known settings are enable, port, level, mode, heading, folder, hosts, name, smtp.',
    ],
    ['x', 'Pin board settings must be an object of settings (got string "x").'],
  ])('%j → %s', (value, sentence) => {
    expect(messages(value)).toEqual([sentence]);
  });

  it('names what a missing nested object requires', () => {
    const s = optionSpecSchema('T', {
      db: { type: 'object', description: 'DB.', options: { url: { type: 'string', description: 'URL.' } } },
    });
    const r = s.safeParse({});
    expect(r.success ? [] : r.error.issues.map((i) => [i.path, i.message])).toEqual([[['db', 'url'], 'db.url is required.']]);
  });

  it('accepts the formats of nix/lib/formats.nix with their rules', () => {
    const f = (format: string, value: string) =>
      optionSpecSchema(`F ${format}`, { v: { type: 'string', format, description: 'v' } }).safeParse({ v: value }).success;
    expect([f('url', ''), f('url', 'https://x.org'), f('url', 'ftp://x')]).toEqual([true, true, false]);
    expect([f('cron', '0 3 * * *'), f('cron', 'daily')]).toEqual([true, false]);
    expect([f('secretFile', '/run/k'), f('secretFile', '/nix/store/k')]).toEqual([true, false]);
    expect([f('timeZone', 'Europe/Berlin'), f('timeZone', 'Berlin time')]).toEqual([true, false]);
    expect([f('forgejoText', 'ok'), f('text', 'a\u0000b')]).toEqual([true, false]);
    expect(() => optionSpecSchema('F', { v: { type: 'string', format: 'nope', description: 'v' } })).toThrow(
      /format "nope" is not one the panel knows/,
    );
  });

  it('keeps list duplicates when unique is false, as schema.nix does', () => {
    const s = optionSpecSchema('L', { v: { type: 'list', unique: false, description: 'v' } });
    expect(s.parse({ v: ['a', 'a'] })).toEqual({ v: ['a', 'a'] });
  });

  it('is memoised per spec object and title', () => {
    expect(optionSpecSchema('Pin board settings', spec)).toBe(schema);
  });
});

describe('defaults, activity, ports, JSON Schema', () => {
  const p = pin('pinBoard');

  it('gives the defaults, or null when an option is required', () => {
    expect(marketplaceAppDefaults(p)).toEqual({ enable: false, port: 8090, heading: 'Our pin board' });
    expect(marketplaceAppDefaults(pin('x', { options: { ...p.options, name: { type: 'string', description: 'n' } } }))).toBeNull();
  });

  it('is active when enabled, or when present for enabledBy "presence"', () => {
    expect(isMarketplaceAppActive(p, { enable: true })).toBe(true);
    expect(isMarketplaceAppActive(p, { enable: false })).toBe(false);
    expect(isMarketplaceAppActive(p, undefined)).toBe(false);
    expect(isMarketplaceAppActive(pin('x', { enabledBy: 'presence' }), {})).toBe(true);
  });

  it('follows a port option and keeps fixed ports', () => {
    const q = pin('x', {
      ports: [
        { port: 8090, protocol: 'tcp', option: 'port' },
        { port: 5353, protocol: 'udp' },
      ],
    });
    expect(marketplaceAppPorts(q, { port: 9000 })).toEqual([
      { port: 9000, protocol: 'tcp', option: 'port' },
      { port: 5353, protocol: 'udp' },
    ]);
  });

  it('has the JSON Schema shape of a built-in app, with its source and revision', () => {
    const schema = marketplaceAppJsonSchema('pinBoard', p);
    expect(schema).toMatchObject({
      title: 'Pin board',
      description: 'A tiny notice board for the household.',
      type: 'object',
      additionalProperties: false,
      properties: {
        enable: { type: 'boolean', default: false, title: 'Enable', description: 'Run the pin board on this machine.' },
        port: { type: 'integer', minimum: 1, maximum: 65535, default: 8090, title: 'Port' },
        heading: { type: 'string', default: 'Our pin board' },
      },
      'x-marketplace': { source: p.source, rev: REV },
    });
    const builtIn = appJsonSchema('vaultwarden');
    expect(
      Object.keys(builtIn)
        .filter((k) => !['x-nixos-module'].includes(k))
        .sort(),
    ).toEqual(
      Object.keys(schema)
        .filter((k) => k !== 'x-marketplace')
        .sort(),
    );
    expect(() => marketplaceAppJsonSchema('syncthing', p)).toThrow(/built-in app/);
  });
});

describe('configs with marketplace apps', () => {
  const configs = { anna: { applications: { pinBoard: { enable: true, heading: 'Hello' } } } };

  it('refuses an unknown app as today without a marketplace', () => {
    expect(errorsOf(validateConfigs(configs))).toEqual([
      {
        path: '$.anna.applications',
        message: `Applications has unknown setting "pinBoard"; known settings are ${appKeys.join(', ')}.`,
      },
    ]);
  });

  it('accepts an installed app and fills its defaults', () => {
    const parsed = parseConfigs(configs, { marketplace });
    expect((parsed['anna'].applications as Record<string, unknown>)['pinBoard']).toEqual({ enable: true, port: 8090, heading: 'Hello' });
  });

  it('checks an installed app against its pinned spec', () => {
    expect(errorsOf(validateConfigs({ anna: { applications: { pinBoard: { heading: 3 } } } }, { marketplace }))).toEqual([
      { path: '$.anna.applications.pinBoard.heading', message: 'heading must be text (got number 3).' },
    ]);
  });

  it('names an app the network did not install and says how to fix it', () => {
    expect(errorsOf(validateConfigs({ anna: { applications: { notes: {} } } }, { marketplace }))).toEqual([
      {
        path: '$.anna.applications',
        message:
          '"notes" is not an app of the catalog or one this network installed from the Marketplace; install it from the Marketplace first, or remove it.',
      },
    ]);
    expect(errorsOf(validateMachineConfig({ applications: { a: {}, b: {} } }, 'anna', { marketplace }))[0].message).toBe(
      '"a", "b" are not apps of the catalog or ones this network installed from the Marketplace; install them from the Marketplace first, or remove them.',
    );
  });

  it('reports a port clash with a built-in app and between third-party apps', () => {
    const two: MarketplaceApps = {
      pinBoard: pin('pinBoard'),
      notes: pin('notes', { title: 'Notes', ports: [{ port: 7000, protocol: 'tcp' }] }),
    };
    expect(
      errorsOf(
        validateConfigs(
          { anna: { applications: { vaultwarden: { enable: true }, pinBoard: { enable: true, port: 8222 } } } },
          { marketplace },
        ),
      ),
    ).toEqual([
      {
        path: '$.anna.applications.pinBoard.port',
        message: 'Port 8222/tcp for Pin board (its port setting) is already used by Vaultwarden (Web vault and API).',
      },
    ]);
    expect(
      errorsOf(
        validateConfigs(
          { anna: { applications: { pinBoard: { enable: true, port: 7000 }, notes: { enable: true } } } },
          { marketplace: two },
        ),
      ),
    ).toEqual([
      {
        path: '$.anna.applications.pinBoard.port',
        message: 'Port 7000/tcp for Pin board (its port setting) is already used by Notes (a fixed port).',
      },
    ]);
    // Not enabled: no clash.
    expect(
      validateConfigs({ anna: { applications: { vaultwarden: { enable: true }, pinBoard: { port: 8222 } } } }, { marketplace }).ok,
    ).toBe(true);
  });

  it('lets publish name an installed app with ports, and checks it is enabled', () => {
    const publish = [{ app: 'pinBoard', port: 8090 }];
    expect(validateConfigs({ anna: { publish, applications: { pinBoard: { enable: true } } } }, { marketplace }).ok).toBe(true);
    expect(errorsOf(validateConfigs({ anna: { publish, applications: { pinBoard: {} } } }, { marketplace }))).toEqual([
      {
        path: '$.anna.publish[0].app',
        message: 'Pin board is published but not enabled on this machine; enable it under applications.pinBoard or remove the entry.',
      },
    ]);
    expect(errorsOf(validateConfigs({ anna: { publish, applications: { pinBoard: { enable: true } } } }))[0].path).toBe(
      '$.anna.publish[0].app',
    );
    const portless: MarketplaceApps = { pinBoard: pin('pinBoard', { ports: [], web: null }) };
    expect(
      errorsOf(validateConfigs({ anna: { publish, applications: { pinBoard: { enable: true } } } }, { marketplace: portless })),
    ).toEqual([{ path: '$.anna.publish[0].app', message: 'Pin board serves no ports, so there is nothing to publish.' }]);
  });

  it('keeps the built-in rules with a marketplace (and an empty one)', () => {
    expect(validateConfigs({ anna: { applications: { syncthing: { enable: true } } } }, { marketplace: {} }).ok).toBe(true);
    expect(errorsOf(validateConfigs({ anna: { resources: { vcpus: 0 } } }, { marketplace }))[0].message).toBe(
      'vCPUs must be a whole number from 1 to 64.',
    );
  });

  it('puts the installed apps into the JSON Schema of configs and machines', () => {
    const machine = machineJsonSchema({ marketplace }) as {
      properties: { applications: { properties: Record<string, Record<string, unknown>> } };
    };
    expect(machine.properties.applications.properties['pinBoard']).toMatchObject({
      title: 'Pin board',
      'x-marketplace': { rev: REV },
      properties: { port: { default: 8090 } },
    });
    expect(JSON.stringify(configsJsonSchema({ marketplace }))).toContain('"pinBoard"');
    expect(JSON.stringify(configsJsonSchema())).not.toContain('"pinBoard"');
    expect(machineJsonSchema({ marketplace })).toEqual(machineJsonSchema({ marketplace }));
  });
});

describe('renderFlakeNix / renderNetworkRepo with marketplace apps', () => {
  const TODAY = `# Generated by the cLAN panel, which rewrites this file: do not edit it.
# Machine settings live in configs.json and reach Nix only through
# builtins.fromJSON; a machine's local changes go in overrides/<machine>.nix.
{
  description = "A cLAN network";

  inputs.clan.url = "${CLAN_URL}";

  outputs = { self, clan, ... }:
    let
      configs = builtins.fromJSON (builtins.readFile ./configs.json);
      overrides = if builtins.pathExists ./overrides then ./overrides else null;
    in
    {
      clanConfigs = configs;

      nixosModules = clan.lib.generateNixosModules { inherit configs overrides; };

      nixosConfigurations = clan.lib.nixosConfigurations {
        inherit configs overrides;
        nixosModules = self.nixosModules;
      };
    };
}
`;

  it('renders the same bytes as before without marketplace apps', () => {
    expect(renderFlakeNix(CLAN_URL)).toBe(TODAY);
    expect(renderFlakeNix(CLAN_URL, {})).toBe(TODAY);
  });

  it('adds one input per app and the marketplace attribute set, keys sorted', () => {
    const apps: MarketplaceApps = { pinBoard: pin('pinBoard'), notes: pin('notes') };
    const url = marketplaceInputUrl(MIRROR, REV);
    expect(renderFlakeNix(CLAN_URL, apps)).toBe(`# Generated by the cLAN panel, which rewrites this file: do not edit it.
# Machine settings live in configs.json and reach Nix only through
# builtins.fromJSON; a machine's local changes go in overrides/<machine>.nix.
{
  description = "A cLAN network";

  inputs.clan.url = "${CLAN_URL}";
  # Third-party apps (marketplace.json): each read from the panel's mirror at its pinned revision, locked in flake.lock.
  inputs."app-notes".url = "${url}";
  inputs."app-pinBoard".url = "${url}";

  outputs = { self, clan, ... }@inputs:
    let
      configs = builtins.fromJSON (builtins.readFile ./configs.json);
      overrides = if builtins.pathExists ./overrides then ./overrides else null;
      # Third-party apps: app key → its definition in the source's clanMarketplace.
      marketplace = {
        notes = inputs."app-notes".clanMarketplace.apps.notes;
        pinBoard = inputs."app-pinBoard".clanMarketplace.apps.pinBoard;
      };
    in
    {
      clanConfigs = configs;
      nixosModules = clan.lib.generateNixosModules { inherit configs overrides marketplace; };
      nixosConfigurations = clan.lib.nixosConfigurations { inherit configs overrides marketplace; nixosModules = self.nixosModules; };
    };
}
`);
  });

  it('quotes a key that is a Nix keyword', () => {
    expect(renderFlakeNix(CLAN_URL, { let: pin('let') })).toContain('"let" = inputs."app-let".clanMarketplace.apps."let";');
  });

  it.each<[string, MarketplaceApps]>([
    ['a key that is not camelCase', { 'x = 1; y': pin('x = 1; y') }],
    ['a key with an interpolation', { '${x}': pin('${x}') }],
    ['an input that is not app-<key>', { pinBoard: pin('pinBoard', { input: 'clan' }) }],
    ['a URL that is not the mirror form', { pinBoard: pin('pinBoard', { url: 'github:evil/app' }) }],
    ['a URL with a quote', { pinBoard: pin('pinBoard', { url: `git+file:///x".git?ref=refs/clan/pins/${REV}&rev=${REV}` }) }],
    ['a URL with an interpolation', { pinBoard: pin('pinBoard', { url: `git+file:///\${x}.git?ref=refs/clan/pins/${REV}&rev=${REV}` }) }],
    ['a URL at another revision', { pinBoard: pin('pinBoard', { rev: 'f'.repeat(40) }) }],
  ])('refuses %s', (_name, apps) => {
    expect(() => renderFlakeNix(CLAN_URL, apps)).toThrow(Error);
  });

  it('writes marketplace.json only when the network has apps, and validates configs with them', () => {
    const configs = { anna: { applications: { pinBoard: { enable: true } } } };
    const plain = renderNetworkRepo({ configs: {}, clanFlakeUrl: CLAN_URL });
    expect(Object.keys(plain.files)).not.toContain(MARKETPLACE_FILE);
    expect(plain.files['README.md']).not.toContain('marketplace.json');
    expect(Object.keys(renderNetworkRepo({ configs: {}, clanFlakeUrl: CLAN_URL, marketplace: {} }).files)).not.toContain(MARKETPLACE_FILE);

    const repo = renderNetworkRepo({ configs, clanFlakeUrl: CLAN_URL, marketplace });
    expect(repo.files[MARKETPLACE_FILE]).toBe(renderMarketplaceFile(marketplace));
    expect(repo.files['flake.nix']).toBe(renderFlakeNix(CLAN_URL, marketplace));
    expect(repo.files['README.md']).toContain('| `marketplace.json` |');
    expect(JSON.parse(repo.files['configs.json']).anna.applications.pinBoard).toEqual({
      enable: true,
      port: 8090,
      heading: 'Our pin board',
    });
    expect(() => renderNetworkRepo({ configs, clanFlakeUrl: CLAN_URL })).toThrow(/unknown setting "pinBoard"/);
  });
});
