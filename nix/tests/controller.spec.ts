/**
 * The VM controller (modules/vm-guest/controller.sh, docs/vm-controller.md)
 * offline, under bash (the NixOS guest's shell) and busybox sh (the demo
 * initrd's): two FIFOs stand in for the virtio port, a directory for the
 * guest's files (CLAN_CONTROLLER_ROOT), fakes for systemctl and fsfreeze.
 * The same file runs in both guests; the VM tests (apps/api/test/
 * vm-controller.int-spec.ts) drive it through the panel.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

let scratch: Scratch;
beforeAll(() => {
  for (const [cmd, pkg] of [
    ['bash', 'bash'],
    ['busybox', 'busybox-static'],
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
function guest(name: string, token: string | null = TOKEN) {
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
  return { root, bin };
}

function converse(name: string, shell: string[], sessions: string[][], env: Record<string, string> = {}, root = guest(name)) {
  const dir = join(scratch.dir, `${name}-port`);
  mkdirSync(dir, { recursive: true });
  sessions.forEach((lines, i) => writeFileSync(join(dir, `session-${i}`), lines.map((l) => `${l}\n`).join('')));
  const r = spawnSync('bash', ['-c', HARNESS, 'harness', dir, ...shell, SCRIPT], {
    encoding: 'utf8',
    timeout: 30_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `${root.bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      CLAN_MACHINE: 'alpha',
      CLAN_GENERATION: '7',
      CLAN_CONTROLLER_PORT: join(dir, 'in'),
      CLAN_CONTROLLER_OUT: join(dir, 'out'),
      CLAN_CONTROLLER_ROOT: root.root,
      CLAN_STATE_MOUNT: '/state',
      ...env,
    },
  });
  if (r.error) throw r.error;
  return {
    status: r.status,
    stderr: r.stderr,
    sessions: r.stdout.split('--\n').slice(0, -1),
    root: root.root,
    agentStderr: readFileSync(join(dir, 'stderr'), 'utf8'),
  };
}

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

  it('runs nothing for a wrong or missing token, and says so', () => {
    const r = converse(`token-${tag}`, shell, [
      [`REQ t1 ${TOKEN}x HOOK db-dump`, 'REQ t2', `REQ t3 ${TOKEN} BACKUP`, `REQ t4 ${TOKEN} RM -rf`],
    ]);
    expect(r.sessions[0]).toBe(
      [
        "END t1 error The request's token is not this machine's controller token; nothing was run.",
        "END t2 error The request's token is not this machine's controller token; nothing was run.",
        "END t3 error BACKUP is reserved and not implemented by this machine's controller yet.",
        "END t4 error Unknown request 'RM'; this controller knows FACTS, HOOK, FREEZE and THAW.",
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
});
