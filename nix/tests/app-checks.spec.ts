/**
 * The apps' checks (lib/apps/<app>.nix checks, lib/app-checks.nix) as
 * nixosModules.vmGuest declares them, offline: which app has which check,
 * the hooks check-<app> and /etc/clan/checks that modules/vm-guest.nix makes
 * of them (applied with the stub lib to a machine's clan.applications and fed
 * its own clan.controller options back, as the module system would), and the
 * scripts run for real under bash with the host's curl, grep and jq against a
 * local HTTP server standing in for the app, and a stand-in nextcloud-occ.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { evalExpr, NIX_DIR, Scratch } from './support/nix';

const PATH = `${process.env['PATH'] ?? '/usr/bin:/bin'}:/usr/sbin:/sbin`;
/** The catalog's apps with a web interface and the name of their one check (the app's file name). */
const WEB_CHECKS: Record<string, string> = {
  syncthing: 'syncthing',
  nextcloud: 'nextcloud',
  forgejo: 'forgejo',
  vaultwarden: 'vaultwarden',
  jellyfin: 'jellyfin',
  homeAssistant: 'home-assistant',
  paperless: 'paperless',
};

interface Guest {
  hooks: Record<string, string>;
  checks: string[];
  etc: Record<string, { text: string; mode?: string }>;
  assertions: { assertion: boolean; message: string }[];
}

const GUEST = `{ nixDir, dataFile }: let
  stub = import (nixDir + "/tests/support/stub-lib.nix");
  clanLib = import (nixDir + "/lib");
  data = builtins.fromJSON (builtins.readFile dataFile);
  plan = clanLib.backupPlan data.machine;
  # What the module system makes of mkIf and mkDefault here.
  effective = v: if v.condition then builtins.mapAttrs (_: x: x.content) v.content else { };
  guest = hooks: checks: import (nixDir + "/modules/vm-guest.nix") {
    lib = stub;
    inherit (data) pkgs;
    config = data.config // {
      boot.initrd.systemd.enable = false;
      clan = { backup = plan; applications = data.machine.applications; controller = { inherit hooks checks; }; };
    };
  };
  first = guest { } [ ];
  m = guest (effective first.config.clan.controller.hooks) first.config.clan.controller.checks;
in {
  hooks = effective m.config.clan.controller.hooks;
  checks = m.config.clan.controller.checks;
  etc = m.config.environment.etc or { };
  assertions = m.config.assertions;
}`;

let scratch: Scratch;
let occ: string;
beforeAll(() => {
  for (const [cmd, pkg] of [
    ['bash', 'bash'],
    ['curl', 'curl'],
    ['jq', 'jq'],
  ]) {
    if (spawnSync(cmd, ['--version'], { env: { PATH }, stdio: 'ignore' }).error)
      throw new Error(`${cmd} is not available: install the Debian package ${pkg} (apt-get install ${pkg}).`);
  }
  scratch = new Scratch();
  // nextcloud-occ status --output=json answers $FAKE_STATUS (a warning line first, as occ sometimes prints).
  occ = join(scratch.dir, 'fake-nextcloud');
  mkdirSync(join(occ, 'bin'), { recursive: true });
  writeFileSync(
    join(occ, 'bin', 'nextcloud-occ'),
    '#!/bin/bash\necho "occ USER=$USER $*" >> "$FAKE_LOG"\n[ -n "${FAKE_FAIL:-}" ] && { echo "An unhandled exception has been thrown:" >&2; echo "could not find driver" >&2; exit 1; }\necho "warning: a PHP notice"\necho "$FAKE_STATUS"\n',
  );
  chmodSync(join(occ, 'bin', 'nextcloud-occ'), 0o755);
});
afterAll(() => scratch?.remove());

/** A machine with `apps` on (clan.applications), their services' settings as nixpkgs' modules would give them. */
function guest(apps: Record<string, unknown>, services: Record<string, unknown> = {}, backup = false): Guest {
  const machine = { backup: { enable: backup }, applications: apps };
  const config = {
    system: { stateVersion: '25.05' },
    services: {
      syncthing: { guiAddress: '0.0.0.0:8384' },
      nextcloud: {
        occ,
        datadir: '/var/lib/nextcloud',
        settings: {},
        database: { createLocally: true },
        config: { dbtype: 'pgsql', dbname: 'nextcloud' },
      },
      postgresql: { package: '/postgresql' },
      forgejo: { settings: { server: { HTTP_ADDR: '0.0.0.0', HTTP_PORT: 3000 } } },
      vaultwarden: { config: { ROCKET_ADDRESS: '0.0.0.0', ROCKET_PORT: 8222 } },
      'home-assistant': { config: { http: { server_port: 8123 } } },
      paperless: { address: '0.0.0.0', port: 28981 },
      ...services,
    },
  };
  const pkgs = {
    bash: '/usr',
    coreutils: '/usr',
    gnugrep: '/usr',
    curl: '/usr',
    jq: '/usr',
    sqlite: '/usr',
    'util-linux': '/usr',
    e2fsprogs: '/e2fsprogs',
  };
  return evalExpr<Guest>(GUEST, { nixDir: NIX_DIR, dataFile: scratch.json({ machine, config, pkgs }) });
}

/** Runs /etc/clan/hooks/<name> of `g` as the controller does (stdin /dev/null), asynchronously so a server here can answer. */
let runs = 0;
function runCheck(g: Guest, name: string, env: Record<string, string> = {}): Promise<{ status: number | null; lines: string[] }> {
  const entry = g.etc[`clan/hooks/${name}`];
  expect(entry?.mode).toBe('0755');
  const file = scratch.text(entry.text, `${name}-${++runs}`);
  chmodSync(file, 0o755);
  return new Promise((resolve, reject) => {
    const child = spawn(file, [], {
      env: { PATH: '/nonexistent', FAKE_LOG: join(scratch.dir, 'occ.log'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, lines: out.split('\n').filter(Boolean) });
    });
  });
}

/** A local HTTP server answering `path` with `body` (anything else 404); its port. */
async function serve(path: string, body: string, status = 200): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === path ? status : 404, { 'Content-Type': 'application/json' });
    res.end(req.url === path ? body : 'not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as AddressInfo).port };
}
const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));

describe('which app has a check', () => {
  it('every app with a web interface has exactly one check, named after the app; the others none', () => {
    const byApp = evalExpr<{ checks: Record<string, string[]>; web: string[] }>(
      `{ nixDir }: let c = import (nixDir + "/lib/app-checks.nix"); lib = import (nixDir + "/lib"); pkgs = { coreutils = "/usr"; gnugrep = "/usr"; curl = "/usr"; jq = "/usr"; }; config = { services = { nextcloud.occ = "/occ"; paperless = { }; }; }; in {
        checks = builtins.mapAttrs (_: f: builtins.attrNames (f { inherit pkgs config; })) c.appChecks;
        web = builtins.attrNames lib.webInterfaces;
      }`,
      { nixDir: NIX_DIR },
    );
    expect([...byApp.web].sort()).toEqual(Object.keys(WEB_CHECKS).sort());
    expect(byApp.checks).toEqual({
      ...Object.fromEntries(Object.entries(WEB_CHECKS).map(([app, check]) => [app, [check]])),
      // No web interface: the Mumble server has no HTTP to ask, the client runs no service.
      mumbleServer: [],
      mumbleClient: [],
    });
  });

  it('vm-guest.nix declares check-<app> for every app that is on, lists them in /etc/clan/checks, next to the dump hooks', () => {
    const g = guest({ syncthing: { enable: true }, nextcloud: { enable: true }, jellyfin: { enable: false } }, {}, true);
    expect(g.checks).toEqual(['check-nextcloud', 'check-syncthing']);
    expect(Object.keys(g.hooks).sort()).toEqual(['check-nextcloud', 'check-syncthing', 'nextcloud-db']);
    expect(g.etc['clan/checks']).toEqual({ text: 'check-nextcloud\ncheck-syncthing\n' });
    expect(g.etc['clan/hooks/check-syncthing'].text).toMatch(/^#!\/usr\/bin\/bash\nset -eu\n/);
    expect(g.assertions.every((a) => a.assertion)).toBe(true);
  });

  it('no app on: no check, no /etc/clan/checks', () => {
    const g = guest({ syncthing: { enable: false } });
    expect([g.checks, g.hooks, g.etc]).toEqual([[], {}, {}]);
  });

  it('the build fails with a sentence when a listed check has no hook', () => {
    const assertions = evalExpr<{ assertion: boolean; message: string }[]>(
      `{ nixDir }: (import (nixDir + "/modules/vm-guest.nix") {
        lib = import (nixDir + "/tests/support/stub-lib.nix");
        pkgs = { bash = "/usr"; coreutils = "/usr"; e2fsprogs = "/e2fsprogs"; };
        config = { boot.initrd.systemd.enable = false; clan.controller = { hooks = { }; checks = [ "check-mine" ]; }; };
      }).config.assertions`,
      { nixDir: NIX_DIR },
    );
    expect(assertions.at(-1)).toEqual({
      assertion: false,
      message:
        'clan.controller.checks lists "check-mine", but clan.controller.hooks has no script of that name: declare clan.controller.hooks.check-mine, or every CHECK (and verified restore) of this machine would fail.',
    });
  });

  it('reads where each app listens from its nixpkgs options', () => {
    const g = guest(
      {
        syncthing: { enable: true },
        forgejo: { enable: true },
        vaultwarden: { enable: true },
        jellyfin: { enable: true },
        homeAssistant: { enable: true },
        paperless: { enable: true },
      },
      {
        syncthing: { guiAddress: '127.0.0.1:8385' },
        forgejo: { settings: { server: { HTTP_ADDR: '0.0.0.0', HTTP_PORT: 3001 } } },
        vaultwarden: { config: { ROCKET_ADDRESS: '::1', ROCKET_PORT: 8223 } },
        'home-assistant': { config: { http: { server_host: ['::', '0.0.0.0'], server_port: 8124 } } },
        paperless: { address: 'localhost', port: 28982 },
      },
    );
    const url = (hook: string) => /url='([^']*)'/.exec(g.hooks[hook])?.[1];
    expect(Object.fromEntries(g.checks.map((c) => [c, url(c)]))).toEqual({
      'check-forgejo': 'http://127.0.0.1:3001/api/healthz',
      'check-home-assistant': 'http://[::1]:8124/manifest.json',
      'check-jellyfin': 'http://127.0.0.1:8096/health',
      'check-paperless': 'http://localhost:28982/',
      'check-syncthing': 'http://127.0.0.1:8385/rest/noauth/health',
      'check-vaultwarden': 'http://[::1]:8223/alive',
    });
    // Forgejo on a unix socket (PROTOCOL http+unix): curl through it.
    const unix = guest(
      { forgejo: { enable: true } },
      { forgejo: { settings: { server: { PROTOCOL: 'http+unix', HTTP_ADDR: '/run/forgejo/forgejo.sock' } } } },
    );
    expect(unix.hooks['check-forgejo']).toContain('--unix-socket \'/run/forgejo/forgejo.sock\' "$url"');
    // Commands by store path: nothing from PATH.
    for (const body of Object.values(g.hooks)) expect(body).toMatch(/\/usr\/bin\/curl -fsS/);
  });
});

describe('the checks, run', () => {
  it('syncthing: passes when its health endpoint says OK, fails with a sentence when it says otherwise or nobody answers', async () => {
    const ok = await serve('/rest/noauth/health', '{"status": "OK"}');
    const g = guest({ syncthing: { enable: true } }, { syncthing: { guiAddress: `0.0.0.0:${ok.port}` } });
    const passed = await runCheck(g, 'check-syncthing');
    expect([passed.status, passed.lines.at(-1)]).toEqual([0, `Syncthing answers on http://127.0.0.1:${ok.port}/rest/noauth/health.`]);
    await close(ok.server);

    const bad = await serve('/rest/noauth/health', '{"status": "starting"}');
    const g2 = guest({ syncthing: { enable: true } }, { syncthing: { guiAddress: `127.0.0.1:${bad.port}` } });
    // SECONDS from the environment: bash counts on from there, so the check gives up at once.
    const failed = await runCheck(g2, 'check-syncthing', { SECONDS: '100' });
    expect([failed.status, failed.lines.at(-1)]).toEqual([
      1,
      `Syncthing does not answer on http://127.0.0.1:${bad.port}/rest/noauth/health within 40 seconds ({"status": "starting"}).`,
    ]);
    await close(bad.server);
    const gone = await runCheck(g2, 'check-syncthing', { SECONDS: '100' });
    expect(gone.status).toBe(1);
    expect(gone.lines.at(-1)).toMatch(
      new RegExp(
        `^Syncthing does not answer on http://127\\.0\\.0\\.1:${bad.port}/rest/noauth/health within 40 seconds \\(curl: \\(7\\) .*\\)\\.$`,
      ),
    );
  });

  it('waits for an app that is still starting', async () => {
    const later = await serve('/alive', '"2026-12-07T10:00:00Z"');
    const port = later.port;
    await close(later.server);
    const g = guest({ vaultwarden: { enable: true } }, { vaultwarden: { config: { ROCKET_PORT: port } } });
    const run = runCheck(g, 'check-vaultwarden');
    await new Promise((r) => setTimeout(r, 2500));
    const up = createServer((_req, res) => res.end('"2026-12-07T10:00:00Z"'));
    await new Promise<void>((r) => up.listen(port, '127.0.0.1', () => r()));
    const r = await run;
    await close(up);
    expect([r.status, r.lines.at(-1)]).toEqual([0, `Vaultwarden answers on http://127.0.0.1:${port}/alive.`]);
  }, 20_000);

  it('nextcloud: passes when nextcloud-occ status says installed, fails with a sentence otherwise', async () => {
    const g = guest({ nextcloud: { enable: true } });
    const status = (installed: boolean) => JSON.stringify({ installed, version: '30.0.4.1', versionstring: '30.0.4', maintenance: false });
    const ok = await runCheck(g, 'check-nextcloud', { FAKE_STATUS: status(true) });
    expect([ok.status, ok.lines.at(-1)]).toEqual([0, 'Nextcloud 30.0.4 is installed (maintenance mode: false).']);
    const no = await runCheck(g, 'check-nextcloud', { FAKE_STATUS: status(false) });
    expect([no.status, no.lines.at(-1)]).toEqual([1, 'Nextcloud is not installed (nextcloud-occ status says installed: false).']);
    const broken = await runCheck(g, 'check-nextcloud', { FAKE_FAIL: '1' });
    expect([broken.status, broken.lines.at(-1)]).toEqual([1, 'nextcloud-occ status failed: could not find driver']);
  });
});
