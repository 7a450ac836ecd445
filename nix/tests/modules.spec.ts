/**
 * generateNixosModules and the NixOS modules' wiring. Without nixpkgs the
 * module *system* cannot run here, so the module functions are applied with a
 * stub `lib` (tests/support/stub-lib.nix) and what they declare and define is
 * compared with the pure library; full evaluation is the flake's checks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalExpr, evalLib, evalLibError, NIX_DIR, Scratch } from './support/nix';

let scratch: Scratch;
beforeAll(() => (scratch = new Scratch()));
afterAll(() => scratch.remove());

const TWO_MACHINES = {
  alpha: { applications: { syncthing: { enable: true, sharedFolders: ['/shared/docs'] } }, publish: [{ app: 'syncthing', port: 22000 }] },
  beta: {
    networkLayer: 'yggdrasil',
    adminMode: 'remote',
    system: 'aarch64-linux',
    applications: { mumbleClient: { server: 'alpha.home.clan' } },
  },
};

describe('lib.generateNixosModules', () => {
  it('returns one NixOS module (a function) per machine', () => {
    expect(
      evalLib(
        scratch,
        'let ms = lib.generateNixosModules { configs = data; }; in { names = builtins.attrNames ms; functions = builtins.mapAttrs (_: builtins.isFunction) ms; }',
        TWO_MACHINES,
      ),
    ).toEqual({ names: ['alpha', 'beta'], functions: { alpha: true, beta: true } });
    expect(evalLib(scratch, 'builtins.attrNames (lib.generateNixosModules { configs = { }; })')).toEqual([]);
  });

  it('each module imports nixosModules.default and sets clan.* from the filled config', () => {
    const out = evalExpr<Record<string, { imports: string[]; config: Record<string, unknown>; file: string }>>(
      `{ nixDir, dataFile }: let
        lib = import (nixDir + "/lib");
        stub = import (nixDir + "/tests/support/stub-lib.nix");
        configs = builtins.fromJSON (builtins.readFile dataFile);
      in builtins.mapAttrs (_: m: let r = m { lib = stub; }; in { imports = map toString r.imports; inherit (r) config; file = r._file; })
        (lib.generateNixosModules { inherit configs; })`,
      { nixDir: NIX_DIR, dataFile: scratch.json(TWO_MACHINES) },
    );
    const filled = evalLib<Record<string, Record<string, unknown>>>(scratch, 'builtins.mapAttrs (_: lib.withDefaults) data', TWO_MACHINES);
    for (const name of ['alpha', 'beta']) {
      expect(out[name].imports).toEqual([join(NIX_DIR, 'modules', 'default.nix')]);
      expect(out[name].file).toBe(`cLAN generated module for machine ${name}`);
      // `system` is not a NixOS option: lib.nixosConfigurations passes it to nixosSystem.
      const clan = Object.fromEntries(Object.entries(filled[name]).filter(([key]) => key !== 'system'));
      expect(out[name].config).toEqual({
        clan,
        networking: { hostName: { _type: 'override', priority: 1000, content: name } },
      });
    }
  });

  it('imports overrides/<machine>.nix when it exists, and only then', () => {
    const overrides = join(scratch.dir, 'overrides');
    mkdirSync(overrides, { recursive: true });
    writeFileSync(join(overrides, 'alpha.nix'), '{ ... }: { }\n');
    const imports = evalExpr<Record<string, string[]>>(
      `{ nixDir, dataFile, overrides }: let
        lib = import (nixDir + "/lib");
        stub = import (nixDir + "/tests/support/stub-lib.nix");
        configs = builtins.fromJSON (builtins.readFile dataFile);
      in builtins.mapAttrs (_: m: map toString (m { lib = stub; }).imports)
        (lib.generateNixosModules { inherit configs; overrides = /. + overrides; })`,
      { nixDir: NIX_DIR, dataFile: scratch.json(TWO_MACHINES), overrides },
    );
    expect(imports).toEqual({
      alpha: [join(NIX_DIR, 'modules', 'default.nix'), join(overrides, 'alpha.nix')],
      beta: [join(NIX_DIR, 'modules', 'default.nix')],
    });
  });

  it("overlays overrides/<machine>.json (the panel's local layer): objects merge, lists and scalars replace", () => {
    const overrides = join(scratch.dir, 'json-overrides');
    mkdirSync(overrides, { recursive: true });
    writeFileSync(
      join(overrides, 'alpha.json'),
      JSON.stringify({ applications: { syncthing: { sharedFolders: ['/local/only'], guiPort: 8385 }, jellyfin: { enable: true } } }),
    );
    const clan = evalExpr<Record<string, { applications: Record<string, Record<string, unknown>> }>>(
      `{ nixDir, dataFile, overrides }: let
        lib = import (nixDir + "/lib");
        stub = import (nixDir + "/tests/support/stub-lib.nix");
        configs = builtins.fromJSON (builtins.readFile dataFile);
      in builtins.mapAttrs (_: m: (m { lib = stub; }).config.clan)
        (lib.generateNixosModules { inherit configs; overrides = /. + overrides; })`,
      { nixDir: NIX_DIR, dataFile: scratch.json(TWO_MACHINES), overrides },
    );
    expect(clan['alpha'].applications['syncthing']).toMatchObject({ enable: true, sharedFolders: ['/local/only'], guiPort: 8385 });
    expect(clan['alpha'].applications['jellyfin']).toMatchObject({ enable: true });
    expect(clan['beta'].applications['syncthing']).toBeUndefined();
    expect(evalLib(scratch, 'lib.overlayLayer { a = { b = 1; c = [ 1 ]; }; } { a = { c = [ 2 ]; d = 3; }; }')).toEqual({
      a: { b: 1, c: [2], d: 3 },
    });
  });

  it("passes the panel's mesh section to clan.mesh, and the WireGuard module makes clan-wg from it: both addresses, peers, the key file outside the store", () => {
    const privateKeyFile = '/run/clan-secrets/mesh/wireguard.key';
    const configs = {
      alpha: {
        mesh: {
          enable: true,
          addresses: ['10.100.0.2/24', 'fd3c:8a21:9f04::2/64'],
          listenPort: 51820,
          privateKeyFile,
          // The panel writes both for every machine in the mesh.
          domain: 'alpha.home.clan',
          nameservers: ['10.100.0.1'],
          peers: [
            {
              publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
              endpoint: '203.0.113.7:51820',
              allowedIPs: ['10.100.0.3/32', 'fd3c:8a21:9f04::3/128'],
              persistentKeepalive: 25,
            },
            {
              publicKey: 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=',
              endpoint: '198.51.100.1:51820',
              allowedIPs: ['10.100.0.0/24', 'fd3c:8a21:9f04::/64'],
              persistentKeepalive: 25,
            },
          ],
        },
      },
      beta: {},
    };
    type Interface = { privateKeyFile: string } & Record<string, unknown>;
    const out = evalExpr<{
      clan: Record<string, unknown>;
      betaHasMesh: boolean;
      interface: {
        condition: boolean;
        content: { networking: { wireguard: { interfaces: Record<string, Interface> } }; systemd: unknown };
      };
    }>(
      `{ nixDir, dataFile }: let
        lib = import (nixDir + "/lib");
        stub = import (nixDir + "/tests/support/stub-lib.nix");
        configs = builtins.fromJSON (builtins.readFile dataFile);
        modules = lib.generateNixosModules { inherit configs; };
        clanOf = name: (modules.\${name} { lib = stub; }).config.clan;
        # What the module system would hand the mesh module: clan.* with every option filled.
        config.clan = clanOf "alpha" // { mesh = (clanOf "alpha").mesh // { peers = map (p: p // { _module.args = { }; }) (clanOf "alpha").mesh.peers; }; };
      in {
        clan = clanOf "alpha";
        betaHasMesh = (clanOf "beta") ? mesh;
        interface = (import (nixDir + "/modules/mesh-wireguard.nix") { inherit config; lib = stub; }).config;
      }`,
      { nixDir: NIX_DIR, dataFile: scratch.json(configs) },
    );
    expect(out.clan['mesh']).toEqual(configs.alpha.mesh);
    expect(out.betaHasMesh).toBe(false);
    expect(out.interface.condition).toBe(true);
    const wg = out.interface.content.networking.wireguard.interfaces['clan-wg'];
    expect(wg).toEqual({
      ips: ['10.100.0.2/24', 'fd3c:8a21:9f04::2/64'],
      listenPort: 51820,
      privateKeyFile,
      generatePrivateKeyFile: false,
      peers: configs.alpha.mesh.peers,
    });
    expect(wg.privateKeyFile.startsWith('/nix/store')).toBe(false);
    expect(out.interface.content.systemd).toEqual({
      services: { 'wireguard-clan-wg': { unitConfig: { RequiresMountsFor: [privateKeyFile] } } },
    });
  });

  it('refuses a mesh section Nix would turn into something unsafe, naming the machine', () => {
    expect(
      evalLibError(
        scratch,
        'builtins.mapAttrs (_: m: (m { lib = { mkDefault = x: x; }; }).config.clan) (lib.generateNixosModules { configs = data; })',
        {
          alpha: { mesh: { enable: true, addresses: ['10.0.0.2/24'], privateKeyFile: '/nix/store/x-key' } },
        },
      ),
    ).toBe(
      'clan: machine "alpha": mesh.privateKeyFile must be a file outside the Nix store (the store is world-readable), got "/nix/store/x-key".',
    );
  });

  it.each([
    ['localhost', 'clan: the machine name "localhost" is reserved; choose another name.'],
    [
      '../../etc/evil',
      'clan: the machine name "../../etc/evil" may use lower-case letters, digits and "-", and must start and end with a letter or digit.',
    ],
    ['Alpha', 'clan: the machine name "Alpha" may use lower-case letters, digits and "-", and must start and end with a letter or digit.'],
    ['a'.repeat(64), `clan: the machine name "${'a'.repeat(59)}…" must be at most 63 characters long.`],
  ])('refuses the machine name %j (it becomes a file name and a host name)', (name, sentence) => {
    expect(evalLibError(scratch, 'builtins.attrNames (lib.generateNixosModules { configs = data; })', { [name]: {} })).toBe(sentence);
  });

  it('reports the machine whose config is wrong', () => {
    expect(
      evalLibError(
        scratch,
        'builtins.mapAttrs (_: m: (m { lib = { mkDefault = x: x; }; }).config.clan) (lib.generateNixosModules { configs = data; })',
        {
          alpha: {},
          beta: { resources: { vcpus: 0 } },
        },
      ),
    ).toBe('clan: machine "beta": resources.vcpus must be a whole number from 1 to 64 (got int 0).');
  });
});

/** A `config` as the module system would give it: every clan.* option with its value (submodules carry _module). */
const FAKE_CONFIG = `
  noise = v: v // { _module.args = { }; };
  machine = lib.withDefaults data;
  fakeConfig = {
    clan = {
      inherit (machine) adminMode networkLayer;
      resources = noise machine.resources;
      backup = noise (machine.backup // { paths = [ ]; hooks = [ ]; });
      publish = map noise machine.publish;
      meshInterface = lib.meshInterface machine.networkLayer;
      mesh = if machine ? mesh then machine.mesh // { peers = map noise machine.mesh.peers; }
        else { enable = false; addresses = [ ]; privateKeyFile = null; listenPort = 51820; domain = null; nameservers = [ ]; peers = [ ]; };
      applications = builtins.listToAttrs (map (app: {
        name = app;
        value =
          if machine.applications ? \${app} then noise machine.applications.\${app}
          else if app == "mumbleClient" then null
          else noise lib.appDefaults.\${app};
      }) lib.appOrder);
    };
  };
  stub = import (nixDir + "/tests/support/stub-lib.nix");
`;

const MACHINE = {
  networkLayer: 'yggdrasil',
  applications: {
    syncthing: { enable: true, sharedFolders: ['/shared/docs'] },
    nextcloud: { enable: true },
    mumbleClient: { server: 'm.clan' },
    paperless: { enable: false },
  },
  publish: [{ app: 'nextcloud', port: 443 }],
  backup: { extraPaths: ['/srv'] },
};

describe('nixosModules (applied with a stub lib)', () => {
  it('core.nix defines exactly lib.machineSettings of the machine, under fixed top-level keys', () => {
    const out = evalLib<{ defined: unknown; expected: unknown; options: string[] }>(
      scratch,
      `let ${FAKE_CONFIG}
        core = import (nixDir + "/modules/core.nix") { config = fakeConfig; lib = stub; };
        settings = lib.machineSettings data;
      in {
        defined = core.config;
        expected = builtins.listToAttrs (map (k: { name = k; value = settings.\${k} or { }; }) lib.settingsTopLevel);
        options = builtins.attrNames core.options.clan;
      }`,
      MACHINE,
    );
    expect(out.defined).toEqual(out.expected);
    expect(Object.keys(out.defined as object).sort()).toEqual(['environment', 'networking', 'services', 'systemd']);
    expect(out.options).toEqual(['adminMode', 'backup', 'marketplace', 'mesh', 'meshInterface', 'networkLayer', 'publish', 'resources']);
  });

  it('core.nix carries clan.mesh through: with a mesh name it defines the HTTPS settings lib.machineSettings gives', () => {
    const machine = {
      ...MACHINE,
      networkLayer: 'wireguard',
      publish: [],
      mesh: { enable: true, addresses: ['10.100.3.2/24'], domain: 'files.family.clan', nameservers: ['10.100.3.1'] },
    };
    const out = evalLib<{ defined: Record<string, unknown>; expected: Record<string, unknown> }>(
      scratch,
      `let ${FAKE_CONFIG}
        core = import (nixDir + "/modules/core.nix") { config = fakeConfig; lib = stub; };
        settings = lib.machineSettings data;
      in {
        defined = core.config;
        expected = builtins.listToAttrs (map (k: { name = k; value = settings.\${k} or { }; }) lib.settingsTopLevel);
      }`,
      machine,
    );
    expect(out.defined).toEqual(out.expected);
    const services = out.defined['services'] as { nginx: { virtualHosts: Record<string, unknown> }; nextcloud: { hostName: string } };
    expect(Object.keys(services.nginx.virtualHosts).sort()).toEqual([
      'files.family.clan',
      'nextcloud.files.family.clan',
      'syncthing.files.family.clan',
    ]);
    expect(services.nextcloud.hostName).toBe('nextcloud.files.family.clan');
  });

  it('core.nix computes the read-only backup plan and mesh interface from the options', () => {
    const out = evalLib<{ paths: string[]; hooks: string[]; meshIf: string }>(
      scratch,
      `let ${FAKE_CONFIG}
        core = import (nixDir + "/modules/core.nix") { config = fakeConfig; lib = stub; };
      in { paths = core.options.clan.backup.paths.default; hooks = core.options.clan.backup.hooks.default; meshIf = core.options.clan.meshInterface.default; }`,
      MACHINE,
    );
    expect(out).toEqual({
      paths: ['/var/lib/syncthing', '/shared/docs', '/var/lib/nextcloud', '/srv'],
      hooks: ['nextcloud-db'],
      meshIf: 'clan-ygg',
    });
  });

  it('each app module declares clan.applications.<app> with the catalog options and defaults', () => {
    const out = evalLib<Record<string, { kind: string; defaults: Record<string, unknown>; imports: string[] }>>(
      scratch,
      `let ${FAKE_CONFIG}
        files = (import (nixDir + "/lib/discover.nix")).appFiles (nixDir + "/modules/apps");
      in builtins.mapAttrs (app: file:
        let
          m = import file { config = fakeConfig; lib = stub; pkgs = { }; };
          opt = m.options.clan.applications.\${app};
          sub = if opt.type.name == "nullOr" then opt.type.elem else opt.type;
        in {
          kind = opt.type.name;
          defaults = builtins.mapAttrs (_: o: o.default or "<required>") sub.module.options;
          imports = map toString m.imports;
        }) files`,
      {},
    );
    const defaults = evalLib<Record<string, Record<string, unknown>>>(scratch, 'lib.appDefaults');
    expect(Object.keys(out).sort()).toEqual(Object.keys(defaults).sort());
    for (const [app, decl] of Object.entries(out)) {
      expect(decl.imports).toEqual([join(NIX_DIR, 'modules', 'core.nix')]);
      expect(decl.kind).toBe(app === 'mumbleClient' ? 'nullOr' : 'submodule');
      expect(decl.defaults).toEqual(app === 'mumbleClient' ? { ...defaults[app], server: '<required>' } : defaults[app]);
    }
  });

  it('the nextcloud module maps apps onto the Nextcloud package app set', () => {
    const ok = evalLib<{ condition: boolean; content: unknown }>(
      scratch,
      `let ${FAKE_CONFIG}
        config = fakeConfig // { services.nextcloud.package.packages.apps = { calendar = "calendar-pkg"; contacts = "contacts-pkg"; }; };
      in (import (nixDir + "/modules/apps/nextcloud.nix") { inherit config; lib = stub; pkgs = { }; }).config`,
      { applications: { nextcloud: { enable: true, apps: ['calendar'] } } },
    );
    expect(ok).toEqual({
      _type: 'if',
      condition: true,
      content: { services: { nextcloud: { extraApps: { calendar: 'calendar-pkg' }, extraAppsEnable: true } } },
    });
    expect(
      evalLibError(
        scratch,
        `let ${FAKE_CONFIG}
          config = fakeConfig // { services.nextcloud.package.packages.apps = { }; };
        in (import (nixDir + "/modules/apps/nextcloud.nix") { inherit config; lib = stub; pkgs = { }; }).config`,
        { applications: { nextcloud: { enable: true, apps: ['nosuchapp'] } } },
      ),
    ).toBe('clan: applications.nextcloud.apps: "nosuchapp" is not in this nixpkgs\' Nextcloud app set.');
  });

  it('the mesh modules define lib.meshSettings for their own layer only', () => {
    const out = evalLib<Record<string, { condition: boolean; content: Record<string, unknown> }>>(
      scratch,
      `let ${FAKE_CONFIG}
        config = fakeConfig // { clan = fakeConfig.clan // {
          mesh = fakeConfig.clan.mesh // { enable = true; addresses = [ "10.42.0.3/24" ]; peers = [ (noise { publicKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="; endpoint = null; allowedIPs = [ "10.42.0.0/24" ]; persistentKeepalive = null; }) ]; };
        }; };
      in {
        wireguard = (import (nixDir + "/modules/mesh-wireguard.nix") { inherit config; lib = stub; }).config;
        yggdrasil = (import (nixDir + "/modules/mesh-yggdrasil.nix") { inherit config; lib = stub; }).config;
        expected = lib.meshSettings { networkLayer = "wireguard"; mesh = { enable = true; addresses = [ "10.42.0.3/24" ]; peers = [ { publicKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="; allowedIPs = [ "10.42.0.0/24" ]; } ]; }; };
      }`,
      {},
    );
    // The fake machine is on yggdrasil (withDefaults {} is wireguard): compare contents, then conditions.
    const expected = (out as unknown as { expected: Record<string, unknown> }).expected;
    expect(out['wireguard'].content).toEqual({ services: {}, networking: expected['networking'], systemd: {}, environment: {} });
    expect(out['wireguard'].condition).toBe(true);
    expect(out['yggdrasil'].condition).toBe(false);
  });
});
