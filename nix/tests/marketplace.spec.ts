/**
 * Third-party apps (docs/marketplace.md, docs/nix.md "Third-party apps"): the
 * `marketplace` argument of lib.generateNixosModules and
 * lib.nixosConfigurations, with the pin board of examples/marketplace-source.
 * The pure library is evaluated with nix-instantiate; the NixOS modules are applied with the stub lib; a network
 * flake rendered by libs/nix-schema renderFlakeNix (its input a local git
 * repository pinned by ref and rev, like the panel's mirror) is evaluated and
 * built by the real Nix against the busybox test system, offline.
 */
import { marketplaceInputName, marketplaceInputUrl, renderFlakeNix, type MarketplaceAppPin } from '@clan/nix-schema';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLine, evalExpr, flakeEval, NIX_DIR, NixError, Scratch } from './support/nix';

/** The worked example source (docs/marketplace.md): the pin-board app the tests install. */
const FIXTURE = join(NIX_DIR, '..', 'examples', 'marketplace-source');
const FLAKES = ['--extra-experimental-features', 'nix-command flakes'];
const OFFLINE = ['--option', 'substituters', '', '--option', 'eval-cache', 'false'];

let scratch: Scratch;
beforeAll(() => (scratch = new Scratch()));
afterAll(() => scratch.remove());

/** `lib` = nix/lib, `stub` = the stub nixpkgs lib, `marketplace` = { pinBoard } of the fixture, `data` = the JSON value. */
const PRELUDE = `
  lib = import (nixDir + "/lib");
  stub = import (nixDir + "/tests/support/stub-lib.nix");
  source = (import (exampleDir + "/flake.nix")).outputs { self = null; };
  pinBoard = source.clanMarketplace.apps.pinBoard;
  marketplace = { inherit pinBoard; };
  data = builtins.fromJSON (builtins.readFile dataFile);
`;

function evalM<T = unknown>(body: string, data: unknown = null): T {
  return evalExpr<T>(`{ nixDir, exampleDir, dataFile }: let ${PRELUDE} in ${body}`, {
    nixDir: NIX_DIR,
    exampleDir: FIXTURE,
    dataFile: scratch.json(data),
  });
}

function evalMError(body: string, data: unknown = null): string {
  try {
    const value = evalM(body, data);
    throw new Error(`expected evaluation to fail, got ${JSON.stringify(value).slice(0, 300)}`);
  } catch (err) {
    if (err instanceof NixError) return errorLine(err.stderr);
    throw err;
  }
}

const CONFIGS = {
  alpha: { applications: { pinBoard: { enable: true, heading: 'The Example family' }, syncthing: { enable: true } } },
  beta: { applications: { jellyfin: { enable: true } } },
};

describe('lib.generateNixosModules { configs, overrides, marketplace }', () => {
  it("fills a third-party app's options from its spec and declares clan.applications.<key> on every machine", () => {
    const out = evalM<
      Record<string, { applications: Record<string, unknown>; declared: string[]; options: string[]; enabledDefault: unknown }>
    >(
      `builtins.mapAttrs (_: m: let r = m { lib = stub; }; in {
        inherit (r.config.clan) applications;
        declared = builtins.attrNames r.options.clan.applications;
        options = builtins.attrNames r.options.clan.applications.pinBoard.type.module.options;
        enabledDefault = r.options.clan.applications.pinBoard.default;
      }) (lib.generateNixosModules { configs = data; inherit marketplace; })`,
      CONFIGS,
    );
    expect(out['alpha'].applications['pinBoard']).toEqual({ enable: true, heading: 'The Example family', port: 8090 });
    // Declared on every machine (the options must not depend on which apps a machine has).
    expect(out['alpha'].declared).toEqual(['pinBoard']);
    expect(out['beta'].declared).toEqual(['pinBoard']);
    expect(out['beta'].options).toEqual(['enable', 'heading', 'port']);
    expect(out['beta'].enabledDefault).toEqual({});
  });

  it("imports the app's NixOS module only on machines whose applications list it", () => {
    const imports = evalM<Record<string, string[]>>(
      `builtins.mapAttrs (_: m: map toString (m { lib = stub; }).imports) (lib.generateNixosModules { configs = data; inherit marketplace; })`,
      { ...CONFIGS, gamma: { applications: { pinBoard: { enable: false } } } },
    );
    const module = join(FIXTURE, 'apps', 'pin-board.nix');
    const base = join(NIX_DIR, 'modules', 'default.nix');
    expect(imports).toEqual({ alpha: [base, module], beta: [base], gamma: [base, module] });
  });

  it('hands the apps to core.nix as clan.marketplace; without third-party apps the module is what it was', () => {
    const out = evalM<{ withApps: string[]; without: string[]; withoutOptions: boolean }>(
      `let
        withApps = (lib.generateNixosModules { configs = data; inherit marketplace; }).beta { lib = stub; };
        without = (lib.generateNixosModules { configs = data; marketplace = { }; }).beta { lib = stub; };
      in {
        withApps = builtins.attrNames withApps.config.clan.marketplace;
        without = builtins.attrNames without.config.clan;
        withoutOptions = without ? options;
      }`,
      { beta: CONFIGS.beta },
    );
    expect(out.withApps).toEqual(['pinBoard']);
    expect(out.without).not.toContain('marketplace');
    expect(out.withoutOptions).toBe(false);
  });

  it('refuses an unknown option of a third-party app with the schema sentence', () => {
    expect(
      evalMError(
        'builtins.mapAttrs (_: m: (m { lib = stub; }).config) (lib.generateNixosModules { configs = data; inherit marketplace; })',
        {
          alpha: { applications: { pinBoard: { enable: true, colour: 'red' } } },
        },
      ),
    ).toBe(
      'clan: machine "alpha": applications.pinBoard.colour is not a known setting of applications.pinBoard (known: enable, heading, port).',
    );
    expect(
      evalMError(
        'builtins.mapAttrs (_: m: (m { lib = stub; }).config) (lib.generateNixosModules { configs = data; inherit marketplace; })',
        {
          alpha: { applications: { pinBoard: { enable: true, port: 70000 } } },
        },
      ),
    ).toBe('clan: machine "alpha": applications.pinBoard.port must be a port number from 1 to 65535 (got int 70000).');
  });

  it('an app key that is neither built in nor in marketplace is refused, listing the third-party apps too', () => {
    expect(
      evalMError(
        'builtins.mapAttrs (_: m: (m { lib = stub; }).config) (lib.generateNixosModules { configs = data; inherit marketplace; })',
        { alpha: { applications: { pinboard: {} } } },
      ),
    ).toMatch(
      /^clan: machine "alpha": applications\.pinboard is not an app of the catalog \(known: syncthing, .*, paperless, pinBoard\)\.$/,
    );
    // Without the marketplace, pinBoard is unknown.
    expect(
      evalMError('builtins.mapAttrs (_: m: (m { lib = stub; }).config) (lib.generateNixosModules { configs = data; })', {
        alpha: { applications: { pinBoard: {} } },
      }),
    ).toMatch(/^clan: machine "alpha": applications\.pinBoard is not an app of the catalog \(known: .*paperless\)\.$/);
  });

  it('refuses a third-party app with the name of a built-in app, even when no machine uses it', () => {
    expect(
      evalMError('builtins.attrNames (lib.generateNixosModules { configs = data; marketplace = { syncthing = pinBoard; }; })', {
        alpha: {},
      }),
    ).toBe(
      'clan: the marketplace app syncthing has the same name as the built-in app syncthing; a network cannot have both (remove it from marketplace.json, or ask its author to rename it).',
    );
  });

  it('refuses a broken definition with a sentence naming the app', () => {
    const broken = (patch: string) =>
      evalMError(`builtins.attrNames (lib.generateNixosModules { configs = data; marketplace = { pinBoard = ${patch}; }; })`, {
        alpha: {},
      });
    expect(broken('removeAttrs pinBoard [ "nixosModule" ]')).toBe(
      'clan: the marketplace app pinBoard has no nixosModule (the path of its NixOS module file).',
    );
    expect(broken('pinBoard // { web = { label = "Pin Board"; port = 1; }; }')).toBe(
      'clan: the marketplace app pinBoard has the web label "Pin Board", which is not a DNS label (lower-case letters, digits and "-").',
    );
    expect(broken('pinBoard // { web = { label = "jellyfin"; port = 1; }; }')).toBe(
      'clan: the marketplace app pinBoard has the web label jellyfin of a built-in app.',
    );
  });

  it('refuses a port clash between a third-party app and a built-in one', () => {
    expect(
      evalMError(
        'builtins.mapAttrs (_: m: (m { lib = stub; }).config) (lib.generateNixosModules { configs = data; inherit marketplace; })',
        {
          alpha: { applications: { pinBoard: { enable: true, port: 8096 }, jellyfin: { enable: true } } },
        },
      ),
    ).toBe('clan: machine "alpha": port 8096/tcp is used by more than one app (jellyfin, pinBoard).');
  });
});

describe('lib.forMarketplace: settings, HTTPS and backups of third-party apps', () => {
  it('opens its mesh ports on the mesh interface only while it is enabled, and publishes it', () => {
    const out = evalM<{ on: unknown; off: unknown; published: unknown }>(
      `let l = lib.forMarketplace marketplace; in {
        on = l.machineSettings { applications.pinBoard = { enable = true; port = 8091; }; };
        off = l.machineSettings { applications.pinBoard = { }; };
        published = (l.machineSettings { applications.pinBoard = { enable = true; }; publish = [ { app = "pinBoard"; port = 8090; } ]; }).networking.firewall.allowedTCPPorts;
      }`,
    );
    expect(out.on).toEqual({ networking: { firewall: { interfaces: { 'clan-wg': { allowedTCPPorts: [8091] } } } } });
    expect(out.off).toEqual({});
    expect(out.published).toEqual([8090]);
  });

  it('serves its web interface through HTTPS like a built-in app (the web port then stays off the mesh)', () => {
    const out = evalM<{ hosts: string[]; meshTcp: number[] }>(
      `let
        l = lib.forMarketplace marketplace;
        s = l.machineSettings data;
      in {
        hosts = builtins.attrNames s.services.nginx.virtualHosts;
        meshTcp = s.networking.firewall.interfaces.clan-wg.allowedTCPPorts;
      }`,
      {
        applications: { pinBoard: { enable: true } },
        mesh: { enable: true, addresses: ['10.100.0.2/24'], domain: 'alpha.home.clan', nameservers: ['10.100.0.1'] },
      },
    );
    expect(out.hosts).toContain('pin-board.alpha.home.clan');
    expect(out.meshTcp).not.toContain(8090);
    expect(out.meshTcp).toContain(443);
  });

  it('puts its state paths into the backup plan while it is enabled', () => {
    expect(
      evalM(
        'let l = lib.forMarketplace marketplace; in [ (l.backupPlan data).paths (l.backupPlan { applications.pinBoard = { }; }).paths ]',
        { backup: { enable: true, extraPaths: ['/srv'] }, applications: { pinBoard: { enable: true }, syncthing: { enable: true } } },
      ),
    ).toEqual([['/var/lib/syncthing', '/var/lib/pin-board', '/srv'], []]);
  });

  it('core.nix rebuilds the library from clan.marketplace: the same settings and backup paths as the pure library', () => {
    const out = evalM<{ defined: unknown; expected: unknown; paths: string[]; publishValues: string[] }>(
      `let
        l = lib.forMarketplace marketplace;
        machine = l.withDefaults data;
        noise = v: v // { _module.args = { }; };
        fakeConfig.clan = {
          inherit marketplace;
          inherit (machine) adminMode networkLayer;
          resources = noise machine.resources;
          backup = noise (machine.backup // { paths = [ ]; hooks = [ ]; });
          publish = map noise machine.publish;
          meshInterface = l.meshInterface machine.networkLayer;
          mesh = { enable = false; addresses = [ ]; privateKeyFile = null; listenPort = 51820; domain = null; nameservers = [ ]; peers = [ ]; };
          applications = builtins.mapAttrs (_: noise) machine.applications;
        };
        core = import (nixDir + "/modules/core.nix") { config = fakeConfig; lib = stub; };
        settings = l.machineSettings data;
      in {
        defined = core.config;
        expected = builtins.listToAttrs (map (k: { name = k; value = settings.\${k} or { }; }) l.settingsTopLevel);
        paths = core.options.clan.backup.paths.default;
        publishValues = core.options.clan.publish.type.elem.module.options.app.type.values;
      }`,
      { backup: { enable: true }, applications: { pinBoard: { enable: true } } },
    );
    expect(out.defined).toEqual(out.expected);
    expect(JSON.stringify(out.defined)).toContain('8090');
    expect(out.paths).toEqual(['/var/lib/pin-board']);
    expect(out.publishValues).toContain('pinBoard');
  });
});

/** git in `dir`, failing with its stderr. */
function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function nix(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('nix', [...FLAKES, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', NIX_PATH: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The network's flake.nix exactly as the panel renders it (libs/nix-schema
 * renderFlakeNix) with one third-party app pinned in `mirror` at `rev`.
 */
function networkFlake(mirror: string, rev: string): string {
  const pin = { input: marketplaceInputName('pinBoard'), url: marketplaceInputUrl(mirror, rev), rev } as MarketplaceAppPin;
  return renderFlakeNix('git+https://clan.invalid/clan?dir=nix', { pinBoard: pin });
}

describe('a network with a third-party app, on the busybox test system (real Nix, offline)', () => {
  let testSystem: string;
  let mirror: string;
  let net: string;
  let rev1: string;

  /** Commits the working tree of the source and pins the commit as the panel's mirror does. */
  const pin = (): string => {
    git(mirror, 'add', '-A');
    git(mirror, 'commit', '-q', '-m', 'source');
    const rev = git(mirror, 'rev-parse', 'HEAD');
    git(mirror, 'update-ref', `refs/clan/pins/${rev}`, rev);
    return rev;
  };
  const useRev = (rev: string) => writeFileSync(join(net, 'flake.nix'), networkFlake(mirror, rev));
  const drvPaths = () =>
    flakeEval<Record<string, string>>(
      net,
      'nixosConfigurations',
      { clan: testSystem },
      'builtins.mapAttrs (_: c: c.config.system.build.toplevel.drvPath)',
    );

  beforeAll(() => {
    // The test system with stand-ins for the host files prepare.sh copies: a
    // build here packs the initrd but never boots it.
    testSystem = join(scratch.dir, 'test-system');
    cpSync(join(NIX_DIR, 'test-system'), testSystem, {
      recursive: true,
      filter: (src) => !/\/(bin|kernel|result[^/]*|machines\.json)$/.test(src),
    });
    copyFileSync(join(NIX_DIR, 'modules', 'vm-guest', 'controller.sh'), join(testSystem, 'controller.sh'));
    mkdirSync(join(testSystem, 'bin'));
    copyFileSync('/bin/busybox', join(testSystem, 'bin', 'busybox'));
    mkdirSync(join(testSystem, 'kernel', 'modules'), { recursive: true });
    writeFileSync(join(testSystem, 'kernel', 'bzImage'), 'not a kernel: this test never boots\n');
    writeFileSync(join(testSystem, 'kernel', 'modules', 'modules.order'), '');

    mirror = join(scratch.dir, 'mirror');
    cpSync(FIXTURE, mirror, { recursive: true });
    git(mirror, 'init', '-q');
    rev1 = pin();

    net = join(scratch.dir, 'network');
    mkdirSync(net);
    writeFileSync(
      join(net, 'configs.json'),
      JSON.stringify({
        alpha: { applications: { pinBoard: { enable: true, heading: 'The Example family', port: 8091 } } },
        beta: { applications: { pinBoard: { enable: false } } },
        gamma: {},
      }),
    );
    useRev(rev1);
  });

  it("the network's flake.nix is the contract's: an app-<key> input at the pinned mirror revision, marketplace handed to both functions", () => {
    const text = readFileSync(join(net, 'flake.nix'), 'utf8');
    expect(text).toContain(`inputs."app-pinBoard".url = "git+file://${mirror}?ref=refs/clan/pins/${rev1}&rev=${rev1}";`);
    expect(text).toContain('pinBoard = inputs."app-pinBoard".clanMarketplace.apps.pinBoard;');
    expect(text).toContain('nixosModules = clan.lib.generateNixosModules { inherit configs overrides marketplace; };');
    expect(text).toContain(
      'nixosConfigurations = clan.lib.nixosConfigurations { inherit configs overrides marketplace; nixosModules = self.nixosModules; };',
    );
  });

  it('nixosModules: the machine modules of the pure cLAN library take the same marketplace', () => {
    // The cLAN flake itself in place of the test system: only the modules are evaluated (no nixpkgs needed).
    const clan = scratch.copyOfNixDir('clan');
    const stub = scratch.stubNixpkgs();
    const out = flakeEval<Record<string, string[]>>(
      net,
      'nixosModules',
      { clan, 'clan/nixpkgs': stub },
      'builtins.mapAttrs (_: m: map (p: baseNameOf (toString p)) (m { lib.mkDefault = x: x; }).imports)',
    );
    expect(out).toEqual({ alpha: ['default.nix', 'pin-board.nix'], beta: ['default.nix', 'pin-board.nix'], gamma: ['default.nix'] });
    // lib.nixosConfigurations takes the marketplace argument too (the machines are named without nixpkgs).
    expect(flakeEval(net, 'nixosConfigurations', { clan, 'clan/nixpkgs': stub }, 'builtins.attrNames')).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('builds: the pinned module and the web page are in the initrd of the machine where the app is on', () => {
    const paths = drvPaths();
    expect(Object.keys(paths)).toEqual(['alpha', 'beta', 'gamma']);
    const build = nix([
      'build',
      '--json',
      '--no-link',
      ...OFFLINE,
      '--no-write-lock-file',
      '--override-input',
      'clan',
      `path:${testSystem}`,
      `path:${net}#nixosConfigurations.alpha.config.system.build.toplevel`,
      `path:${net}#nixosConfigurations.beta.config.system.build.toplevel`,
    ]);
    if (build.status !== 0) throw new Error(`nix build failed: ${build.stderr.slice(0, 4000)}`);
    const [alpha, beta] = (JSON.parse(build.stdout) as { outputs: { out: string } }[]).map((o) => o.outputs.out);
    const fromInitrd = (out: string, file: string) =>
      spawnSync('/bin/sh', ['-c', 'gzip -dc "$1" | cpio -i --quiet --to-stdout "$2"', 'sh', join(out, 'initrd'), file], {
        encoding: 'utf8',
      }).stdout;
    const list = (out: string) =>
      spawnSync('/bin/sh', ['-c', 'gzip -dc "$1" | cpio -it --quiet', 'sh', join(out, 'initrd')], { encoding: 'utf8' }).stdout.split('\n');
    expect(fromInitrd(alpha, 'etc/clan/apps/pinBoard/module.nix')).toBe(readFileSync(join(FIXTURE, 'apps', 'pin-board.nix'), 'utf8'));
    expect(fromInitrd(alpha, 'etc/clan/apps/pinBoard/port')).toBe('8091\n');
    const page = fromInitrd(alpha, 'etc/clan/apps/pinBoard/www/index.html');
    expect(page).toContain('<title>Pin board — running on alpha (cLAN demo system)</title>');
    expect(page).toContain('<h1>Pin board — running on alpha (cLAN demo system)</h1>');
    // The guest starts busybox httpd on each app's port.
    expect(readFileSync(join(alpha, 'init'), 'utf8')).toContain('httpd -p "$port" -h "$d/www"');
    // beta lists the app but has it off: nothing of it in its system.
    expect(list(beta).filter((f) => f.startsWith('etc/clan/apps'))).toEqual([]);
  });

  it('a machine without active third-party apps keeps the derivation it has in a network without a marketplace', () => {
    const withApps = drvPaths();
    // The same machines in a network flake without third-party apps (tests/fixtures/network's flake.nix, as rendered today).
    const plainNet = join(scratch.dir, 'plain-network');
    mkdirSync(plainNet);
    copyFileSync(join(NIX_DIR, 'tests', 'fixtures', 'network', 'flake.nix'), join(plainNet, 'flake.nix'));
    copyFileSync(join(net, 'configs.json'), join(plainNet, 'configs.json'));
    const plain = flakeEval<Record<string, string>>(
      plainNet,
      'nixosConfigurations',
      { clan: testSystem },
      'builtins.mapAttrs (_: c: c.config.system.build.toplevel.drvPath)',
    );
    expect(withApps['gamma']).toBe(plain['gamma']);
    expect(withApps['beta']).toBe(plain['beta']);
    expect(withApps['alpha']).not.toBe(plain['alpha']);
  });

  it('a new pinned revision with a changed module changes the system; the old pin still builds the old one', () => {
    const before = drvPaths();
    writeFileSync(join(mirror, 'apps', 'pin-board.nix'), `${readFileSync(join(FIXTURE, 'apps', 'pin-board.nix'), 'utf8')}# changed\n`);
    const rev2 = pin();
    useRev(rev2);
    const after = drvPaths();
    expect(after['alpha']).not.toBe(before['alpha']);
    expect(after['gamma']).toBe(before['gamma']);
    useRev(rev1);
    expect(drvPaths()['alpha']).toBe(before['alpha']);
  });

  it('fails when the mirror is gone', () => {
    // A mirror with a revision Nix has never fetched, removed before the evaluation.
    const gone = join(scratch.dir, 'gone-mirror');
    cpSync(mirror, gone, { recursive: true });
    writeFileSync(join(gone, 'apps', 'pin-board.nix'), `${readFileSync(join(FIXTURE, 'apps', 'pin-board.nix'), 'utf8')}# gone\n`);
    git(gone, 'add', '-A');
    git(gone, 'commit', '-q', '-m', 'gone');
    const rev = git(gone, 'rev-parse', 'HEAD');
    git(gone, 'update-ref', `refs/clan/pins/${rev}`, rev);
    writeFileSync(join(net, 'flake.nix'), networkFlake(gone, rev));
    rmSync(gone, { recursive: true, force: true });
    expect(() => drvPaths()).toThrow(NixError);
    useRev(rev1);
  });
});
