/**
 * Whole machines: defaults, validation sentences, merging apps and the
 * firewall, backups and the mesh, evaluated by real Nix.
 */
import { evalLib, evalLibError, Scratch } from './support/nix';

let scratch: Scratch;
beforeAll(() => (scratch = new Scratch()));
afterAll(() => scratch.remove());

const CONTRACT_DEFAULTS = {
  system: 'x86_64-linux',
  adminMode: 'local',
  networkLayer: 'wireguard',
  resources: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 },
  backup: { enable: false, schedule: '0 3 * * *', keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6, extraPaths: [] },
  publish: [],
  applications: {},
};

describe('lib.withDefaults', () => {
  it('withDefaults {} is the contract default machine, and so is machineDefaults', () => {
    expect(evalLib(scratch, 'lib.withDefaults { }')).toEqual(CONTRACT_DEFAULTS);
    expect(evalLib(scratch, 'lib.machineDefaults')).toEqual(CONTRACT_DEFAULTS);
    expect(evalLib(scratch, 'lib.defaults')).toEqual(CONTRACT_DEFAULTS);
  });

  it('fills nested and app defaults and keeps what is set', () => {
    expect(
      evalLib(scratch, 'lib.withDefaults data', {
        resources: { vcpus: 4 },
        backup: { enable: true },
        publish: [{ app: 'syncthing', port: 22000 }],
        applications: { syncthing: { enable: true }, mumbleClient: { server: 'mumble.clan' } },
      }),
    ).toEqual({
      ...CONTRACT_DEFAULTS,
      resources: { vcpus: 4, memoryMiB: 1024, stateDiskGiB: 10 },
      backup: { ...CONTRACT_DEFAULTS.backup, enable: true },
      publish: [{ app: 'syncthing', port: 22000, protocol: 'tcp' }],
      applications: { syncthing: { enable: true, sharedFolders: [], guiPort: 8384 }, mumbleClient: { server: 'mumble.clan', port: 64738 } },
    });
  });

  it('is idempotent (a filled config, as the panel writes it, is unchanged)', () => {
    const config = { applications: { nextcloud: { enable: true, apps: ['calendar'] } }, networkLayer: 'yggdrasil' };
    expect(evalLib(scratch, 'let once = lib.withDefaults data; in { inherit once; twice = lib.withDefaults once; }', config)).toEqual(
      expect.objectContaining({ twice: expect.anything() }),
    );
    const { once, twice } = evalLib<{ once: unknown; twice: unknown }>(
      scratch,
      'let once = lib.withDefaults data; in { inherit once; twice = lib.withDefaults once; }',
      config,
    );
    expect(twice).toEqual(once);
  });

  it('fills a mesh section only when there is one (the panel writes it), with peer defaults', () => {
    expect(evalLib(scratch, 'lib.withDefaults data', { mesh: { addresses: ['10.0.0.2/24'], peers: [{ publicKey: 'abc=' }] } })).toEqual({
      ...CONTRACT_DEFAULTS,
      mesh: {
        enable: false,
        addresses: ['10.0.0.2/24'],
        listenPort: 51820,
        privateKeyFile: null,
        domain: null,
        nameservers: [],
        peers: [{ publicKey: 'abc=', endpoint: null, allowedIPs: [], persistentKeepalive: null }],
      },
    });
    expect(evalLibError(scratch, 'lib.withDefaults data', { mesh: { addresses: ['10.0.0.2/24'], domain: 'files.clan' } })).toMatch(
      /^clan: mesh\.domain must be the machine's mesh name <machine>\.<network>\.clan/,
    );
    expect(evalLibError(scratch, 'lib.withDefaults data', { mesh: { addresses: ['10.0.0.2/24'], nameservers: ['x'] } })).toMatch(
      /^clan: mesh\.nameservers\[0\] must be an IPv4 or IPv6 address/,
    );
    expect(evalLibError(scratch, 'lib.withDefaults data', { mesh: { enable: true } })).toBe(
      "clan: mesh.addresses must list this machine's mesh addresses for the WireGuard mesh.",
    );
    expect(evalLibError(scratch, 'lib.withDefaults data', { mesh: 'on' })).toBe('clan: mesh must be an object (got text "on").');
    expect(evalLib(scratch, 'lib.withDefaults data', { networkLayer: 'yggdrasil', mesh: { enable: true } })).toMatchObject({
      mesh: { enable: true, addresses: [] },
    });
  });

  it.each([
    [{ networkLayer: 'tinc' }, 'clan: networkLayer: tinc is not supported yet; use wireguard or yggdrasil.'],
    [{ networkLayer: 'zerotier' }, 'clan: networkLayer: zerotier is not supported yet; use wireguard or yggdrasil.'],
    [{ system: 'riscv64-linux' }, 'clan: system must be one of "x86_64-linux", "aarch64-linux" (got text "riscv64-linux").'],
    [{ adminMode: 'root' }, 'clan: adminMode must be one of "local", "remote", "shared" (got text "root").'],
    [{ resources: { vcpus: 65 } }, 'clan: resources.vcpus must be a whole number from 1 to 64 (got int 65).'],
    [{ resources: { memoryMiB: 1.5 } }, 'clan: resources.memoryMiB must be a whole number from 256 to 262144 (got float 1.5).'],
    [{ backup: { keepLast: -1 } }, 'clan: backup.keepLast must be a whole number from 0 to 10000 (got int -1).'],
    [{ backup: { extraPaths: ['relative'] } }, 'clan: backup.extraPaths[0] must be an absolute path starting with "/" (got "relative").'],
    [
      { hostname: 'x' },
      'clan: hostname is not a known setting (known: adminMode, applications, backup, networkLayer, publish, resources, system).',
    ],
    [
      { applications: { gitea: {} } },
      'clan: applications.gitea is not an app of the catalog (known: syncthing, nextcloud, forgejo, mumbleServer, mumbleClient, vaultwarden, jellyfin, homeAssistant, paperless).',
    ],
    [
      { applications: { syncthing: { gui: 1 } } },
      'clan: applications.syncthing.gui is not a known setting of applications.syncthing (known: enable, guiPort, sharedFolders).',
    ],
    [{ applications: { syncthing: { enable: 'yes' } } }, 'clan: applications.syncthing.enable must be true or false (got text "yes").'],
    [
      { applications: { syncthing: { guiPort: 0 } } },
      'clan: applications.syncthing.guiPort must be a port number from 1 to 65535 (got int 0).',
    ],
    [
      { applications: { syncthing: { sharedFolders: ['/a', '/a'] } } },
      'clan: applications.syncthing.sharedFolders lists "/a" more than once.',
    ],
    [{ applications: { mumbleClient: {} } }, 'clan: applications.mumbleClient.server is required.'],
    [
      { applications: { mumbleClient: { server: 'a b' } } },
      'clan: applications.mumbleClient.server must be a host name such as "mumble.clan": dot-separated labels of letters, digits and "-" that neither start nor end with "-" (got "a b").',
    ],
    [
      { applications: { nextcloud: { adminUser: 'x"; rm -rf /' } } },
      'clan: applications.nextcloud.adminUser must use letters, digits, "_", ".", "@" and "-" only, at most 64 (got "x\\"; rm -rf /").',
    ],
    [
      { applications: { nextcloud: { maxUploadSizeMiB: 0 } } },
      'clan: applications.nextcloud.maxUploadSizeMiB must be a whole number from 1 to 102400 (got int 0).',
    ],
    [
      { applications: { homeAssistant: { timeZone: '!secret x' } } },
      'clan: applications.homeAssistant.timeZone must be an IANA time zone name such as "UTC" or "Europe/Berlin" (got "!secret x").',
    ],
    [
      { applications: { homeAssistant: { unitSystem: 'imperial' } } },
      'clan: applications.homeAssistant.unitSystem must be one of "metric" (got text "imperial").',
    ],
    [
      { applications: { vaultwarden: { domain: 'https://a b' } } },
      'clan: applications.vaultwarden.domain must be empty or a URL starting with "http://" or "https://", without spaces or non-ASCII characters (got "https://a b").',
    ],
    [
      { applications: { forgejo: { appName: 'x %(RUN_USER)s' } } },
      'clan: applications.forgejo.appName must not contain "%(name)s": Forgejo\'s ini reader replaces it with the value of another setting.',
    ],
    [
      { publish: [{ app: 'mumbleClient', port: 1 }] },
      'clan: publish[0].app: the Mumble client serves no ports, so there is nothing to publish.',
    ],
    [{ publish: [{ app: 'nextcloud', port: 443 }] }, 'clan: publish lists nextcloud, which is not enabled on this machine.'],
    [
      { publish: [{ app: 'nextcloud', port: 443, protocol: 'sctp' }], applications: { nextcloud: { enable: true } } },
      'clan: publish[0].protocol must be one of "tcp", "udp" (got text "sctp").',
    ],
    [
      {
        publish: [
          { app: 'nextcloud', port: 443 },
          { app: 'nextcloud', port: 443 },
        ],
        applications: { nextcloud: { enable: true } },
      },
      'clan: publish lists port 443/tcp more than once.',
    ],
    [
      { applications: { syncthing: { enable: true }, forgejo: { enable: true, httpPort: 8384 } } },
      'clan: port 8384/tcp is used by more than one app (syncthing, forgejo).',
    ],
    [{ applications: { forgejo: { enable: true, httpPort: 2222 } } }, 'clan: port 2222/tcp is used twice by forgejo.'],
    [{ applications: { syncthing: { enable: true, guiPort: 22000 } } }, 'clan: port 22000/tcp is used twice by syncthing.'],
    [[], 'clan: the machine configuration must be an object (got a list).'],
  ])('rejects %j: %s', (config, sentence) => {
    // machineSettings forces everything, also apps that are off.
    expect(evalLibError(scratch, 'lib.machineSettings data', config)).toBe(sentence);
  });
});

describe('lib.machineSettings', () => {
  it('merges apps: mesh-only ports concatenated on the mesh interface, nothing global', () => {
    expect(
      evalLib(scratch, 'lib.machineSettings data', {
        applications: {
          syncthing: { enable: true },
          nextcloud: { enable: true },
          mumbleServer: { enable: true },
          forgejo: { enable: false },
        },
      }),
    ).toEqual({
      services: {
        syncthing: expect.objectContaining({ enable: true, guiAddress: '0.0.0.0:8384' }),
        nextcloud: expect.objectContaining({ enable: true, hostName: 'cloud' }),
        murmur: expect.objectContaining({ enable: true, port: 64738 }),
      },
      systemd: {
        services: {
          'clan-syncthing-gui-password': expect.any(Object),
          'nextcloud-setup': { unitConfig: { RequiresMountsFor: ['/run/clan-secrets/apps/nextcloud/admin-password'] } },
        },
      },
      networking: {
        firewall: {
          interfaces: {
            'clan-wg': { allowedTCPPorts: [22000, 8384, 80, 64738], allowedUDPPorts: [22000, 21027, 64738] },
          },
        },
      },
    });
  });

  it('uses clan-ygg as the mesh interface on yggdrasil', () => {
    const out = evalLib<{ networking: { firewall: { interfaces: Record<string, unknown> } } }>(scratch, 'lib.machineSettings data', {
      networkLayer: 'yggdrasil',
      applications: { jellyfin: { enable: true } },
    });
    expect(out.networking.firewall).toEqual({ interfaces: { 'clan-ygg': { allowedTCPPorts: [8096] } } });
  });

  it('publish opens the listed ports on every interface (networking.firewall.allowed*Ports)', () => {
    const out = evalLib<{ networking: unknown }>(scratch, 'lib.machineSettings data', {
      applications: { nextcloud: { enable: true }, mumbleServer: { enable: true } },
      publish: [
        { app: 'nextcloud', port: 443, protocol: 'tcp' },
        { app: 'mumbleServer', port: 64738, protocol: 'udp' },
        { app: 'mumbleServer', port: 64738 },
      ],
    });
    expect(out.networking).toEqual({
      firewall: {
        allowedTCPPorts: [443, 64738],
        allowedUDPPorts: [64738],
        interfaces: { 'clan-wg': { allowedTCPPorts: [80, 64738], allowedUDPPorts: [64738] } },
      },
    });
  });

  it('a machine without apps sets nothing', () => {
    expect(evalLib(scratch, 'lib.machineSettings { }')).toEqual({});
  });

  it('the mumble client alone sets only its file', () => {
    expect(
      evalLib(scratch, 'builtins.attrNames (lib.machineSettings data)', { applications: { mumbleClient: { server: 'm.clan' } } }),
    ).toEqual(['environment']);
  });
});

describe('lib.backupPlan', () => {
  it('collects the state of the active apps, their hooks and the extra paths', () => {
    expect(
      evalLib(scratch, 'lib.backupPlan data', {
        backup: { enable: true, extraPaths: ['/srv/photos', '/shared/docs'], keepLast: 3 },
        applications: {
          syncthing: { enable: true, sharedFolders: ['/shared/docs'] },
          nextcloud: { enable: true },
          vaultwarden: { enable: true },
          paperless: { enable: false },
          mumbleClient: { server: 'm.clan' },
        },
      }),
    ).toEqual({
      enable: true,
      schedule: '0 3 * * *',
      keepLast: 3,
      keepDaily: 7,
      keepWeekly: 4,
      keepMonthly: 6,
      paths: ['/var/lib/syncthing', '/shared/docs', '/var/lib/nextcloud', '/var/lib/vaultwarden', '/srv/photos'],
      hooks: ['nextcloud-db', 'vaultwarden-sqlite'],
    });
  });
});

describe('lib.recursiveMerge', () => {
  it('merges attribute sets, concatenates lists, keeps equal leaves', () => {
    expect(evalLib(scratch, 'lib.recursiveMerge data', [{ a: { b: [1], c: 'x' } }, { a: { b: [2], d: true, c: 'x' } }, { e: 1 }])).toEqual({
      a: { b: [1, 2], c: 'x', d: true },
      e: 1,
    });
  });

  it('refuses two different values for one option, naming it', () => {
    expect(evalLibError(scratch, 'lib.recursiveMerge data', [{ services: { x: { port: 1 } } }, { services: { x: { port: 2 } } }])).toBe(
      'clan: conflicting values for services.x.port: 1 and 2',
    );
  });
});

describe('lib.meshSettings', () => {
  it('is empty until the mesh is enabled', () => {
    expect(evalLib(scratch, 'lib.meshSettings { networkLayer = "wireguard"; }')).toEqual({});
  });

  it('wireguard: interface clan-wg, key file outside the store (generated when missing), peers, listen port', () => {
    expect(
      evalLib(scratch, 'lib.meshSettings { networkLayer = "wireguard"; mesh = data; }', {
        enable: true,
        addresses: ['10.42.0.2/24'],
        peers: [
          {
            publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
            endpoint: '192.0.2.1:51820',
            allowedIPs: ['10.42.0.1/32'],
            persistentKeepalive: 25,
          },
          { publicKey: 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=' },
        ],
      }),
    ).toEqual({
      networking: {
        wireguard: {
          interfaces: {
            'clan-wg': {
              ips: ['10.42.0.2/24'],
              listenPort: 51820,
              privateKeyFile: '/var/lib/clan/mesh/wireguard.key',
              generatePrivateKeyFile: true,
              peers: [
                {
                  publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
                  endpoint: '192.0.2.1:51820',
                  allowedIPs: ['10.42.0.1/32'],
                  persistentKeepalive: 25,
                },
                { publicKey: 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=', allowedIPs: [] },
              ],
            },
          },
        },
        firewall: { allowedUDPPorts: [51820] },
      },
    });
  });

  it('yggdrasil: interface clan-ygg, only member keys may peer, no listener without peers, the key file mounted first', () => {
    expect(
      evalLib(scratch, 'lib.meshSettings { networkLayer = "yggdrasil"; mesh = data; }', {
        enable: true,
        privateKeyFile: '/run/clan-secrets/mesh/yggdrasil.json',
        listenPort: 51821,
        peers: [{ publicKey: 'a'.repeat(64), endpoint: 'tls://192.0.2.1:51821' }],
      }),
    ).toEqual({
      services: {
        yggdrasil: {
          enable: true,
          openMulticastPort: false,
          persistentKeys: false,
          configFile: '/run/clan-secrets/mesh/yggdrasil.json',
          settings: {
            IfName: 'clan-ygg',
            Listen: ['tls://[::]:51821'],
            Peers: ['tls://192.0.2.1:51821'],
            AllowedPublicKeys: ['a'.repeat(64)],
            MulticastInterfaces: [],
            NodeInfoPrivacy: true,
          },
        },
      },
      networking: { firewall: { allowedTCPPorts: [51821] } },
      systemd: { services: { yggdrasil: { unitConfig: { RequiresMountsFor: ['/run/clan-secrets/mesh/yggdrasil.json'] } } } },
    });
    expect(evalLib(scratch, 'lib.meshSettings { networkLayer = "yggdrasil"; mesh.enable = true; }')).toEqual({
      services: {
        yggdrasil: {
          enable: true,
          openMulticastPort: false,
          persistentKeys: true,
          settings: { IfName: 'clan-ygg', Listen: [], Peers: [], AllowedPublicKeys: [], MulticastInterfaces: [], NodeInfoPrivacy: true },
        },
      },
      networking: { firewall: { allowedTCPPorts: [] } },
    });
  });

  it('wireguard with a delivered key file: both addresses, the file as given (never generated), the interface waits for its mount', () => {
    const out = evalLib<{ networking: { wireguard: { interfaces: Record<string, unknown> } }; systemd: unknown }>(
      scratch,
      'lib.meshSettings { networkLayer = "wireguard"; mesh = data; }',
      {
        enable: true,
        addresses: ['10.100.0.2/24', 'fd3c:8a21:9f04::2/64'],
        privateKeyFile: '/run/clan-secrets/mesh/wireguard.key',
        peers: [{ publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=', allowedIPs: ['10.100.0.3/32', 'fd3c:8a21:9f04::3/128'] }],
      },
    );
    expect(out.networking.wireguard.interfaces['clan-wg']).toEqual({
      ips: ['10.100.0.2/24', 'fd3c:8a21:9f04::2/64'],
      listenPort: 51820,
      privateKeyFile: '/run/clan-secrets/mesh/wireguard.key',
      generatePrivateKeyFile: false,
      peers: [{ publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=', allowedIPs: ['10.100.0.3/32', 'fd3c:8a21:9f04::3/128'] }],
    });
    expect(out.systemd).toEqual({
      services: { 'wireguard-clan-wg': { unitConfig: { RequiresMountsFor: ['/run/clan-secrets/mesh/wireguard.key'] } } },
    });
  });

  it.each([
    [
      { enable: true, addresses: ['10.0.0.1/24'], privateKeyFile: '/nix/store/abc-key' },
      'clan: mesh.privateKeyFile must be a file outside the Nix store (the store is world-readable), got "/nix/store/abc-key".',
    ],
    [
      { enable: true, addresses: ['10.0.0.1/24'], privateKeyFile: 'key' },
      'clan: mesh.privateKeyFile must be an absolute path starting with "/" (got "key").',
    ],
    [{ enable: true, addresses: ['10.0.0.1/24'], privateKey: 'secret' }, 'clan: mesh.privateKey is not a known mesh setting.'],
    [{ enable: true, address: '10.0.0.1/24' }, 'clan: mesh.address is not a known mesh setting.'],
    [{ enable: true }, "clan: mesh.addresses must list this machine's mesh addresses for the WireGuard mesh."],
    [
      { enable: true, addresses: ['ten'] },
      'clan: mesh.addresses[0] must be an address with prefix length, e.g. "10.42.0.2/24" or "fd42::2/64" (got "ten").',
    ],
    [{ enable: true, addresses: '10.0.0.1/24' }, 'clan: mesh.addresses must be a list (got text "10.0.0.1/24").'],
    [{ enable: true, addresses: ['10.0.0.1/24', '10.0.0.1/24'] }, 'clan: mesh.addresses lists "10.0.0.1/24" more than once.'],
    [
      { enable: true, addresses: ['10.0.0.1/24'], peers: [{ publicKey: 'k"ey' }] },
      'clan: mesh.peers[0].publicKey must be a base64 or hex public key (got "k\\"ey").',
    ],
  ])('rejects %j', (mesh, sentence) => {
    expect(evalLibError(scratch, 'lib.meshSettings { networkLayer = "wireguard"; mesh = data; }', mesh)).toBe(sentence);
  });

  it('names the mesh interface of each layer', () => {
    expect(evalLib(scratch, '{ wg = lib.meshInterface "wireguard"; ygg = lib.meshInterface "yggdrasil"; }')).toEqual({
      wg: 'clan-wg',
      ygg: 'clan-ygg',
    });
  });
});
