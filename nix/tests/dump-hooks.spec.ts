/**
 * The apps' dump hooks (lib/apps/<app>.nix dumpHooks, lib/dump-hooks.nix)
 * as nixosModules.vmGuest declares them, offline: modules/vm-guest.nix is
 * applied with the stub lib to a machine's clan.backup (lib.backupPlan) and
 * fed its own clan.controller.hooks back, as the module system would; the
 * resulting /etc/clan/hooks/<name> files then run here for real under bash,
 * with the real sqlite3 and jq, and stand-ins for what only a NixOS machine
 * has (nextcloud-occ, pg_dump, runuser).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalExpr, NIX_DIR, Scratch } from './support/nix';

const PATH = `${process.env['PATH'] ?? '/usr/bin:/bin'}:/usr/sbin:/sbin`;
const APP_HOOKS = { nextcloud: 'nextcloud-db', vaultwarden: 'vaultwarden-sqlite', paperless: 'paperless-export' } as const;
type App = keyof typeof APP_HOOKS;

/** Fails (does not skip) when a tool is missing, naming its Debian package. */
function requireTool(cmd: string, pkg: string): void {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', env: { PATH }, stdio: 'ignore' });
  if (r.error) throw new Error(`${cmd} is not available: install the Debian package ${pkg} (apt-get install ${pkg}).`);
}

interface Guest {
  backupHooks: string[];
  declared: Record<string, string>;
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
  guest = hooks: import (nixDir + "/modules/vm-guest.nix") {
    lib = stub;
    inherit (data) pkgs;
    config = data.config // {
      boot.initrd.systemd.enable = false;
      clan = { backup = plan; controller.hooks = hooks; };
    };
  };
  m = guest declared;
  declared = effective m.config.clan.controller.hooks;
in {
  backupHooks = plan.hooks;
  inherit declared;
  etc = m.config.environment.etc or { };
  assertions = m.config.assertions;
}`;

let scratch: Scratch;
let fakes: { occ: string; pg: string; utilLinux: string; mysql: string; log: string };

beforeAll(() => {
  requireTool('bash', 'bash');
  requireTool('sqlite3', 'sqlite3');
  requireTool('jq', 'jq');
  scratch = new Scratch();
  const bin = (pkg: string, name: string, body: string) => {
    mkdirSync(join(scratch.dir, pkg, 'bin'), { recursive: true });
    const file = join(scratch.dir, pkg, 'bin', name);
    writeFileSync(file, `#!/bin/bash\n${body}\n`);
    chmodSync(file, 0o755);
    return join(scratch.dir, pkg);
  };
  const log = join(scratch.dir, 'calls.log');
  fakes = {
    log,
    // Records each call; status answers with $FAKE_MAINTENANCE; FAKE_FAIL="<arguments>" makes that call fail.
    occ: bin(
      'fake-nextcloud-occ',
      'nextcloud-occ',
      `echo "occ USER=$USER $*" >>${log}
[ "\${FAKE_FAIL:-}" = "$*" ] && { echo "occ $* failed" >&2; exit 1; }
[ "$1" = status ] && echo "{\\"installed\\":true,\\"maintenance\\":\${FAKE_MAINTENANCE:-false}}"
exit 0`,
    ),
    pg: bin(
      'fake-postgresql',
      'pg_dump',
      `echo "pg_dump $*" >>${log}
[ "\${FAKE_FAIL:-}" = pg_dump ] && { echo "pg_dump: connection to socket failed" >&2; exit 1; }
echo "-- PostgreSQL database dump"`,
    ),
    mysql: bin('fake-mariadb', 'mysqldump', `echo "mysqldump $*" >>${log}\necho "-- MariaDB dump"`),
    // runuser -u <user> -- command…: the user is recorded, the command runs as us.
    utilLinux: bin('fake-util-linux', 'runuser', `echo "runuser $1 $2" >>${log}\nwhile [ "$1" != -- ]; do shift; done\nshift\nexec "$@"`),
  };
});
afterAll(() => scratch?.remove());

/** A machine with `apps` on (backups on unless said), its services' settings as nixpkgs' modules would give them. */
function guest(apps: App[], opts: { backup?: boolean; services?: Record<string, unknown> } = {}): Guest {
  const machine = {
    backup: { enable: opts.backup ?? true },
    applications: Object.fromEntries(apps.map((a) => [a, { enable: true }])),
  };
  const dir = scratch.dir;
  const config = {
    system: { stateVersion: '25.05' },
    services: {
      nextcloud: {
        occ: fakes.occ,
        datadir: join(dir, 'nextcloud'),
        settings: {},
        database: { createLocally: true },
        config: { dbtype: 'pgsql', dbname: 'nextcloud' },
      },
      postgresql: { package: fakes.pg },
      mysql: { package: fakes.mysql },
      vaultwarden: { config: { DATA_FOLDER: join(dir, 'vaultwarden') }, dbBackend: 'sqlite' },
      paperless: { dataDir: join(dir, 'paperless'), settings: {}, database: { createLocally: false } },
      ...opts.services,
    },
  };
  const pkgs = { bash: '/usr', coreutils: '/usr', e2fsprogs: '/e2fsprogs', sqlite: '/usr', jq: '/usr', 'util-linux': fakes.utilLinux };
  return evalExpr<Guest>(GUEST, { nixDir: NIX_DIR, dataFile: scratch.json({ machine, config, pkgs }) });
}

/** Writes /etc/clan/hooks/<name> of `g` to a file and runs it as the controller does (stdin /dev/null, CLAN_DUMPS_DIR). */
let runs = 0;
function runHook(
  g: Guest,
  name: string,
  env: Record<string, string> = {},
  dumps = join(scratch.dir, `dumps-${++runs}`),
): SpawnSyncReturns<string> & { dumps: string } {
  const entry = g.etc[`clan/hooks/${name}`];
  expect(entry?.mode).toBe('0755');
  const file = scratch.text(entry.text, `${name}-${runs}`);
  chmodSync(file, 0o755);
  writeFileSync(fakes.log, '');
  const r = spawnSync(file, [], {
    encoding: 'utf8',
    // No USER: systemd sets none for the controller, a root service.
    env: { PATH: '/nonexistent', CLAN_DUMPS_DIR: dumps, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  if (r.error) throw r.error;
  return Object.assign(r, { dumps });
}

const calls = () => readFileSync(fakes.log, 'utf8').trim().split('\n').filter(Boolean);
const sqlite = (db: string, sql: string) => {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8', env: { PATH } });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
};
/** A live SQLite database in WAL mode with one row, like the apps keep. */
function database(file: string, row: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  sqlite(file, `PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS t (v TEXT); DELETE FROM t; INSERT INTO t VALUES ('${row}');`);
}
const dumpFiles = (dumps: string) => (existsSync(dumps) ? readdirSync(dumps).sort() : []);

describe('which hooks a machine declares', () => {
  it.each(Object.entries(APP_HOOKS))('%s on with backups: its hook %s is declared and listed, and nothing else', (app, hook) => {
    const g = guest([app as App]);
    expect(g.backupHooks).toEqual([hook]);
    expect(Object.keys(g.declared)).toEqual([hook]);
    expect(Object.keys(g.etc).sort()).toEqual(['clan/backup/hooks', 'clan/backup/paths', `clan/hooks/${hook}`]);
    expect(g.assertions.every((a) => a.assertion)).toBe(true);
  });

  it('every app on: every name in clan.backup.hooks has a clan.controller.hooks script', () => {
    const g = guest(['nextcloud', 'vaultwarden', 'paperless']);
    expect([...g.backupHooks].sort()).toEqual(Object.values(APP_HOOKS).sort());
    expect(Object.keys(g.declared).sort()).toEqual([...g.backupHooks].sort());
    expect(g.etc['clan/backup/hooks'].text).toBe(`${g.backupHooks.join('\n')}\n`);
  });

  it('backups off, or the apps off: no hook is declared', () => {
    const off = guest(['nextcloud', 'vaultwarden', 'paperless'], { backup: false });
    expect(off.declared).toEqual({});
    expect(off.etc).toEqual({});
    const none = guest([]);
    expect([none.backupHooks, none.declared]).toEqual([[], {}]);
  });

  it('the scripts read no secret and write only under $CLAN_DUMPS_DIR', () => {
    const g = guest(['nextcloud', 'vaultwarden', 'paperless']);
    for (const [name, script] of Object.entries(g.declared)) {
      expect([name, script]).not.toEqual([name, expect.stringContaining('/run/clan-secrets')]);
      expect([name, script]).not.toEqual([name, expect.stringMatching(/secret|password|token/i)]);
      // Output only into $partial (then renamed to $out); both under $CLAN_DUMPS_DIR.
      expect(script).toContain(`out="$CLAN_DUMPS_DIR/${name}.`);
      expect(script).toContain('partial="$out.partial"');
      const redirections = [...script.matchAll(/(?<![0-9&])>\s*("[^"]*"|\S+)/g)].map((m) => m[1]);
      expect([name, redirections.filter((t) => t !== '&2' && t !== '"$partial"')]).toEqual([name, []]);
      expect([...script.matchAll(/\bmv -f -- (\S+) (\S+)/g)].map((m) => [m[1], m[2]])).toEqual([['"$partial"', '"$out"']]);
    }
  });

  it('the build fails with a sentence when a listed hook has no script', () => {
    // The stand-in for a machine whose own module dropped the script (mkForce { }).
    const g = evalExpr<{ assertion: boolean; message: string }[]>(
      `{ nixDir }: (import (nixDir + "/modules/vm-guest.nix") {
        lib = import (nixDir + "/tests/support/stub-lib.nix");
        pkgs = { bash = "/usr"; coreutils = "/usr"; e2fsprogs = "/e2fsprogs"; };
        config = { boot.initrd.systemd.enable = false; clan.backup = { enable = true; paths = [ ]; hooks = [ "nextcloud-db" ]; }; clan.controller.hooks = { }; };
      }).config.assertions`,
      { nixDir: NIX_DIR },
    );
    expect(g.at(-1)).toEqual({
      assertion: false,
      message:
        "clan.backup.hooks lists nextcloud-db, but clan.controller.hooks has no script of that name: declare clan.controller.hooks.<name>, or this machine's backups would fail.",
    });
  });
});

describe('vaultwarden-sqlite', () => {
  it("writes a consistent copy of Vaultwarden's live database, and nothing else", () => {
    database(join(scratch.dir, 'vaultwarden', 'db.sqlite3'), 'cipher-1');
    const r = runHook(guest(['vaultwarden']), 'vaultwarden-sqlite');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('vaultwarden-sqlite.sqlite3');
    expect(dumpFiles(r.dumps)).toEqual(['vaultwarden-sqlite.sqlite3']);
    expect(sqlite(join(r.dumps, 'vaultwarden-sqlite.sqlite3'), 'SELECT v FROM t')).toBe('cipher-1');
  });

  it('skips, successfully, when Vaultwarden has no database yet', () => {
    const g = guest(['vaultwarden'], {
      services: { vaultwarden: { config: { DATA_FOLDER: join(scratch.dir, 'never-started') }, dbBackend: 'sqlite' } },
    });
    const r = runHook(g, 'vaultwarden-sqlite');
    expect([r.status, r.stdout.trim()]).toEqual([
      0,
      `Vaultwarden has no database yet (${join(scratch.dir, 'never-started', 'db.sqlite3')} does not exist): nothing to dump.`,
    ]);
    expect(dumpFiles(r.dumps)).not.toContain('vaultwarden-sqlite.sqlite3');
  });

  it('refuses another database backend with a sentence', () => {
    const g = guest(['vaultwarden'], { services: { vaultwarden: { config: {}, dbBackend: 'postgresql' } } });
    const r = runHook(g, 'vaultwarden-sqlite');
    expect([r.status, r.stderr.trim()]).toEqual([
      1,
      'Vaultwarden uses the postgresql database backend (services.vaultwarden.dbBackend); the vaultwarden-sqlite hook dumps only SQLite. Back that database up with its own tools, or switch back to sqlite.',
    ]);
  });

  it('says how it is meant to run when CLAN_DUMPS_DIR is missing', () => {
    const g = guest(['vaultwarden']);
    const file = scratch.text(g.etc['clan/hooks/vaultwarden-sqlite'].text, 'no-dumps-dir');
    chmodSync(file, 0o755);
    const r = spawnSync(file, [], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
    expect([r.status, r.stderr.trim()]).toEqual([
      2,
      'CLAN_DUMPS_DIR is not set: the vaultwarden-sqlite hook runs through the VM controller (BACKUP, or HOOK vaultwarden-sqlite).',
    ]);
  });
});

describe('nextcloud-db', () => {
  const installed = () => {
    mkdirSync(join(scratch.dir, 'nextcloud', 'config'), { recursive: true });
    writeFileSync(join(scratch.dir, 'nextcloud', 'config', 'config.php'), '<?php $CONFIG = [];\n');
  };

  /** A machine whose Nextcloud keeps its database as `dbtype` (createLocally as given) with its data under scratch/`datadir`. */
  const nextcloudGuest = (dbtype: string, createLocally: boolean, datadir = 'nextcloud') =>
    guest(['nextcloud'], {
      services: {
        nextcloud: {
          occ: fakes.occ,
          datadir: join(scratch.dir, datadir),
          settings: {},
          database: { createLocally },
          config: { dbtype, dbname: 'nextcloud' },
        },
      },
    });

  it('PostgreSQL (this app’s settings): pg_dump as postgres between maintenance mode on and off', () => {
    installed();
    const r = runHook(guest(['nextcloud']), 'nextcloud-db');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(calls()).toEqual([
      'occ USER=root status --output=json',
      'occ USER=root maintenance:mode --on',
      'runuser -u postgres',
      'pg_dump --clean --if-exists --host=/run/postgresql --dbname=nextcloud',
      'occ USER=root maintenance:mode --off',
    ]);
    expect(dumpFiles(r.dumps)).toContain('nextcloud-db.sql');
    expect(readFileSync(join(r.dumps, 'nextcloud-db.sql'), 'utf8')).toBe('-- PostgreSQL database dump\n');
  });

  it('a failed dump fails the hook, leaves no partial file and still turns maintenance mode off', () => {
    installed();
    const r = runHook(guest(['nextcloud']), 'nextcloud-db', { FAKE_FAIL: 'pg_dump' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "pg_dump of Nextcloud's PostgreSQL database nextcloud failed (is postgresql.service running?); see the lines above.",
    );
    expect(calls().at(-1)).toBe('occ USER=root maintenance:mode --off');
    expect(dumpFiles(r.dumps).filter((f) => f.startsWith('nextcloud-db'))).toEqual([]);
  });

  it('leaves a maintenance mode that was already on as it was', () => {
    installed();
    const r = runHook(guest(['nextcloud']), 'nextcloud-db', { FAKE_MAINTENANCE: 'true' });
    expect(r.status).toBe(0);
    expect(calls().filter((c) => c.includes('maintenance'))).toEqual([]);
  });

  it('fails with a sentence when maintenance mode does not go on (no dump) or does not go off again', () => {
    installed();
    const on = runHook(guest(['nextcloud']), 'nextcloud-db', { FAKE_FAIL: 'maintenance:mode --on' });
    expect([on.status, on.stderr.trim().split('\n').at(-1)]).toEqual([
      1,
      "nextcloud-occ could not turn maintenance mode on; Nextcloud's database was not dumped.",
    ]);
    expect(calls().some((c) => c.startsWith('pg_dump'))).toBe(false);
    const off = runHook(guest(['nextcloud']), 'nextcloud-db', { FAKE_FAIL: 'maintenance:mode --off' });
    expect([off.status, off.stderr.trim().split('\n').at(-1)]).toEqual([
      1,
      'nextcloud-occ could not turn maintenance mode off again; run nextcloud-occ maintenance:mode --off on this machine.',
    ]);
  });

  it('SQLite (services.nextcloud.config.dbtype): the backup of <datadirectory>/<dbname>.db, replacing a dump of another type', () => {
    installed();
    database(join(scratch.dir, 'nextcloud', 'data', 'nextcloud.db'), 'file-1');
    const g = nextcloudGuest('sqlite', false);
    const dumps = join(scratch.dir, 'dumps-of-pgsql');
    mkdirSync(dumps, { recursive: true });
    writeFileSync(join(dumps, 'nextcloud-db.sql'), 'old');
    const r = runHook(g, 'nextcloud-db', {}, dumps);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(dumpFiles(r.dumps).filter((f) => f.startsWith('nextcloud-db'))).toEqual(['nextcloud-db.sqlite3']);
    expect(sqlite(join(r.dumps, 'nextcloud-db.sqlite3'), 'SELECT v FROM t')).toBe('file-1');
  });

  it('MySQL on this machine: mysqldump of its database', () => {
    installed();
    const g = nextcloudGuest('mysql', true);
    const r = runHook(g, 'nextcloud-db');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(calls().filter((c) => !c.startsWith('occ'))).toEqual(['mysqldump --single-transaction --routines --databases nextcloud']);
    expect(readFileSync(join(r.dumps, 'nextcloud-db.sql'), 'utf8')).toBe('-- MariaDB dump\n');
  });

  it('refuses a database on another host with a sentence', () => {
    installed();
    const g = nextcloudGuest('pgsql', false);
    const r = runHook(g, 'nextcloud-db');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "Nextcloud's pgsql database is not on this machine (services.nextcloud.database.createLocally is off); the nextcloud-db hook dumps only a local one.",
    );
    expect(calls().at(-1)).toBe('occ USER=root maintenance:mode --off');
  });

  it('skips, successfully, before Nextcloud is installed', () => {
    const g = nextcloudGuest('pgsql', true, 'nextcloud-new');
    const r = runHook(g, 'nextcloud-db');
    expect([r.status, r.stdout.trim()]).toEqual([
      0,
      `Nextcloud is not installed yet (${join(scratch.dir, 'nextcloud-new', 'config', 'config.php')} is missing): no database to dump.`,
    ]);
    expect(calls()).toEqual([]);
  });
});

describe('paperless-export', () => {
  it("SQLite (Paperless' default, this app's settings): the backup of <dataDir>/db.sqlite3", () => {
    database(join(scratch.dir, 'paperless', 'db.sqlite3'), 'document-1');
    const r = runHook(guest(['paperless']), 'paperless-export');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(sqlite(join(r.dumps, 'paperless-export.sqlite3'), 'SELECT v FROM t')).toBe('document-1');
  });

  it('the local PostgreSQL of database.createLocally: pg_dump of its database', () => {
    const g = guest(['paperless'], {
      services: {
        postgresql: { package: fakes.pg },
        paperless: {
          dataDir: join(scratch.dir, 'paperless'),
          settings: { PAPERLESS_DBENGINE: 'postgresql', PAPERLESS_DBHOST: '/run/postgresql', PAPERLESS_DBNAME: 'paperless' },
          database: { createLocally: true },
        },
      },
    });
    const r = runHook(g, 'paperless-export');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(calls()).toEqual(['runuser -u postgres', 'pg_dump --clean --if-exists --host=/run/postgresql --dbname=paperless']);
    expect(readFileSync(join(r.dumps, 'paperless-export.sql'), 'utf8')).toBe('-- PostgreSQL database dump\n');
    expect(dumpFiles(r.dumps).filter((f) => f.startsWith('paperless-export'))).toEqual(['paperless-export.sql']);
  });

  it('refuses a database on another host with a sentence', () => {
    const g = guest(['paperless'], {
      services: {
        paperless: {
          dataDir: join(scratch.dir, 'paperless'),
          settings: { PAPERLESS_DBHOST: 'db.example' },
          database: { createLocally: false },
        },
      },
    });
    const r = runHook(g, 'paperless-export');
    expect([r.status, r.stderr.trim()]).toEqual([
      1,
      'Paperless uses a postgresql database the paperless-export hook cannot reach (services.paperless.settings.PAPERLESS_DBHOST without database.createLocally); it dumps only SQLite or the local PostgreSQL. Back that database up where it runs.',
    ]);
  });
});
