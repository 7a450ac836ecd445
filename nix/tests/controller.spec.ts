/**
 * The VM controller (modules/vm-guest/controller.sh, docs/vm-controller.md)
 * offline, under bash (the NixOS guest's shell) and busybox sh (the demo
 * initrd's): two FIFOs stand in for the virtio port, a directory for the
 * guest's files (CLAN_CONTROLLER_ROOT), fakes for systemctl and fsfreeze, and
 * the host's real restic against a local repository for BACKUP and RESTORE.
 * The same file runs in both guests; the VM tests (apps/api/test/
 * vm-controller.int-spec.ts) drive it through the panel.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NIX_DIR, Scratch } from './support/nix';

const SCRIPT = join(NIX_DIR, 'modules', 'vm-guest', 'controller.sh');
const SHELLS: [string, string[]][] = [
  ['bash', ['bash']],
  ['busybox sh', ['busybox', 'sh']],
];
const TOKEN = 'x3Xf_-tokenOfAlpha';

/** Sends each session's lines, closes the port (the host went away) and prints what came back, then `--`. */
const HARNESS = String.raw`
dir=$1; shift
mkfifo "$dir/in" "$dir/out"
"$@" 2>"$dir/stderr" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for s in "$dir"/session-*; do
  exec 3>"$dir/in" 4<"$dir/out"
  cat "$s" >&3
  exec 3>&-
  cat <&4
  exec 4<&-
  echo --
done
`;

/**
 * Both ports: a slow request on the control port, then (once its hook has
 * started) a session on the health port, whose answers are printed before the
 * control port's, with "hook still running" when the hook had not finished by
 * then. The agent runs in its own process group (its two port loops) and is
 * killed as a whole.
 */
const TWO_PORT_HARNESS = String.raw`
dir=$1; started=$2; finished=$3; shift 3
mkfifo "$dir/hin" "$dir/hout" "$dir/cin" "$dir/cout"
set -m
"$@" 2>"$dir/stderr" &
pid=$!
set +m
trap 'kill -- -$pid 2>/dev/null' EXIT
exec 5>"$dir/cin" 6<"$dir/cout"
cat "$dir/control-session" >&5
i=0
while [ ! -e "$started" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
exec 3>"$dir/hin" 4<"$dir/hout"
cat "$dir/health-session" >&3
exec 3>&-
cat <&4
exec 4<&-
[ -e "$started" ] && [ ! -e "$finished" ] && echo "hook still running"
echo --
exec 5>&-
cat <&6
echo --
`;

let scratch: Scratch;
beforeAll(() => {
  for (const [cmd, pkg] of [
    ['bash', 'bash'],
    ['busybox', 'busybox-static'],
    ['restic', 'restic'],
  ]) {
    if (spawnSync(cmd, ['--help'], { stdio: 'ignore' }).error)
      throw new Error(`${cmd} is not available: install the Debian package ${pkg} (apt-get install ${pkg}).`);
  }
  scratch = new Scratch();
});
afterAll(() => scratch.remove());

function exe(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** A guest root: token, hooks, uptime, the state disk mount, fake systemctl and fsfreeze. */
function guest(name: string, token: string | null = TOKEN): { root: string; bin: string; password: string } {
  const root = join(scratch.dir, name);
  const bin = join(root, 'fake-bin');
  for (const d of ['run/clan-secrets/controller', 'etc/clan/hooks', 'proc', 'state', 'fake-bin'])
    mkdirSync(join(root, d), { recursive: true });
  if (token !== null) writeFileSync(join(root, 'run/clan-secrets/controller/token'), `${token}\n`);
  writeFileSync(join(root, 'proc/uptime'), '1234.56 2000.10\n');
  exe(
    join(root, 'etc/clan/hooks/db-dump'),
    'echo "dumping the database"\necho "to /state/dumps" >&2\nread x && echo "stdin was not empty"\nexit 0',
  );
  exe(join(root, 'etc/clan/hooks/broken'), 'echo "no database here"\nexit 3');
  writeFileSync(join(root, 'etc/clan/hooks/not-executable'), 'echo ran\n');
  exe(join(bin, 'systemctl'), 'printf "%s\\n" "nginx.service loaded failed failed nginx" "clan\\"odd.service loaded failed failed odd"');
  exe(join(bin, 'fsfreeze'), `echo "$@" >> "${root}/fsfreeze.log"`);
  return { root, bin, password: '' };
}

type Guest = ReturnType<typeof guest>;

/** The harness's command line and environment for one agent on its own pair of FIFOs. */
function agent(name: string, shell: string[], sessions: string[][], env: Record<string, string>, root: Guest) {
  const dir = join(scratch.dir, `${name}-port`);
  mkdirSync(dir, { recursive: true });
  sessions.forEach((lines, i) => writeFileSync(join(dir, `session-${i}`), lines.map((l) => `${l}\n`).join('')));
  return {
    dir,
    args: ['-c', HARNESS, 'harness', dir, ...shell, SCRIPT],
    env: {
      PATH: `${root.bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      CLAN_MACHINE: 'alpha',
      CLAN_GENERATION: '7',
      CLAN_CONTROLLER_PORT: join(dir, 'in'),
      CLAN_CONTROLLER_OUT: join(dir, 'out'),
      // No control port: the health port takes requests too (a domain from before org.clan.control.0).
      CLAN_CONTROL_PORT: join(dir, 'no-control-port'),
      CLAN_CONTROLLER_ROOT: root.root,
      CLAN_STATE_MOUNT: '/state',
      ...env,
    },
  };
}

function outcome(dir: string, root: Guest, status: number | null, stdout: string, stderr: string) {
  return {
    status,
    stderr,
    sessions: stdout.split('--\n').slice(0, -1),
    root: root.root,
    agentStderr: readFileSync(join(dir, 'stderr'), 'utf8'),
  };
}

function converse(name: string, shell: string[], sessions: string[][], env: Record<string, string> = {}, root = guest(name)) {
  const a = agent(name, shell, sessions, env, root);
  const r = spawnSync('bash', a.args, { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'], env: a.env });
  if (r.error) throw r.error;
  return outcome(a.dir, root, r.status, r.stdout, r.stderr);
}

/** converse, running in the background (two agents on one machine at the same time). */
function converseLater(name: string, shell: string[], sessions: string[][], root: Guest): Promise<ReturnType<typeof converse>> {
  const a = agent(name, shell, sessions, {}, root);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', a.args, { stdio: ['ignore', 'pipe', 'pipe'], env: a.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve(outcome(a.dir, root, status, out, err)));
  });
}

/** The host's restic on a machine's repository (the settings its env file names). */
function hostRestic(root: Guest, args: string[]): string {
  const r = spawnSync('restic', args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', RESTIC_REPOSITORY: join(root.root, 'repo'), RESTIC_PASSWORD: root.password },
  });
  if (r.status !== 0) throw new Error(`restic ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * A guest that backs up: /etc/clan/backup/{hooks,paths}, a dump hook writing
 * into $CLAN_DUMPS_DIR, data under /state/data, and a fresh local restic
 * repository named by /run/clan-secrets/backup/env.
 */
function backupGuest(name: string, o: { hooks?: string[]; paths?: string[] | null; env?: boolean; init?: boolean } = {}) {
  const g = guest(name);
  const password = `pw-${randomBytes(12).toString('hex')}`;
  for (const d of ['etc/clan/backup', 'run/clan-secrets/backup', 'state/data/docs']) mkdirSync(join(g.root, d), { recursive: true });
  exe(join(g.root, 'etc/clan/hooks/pg-dump'), 'echo "pg-dump: writing db.sql"\necho "-- dump of alpha" > "$CLAN_DUMPS_DIR/db.sql"');
  exe(join(g.root, 'etc/clan/hooks/slow'), 'touch "$CLAN_DUMPS_DIR/slow-started"\nsleep 3\necho "slow: done"');
  writeFileSync(join(g.root, 'etc/clan/backup/hooks'), (o.hooks ?? ['pg-dump']).map((h) => `${h}\n`).join(''));
  if (o.paths !== null)
    writeFileSync(join(g.root, 'etc/clan/backup/paths'), (o.paths ?? ['/state/data', '/state/missing']).map((p) => `${p}\n`).join(''));
  writeFileSync(join(g.root, 'state/data/photo.bin'), randomBytes(1_500_000));
  writeFileSync(join(g.root, 'state/data/docs/notes.txt'), 'shopping: milk\n');
  const root = { ...g, password };
  if (o.env !== false) {
    writeFileSync(join(g.root, 'run/clan-secrets/backup/env'), `RESTIC_REPOSITORY=${join(g.root, 'repo')}\nRESTIC_PASSWORD=${password}\n`);
    // Cases refused before restic runs need no repository (restic init takes a second).
    if (o.init !== false) hostRestic(root, ['init', '-q']);
  }
  return root;
}

const PROGRESS = /^LOG (\S+) progress (\d+) (\d+) (\d+)$/;
const BUSY = 'A backup or restore is running on this machine already; try again when it has ended. Nothing was run.';

describe.each(SHELLS)('controller.sh under %s', (_name, shell) => {
  const tag = shell.join('-');

  it('answers PING as the health responder did, and ignores garbage without dying', () => {
    const r = converse(`ping-${tag}`, shell, [
      ['PING 0a1b', 'HELLO there', 'PING', '\x01\x02 garbage', 'PONG 99 x 1', 'END 1 ok {}', 'REQ', 'REQ ../x', 'PING c0ffee and more'],
      ['PING 2'],
    ]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.sessions).toEqual(['PONG 0a1b alpha 7\nPONG c0ffee alpha 7\n', 'PONG 2 alpha 7\n']);
    expect(r.agentStderr).toBe(`clan: controller on ${scratch.dir}/ping-${tag}-port/in as alpha generation 7\n`);
  });

  it('serves two ports: PING on the health port is answered while a slow hook runs on the control port', () => {
    const root = guest(`two-ports-${tag}`);
    const started = join(root.root, 'slow-started');
    const finished = join(root.root, 'slow-finished');
    exe(join(root.root, 'etc/clan/hooks/slow'), `touch "${started}"\necho "slow started"\nsleep 3\necho "slow done"\ntouch "${finished}"`);
    const dir = join(scratch.dir, `two-ports-${tag}-port`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'control-session'), `REQ s1 ${TOKEN} HOOK slow\nPING c1\n`);
    writeFileSync(join(dir, 'health-session'), `PING h1\nREQ r1 ${TOKEN} FACTS\nREQ\n`);
    const r = spawnSync('bash', ['-c', TWO_PORT_HARNESS, 'harness', dir, started, finished, ...shell, SCRIPT], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: `${root.bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
        CLAN_MACHINE: 'alpha',
        CLAN_GENERATION: '7',
        CLAN_CONTROLLER_PORT: join(dir, 'hin'),
        CLAN_CONTROLLER_OUT: join(dir, 'hout'),
        CLAN_CONTROL_PORT: join(dir, 'cin'),
        CLAN_CONTROL_OUT: join(dir, 'cout'),
        CLAN_CONTROLLER_ROOT: root.root,
        CLAN_STATE_MOUNT: '/state',
      },
    });
    if (r.error) throw r.error;
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout.split('--\n')).toEqual([
      [
        'PONG h1 alpha 7 control',
        'END r1 error This machine takes requests on its control port org.clan.control.0, not on the health port; nothing was run.',
        'hook still running',
        '',
      ].join('\n'),
      ['LOG s1 slow started', 'LOG s1 slow done', 'END s1 ok {"hook":"slow","exitCode":0}', 'PONG c1 alpha 7 control', ''].join('\n'),
      '',
    ]);
    expect(readFileSync(join(dir, 'stderr'), 'utf8')).toBe(`clan: controller on ${dir}/hin and ${dir}/cin as alpha generation 7\n`);
  });

  it('FACTS: machine, generation, uptime, the state disk use and the failed units, as one JSON line', () => {
    const r = converse(`facts-${tag}`, shell, [[`REQ f1 ${TOKEN} FACTS`]]);
    const m = /^END f1 ok (.*)\n$/.exec(r.sessions[0]);
    expect(m).not.toBeNull();
    const facts = JSON.parse((m as RegExpExecArray)[1]) as { stateDisk: { sizeBytes: number; usedBytes: number } };
    expect(facts).toEqual({
      machine: 'alpha',
      generation: 7,
      uptimeSeconds: 1234,
      stateDisk: { mount: '/state', sizeBytes: expect.any(Number), usedBytes: expect.any(Number) },
      failedUnits: ['nginx.service', 'clan"odd.service'],
    });
    expect(facts.stateDisk.sizeBytes).toBeGreaterThan(0);
    expect(facts.stateDisk.usedBytes).toBeLessThanOrEqual(facts.stateDisk.sizeBytes);
  });

  it('HOOK runs a declared hook (output as LOG lines, stdin empty) and refuses undeclared, malformed and failing ones', () => {
    const r = converse(`hook-${tag}`, shell, [
      [
        `REQ h1 ${TOKEN} HOOK db-dump`,
        `REQ h2 ${TOKEN} HOOK nope`,
        `REQ h3 ${TOKEN} HOOK ../../bin/sh`,
        `REQ h4 ${TOKEN} HOOK not-executable`,
        `REQ h5 ${TOKEN} HOOK broken`,
        `REQ h6 ${TOKEN} HOOK`,
        'PING after',
      ],
    ]);
    expect(r.sessions[0]).toBe(
      [
        'LOG h1 dumping the database',
        'LOG h1 to /state/dumps',
        'END h1 ok {"hook":"db-dump","exitCode":0}',
        'END h2 error This machine declares no hook named nope; nothing was run.',
        "END h3 error A hook name is lower-case letters, digits and dashes; '../../bin/sh' is not one.",
        'END h4 error This machine declares no hook named not-executable; nothing was run.',
        'LOG h5 no database here',
        'END h5 error The hook broken failed (exit status 3); its output is above.',
        "END h6 error A hook name is lower-case letters, digits and dashes; '' is not one.",
        'PONG after alpha 7',
        '',
      ].join('\n'),
    );
  });

  it('CHECK runs the checks /etc/clan/checks lists (declared hooks only, each with a timeout) and answers every outcome', () => {
    const root = guest(`check-${tag}`);
    const hooks = join(root.root, 'etc/clan/hooks');
    exe(join(hooks, 'check-web'), 'echo "probing 127.0.0.1:8384"\necho "Syncthing answers on http://127.0.0.1:8384/rest/noauth/health."');
    exe(join(hooks, 'check-db'), 'echo "connecting"\necho \'The "db" does not answer on /run/db.sock.\' >&2\necho\nexit 1');
    exe(join(hooks, 'check-mute'), 'exit 4');
    const slowPid = join(root.root, 'check-slow.pid');
    exe(join(hooks, 'check-slow'), `echo "waiting for the app"\necho $$ > "${slowPid}"\nexec sleep 30`);
    writeFileSync(
      join(root.root, 'etc/clan/checks'),
      ['check-web', '', '# a comment', 'check-db', 'check-mute', 'nope', '../../bin/sh', 'not-executable', 'check-slow'].join('\n'),
    );
    const expected = (timedOut: string) => ({
      checks: [
        { name: 'check-web', ok: true, detail: 'Syncthing answers on http://127.0.0.1:8384/rest/noauth/health.' },
        { name: 'check-db', ok: false, detail: 'The "db" does not answer on /run/db.sock.' },
        { name: 'check-mute', ok: false, detail: 'The check failed (exit status 4) without saying why.' },
        {
          name: 'nope',
          ok: false,
          detail: "'nope' in /etc/clan/checks is not a hook this machine declares (/etc/clan/hooks); it was not run.",
        },
        {
          name: '../../bin/sh',
          ok: false,
          detail: "'../../bin/sh' in /etc/clan/checks is not a hook this machine declares (/etc/clan/hooks); it was not run.",
        },
        {
          name: 'not-executable',
          ok: false,
          detail: "'not-executable' in /etc/clan/checks is not a hook this machine declares (/etc/clan/hooks); it was not run.",
        },
        { name: 'check-slow', ok: false, detail: timedOut },
      ],
    });
    // With the timeout command, and without it (the controller stops the late check itself).
    for (const env of [{}, { CLAN_TIMEOUT: '' }]) {
      const started = Date.now();
      const r = converse(`check-${tag}`, shell, [[`REQ k1 ${TOKEN} CHECK`, 'PING after']], { CLAN_CHECK_TIMEOUT: '2', ...env }, root);
      expect(Date.now() - started).toBeLessThan(5_000);
      const lines = r.sessions[0].split('\n');
      expect(lines.filter((l) => l.startsWith('LOG '))).toEqual([
        'LOG k1 check-web: probing 127.0.0.1:8384',
        'LOG k1 check-web: Syncthing answers on http://127.0.0.1:8384/rest/noauth/health.',
        'LOG k1 check-db: connecting',
        'LOG k1 check-db: The "db" does not answer on /run/db.sock.',
        'LOG k1 check-db: ',
        'LOG k1 check-slow: waiting for the app',
      ]);
      const end = /^END k1 ok (.*)$/.exec(lines.find((l) => l.startsWith('END ')) ?? '');
      expect(end).not.toBeNull();
      expect(JSON.parse((end as RegExpExecArray)[1])).toEqual(
        expected('The check did not finish within 2 seconds and was stopped. Its last line: waiting for the app'),
      );
      expect(lines.at(-2)).toBe('PONG after alpha 7');
      // The late check was stopped, not left running.
      expect(spawnSync('kill', ['-0', readFileSync(slowPid, 'utf8').trim()]).status).not.toBe(0);
    }

    // A machine without /etc/clan/checks has no checks.
    const none = converse(`check-none-${tag}`, shell, [[`REQ k2 ${TOKEN} CHECK`]]);
    expect(none.sessions[0]).toBe('END k2 ok {"checks":[]}\n');
  }, 60_000);

  it('runs nothing for a wrong or missing token, and says so', () => {
    const r = converse(`token-${tag}`, shell, [
      [`REQ t1 ${TOKEN}x HOOK db-dump`, 'REQ t2', `REQ t3 ${TOKEN}x BACKUP`, `REQ t4 ${TOKEN} RM -rf`],
    ]);
    expect(r.sessions[0]).toBe(
      [
        "END t1 error The request's token is not this machine's controller token; nothing was run.",
        "END t2 error The request's token is not this machine's controller token; nothing was run.",
        "END t3 error The request's token is not this machine's controller token; nothing was run.",
        "END t4 error Unknown request 'RM'; this controller knows FACTS, HOOK, FREEZE, THAW, BACKUP, DUMPS, RESTORE and CHECK.",
        '',
      ].join('\n'),
    );
    const none = converse(`notoken-${tag}`, shell, [[`REQ n1 ${TOKEN} FACTS`]], {}, guest(`notoken-${tag}`, null));
    expect(none.sessions[0]).toBe(
      'END n1 error This machine has no controller token on its secrets disk (/run/clan-secrets/controller/token); redeploy it so the panel writes one. Nothing was run.\n',
    );
  });

  it('FREEZE and THAW only the state disk; a freeze the host forgets thaws by itself', () => {
    const r = converse(
      `freeze-${tag}`,
      shell,
      [
        [
          `REQ z1 ${TOKEN} FREEZE /`,
          `REQ z2 ${TOKEN} FREEZE /state`,
          `REQ z3 ${TOKEN} FREEZE /state`,
          `REQ z4 ${TOKEN} THAW /state`,
          `REQ z5 ${TOKEN} THAW /state`,
        ],
        [`REQ z6 ${TOKEN} FREEZE /state`],
      ],
      // busybox sh runs its own fsfreeze applet before any on PATH: the fake by its path.
      { CLAN_THAW_AFTER: '1', CLAN_FSFREEZE: join(scratch.dir, `freeze-${tag}`, 'fake-bin', 'fsfreeze') },
    );
    expect(r.sessions).toEqual([
      [
        "END z1 error Only the state disk (/state) can be frozen, not '/'.",
        'END z2 ok {"mount":"/state","frozen":true,"thawAfterSeconds":1}',
        'END z3 error /state is frozen already; send THAW first.',
        'END z4 ok {"mount":"/state","frozen":false}',
        'END z5 error /state is not frozen.',
        '',
      ].join('\n'),
      'END z6 ok {"mount":"/state","frozen":true,"thawAfterSeconds":1}\n',
    ]);
    const log = join(r.root, 'fsfreeze.log');
    const deadline = Date.now() + 5000;
    while (readFileSync(log, 'utf8').split('\n').length < 5 && Date.now() < deadline) spawnSync('sleep', ['0.2']);
    expect(readFileSync(log, 'utf8')).toBe(
      `--freeze ${r.root}/state\n--unfreeze ${r.root}/state\n--freeze ${r.root}/state\n--unfreeze ${r.root}/state\n`,
    );
    expect(existsSync(join(r.root, 'run/clan-controller/auto-thawed'))).toBe(true);
  });

  it('BACKUP runs the dump hooks, then one tagged restic snapshot of the declared paths and the dumps; RESTORE brings a file back', () => {
    const root = backupGuest(`backup-${tag}`);
    const r = converse(`backup-${tag}`, shell, [[`REQ b1 ${TOKEN} BACKUP clan-revision=0f3a9c clan-generation=7`]], {}, root);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const lines = r.sessions[0].split('\n').slice(0, -1);
    expect(lines.slice(0, 3)).toEqual([
      'LOG b1 skipping /state/missing: it does not exist on this machine',
      'LOG b1 running the dump hook pg-dump',
      'LOG b1 pg-dump: writing db.sql',
    ]);
    const progress = lines.slice(3, -1);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    for (const l of progress) {
      const m = PROGRESS.exec(l);
      expect(m).not.toBeNull();
      const [, id, percent, done, total] = m as RegExpExecArray;
      expect(id).toBe('b1');
      expect(Number(percent)).toBeLessThanOrEqual(100);
      expect(Number(done)).toBeLessThanOrEqual(Number(total));
    }
    const dumpBytes = '-- dump of alpha\n'.length;
    const totalBytes = 1_500_000 + 'shopping: milk\n'.length + dumpBytes;
    expect(progress.at(-1)).toBe(`LOG b1 progress 100 ${totalBytes} ${totalBytes}`);
    const end = /^END b1 ok (.*)$/.exec(lines.at(-1) ?? '');
    expect(end).not.toBeNull();
    const summary = JSON.parse((end as RegExpExecArray)[1]) as { snapshotId: string; dataAdded: number };
    expect(summary).toEqual({
      snapshotId: expect.stringMatching(/^[0-9a-f]{64}$/),
      filesNew: 3,
      dataAdded: expect.any(Number),
      totalBytes,
      complete: true,
    });
    expect(summary.dataAdded).toBeGreaterThan(1_000_000);

    // The snapshot: tagged, this machine's, the declared path and the dumps (the hook ran before restic).
    const [snap] = JSON.parse(hostRestic(root, ['snapshots', '--json'])) as {
      id: string;
      tags: string[];
      hostname: string;
      paths: string[];
    }[];
    expect(snap).toMatchObject({ id: summary.snapshotId, tags: ['clan-revision=0f3a9c', 'clan-generation=7'], hostname: 'alpha' });
    expect(snap.paths.sort()).toEqual([join(root.root, 'state/data'), join(root.root, 'var/lib/clan/dumps')]);
    const files = hostRestic(root, ['ls', 'latest']).split('\n');
    expect(files).toEqual(expect.arrayContaining([join(root.root, 'var/lib/clan/dumps/db.sql'), join(root.root, 'state/data/photo.bin')]));
    expect(hostRestic(root, ['dump', 'latest', join(root.root, 'var/lib/clan/dumps/db.sql')])).toBe('-- dump of alpha\n');
    expect(statSync(join(root.root, 'var/lib/clan/dumps')).mode & 0o777).toBe(0o700);

    // RESTORE: a deleted file comes back byte for byte; a changed one is put back as it was.
    const photo = readFileSync(join(root.root, 'state/data/photo.bin'));
    rmSync(join(root.root, 'state/data/photo.bin'));
    writeFileSync(join(root.root, 'state/data/docs/notes.txt'), 'changed\n');
    const id = summary.snapshotId;
    const back = converse(
      `restore-${tag}`,
      shell,
      [
        [
          `REQ r1 ${TOKEN} RESTORE ${id} /state/data/photo.bin`,
          `REQ r2 ${TOKEN} RESTORE ${id.slice(0, 8)} /state/data/docs`,
          `REQ r3 ${TOKEN} RESTORE ${id} /state/data/nothing-here`,
          `REQ r4 ${TOKEN} RESTORE 0f3a /state/data`,
          `REQ r5 ${TOKEN} RESTORE ${id.toUpperCase()} /state/data`,
          `REQ r6 ${TOKEN} RESTORE ${id} state/data`,
          `REQ r7 ${TOKEN} RESTORE ${id} /state/data/../../etc`,
          `REQ r8 ${TOKEN} RESTORE ${id} /state/*`,
          `REQ r9 ${TOKEN} RESTORE`,
        ],
      ],
      {},
      root,
    );
    const restored = back.sessions[0].split('\n').slice(0, -1);
    expect(restored.filter((l) => l.startsWith('END '))).toEqual([
      'END r1 ok {"restored":"/state/data/photo.bin"}',
      'END r2 ok {"restored":"/state/data/docs"}',
      `END r3 error The snapshot ${id} holds nothing at /state/data/nothing-here; nothing was restored.`,
      "END r4 error A snapshot id is 8 to 64 lower-case hex digits; '0f3a' is not one. Nothing was restored.",
      `END r5 error A snapshot id is 8 to 64 lower-case hex digits; '${id.toUpperCase()}' is not one. Nothing was restored.`,
      "END r6 error A path to restore is absolute, without '..', '*', '?', '[' or '\\'; 'state/data' is not one. Nothing was restored.",
      "END r7 error A path to restore is absolute, without '..', '*', '?', '[' or '\\'; '/state/data/../../etc' is not one. Nothing was restored.",
      "END r8 error A path to restore is absolute, without '..', '*', '?', '[' or '\\'; '/state/*' is not one. Nothing was restored.",
      "END r9 error A snapshot id is 8 to 64 lower-case hex digits; '' is not one. Nothing was restored.",
    ]);
    expect(restored.filter((l) => l.startsWith('LOG r1 '))).toEqual([expect.stringMatching(/^LOG r1 restoring <Snapshot [0-9a-f]{8} /)]);
    expect(readFileSync(join(root.root, 'state/data/photo.bin')).equals(photo)).toBe(true);
    expect(readFileSync(join(root.root, 'state/data/docs/notes.txt'), 'utf8')).toBe('shopping: milk\n');
    // The repository password never reaches a line the host sees, nor the agent's stderr.
    for (const text of [...r.sessions, ...back.sessions, r.agentStderr, back.agentStderr]) expect(text).not.toContain(root.password);
  }, 60_000);

  it('BACKUP refuses bad tags, a machine without repository or restic, undeclared and failing dump hooks, nothing to save', () => {
    const root = backupGuest(`backup-refused-${tag}`, { init: false });
    const r = converse(
      `backup-refused-${tag}`,
      shell,
      [
        [
          `REQ x1 ${TOKEN} BACKUP Clan=1`,
          `REQ x2 ${TOKEN} BACKUP a=b,c=d`,
          `REQ x3 ${TOKEN} BACKUP ok=1 =x`,
          `REQ x4 ${TOKEN} BACKUP key=`,
          `REQ x5 ${TOKEN} BACKUP plain`,
        ],
      ],
      {},
      root,
    );
    const tagError = (t: string) =>
      `A backup tag is key=value of lower-case letters, digits, '.', '_', '-' and '='; '${t}' is not one. Nothing was backed up.`;
    expect(r.sessions[0]).toBe(['Clan=1', 'a=b,c=d', '=x', 'key=', 'plain'].map((t, i) => `END x${i + 1} error ${tagError(t)}\n`).join(''));

    const cases: [string, Parameters<typeof backupGuest>[1], Record<string, string>, string[]][] = [
      [
        'noenv',
        { env: false },
        {},
        [
          "END y error This machine has no backup repository yet (no /run/clan-secrets/backup/env on its secrets disk); the panel writes one when the machine's network has a mesh and the machine is deployed again. Nothing was backed up.",
        ],
      ],
      [
        'norestic',
        {},
        { CLAN_RESTIC: '/nonexistent/restic' },
        [
          "END y error This machine has no restic (it comes with backup.enable = true in the machine's configuration). Nothing was backed up.",
        ],
      ],
      [
        'undeclared',
        { hooks: ['pg-dump', 'nextcloud-db'] },
        {},
        [
          "END y error The dump hook 'nextcloud-db' in /etc/clan/backup/hooks is not a hook this machine declares (/etc/clan/hooks); nothing was backed up.",
        ],
      ],
      [
        'failing',
        { hooks: ['pg-dump', 'broken'] },
        {},
        [
          'LOG y skipping /state/missing: it does not exist on this machine',
          'LOG y running the dump hook pg-dump',
          'LOG y pg-dump: writing db.sql',
          'LOG y running the dump hook broken',
          'LOG y no database here',
          'END y error The dump hook broken failed (exit status 3); its output is above. Nothing was backed up.',
        ],
      ],
      [
        'nothing',
        { hooks: [], paths: ['/state/missing'] },
        {},
        [
          'LOG y skipping /state/missing: it does not exist on this machine',
          'END y error None of the paths this machine backs up exists (/etc/clan/backup/paths) and it has no dump hooks; nothing was backed up.',
        ],
      ],
      [
        'nolists',
        { hooks: [], paths: null },
        {},
        [
          'END y error None of the paths this machine backs up exists (/etc/clan/backup/paths) and it has no dump hooks; nothing was backed up.',
        ],
      ],
    ];
    for (const [what, options, env, expected] of cases) {
      const g = backupGuest(`backup-${what}-${tag}`, { ...options, init: false });
      const c = converse(`backup-${what}-${tag}`, shell, [[`REQ y ${TOKEN} BACKUP`]], env, g);
      expect([what, c.sessions[0]]).toEqual([what, expected.map((l) => `${l}\n`).join('')]);
    }

    // restic fails (no repository where the env file says): its output as LOG lines, the settings masked.
    const wrong = backupGuest(`backup-wrong-${tag}`, { env: false });
    const elsewhere = join(wrong.root, `nowhere-${randomBytes(6).toString('hex')}`);
    writeFileSync(join(wrong.root, 'run/clan-secrets/backup/env'), `RESTIC_REPOSITORY=${elsewhere}\nRESTIC_PASSWORD=${wrong.password}\n`);
    const w = converse(`backup-wrong-${tag}`, shell, [[`REQ w ${TOKEN} BACKUP`]], {}, wrong);
    const wl = w.sessions[0].split('\n').slice(0, -1);
    expect(wl.at(-1)).toBe('END w error restic backup failed (exit status 1); its output is above. No snapshot was saved.');
    expect(wl.some((l) => /^LOG w Fatal: unable to open config file/.test(l))).toBe(true);
    expect(wl.some((l) => l === 'LOG w ***')).toBe(true);
    expect(w.sessions[0]).not.toContain(elsewhere);
    expect(w.sessions[0]).not.toContain(wrong.password);
  }, 60_000);

  it('DUMPS runs the dump hooks as BACKUP does, without restic or a repository, and answers their names', () => {
    // No backup/env and no restic: DUMPS needs neither.
    const root = backupGuest(`dumps-${tag}`, { env: false, hooks: ['pg-dump', 'slow'] });
    const r = converse(`dumps-${tag}`, shell, [[`REQ d1 ${TOKEN} DUMPS`]], { CLAN_RESTIC: '/nonexistent/restic' }, root);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.sessions[0]).toBe(
      [
        'LOG d1 running the dump hook pg-dump',
        'LOG d1 pg-dump: writing db.sql',
        'LOG d1 running the dump hook slow',
        'LOG d1 slow: done',
        'END d1 ok {"hooks":["pg-dump","slow"]}',
      ]
        .map((l) => `${l}\n`)
        .join(''),
    );
    expect(readFileSync(join(root.root, 'var/lib/clan/dumps/db.sql'), 'utf8')).toBe('-- dump of alpha\n');
    expect(statSync(join(root.root, 'var/lib/clan/dumps')).mode & 0o777).toBe(0o700);
    expect(existsSync(join(root.root, 'run/clan-controller/backup.lock'))).toBe(false);

    const cases: [string, Parameters<typeof backupGuest>[1], string[]][] = [
      ['none', { hooks: [], paths: null }, ['END y ok {"hooks":[]}']],
      [
        'undeclared',
        { hooks: ['pg-dump', 'nextcloud-db'] },
        [
          "END y error The dump hook 'nextcloud-db' in /etc/clan/backup/hooks is not a hook this machine declares (/etc/clan/hooks); nothing was backed up.",
        ],
      ],
      [
        'failing',
        { hooks: ['pg-dump', 'broken'] },
        [
          'LOG y running the dump hook pg-dump',
          'LOG y pg-dump: writing db.sql',
          'LOG y running the dump hook broken',
          'LOG y no database here',
          'END y error The dump hook broken failed (exit status 3); its output is above. Nothing was backed up.',
        ],
      ],
    ];
    for (const [what, options, expected] of cases) {
      const g = backupGuest(`dumps-${what}-${tag}`, { ...options, env: false });
      const c = converse(`dumps-${what}-${tag}`, shell, [[`REQ y ${TOKEN} DUMPS`]], {}, g);
      expect([what, c.sessions[0]]).toEqual([what, expected.map((l) => `${l}\n`).join('')]);
      expect(existsSync(join(g.root, 'run/clan-controller/backup.lock'))).toBe(false);
    }

    // BACKUP's lock: a running backup (its holder alive) refuses DUMPS; the lock stays the holder's.
    const busy = backupGuest(`dumps-busy-${tag}`, { env: false });
    mkdirSync(join(busy.root, 'run/clan-controller/backup.lock'), { recursive: true });
    writeFileSync(join(busy.root, 'run/clan-controller/backup.lock/pid'), `${process.pid}\n`);
    const b = converse(`dumps-busy-${tag}`, shell, [[`REQ z ${TOKEN} DUMPS`]], {}, busy);
    expect(b.sessions[0]).toBe(`END z error ${BUSY}\n`);
    expect(existsSync(join(busy.root, 'var/lib/clan/dumps/db.sql'))).toBe(false);
    expect(readFileSync(join(busy.root, 'run/clan-controller/backup.lock/pid'), 'utf8')).toBe(`${process.pid}\n`);
  }, 60_000);

  it('one backup or restore at a time: a second agent is refused while the first runs; a stale lock is taken over', async () => {
    const root = backupGuest(`backup-lock-${tag}`, { hooks: ['slow'] });
    const first = converseLater(`backup-lock-a-${tag}`, shell, [[`REQ c1 ${TOKEN} BACKUP`]], root);
    const started = join(root.root, 'var/lib/clan/dumps/slow-started');
    const deadline = Date.now() + 10_000;
    while (!existsSync(started) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(started)).toBe(true);
    const second = converse(
      `backup-lock-b-${tag}`,
      shell,
      [[`REQ c2 ${TOKEN} BACKUP`, `REQ c3 ${TOKEN} RESTORE 0123456789abcdef /state/data`]],
      {},
      root,
    );
    expect(second.sessions[0]).toBe(`END c2 error ${BUSY}\nEND c3 error ${BUSY}\n`);
    const a = await first;
    expect(a.sessions[0]).toMatch(/LOG c1 slow: done\n(LOG c1 progress .*\n)+END c1 ok \{"snapshotId":"[0-9a-f]{64}"/);
    expect(existsSync(join(root.root, 'run/clan-controller/backup.lock'))).toBe(false);

    // A lock whose holder is gone (the agent was killed) does not block forever.
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    mkdirSync(join(root.root, 'run/clan-controller/backup.lock'));
    writeFileSync(join(root.root, 'run/clan-controller/backup.lock/pid'), `${dead}\n`);
    writeFileSync(join(root.root, 'etc/clan/backup/hooks'), '');
    const third = converse(`backup-lock-c-${tag}`, shell, [[`REQ c4 ${TOKEN} BACKUP`]], {}, root);
    expect(third.sessions[0]).toMatch(/END c4 ok \{"snapshotId":"[0-9a-f]{64}","filesNew":0,/);
  }, 60_000);
});
