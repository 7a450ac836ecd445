/**
 * The panel on NixOS, offline: the package and module expressions parse, and
 * every option path that deploy/nixos-module.nix and nix/modules/** set is
 * declared by our own modules or listed in deploy/nixpkgs-options.json, the
 * documented manifest of the nixpkgs options we rely on. Module functions are
 * applied with the stub lib (tests/support/option-paths.nix); the real
 * evaluation and the VM test are the flakes' checks, where nixpkgs exists.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { natBridgeName } from '@clan/libvirt-client';
import { evalExpr, NIX_DIR, parseFile } from './support/nix';

const ROOT = join(NIX_DIR, '..');

interface ManifestEntry {
  option: string;
  type: string;
  file: string;
  usedBy: string[];
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'deploy/nixpkgs-options.json'), 'utf8')) as { options: ManifestEntry[] };

interface ModulePaths {
  sets: string[][];
  declares: string[][];
}

/** What deploy/nixos-module.nix sets and declares for `cfg` (merged over every option on) and `systemdServices`. */
function deployModule(cfg: Record<string, unknown> = {}, systemdServices: string[] = []): ModulePaths & { config: DeployConfig } {
  return evalExpr(
    `{ root, cfgJson, servicesJson }: let
      op = import (root + "/nix/tests/support/option-paths.nix");
      pkg = name: "/nix/store/stub-" + name;
      pkgs = builtins.listToAttrs (map (n: { name = n; value = pkg n; }) [ "git" "e2fsprogs" "iproute2" "wireguard-tools" "wireguard-go" "yggdrasil" "restic" "procps" "gnutar" "gzip" "coreutils" ])
        // { callPackage = file: _: pkg ("callPackage-" + baseNameOf file); };
      cfg = {
        enable = true; port = 8080; listenHost = "127.0.0.1"; stateDir = "/var/lib/clan-panel";
        profilesDir = "/nix/var/nix/profiles/clan"; openFirewall = true; role = "panel";
        fleet = { address = null; transferPort = 7790; };
        mesh = { portBase = 51820; dnsPort = 53; backupRepoPort = 8470; panelPort = 7780; openFirewall = true; }; settings = { };
        vmNetwork = { enable = true; name = "clan-vms"; subnet = "10.213.0.0/24"; };
      } // builtins.fromJSON cfgJson;
      config = {
        services.clan-panel = cfg // { package = cfg.package or pkg "clan-panel"; };
        systemd.services = builtins.listToAttrs (map (n: { name = n; value = { }; }) (builtins.fromJSON servicesJson));
        systemd.package = pkg "systemd"; nix.package = pkg "nix";
        virtualisation.libvirtd = { package = pkg "libvirt"; qemu.package = pkg "qemu"; };
      };
      file = root + "/deploy/nixos-module.nix";
      module = import file { lib = op.stub; inherit config pkgs; };
    in op.ofModule file { inherit config pkgs; } // {
      config = module.config.content // { packageDefault = module.options.services.clan-panel.package.default; };
    }`,
    { root: ROOT, cfgJson: JSON.stringify(cfg), servicesJson: JSON.stringify(systemdServices) },
  );
}

interface DeployConfig {
  packageDefault: string;
  systemd: {
    tmpfiles: { rules: string[] };
    services: Record<
      string,
      { after: string[]; requires: string[]; path: string[]; environment: Record<string, string>; serviceConfig: Record<string, unknown> }
    >;
  };
  networking: {
    firewall: {
      allowedTCPPorts: number[];
      allowedUDPPorts: number[];
      allowedUDPPortRanges: { from: number; to: number }[];
      interfaces: Record<string, { allowedUDPPorts: number[]; allowedUDPPortRanges: { from: number; to: number }[] }>;
    };
  };
  users: { users: Record<string, { extraGroups: string[]; home: string }> };
}

/** What every module file of nix/modules sets and declares, for a machine with every app on, on each mesh layer. */
function nixModules(): ModulePaths[] {
  const files = readdirSync(join(NIX_DIR, 'modules'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.nix'))
    // Helpers, not modules: option-types.nix (functions), app-module.nix (a module factory);
    // default.nix only imports the others.
    .filter((f) => !['option-types.nix', 'app-module.nix', 'default.nix'].includes(f));
  return evalExpr(
    `{ root, filesJson }: let
      op = import (root + "/nix/tests/support/option-paths.nix");
      clanLib = import (root + "/nix/lib");
      appConfig = app:
        if clanLib.catalog.\${app}.enabledBy == "presence" then { server = "alpha.home.clan"; }
        else { enable = true; } // (if app == "nextcloud" then { apps = [ "calendar" ]; } else { });
      machine = layer: {
        networkLayer = layer;
        backup.enable = true;
        publish = [ { app = "syncthing"; port = 22000; } ];
        applications = builtins.listToAttrs (map (app: { name = app; value = appConfig app; }) clanLib.appOrder);
        mesh = {
          enable = true; addresses = [ "10.100.0.2/24" "fd3c:8a21:9f04::2/64" ]; listenPort = 51820;
          # The mesh name turns on HTTPS (nginx, the resolver), so its options are checked too.
          domain = "m.home.clan"; nameservers = [ "10.100.0.1" ];
          privateKeyFile = "/run/clan-secrets/mesh/wireguard.key";
          peers = [ { publicKey = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="; endpoint = "203.0.113.7:51820"; allowedIPs = [ "10.100.0.3/32" ]; persistentKeepalive = 25; } ];
        };
      };
      clanOf = layer: ((clanLib.generateNixosModules { configs.m = machine layer; }).m { lib = op.stub; }).config.clan;
      configFor = layer: {
        clan = clanOf layer;
        boot.initrd.systemd.enable = false;
        services.nextcloud.package.packages.apps.calendar = "/nix/store/stub-calendar";
      };
      # The apps' checks (lib/app-checks.nix) name curl, grep and jq by store path.
      pkgs = { bash = "/usr"; coreutils = "/usr"; e2fsprogs = "/e2fsprogs"; curl = "/usr"; gnugrep = "/usr"; jq = "/usr"; };
      apply = layer: file: op.ofModule (root + "/nix/modules/" + file) { config = configFor layer; inherit pkgs; };
    in builtins.concatMap (layer: map (apply layer) (builtins.fromJSON filesJson)) [ "wireguard" "yggdrasil" ]`,
    { root: ROOT, filesJson: JSON.stringify(files) },
  );
}

/** What each example override module (nix/examples/overrides/*.nix) sets. */
function overrideModules(): Record<string, ModulePaths> {
  const dir = join(NIX_DIR, 'examples/overrides');
  const files = readdirSync(dir).filter((f) => f.endsWith('.nix'));
  return Object.fromEntries(
    files.map((f) => [
      f,
      evalExpr<ModulePaths>(
        `{ root, file }: (import (root + "/nix/tests/support/option-paths.nix")).ofModule (/. + file) { config = { }; pkgs = { }; }`,
        { root: ROOT, file: join(dir, f) },
      ),
    ]),
  );
}

const matches = (pattern: string[], path: string[]) =>
  pattern.length <= path.length && pattern.every((part, i) => part === '<name>' || part === path[i]);

/** The set paths that no declared option and no manifest entry covers, as "a.b.c" text. */
function uncovered(sets: string[][], declared: string[][]): string[] {
  const patterns = [...declared, ...manifest.options.map((o) => o.option.split('.'))];
  return sets.filter((path) => !patterns.some((p) => matches(p, path))).map((p) => p.join('.'));
}

describe('nix-instantiate --parse of the package and module expressions', () => {
  const files = ['flake.nix', 'deploy/package.nix', 'deploy/nixos-module.nix', 'deploy/nixos-test.nix'];
  it.each(files)('%s parses', (file) => {
    expect(() => parseFile(join(ROOT, file))).not.toThrow();
  });
});

describe('option manifest: every option path set is declared by us or listed in deploy/nixpkgs-options.json', () => {
  const ourDeclared: string[][] = [];
  const allSet: string[][] = [];
  let deploy: ReturnType<typeof deployModule>;
  let guests: ModulePaths[];
  beforeAll(() => {
    deploy = deployModule();
    guests = nixModules();
    for (const m of [deploy, ...guests]) ourDeclared.push(...m.declares);
    allSet.push(...deploy.sets, ...guests.flatMap((g) => g.sets));
  });

  it('the manifest names each option once, with its type and nixpkgs file', () => {
    const names = manifest.options.map((o) => o.option);
    expect(new Set(names).size).toBe(names.length);
    for (const o of manifest.options) {
      expect(o.type).not.toBe('');
      expect(o.file).toMatch(/^nixos\/(modules|lib)\/[a-z0-9/_.-]+\.nix$/);
    }
  });

  it('deploy/nixos-module.nix sets only declared or listed options', () => {
    expect(deploy.declares.map((p) => p.join('.'))).toContain('services.clan-panel.stateDir');
    expect(deploy.sets.length).toBeGreaterThan(20);
    expect(uncovered(deploy.sets, deploy.declares)).toEqual([]);
  });

  it('nix/modules/** set only declared or listed options, on both mesh layers with every app on', () => {
    const declared = guests.flatMap((g) => g.declares);
    expect(declared.map((p) => p.join('.'))).toEqual(expect.arrayContaining(['clan.mesh.addresses', 'clan.applications.homeAssistant']));
    expect(
      uncovered(
        guests.flatMap((g) => g.sets),
        declared,
      ),
    ).toEqual([]);
  });

  it('the example overrides set only declared options (clan.mesh.addresses, not address)', () => {
    const declared = guests.flatMap((g) => g.declares);
    const overrides = overrideModules();
    expect(overrides['family-server.nix'].sets).toContainEqual(['clan', 'mesh', 'addresses']);
    for (const [file, m] of Object.entries(overrides)) {
      expect([file, uncovered(m.sets, declared)]).toEqual([file, []]);
    }
  });

  it('a misspelt option is reported, not accepted', () => {
    expect(uncovered([['clan', 'mesh', 'address']], ourDeclared)).toEqual(['clan.mesh.address']);
    expect(uncovered([['services', 'postgresql', 'ensureUser']], ourDeclared)).toEqual(['services.postgresql.ensureUser']);
  });

  it('every manifest entry is still set by some module (no stale entries)', () => {
    const unused = manifest.options.filter((o) => !allSet.some((path) => matches(o.option.split('.'), path))).map((o) => o.option);
    expect(unused).toEqual([]);
  });
});

describe('services.clan-panel (the module function, stub lib)', () => {
  it('defaults the package to ./package.nix, built with callPackage', () => {
    expect(deployModule().config.packageDefault).toBe('/nix/store/stub-callPackage-package.nix');
  });

  it('honours stateDir and the profiles directory: created by tmpfiles, writable, in the environment', () => {
    const c = deployModule({ stateDir: '/srv/clan', profilesDir: '/nix/var/nix/profiles/clan-test' }).config;
    const unit = c.systemd.services['clan-panel'];
    expect(c.systemd.tmpfiles.rules).toEqual([
      'd /srv/clan 0700 clan-panel clan-panel - -',
      'd /nix/var/nix/profiles/clan-test 0755 clan-panel clan-panel - -',
    ]);
    expect(unit.serviceConfig['ReadWritePaths']).toEqual(['/srv/clan', '/nix/var/nix/profiles/clan-test']);
    expect(unit.serviceConfig['StateDirectory']).toBeUndefined();
    expect(unit.environment).toMatchObject({ CLAN_STATE_DIR: '/srv/clan', CLAN_PROFILES_DIR: '/nix/var/nix/profiles/clan-test' });
    expect(c.users.users['clan-panel'].home).toBe('/srv/clan');
  });

  it('runs `clan-panel worker` on a worker host and hands the fleet address to the panel', () => {
    const panel = deployModule().config.systemd.services['clan-panel'];
    expect(panel.serviceConfig['ExecStart']).toBe('/nix/store/stub-clan-panel/bin/clan-panel');
    expect(panel.environment).not.toHaveProperty('CLAN_FLEET_ADDRESS');
    const worker = deployModule({ role: 'worker', fleet: { address: '10.98.0.2', transferPort: 7791 } }).config.systemd.services[
      'clan-panel'
    ];
    expect(worker.serviceConfig['ExecStart']).toBe('/nix/store/stub-clan-panel/bin/clan-panel worker');
    expect(worker.environment).toMatchObject({ CLAN_FLEET_ADDRESS: '10.98.0.2', CLAN_FLEET_TRANSFER_PORT: '7791' });
    // The worker imports closures signed with the panel's key: the daemon trusts it for that.
    expect(deployModule({ role: 'worker' }).config.nix.settings['trusted-users']).toEqual(['clan-panel']);
    expect(deployModule().config.nix.settings['trusted-users']).toEqual([]);
  });

  it('waits for postgresql-setup.service where nixpkgs has it (25.11+), else postgresql.service (25.05)', () => {
    const old = deployModule().config.systemd.services['clan-panel'];
    expect(old.requires).toEqual(['postgresql.service', 'redis-clan-panel.service']);
    const current = deployModule({}, ['postgresql-setup']).config.systemd.services['clan-panel'];
    expect(current.requires).toEqual(['postgresql-setup.service', 'redis-clan-panel.service']);
    expect(current.after).toEqual(expect.arrayContaining(['postgresql.service', 'postgresql-setup.service']));
  });

  it('runs with the capabilities of the host mesh, nothing more', () => {
    const sc = deployModule().config.systemd.services['clan-panel'].serviceConfig;
    expect(sc['AmbientCapabilities']).toEqual(['CAP_NET_ADMIN', 'CAP_NET_BIND_SERVICE']);
    expect(sc['CapabilityBoundingSet']).toEqual(['CAP_NET_ADMIN', 'CAP_NET_BIND_SERVICE']);
    expect(sc).toMatchObject({ User: 'clan-panel', NoNewPrivileges: true, ProtectSystem: 'strict' });
    // /proc/sys/net must stay writable for the forwarding sysctls.
    expect(sc['ProtectKernelTunables']).toBeUndefined();
  });

  it("has every command the panel runs on its path (libs/nix-schema's host packages)", () => {
    const path = deployModule().config.systemd.services['clan-panel'].path;
    for (const p of [
      'nix',
      'git',
      'e2fsprogs',
      'iproute2',
      'wireguard-tools',
      'restic',
      'procps',
      'qemu',
      'libvirt',
      'gnutar',
      'yggdrasil',
    ]) {
      expect(path).toContain(`/nix/store/stub-${p}`);
    }
  });

  it('opens the mesh ports only when asked: UDP portBase … portBase + 255, the phonebook port, the backup repositories port and the panel inside the mesh', () => {
    const module = deployModule({
      mesh: { portBase: 52000, dnsPort: 5353, backupRepoPort: 8471, panelPort: 7790, openFirewall: true },
      openFirewall: false,
    }).config;
    const open = module.networking.firewall;
    expect(module.systemd.services['clan-panel'].environment).toMatchObject({
      CLAN_BACKUP_REPO_PORT: '8471',
      CLAN_MESH_PANEL_PORT: '7790',
    });
    expect(open).toMatchObject({
      allowedTCPPorts: [5353, 8471, 7790],
      allowedUDPPorts: [5353],
      allowedUDPPortRanges: [{ from: 52000, to: 52255 }],
    });
    const closed = deployModule({
      mesh: { portBase: 51820, dnsPort: 53, backupRepoPort: 8470, panelPort: 7780, openFirewall: false },
      openFirewall: false,
    }).config.networking.firewall;
    expect(closed).toMatchObject({ allowedTCPPorts: [], allowedUDPPorts: [], allowedUDPPortRanges: [] });
  });

  const vmBridge = (name: string) => 'clanvm' + createHash('sha256').update(name).digest('hex').slice(0, 4);

  it("gives the VMs the panel's own NAT network by default: clan-vms on 10.213.0.0/24, in the environment", () => {
    const env = deployModule().config.systemd.services['clan-panel'].environment;
    expect(env).toMatchObject({ CLAN_VM_NETWORK: 'clan-vms', CLAN_VM_NETWORK_CREATE: 'true', CLAN_VM_SUBNET: '10.213.0.0/24' });
    const other = deployModule({ vmNetwork: { enable: true, name: 'lab', subnet: '10.50.1.0/24' } }).config.systemd.services['clan-panel'];
    expect(other.environment).toMatchObject({ CLAN_VM_NETWORK: 'lab', CLAN_VM_SUBNET: '10.50.1.0/24' });
    // settings win (an administrator's own network or bridge with vmNetwork.enable = false).
    const off = deployModule({
      vmNetwork: { enable: false, name: 'clan-vms', subnet: '10.213.0.0/24' },
      settings: { CLAN_VM_BRIDGE: 'br0' },
    }).config;
    const offEnv = off.systemd.services['clan-panel'].environment;
    expect(offEnv['CLAN_VM_NETWORK']).toBeUndefined();
    expect(offEnv['CLAN_VM_NETWORK_CREATE']).toBeUndefined();
    expect(offEnv['CLAN_VM_BRIDGE']).toBe('br0');
    expect(off.networking.firewall.interfaces).toEqual({});
  });

  it("opens DHCP, DNS and the mesh ports on the network's bridge, named as the panel names it (natBridgeName)", () => {
    expect(natBridgeName('clan-vms')).toBe(vmBridge('clan-vms'));
    const fw = deployModule({ mesh: { portBase: 52000, dnsPort: 53, backupRepoPort: 8470, panelPort: 7780, openFirewall: false } }).config
      .networking.firewall;
    expect(fw.interfaces).toEqual({
      [natBridgeName('clan-vms')]: { allowedUDPPorts: [53, 67], allowedUDPPortRanges: [{ from: 52000, to: 52255 }] },
    });
    const lab = deployModule({ vmNetwork: { enable: true, name: 'lab', subnet: '10.50.1.0/24' } }).config.networking.firewall;
    expect(Object.keys(lab.interfaces)).toEqual([natBridgeName('lab')]);
  });
});

describe('deploy/package.nix (applied with stand-ins for nixpkgs)', () => {
  /** The lock importNpmLock receives: every entry with the registry URL of its real name. */
  function resolvedOf(paths: string[]): Record<string, string> {
    return evalExpr(
      `{ root, pathsJson }: let
        stub = import (root + "/nix/tests/support/stub-lib.nix");
        lib = stub // {
          importJSON = f: builtins.fromJSON (builtins.readFile f);
          cleanSourceWith = { src, ... }: src;
          last = l: builtins.elemAt l (builtins.length l - 1);
          splitString = sep: s: builtins.filter builtins.isString (builtins.split sep s);
          getExe = p: p + "/bin/node";
          licenses.mit = "mit";
          platforms.linux = [ ];
        };
        drv = import (root + "/deploy/package.nix") {
          inherit lib;
          buildNpmPackage = args: args;
          importNpmLock = { __functor = _: args: args; npmConfigHook = "hook"; };
          nodejs_22 = "/nix/store/stub-nodejs"; makeWrapper = "makeWrapper"; python3 = "python3";
        };
        packages = drv.npmDeps.packageLock.packages;
      in builtins.listToAttrs (map (p: { name = p; value = packages.\${p}.resolved or null; }) (builtins.fromJSON pathsJson))`,
      { root: ROOT, pathsJson: JSON.stringify(paths) },
    );
  }

  it('gives importNpmLock a registry URL for every package of the committed lock (it omits them)', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const paths = Object.keys(lock.packages).filter((p) => p !== '');
    const resolved = resolvedOf(paths);
    expect(paths.filter((p) => !resolved[p]?.startsWith('https://registry.npmjs.org/'))).toEqual([]);
    expect(resolvedOf(['node_modules/@angular/core', 'node_modules/string-width-cjs'])).toEqual({
      'node_modules/@angular/core': `https://registry.npmjs.org/@angular/core/-/core-${lock.packages['node_modules/@angular/core'].version}.tgz`,
      // An alias is fetched under its real name.
      'node_modules/string-width-cjs': 'https://registry.npmjs.org/string-width/-/string-width-4.2.3.tgz',
    });
  });
});
