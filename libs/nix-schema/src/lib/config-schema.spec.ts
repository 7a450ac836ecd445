import fc from 'fast-check';
import { machineConfig, networkConfigs } from '../../test/arbitraries';
import {
  ConfigValidationError,
  defaultMachineConfig,
  MESH_INTERFACES,
  parseConfigs,
  PUBLISHABLE_APPS,
  validateConfigs,
  validateMachineConfig,
  type ConfigError,
} from './config-schema';
import { APP_CATALOG, appKeys } from './catalog';

/** The errors of an invalid input (fails the test when the input is valid). */
function errorsOf(input: unknown): ConfigError[] {
  const result = validateConfigs(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be invalid`);
  return result.errors;
}

/** The single error of machine "m" with config `machine`. */
function machineError(machine: unknown): ConfigError {
  const errors = errorsOf({ m: machine });
  expect(errors).toHaveLength(1);
  return errors[0];
}

const seedExample = {
  anna: {
    system: 'x86_64-linux',
    adminMode: 'local',
    networkLayer: 'yggdrasil',
    applications: { syncthing: { enable: true, sharedFolders: ['/shared/docs'] }, mumbleClient: { server: 'mumble.cLAN' } },
  },
};

describe('validateConfigs: valid input and defaults', () => {
  it('accepts the seed example and fills every default', () => {
    const configs = parseConfigs(seedExample);
    expect(configs['anna']).toEqual({
      system: 'x86_64-linux',
      adminMode: 'local',
      networkLayer: 'yggdrasil',
      resources: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 },
      backup: { enable: false, schedule: '0 3 * * *', keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6, extraPaths: [] },
      publish: [],
      applications: {
        syncthing: { enable: true, sharedFolders: ['/shared/docs'], guiPort: 8384 },
        mumbleClient: { server: 'mumble.cLAN', port: 64738 },
      },
    });
  });

  it('turns an empty machine into the contract defaults (nothing enabled, nothing published)', () => {
    expect(parseConfigs({ m: {} })['m']).toEqual(defaultMachineConfig());
    expect(defaultMachineConfig()).toMatchObject({
      system: 'x86_64-linux',
      adminMode: 'local',
      networkLayer: 'wireguard',
      publish: [],
      applications: {},
    });
  });

  it('accepts a network with no machines', () => {
    expect(parseConfigs({})).toEqual({});
  });

  it('fills nested defaults inside partially given objects', () => {
    const m = parseConfigs({ m: { resources: { vcpus: 4 }, backup: { enable: true }, applications: { nextcloud: { enable: true } } } })[
      'm'
    ];
    expect(m.resources).toEqual({ vcpus: 4, memoryMiB: 1024, stateDiskGiB: 10 });
    expect(m.backup.keepMonthly).toBe(6);
    expect(m.applications.nextcloud).toEqual({ enable: true, hostName: 'cloud', adminUser: 'admin', maxUploadSizeMiB: 512, apps: [] });
  });

  it('gives every machine its own default objects (no shared mutable defaults)', () => {
    const configs = parseConfigs({ a: {}, b: {} });
    configs['a'].backup.extraPaths.push('/x');
    configs['a'].publish.push({ app: 'nextcloud', port: 1, protocol: 'tcp' });
    expect(configs['b'].backup.extraPaths).toEqual([]);
    expect(parseConfigs({ c: {} })['c'].publish).toEqual([]);
  });

  it('keeps arbitrary user text unchanged', () => {
    const text = "quote \" backslash \\ ${interp} '' newline\n tab\t 😀 𝕏 \u2028";
    const m = parseConfigs({ m: { applications: { mumbleServer: { welcomeText: text }, forgejo: { appName: text } } } })['m'];
    expect(m.applications.mumbleServer?.welcomeText).toBe(text);
    expect(m.applications.forgejo?.appName).toBe(text);
  });

  it('accepts every generated valid configuration (property)', () => {
    fc.assert(
      fc.property(networkConfigs, (configs) => {
        const result = validateConfigs(configs);
        if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
        // Validation is idempotent: the filled value validates to itself.
        expect(parseConfigs(result.value)).toEqual(result.value);
      }),
      { numRuns: 300 },
    );
  });

  it('does not modify its input', () => {
    fc.assert(
      fc.property(machineConfig, (machine) => {
        const before = JSON.stringify(machine);
        validateConfigs({ m: machine });
        expect(JSON.stringify(machine)).toBe(before);
      }),
      { numRuns: 100 },
    );
  });

  it('has precise TypeScript types (checked by tsc -p libs/nix-schema/tsconfig.spec.json)', () => {
    const m = defaultMachineConfig();
    const layer: 'wireguard' | 'yggdrasil' = m.networkLayer;
    const system: 'x86_64-linux' | 'aarch64-linux' = m.system;
    const folders: string[] | undefined = m.applications.syncthing?.sharedFolders;
    const protocol: 'tcp' | 'udp' | undefined = m.publish[0]?.protocol;
    expect([layer, system, folders, protocol]).toEqual(['wireguard', 'x86_64-linux', undefined, undefined]);
  });

  it('maps both layers to their mesh interface', () => {
    expect(MESH_INTERFACES).toEqual({ wireguard: 'clan-wg', yggdrasil: 'clan-ygg' });
  });
});

describe('validateConfigs: top level and machine names', () => {
  it('refuses a machine named "__proto__" instead of letting it vanish (Nix would build it)', () => {
    // As a raw edit arrives: JSON.parse makes "__proto__" an ordinary key.
    expect(errorsOf(JSON.parse('{"__proto__": {"system": "x86_64-linux"}, "nas": {}}'))).toEqual([
      {
        path: '$.__proto__',
        message: 'The machine name "__proto__" may use lower-case letters, digits and "-", and must start and end with a letter or digit.',
      },
    ]);
  });

  it.each([[null], [[]], ['x'], [3]])('rejects %j as a whole', (input) => {
    expect(errorsOf(input)).toEqual([
      {
        path: '$',
        message: 'The configuration must be a JSON object whose keys are machine names and whose values are machine configurations.',
      },
    ]);
  });

  it.each([
    [
      'Anna',
      '$.Anna',
      'The machine name "Anna" may use lower-case letters, digits and "-", and must start and end with a letter or digit.',
    ],
    ['-x', '$["-x"]', 'The machine name "-x" may use lower-case letters, digits and "-", and must start and end with a letter or digit.'],
    ['localhost', '$.localhost', 'The machine name "localhost" is reserved; choose another name.'],
    ['', '$[""]', 'The machine name "" must not be empty.'],
    ['a'.repeat(64), `$.${'a'.repeat(64)}`, `The machine name "${'a'.repeat(58)}… must be at most 63 characters.`],
    [
      '${x}',
      '$["${x}"]',
      'The machine name "${x}" may use lower-case letters, digits and "-", and must start and end with a letter or digit.',
    ],
  ])('rejects the machine name %j', (name, path, message) => {
    expect(errorsOf({ [name]: {} })).toEqual([{ path, message }]);
  });

  it('rejects a machine that is not an object', () => {
    expect(machineError('x')).toEqual({ path: '$.m', message: 'A machine configuration must be an object of settings (got string "x").' });
    expect(machineError(null).message).toBe('A machine configuration must be an object of settings (got null).');
  });

  it('names unknown machine settings and lists the known ones', () => {
    expect(machineError({ cpu: 2 })).toEqual({
      path: '$.m',
      message:
        'A machine configuration has unknown setting "cpu"; known settings are system, adminMode, networkLayer, resources, backup, publish, applications, mesh.',
    });
    expect(machineError({ a: 1, b: 2 }).message).toMatch(/^A machine configuration has unknown settings "a", "b";/);
  });

  it('treats a JSON "__proto__" key as an unknown setting, not as a prototype', () => {
    expect(machineError(JSON.parse('{"__proto__": {"system": "aarch64-linux"}}')).message).toMatch(/unknown setting "__proto__"/);
  });

  it('uses bracket notation for machine names that are not identifiers', () => {
    expect(errorsOf({ 'anna-laptop': { system: 'riscv' } })[0].path).toBe('$["anna-laptop"].system');
  });
});

describe('validateConfigs: machine settings', () => {
  it.each([
    [{ system: 'riscv64-linux' }, '$.m.system', 'System must be one of "x86_64-linux", "aarch64-linux" (got string "riscv64-linux").'],
    [{ adminMode: 'root' }, '$.m.adminMode', 'Administration must be one of "local", "remote", "shared" (got string "root").'],
    [{ networkLayer: 'tinc' }, '$.m.networkLayer', 'tinc is not supported yet; use wireguard or yggdrasil.'],
    [{ networkLayer: 'zerotier' }, '$.m.networkLayer', 'zerotier is not supported yet; use wireguard or yggdrasil.'],
    [{ networkLayer: 'ipsec' }, '$.m.networkLayer', 'Network layer must be one of "wireguard", "yggdrasil" (got string "ipsec").'],
    [{ networkLayer: 3 }, '$.m.networkLayer', 'Network layer must be one of "wireguard", "yggdrasil" (got number 3).'],
    [{ resources: 4 }, '$.m.resources', 'Resources must be an object of settings (got number 4).'],
    [{ resources: { vcpus: 0 } }, '$.m.resources.vcpus', 'vCPUs must be a whole number from 1 to 64.'],
    [{ resources: { vcpus: 65 } }, '$.m.resources.vcpus', 'vCPUs must be a whole number from 1 to 64.'],
    [{ resources: { vcpus: 1.5 } }, '$.m.resources.vcpus', 'vCPUs must be a whole number from 1 to 64.'],
    [{ resources: { vcpus: '2' } }, '$.m.resources.vcpus', 'vCPUs must be a whole number from 1 to 64 (got string "2").'],
    [{ resources: { memoryMiB: 255 } }, '$.m.resources.memoryMiB', 'Memory (MiB) must be a whole number from 256 to 262144.'],
    [{ resources: { memoryMiB: 262145 } }, '$.m.resources.memoryMiB', 'Memory (MiB) must be a whole number from 256 to 262144.'],
    [{ resources: { stateDiskGiB: 0 } }, '$.m.resources.stateDiskGiB', 'State disk (GiB) must be a whole number from 1 to 16384.'],
    [{ resources: { stateDiskGiB: 16385 } }, '$.m.resources.stateDiskGiB', 'State disk (GiB) must be a whole number from 1 to 16384.'],
    [
      { resources: { disk: 1 } },
      '$.m.resources',
      'Resources has unknown setting "disk"; known settings are vcpus, memoryMiB, stateDiskGiB.',
    ],
    [{ backup: { enable: 'yes' } }, '$.m.backup.enable', 'Enable backups must be true or false (got string "yes").'],
    [
      { backup: { schedule: 'daily' } },
      '$.m.backup.schedule',
      'Schedule must be a cron expression of five fields (minute hour day month weekday) using digits, "*", ",", "-" and "/", e.g. "0 3 * * *".',
    ],
    [{ backup: { keepLast: -1 } }, '$.m.backup.keepLast', 'Keep last must be a whole number from 0 to 10000.'],
    [{ backup: { keepDaily: 10001 } }, '$.m.backup.keepDaily', 'Keep daily must be a whole number from 0 to 10000.'],
    [{ backup: { keepWeekly: null } }, '$.m.backup.keepWeekly', 'Keep weekly must be a whole number from 0 to 10000 (got null).'],
    [
      { backup: { keepMonthly: Infinity } },
      '$.m.backup.keepMonthly',
      'Keep monthly must be a whole number from 0 to 10000 (got Infinity).',
    ],
    [{ backup: { extraPaths: 'x' } }, '$.m.backup.extraPaths', 'Extra paths must be a list (got string "x").'],
    [
      { backup: { extraPaths: ['relative'] } },
      '$.m.backup.extraPaths[0]',
      'Extra path must be an absolute path starting with "/" (got "relative").',
    ],
    [{ backup: { extraPaths: ['/a', '/a'] } }, '$.m.backup.extraPaths[1]', 'Extra paths lists "/a" more than once.'],
    [{ backup: { extraPaths: [7] } }, '$.m.backup.extraPaths[0]', 'Extra path must be a path (got number 7).'],
    [{ publish: {} }, '$.m.publish', 'Published services must be a list.'],
    [{ applications: [] }, '$.m.applications', 'Applications must be an object of settings (got a list).'],
    [
      { applications: { gitea: {} } },
      '$.m.applications',
      'Applications has unknown setting "gitea"; known settings are syncthing, nextcloud, forgejo, mumbleServer, mumbleClient, vaultwarden, jellyfin, homeAssistant, paperless.',
    ],
  ])('rejects machine setting case %# at %s', (machine, path, message) => {
    expect(machineError(machine)).toEqual({ path, message });
  });

  it('rejects NUL characters and unpaired surrogates in paths', () => {
    const errors = errorsOf({ m: { backup: { extraPaths: ['/a\u0000b', '/\ud800'] } } });
    expect(errors).toEqual([
      { path: '$.m.backup.extraPaths[0]', message: 'Extra path must not contain NUL characters.' },
      { path: '$.m.backup.extraPaths[1]', message: 'Extra path contains a broken Unicode character (an unpaired surrogate).' },
    ]);
  });

  it('limits paths to PATH_MAX bytes (counted as UTF-8)', () => {
    expect(validateConfigs({ m: { backup: { extraPaths: [`/${'a'.repeat(4094)}`] } } }).ok).toBe(true);
    expect(machineError({ backup: { extraPaths: [`/${'a'.repeat(4095)}`] } }).message).toBe('Extra path must be at most 4095 bytes long.');
    // 2,000 × "é" is 4,000 bytes: within; 2,048 × "é" is 4,096 bytes: over.
    expect(validateConfigs({ m: { backup: { extraPaths: [`/${'é'.repeat(2000)}`] } } }).ok).toBe(true);
    expect(machineError({ backup: { extraPaths: [`/${'é'.repeat(2048)}`] } }).message).toBe('Extra path must be at most 4095 bytes long.');
  });

  it('cuts long values short in sentences', () => {
    const message = machineError({ system: 'x'.repeat(10_000) }).message;
    expect(message.length).toBeLessThan(200);
    expect(message).toContain('…');
  });
});

describe('validateConfigs: publish', () => {
  const withNextcloud = { applications: { nextcloud: { enable: true } } };

  it('publishes nothing by default and accepts an entry for an enabled app (protocol defaults to tcp)', () => {
    const m = parseConfigs({ m: { ...withNextcloud, publish: [{ app: 'nextcloud', port: 443 }] } })['m'];
    expect(m.publish).toEqual([{ app: 'nextcloud', port: 443, protocol: 'tcp' }]);
  });

  it.each([
    [{ app: 'nextcloud', port: 0 }, '$.m.publish[0].port', 'Port must be a port number from 1 to 65535.'],
    [{ app: 'nextcloud', port: 65536 }, '$.m.publish[0].port', 'Port must be a port number from 1 to 65535.'],
    [{ app: 'nextcloud' }, '$.m.publish[0].port', 'Port is required.'],
    [
      { app: 'nextcloud', port: 443, protocol: 'sctp' },
      '$.m.publish[0].protocol',
      'Protocol must be one of "tcp", "udp" (got string "sctp").',
    ],
    [{ app: 'mumbleClient', port: 1 }, '$.m.publish[0].app', 'The Mumble client serves no ports, so there is nothing to publish.'],
    [
      { app: 'ssh', port: 22 },
      '$.m.publish[0].app',
      `App must be one of ${PUBLISHABLE_APPS.map((a) => `"${a}"`).join(', ')} (got string "ssh").`,
    ],
    [{ port: 22 }, '$.m.publish[0].app', 'App is required.'],
    [
      { app: 'nextcloud', port: 443, host: '0.0.0.0' },
      '$.m.publish[0]',
      'Published service has unknown setting "host"; known settings are app, port, protocol.',
    ],
  ])('rejects the entry %j', (entry, path, message) => {
    expect(machineError({ ...withNextcloud, publish: [entry] })).toEqual({ path, message });
  });

  it('rejects publishing an app that is not enabled', () => {
    expect(machineError({ applications: { nextcloud: { enable: false } }, publish: [{ app: 'nextcloud', port: 443 }] })).toEqual({
      path: '$.m.publish[0].app',
      message: 'Nextcloud is published but not enabled on this machine; enable it under applications.nextcloud or remove the entry.',
    });
    expect(machineError({ publish: [{ app: 'jellyfin', port: 8096 }] }).message).toMatch(/^Jellyfin is published but not enabled/);
  });

  it('rejects the same port and protocol published twice, but allows tcp and udp of one port', () => {
    expect(
      machineError({
        ...withNextcloud,
        publish: [
          { app: 'nextcloud', port: 443 },
          { app: 'nextcloud', port: 443, protocol: 'tcp' },
        ],
      }),
    ).toEqual({ path: '$.m.publish[1]', message: 'Port 443/tcp is published more than once.' });
    expect(
      validateConfigs({
        m: {
          ...withNextcloud,
          publish: [
            { app: 'nextcloud', port: 443 },
            { app: 'nextcloud', port: 443, protocol: 'udp' },
          ],
        },
      }).ok,
    ).toBe(true);
  });

  it('knows which apps can be published: every app with ports', () => {
    const withPorts = appKeys.filter((k) => APP_CATALOG[k].hasEnable);
    expect([...PUBLISHABLE_APPS].sort()).toEqual([...withPorts].sort());
  });
});

describe('validateConfigs: port clashes between enabled apps', () => {
  it('rejects two enabled apps on one port and names both', () => {
    expect(machineError({ applications: { forgejo: { enable: true, httpPort: 8222 }, vaultwarden: { enable: true } } })).toEqual({
      path: '$.m.applications.vaultwarden.port',
      message: 'Port 8222/tcp for Vaultwarden (Web vault and API) is already used by Forgejo (Web interface).',
    });
  });

  it("rejects a clash inside one app and with an app's fixed port", () => {
    expect(machineError({ applications: { forgejo: { enable: true, httpPort: 2222 } } })).toEqual({
      path: '$.m.applications.forgejo.sshPort',
      message: 'Port 2222/tcp for Forgejo (Git over SSH) is already used by Forgejo (Web interface).',
    });
    expect(machineError({ applications: { syncthing: { enable: true, guiPort: 22000 } } }).message).toBe(
      'Port 22000/tcp for Syncthing (Web interface) is already used by Syncthing (Sync protocol).',
    );
    expect(machineError({ applications: { nextcloud: { enable: true }, forgejo: { enable: true, httpPort: 80 } } })).toEqual({
      path: '$.m.applications.forgejo.httpPort',
      message: 'Port 80/tcp for Forgejo (Web interface) is already used by Nextcloud (Web interface).',
    });
  });

  it('ignores disabled apps and different protocols', () => {
    expect(validateConfigs({ m: { applications: { forgejo: { enable: true, httpPort: 8222 }, vaultwarden: { enable: false } } } }).ok).toBe(
      true,
    );
    expect(validateConfigs({ m: { applications: { mumbleServer: { enable: true, port: 21027 } } } }).ok).toBe(true);
  });
});

describe('validateConfigs: app options', () => {
  const appError = (app: string, options: unknown) => machineError({ applications: { [app]: options } });

  it.each([
    ['syncthing', { enable: 1 }, 'enable', 'Enable Syncthing must be true or false (got number 1).'],
    [
      'syncthing',
      { sharedFolders: ['docs'] },
      'sharedFolders[0]',
      'Shared folder must be an absolute path starting with "/" (got "docs").',
    ],
    ['syncthing', { sharedFolders: ['/d', '/d'] }, 'sharedFolders[1]', 'Shared folders lists "/d" more than once.'],
    ['syncthing', { guiPort: 70000 }, 'guiPort', 'Web interface port must be a port number from 1 to 65535.'],
    [
      'syncthing',
      { sharedFolder: [] },
      '',
      'Syncthing settings has unknown setting "sharedFolder"; known settings are enable, sharedFolders, guiPort.',
    ],
    [
      'nextcloud',
      { hostName: 'cloud_1' },
      'hostName',
      'Host name must be a host name such as "mumble.clan": dot-separated labels of letters, digits and "-" that neither start nor end with "-".',
    ],
    ['nextcloud', { adminUser: 'ad min' }, 'adminUser', 'Administrator user must use letters, digits, "_", ".", "@" and "-" only.'],
    ['nextcloud', { adminUser: '' }, 'adminUser', 'Administrator user must use letters, digits, "_", ".", "@" and "-" only.'],
    ['nextcloud', { maxUploadSizeMiB: 0 }, 'maxUploadSizeMiB', 'Maximum upload size (MiB) must be a whole number from 1 to 102400.'],
    ['nextcloud', { maxUploadSizeMiB: 102401 }, 'maxUploadSizeMiB', 'Maximum upload size (MiB) must be a whole number from 1 to 102400.'],
    [
      'nextcloud',
      { apps: ['Calendar'] },
      'apps[0]',
      'Nextcloud app ID must be an app ID of lower-case letters, digits and "_", starting with a letter (e.g. "calendar").',
    ],
    ['nextcloud', { apps: ['news', 'news'] }, 'apps[1]', 'Nextcloud apps lists "news" more than once.'],
    ['forgejo', { httpPort: 0 }, 'httpPort', 'Web port must be a port number from 1 to 65535.'],
    ['forgejo', { sshPort: 'ssh' }, 'sshPort', 'SSH port must be a port number from 1 to 65535 (got string "ssh").'],
    ['forgejo', { allowRegistration: 'no' }, 'allowRegistration', 'Allow registration must be true or false (got string "no").'],
    ['forgejo', { appName: 5 }, 'appName', 'Site name must be text (got number 5).'],
    ['forgejo', { appName: 'a\u0000b' }, 'appName', 'Site name must not contain NUL characters.'],
    ['forgejo', { appName: 'x'.repeat(100_001) }, 'appName', 'Site name must be at most 100000 characters long.'],
    ['mumbleServer', { port: -1 }, 'port', 'Port must be a port number from 1 to 65535.'],
    [
      'mumbleServer',
      { welcomeText: 'hi\udc00' },
      'welcomeText',
      'Welcome text contains a broken Unicode character (an unpaired surrogate).',
    ],
    ['mumbleServer', { bandwidth: 7999 }, 'bandwidth', 'Bandwidth (bit/s) must be a whole number from 8000 to 1000000.'],
    ['mumbleServer', { bandwidth: 1_000_001 }, 'bandwidth', 'Bandwidth (bit/s) must be a whole number from 8000 to 1000000.'],
    ['mumbleServer', { users: 0 }, 'users', 'Maximum users must be a whole number from 1 to 1000.'],
    ['mumbleServer', { users: 1001 }, 'users', 'Maximum users must be a whole number from 1 to 1000.'],
    ['mumbleClient', {}, 'server', 'Server is required.'],
    [
      'mumbleClient',
      { server: 'mumble..clan' },
      'server',
      'Server must be a host name such as "mumble.clan": dot-separated labels of letters, digits and "-" that neither start nor end with "-".',
    ],
    ['mumbleClient', { server: 'm', port: 0 }, 'port', 'Server port must be a port number from 1 to 65535.'],
    [
      'mumbleClient',
      { server: 'm', enable: true },
      '',
      'Mumble client settings has unknown setting "enable"; known settings are server, port.',
    ],
    ['vaultwarden', { port: 1.5 }, 'port', 'Port must be a port number from 1 to 65535.'],
    ['vaultwarden', { signupsAllowed: null }, 'signupsAllowed', 'Allow sign-ups must be true or false (got null).'],
    [
      'vaultwarden',
      { domain: 'vault.clan' },
      'domain',
      'Domain must be empty or a URL starting with "http://" or "https://", without spaces or non-ASCII characters.',
    ],
    [
      'vaultwarden',
      { domain: 'https://a b' },
      'domain',
      'Domain must be empty or a URL starting with "http://" or "https://", without spaces or non-ASCII characters.',
    ],
    ['jellyfin', { mediaFolders: ['/m', 'm'] }, 'mediaFolders[1]', 'Media folder must be an absolute path starting with "/" (got "m").'],
    [
      'homeAssistant',
      { timeZone: 'Mars/Olympus Mons' },
      'timeZone',
      'Time zone must be an IANA time zone name such as "UTC" or "Europe/Berlin".',
    ],
    ['homeAssistant', { unitSystem: 'imperial' }, 'unitSystem', 'Unit system must be one of "metric" (got string "imperial").'],
    ['paperless', { port: 99999 }, 'port', 'Port must be a port number from 1 to 65535.'],
    [
      'paperless',
      { ocrLanguage: 'english' },
      'ocrLanguage',
      'OCR languages must be Tesseract language codes joined with "+", such as "eng" or "deu+eng".',
    ],
    ['paperless', 'on', '', 'Paperless settings must be an object of settings (got string "on").'],
  ])('%s option case %#', (app, options, field, message) => {
    expect(appError(app, options)).toEqual({
      path: `$.m.applications.${app}${field ? (field.startsWith('[') ? field : `.${field}`) : ''}`,
      message,
    });
  });

  it('accepts the contract examples for constrained strings', () => {
    const ok = {
      nextcloud: { hostName: 'cloud.family.clan', adminUser: 'anna.o@home', apps: ['calendar', 'contacts', 'end_to_end_encryption'] },
      mumbleClient: { server: 'MUMBLE.cLAN' },
      vaultwarden: { domain: 'https://vault.family.clan:8443/path?x="${y}"' },
      homeAssistant: { timeZone: 'America/Argentina/Buenos_Aires' },
      paperless: { ocrLanguage: 'deu+eng+chi_sim' },
    };
    expect(validateConfigs({ m: { applications: ok } }).ok).toBe(true);
  });
});

describe('validateConfigs: every sentence is ours', () => {
  const ZOD_DEFAULTS = /^(Invalid|Too (small|big)|Unrecognized|Expected|Required)|is invalid \(/;

  it('never reports a zod default message for random junk (property)', () => {
    const junk = fc.anything({ maxDepth: 3, withNullPrototype: false });
    const machineish = fc.record(
      {
        system: junk,
        networkLayer: junk,
        resources: fc.oneof(junk, fc.record({ vcpus: junk, memoryMiB: junk }, { requiredKeys: [] })),
        backup: fc.oneof(junk, fc.record({ extraPaths: junk, schedule: junk }, { requiredKeys: [] })),
        publish: fc.oneof(junk, fc.array(fc.record({ app: junk, port: junk, protocol: junk }, { requiredKeys: [] }))),
        applications: fc.oneof(
          junk,
          fc.record(
            Object.fromEntries(
              appKeys.map((k) => [k, fc.oneof(junk, fc.dictionary(fc.constantFrom('enable', 'port', 'server', 'x'), junk))]),
            ),
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(junk, machineish), { maxKeys: 3 }), (input) => {
        const result = validateConfigs(input);
        if (!result.ok) {
          for (const error of result.errors) {
            expect(error.path).toMatch(/^\$/);
            expect(error.message).not.toMatch(ZOD_DEFAULTS);
            expect(error.message).toMatch(/[.]$/);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseConfigs and validateMachineConfig', () => {
  it('throws ConfigValidationError carrying the errors', () => {
    let caught: unknown;
    try {
      parseConfigs({ m: { networkLayer: 'tinc' } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    expect((caught as ConfigValidationError).errors).toEqual([
      { path: '$.m.networkLayer', message: 'tinc is not supported yet; use wireguard or yggdrasil.' },
    ]);
    expect((caught as Error).message).toBe(
      'Invalid configuration (1 problem): $.m.networkLayer: tinc is not supported yet; use wireguard or yggdrasil.',
    );
  });

  it('validates one machine, with paths under its name when given', () => {
    expect(validateMachineConfig({ resources: { vcpus: 0 } }, 'anna-laptop')).toEqual({
      ok: false,
      errors: [{ path: '$["anna-laptop"].resources.vcpus', message: 'vCPUs must be a whole number from 1 to 64.' }],
    });
    expect(validateMachineConfig({ resources: { vcpus: 0 } })).toMatchObject({ ok: false, errors: [{ path: '$.resources.vcpus' }] });
    expect(validateMachineConfig({})).toEqual({ ok: true, value: defaultMachineConfig() });
  });
});
