/**
 * The flakes, evaluated offline by `nix eval`: the cLAN flake (a copy of nix/,
 * since a flake inside the git checkout would only see committed files) with
 * nixpkgs replaced by a stub, and the network repository fixture the way the
 * panel evaluates a network: `--override-input clan path:<cLAN flake>`.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flakeEval, NIX_DIR, Scratch } from './support/nix';

let scratch: Scratch;
let clan: string;
let stub: string;
beforeAll(() => {
  scratch = new Scratch();
  clan = scratch.copyOfNixDir();
  stub = scratch.stubNixpkgs();
});
afterAll(() => scratch.remove());

const APPS = ['forgejo', 'homeAssistant', 'jellyfin', 'mumbleClient', 'mumbleServer', 'nextcloud', 'paperless', 'syncthing', 'vaultwarden'];

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
      networking: { firewall: { interfaces: { 'clan-wg': { allowedTCPPorts: [8096] } } } },
    });
  });

  it('nixosModules: default and one per app, each importing its module file', () => {
    expect(evalClan<string[]>('nixosModules', 'builtins.attrNames')).toEqual(['default', ...APPS]);
    const imports = evalClan<Record<string, string[]>>('nixosModules', 'builtins.mapAttrs (_: m: map toString m.imports)');
    expect(imports['default'][0]).toMatch(/^\/nix\/store\/[a-z0-9]{32}-source\/modules\/default\.nix$/);
    expect(imports['mumbleServer'][0]).toMatch(/\/modules\/apps\/mumble-server\.nix$/);
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

  it('nixosModules has one module (a function) per machine; nixosConfigurations is named without nixpkgs', () => {
    expect(evalNet('nixosModules', 'builtins.mapAttrs (_: builtins.isFunction)')).toEqual({ alpha: true, beta: true });
    expect(evalNet('nixosConfigurations', 'builtins.attrNames')).toEqual(['alpha', 'beta']);
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
