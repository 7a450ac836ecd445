/**
 * The flakes, evaluated offline by `nix eval`: the cLAN flake (a copy of nix/,
 * since a flake inside the git checkout would only see committed files) with
 * nixpkgs replaced by a stub, and the network repository fixture the way the
 * panel evaluates a network: `--override-input clan path:<cLAN flake>`. A
 * second stub nixpkgs has a `lib.nixosSystem` that returns its arguments, to
 * see what lib.nixosConfigurations hands to NixOS.
 */
import { renderFlakeNix } from '@clan/nix-schema';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLine, flakeEval, NIX_DIR, NixError, Scratch } from './support/nix';

let scratch: Scratch;
let clan: string;
let stub: string;
let echoNixpkgs: string;
beforeAll(() => {
  scratch = new Scratch();
  clan = scratch.copyOfNixDir();
  stub = scratch.stubNixpkgs();
  echoNixpkgs = join(scratch.dir, 'echo-nixpkgs');
  mkdirSync(echoNixpkgs);
  writeFileSync(join(echoNixpkgs, 'flake.nix'), '{ outputs = { self }: { lib.nixosSystem = args: args; }; }\n');
});

/** The error sentence of a flake evaluation that must fail. */
function flakeEvalError(flakeDir: string, attr: string, inputs: Record<string, string>, apply?: string): string {
  try {
    const value = flakeEval(flakeDir, attr, inputs, apply);
    throw new Error(`expected evaluation to fail, got ${JSON.stringify(value).slice(0, 300)}`);
  } catch (err) {
    if (err instanceof NixError) return errorLine(err.stderr);
    throw err;
  }
}
afterAll(() => scratch.remove());

const APPS = ['forgejo', 'homeAssistant', 'jellyfin', 'mumbleClient', 'mumbleServer', 'nextcloud', 'paperless', 'syncthing', 'vaultwarden'];
const FIXTURE_CLAN_URL = 'git+https://clan.invalid/clan?dir=nix';

describe('the cLAN flake (nixpkgs stubbed)', () => {
  const evalClan = <T>(attr: string, apply?: string) => flakeEval<T>(clan, attr, { nixpkgs: stub }, apply);

  it('lib is pure: it evaluates with a nixpkgs that has nothing', () => {
    expect(evalClan<string[]>('lib', 'builtins.attrNames')).toEqual(
      expect.arrayContaining([
        'appSettings',
        'defaults',
        'generateNixosModules',
        'machineDefaults',
        'machineSettings',
        'recursiveMerge',
        'withDefaults',
        'backupPlan',
        'meshSettings',
        'nixosConfigurations',
      ]),
    );
    expect(evalClan('lib', 'l: l.withDefaults { }')).toEqual({
      system: 'x86_64-linux',
      adminMode: 'local',
      networkLayer: 'wireguard',
      resources: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 },
      backup: { enable: false, schedule: '0 3 * * *', keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6, extraPaths: [] },
      publish: [],
      applications: {},
    });
    expect(evalClan('lib', 'l: l.appSettings.jellyfin { enable = true; } "clan-wg"')).toEqual({
      services: { jellyfin: { enable: true, openFirewall: false } },
      systemd: { services: { 'clan-jellyfin-setup': expect.objectContaining({ after: ['jellyfin.service'] }) } },
      networking: { firewall: { interfaces: { 'clan-wg': { allowedTCPPorts: [8096] } } } },
    });
  });

  it('nixosModules: default, one per app and vmGuest, each importing its module file', () => {
    expect(evalClan<string[]>('nixosModules', 'builtins.attrNames')).toEqual(['default', ...APPS, 'vmGuest']);
    const imports = evalClan<Record<string, string[]>>('nixosModules', 'builtins.mapAttrs (_: m: map toString m.imports)');
    expect(imports['default'][0]).toMatch(/^\/nix\/store\/[a-z0-9]{32}-source\/modules\/default\.nix$/);
    expect(imports['mumbleServer'][0]).toMatch(/\/modules\/apps\/mumble-server\.nix$/);
    expect(imports['vmGuest']).toEqual([expect.stringMatching(/^\/nix\/store\/[a-z0-9]{32}-source\/modules\/vm-guest\.nix$/)]);
  });

  it('checks are empty without a real nixpkgs (they need nixosSystem and packages)', () => {
    expect(evalClan('checks')).toEqual({ 'x86_64-linux': {} });
  });

  it('writes no lock file and fetches nothing', () => {
    expect(existsSync(join(clan, 'flake.lock'))).toBe(false);
  });
});

describe('a network repository (tests/fixtures/network)', () => {
  let net: string;
  beforeAll(() => {
    net = join(scratch.dir, 'network');
    cpSync(join(NIX_DIR, 'tests', 'fixtures', 'network'), net, { recursive: true });
  });
  // Exactly what the panel runs: the clan input pointed at a checkout, nixpkgs (which follows clan/nixpkgs) at the stub.
  const evalNet = <T>(attr: string, apply?: string) => flakeEval<T>(net, attr, { clan, 'clan/nixpkgs': stub }, apply);

  it('clanConfigs is configs.json, parsed', () => {
    expect(evalNet('clanConfigs')).toEqual(JSON.parse(readFileSync(join(net, 'configs.json'), 'utf8')));
  });

  it('flake.nix is exactly what libs/nix-schema renders (the panel writes it)', () => {
    expect(readFileSync(join(net, 'flake.nix'), 'utf8')).toBe(renderFlakeNix(FIXTURE_CLAN_URL));
  });

  it('nixosModules has one module (a function) per machine; nixosConfigurations is named without nixpkgs', () => {
    expect(evalNet('nixosModules', 'builtins.mapAttrs (_: builtins.isFunction)')).toEqual({ alpha: true, beta: true });
    expect(evalNet('nixosConfigurations', 'builtins.attrNames')).toEqual(['alpha', 'beta']);
  });

  it('building a machine with the nixpkgs stub fails with a sentence naming the machine', () => {
    expect(flakeEvalError(net, 'nixosConfigurations', { clan, 'clan/nixpkgs': stub }, 'cs: cs.alpha.config')).toBe(
      'clan: building machine "alpha" needs nixpkgs, and the cLAN flake\'s nixpkgs input has no lib.nixosSystem (a stub?).',
    );
  });

  it("each machine is the cLAN flake's nixosSystem of its own module plus nixosModules.vmGuest, for its system", () => {
    const systems = flakeEval<Record<string, { system: string; modules: { own: boolean; imports: string[] | null }[] }>>(
      net,
      'nixosConfigurations',
      { clan, 'clan/nixpkgs': echoNixpkgs },
      `builtins.mapAttrs (name: s: {
        inherit (s) system;
        modules = map (m: { own = builtins.isFunction m; imports = if m ? imports then map toString m.imports else null; }) s.modules;
      })`,
    );
    const guest = { own: false, imports: [expect.stringMatching(/^\/nix\/store\/[a-z0-9]{32}-source\/modules\/vm-guest\.nix$/)] };
    expect(systems).toEqual({
      alpha: { system: 'x86_64-linux', modules: [{ own: true, imports: null }, guest] },
      beta: { system: 'aarch64-linux', modules: [{ own: true, imports: null }, guest] },
    });
    // The first module is the machine's own (nixosModules.<machine>): it imports its overrides file.
    const own = flakeEval<string[]>(
      net,
      'nixosConfigurations',
      { clan, 'clan/nixpkgs': echoNixpkgs },
      'cs: map toString ((builtins.head cs.beta.modules) { lib.mkDefault = x: x; }).imports',
    );
    expect(own[1]).toMatch(/-source\/overrides\/beta\.nix$/);
  });

  it('the busybox test system stands in for the cLAN flake through the same attribute path', () => {
    const testSystem = join(clan, 'test-system');
    expect(
      flakeEval(net, 'nixosConfigurations', { clan: testSystem }, 'builtins.mapAttrs (_: c: c.config.system.build.toplevel.type)'),
    ).toEqual({
      alpha: 'derivation',
      beta: 'derivation',
    });
  });

  it('each machine module imports nixosModules.default and its overrides file, and carries its settings', () => {
    const out = evalNet<
      Record<string, { imports: string[]; clan: { adminMode: string; networkLayer: string; applications: Record<string, unknown> } }>
    >(
      'nixosModules',
      'builtins.mapAttrs (_: m: let r = m { lib.mkDefault = x: x; }; in { imports = map toString r.imports; clan = r.config.clan; })',
    );
    expect(out['alpha'].imports).toHaveLength(2);
    expect(out['alpha'].imports[0]).toMatch(/-source\/modules\/default\.nix$/);
    expect(out['alpha'].imports[1]).toMatch(/-source\/overrides\/alpha\.nix$/);
    expect(out['beta'].clan).toMatchObject({
      adminMode: 'remote',
      networkLayer: 'yggdrasil',
      applications: { mumbleClient: { server: 'alpha.home.clan', port: 64738 } },
    });
    expect((out['alpha'].clan.applications['mumbleServer'] as { welcomeText: string }).welcomeText).toBe('Hi "${you}" \'\' \\\n👋');
  });

  it('user text in configs.json stays data all the way into the machine settings', () => {
    const hostile = '"; services.openssh.enable = true; x = "${builtins.readFile /etc/shadow}\'\'\\\n';
    const configs = JSON.parse(readFileSync(join(net, 'configs.json'), 'utf8'));
    configs.alpha.applications.mumbleServer.welcomeText = hostile;
    configs.alpha.applications.syncthing.sharedFolders = [`/shared/${hostile}`];
    writeFileSync(join(net, 'configs.json'), `${JSON.stringify(configs, null, 2)}\n`);
    expect(evalNet('clanConfigs')).toEqual(configs);
    expect(
      evalNet(
        'nixosModules',
        'ms: let c = (ms.alpha { lib.mkDefault = x: x; }).config.clan; in [ c.applications.mumbleServer.welcomeText c.applications.syncthing.sharedFolders ]',
      ),
    ).toEqual([hostile, [`/shared/${hostile}`]]);
  });
});
