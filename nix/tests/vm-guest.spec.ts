/**
 * nixosModules.vmGuest offline. Its scripts (modules/vm-guest/*.sh) are plain
 * POSIX sh, so they run here for real, under bash (the guest's shell) and
 * busybox sh (the initrd's): the boot marker, the VM controller answering
 * PINGs through two FIFOs standing in for the virtio port (disconnects and
 * reconnects included), and the state-disk formatting on disk images. The
 * module function itself is applied with the stub lib (no nixpkgs here) and
 * what it sets is compared exactly; the module system's evaluation of it is
 * the flake's `vm-guest` check.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalExpr, NIX_DIR, Scratch } from './support/nix';

const SCRIPTS = join(NIX_DIR, 'modules', 'vm-guest');
// blkid and mkfs.ext4 live in sbin, which a non-login PATH may lack.
const PATH = `${process.env['PATH'] ?? '/usr/bin:/bin'}:/usr/sbin:/sbin`;
const SHELLS: [string, string[]][] = [
  ['bash', ['bash']],
  ['busybox sh', ['busybox', 'sh']],
];

/** Fails (does not skip) when a tool is missing, naming its Debian package. */
function requireTool(cmd: string, args: string[], pkg: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { PATH }, stdio: 'ignore' });
  if (r.error) throw new Error(`${cmd} is not available: install the Debian package ${pkg} (apt-get install ${pkg}).`);
}

function run(argv: string[], env: Record<string, string> = {}, timeout = 20_000): SpawnSyncReturns<string> {
  // stdin not a socket: Debian's bash would read ~/.bashrc, taking us for sshd.
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { PATH, ...env }, timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw r.error;
  return r;
}

let scratch: Scratch;
beforeAll(() => {
  requireTool('bash', ['--version'], 'bash');
  requireTool('busybox', ['true'], 'busybox-static');
  requireTool('blkid', ['-V'], 'util-linux');
  requireTool('mkfs.ext4', ['-V'], 'e2fsprogs');
  scratch = new Scratch();
});
afterAll(() => scratch.remove());

const CMDLINE = 'BOOT_IMAGE=/x init=/nix/store/00000000000000000000000000000000-nixos-system/init console=ttyS0 loglevel=4';

describe.each(SHELLS)('boot-marker.sh under %s', (_name, shell) => {
  const marker = (cmdline: string) => run([...shell, join(SCRIPTS, 'boot-marker.sh')], { CLAN_CMDLINE: scratch.text(`${cmdline}\n`) });

  it('prints CLAN-BOOT with the machine and generation the panel put on the command line', () => {
    const r = marker(`${CMDLINE} clan.machine=family-server clan.generation=12`);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'CLAN-BOOT machine=family-server generation=12\n', '']);
  });

  it('takes the last occurrence (the panel appends its values after kernel-params)', () => {
    const r = marker('clan.machine=old clan.generation=1 console=ttyS0 clan.machine=alpha clan.generation=7');
    expect(r.stdout).toBe('CLAN-BOOT machine=alpha generation=7\n');
  });

  it.each([
    ['no clan.machine', `${CMDLINE} clan.generation=3`, "the kernel command line has no valid clan.machine=<name> (got '')"],
    [
      'an upper-case name',
      'clan.machine=Alpha clan.generation=3',
      "the kernel command line has no valid clan.machine=<name> (got 'Alpha')",
    ],
    ['a glob in the name', 'clan.machine=* clan.generation=3', "the kernel command line has no valid clan.machine=<name> (got '*')"],
    ['a name starting with -', 'clan.machine=-a clan.generation=3', "the kernel command line has no valid clan.machine=<name> (got '-a')"],
    [
      'a 64-character name',
      `clan.machine=${'a'.repeat(64)} clan.generation=3`,
      'clan.machine on the kernel command line is longer than 63 characters',
    ],
    ['no clan.generation', 'clan.machine=alpha', "the kernel command line has no valid clan.generation=<n> (got '')"],
    ['generation 0', 'clan.machine=alpha clan.generation=0', "the kernel command line has no valid clan.generation=<n> (got '0')"],
    [
      'a non-numeric generation',
      'clan.machine=alpha clan.generation=3;reboot',
      "the kernel command line has no valid clan.generation=<n> (got '3;reboot')",
    ],
  ])('refuses %s: exit 2, nothing on stdout, the reason on stderr', (_what, cmdline, why) => {
    const r = marker(cmdline);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `clan: ${why}\n`]);
  });

  it('accepts a 63-character name', () => {
    expect(marker(`clan.machine=${'a'.repeat(63)} clan.generation=1`).stdout).toBe(`CLAN-BOOT machine=${'a'.repeat(63)} generation=1\n`);
  });
});

describe.each(SHELLS)('controller.sh under %s, started by systemd', (_name, shell) => {
  it('answers PING as the machine on the kernel command line (no CLAN_MACHINE in its environment)', () => {
    const dir = join(scratch.dir, `controller-${shell.join('-')}`);
    run(['mkdir', '-p', dir]);
    writeFileSync(join(dir, 'cmdline'), `${CMDLINE} clan.machine=alpha clan.generation=3\n`);
    const r = run(['bash', '-c', HARNESS, 'harness', dir, ...shell, join(SCRIPTS, 'controller.sh')]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe('PONG 0a1b alpha 3\n--\n');
  });

  it('exits 2 without a valid machine and generation on the command line (the unit does not restart then)', () => {
    const r = run([...shell, join(SCRIPTS, 'controller.sh')], {
      CLAN_CMDLINE: scratch.text('clan.machine=alpha\n'),
      CLAN_CONTROLLER_PORT: join(scratch.dir, 'no-such-port'),
    });
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', "clan: the kernel command line has no valid clan.generation=<n> (got '')\n"]);
  });
});

/** One host connection through FIFOs (the full protocol: controller.spec.ts). */
const HARNESS = `set -u
dir=$1; shift
mkfifo "$dir/in" "$dir/out"
CLAN_CMDLINE="$dir/cmdline" CLAN_CONTROLLER_PORT="$dir/in" CLAN_CONTROLLER_OUT="$dir/out" CLAN_CONTROL_PORT="$dir/no-control-port" CLAN_CONTROLLER_ROOT="$dir" "$@" 2>"$dir/stderr" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
exec 3>"$dir/in" 4<"$dir/out"
printf 'PING 0a1b\\n' >&3
exec 3>&-
cat <&4
echo --
`;

describe.each(SHELLS)('format-state-disk.sh under %s', (_name, shell) => {
  const MiB = 1024 * 1024;
  const image = (name: string, fill?: (buf: Buffer) => void): string => {
    const file = join(scratch.dir, `${shell.join('-')}-${name}.img`);
    run(['truncate', '-s', '32M', file]);
    if (fill) {
      const head = Buffer.alloc(MiB);
      fill(head);
      writeFileSync(file, head, { flag: 'r+' });
    }
    return file;
  };
  // Waits up to 10 s for the device in the initrd; 0.3 s here.
  const format = (device: string) =>
    run([...shell, '-c', `. ${join(SCRIPTS, 'format-state-disk.sh')}; clan_format_state_disk "$1" 3; echo "rc=$?"`, 'format', device]);
  const probe = (device: string) => run(['blkid', '-p', '-o', 'export', device]);

  it('formats a blank disk (all zeros, as qemu-img creates it) as ext4 labelled clan-state', () => {
    const disk = image('blank');
    const r = format(disk);
    expect(r.stdout).toBe(`clan: formatting the blank state disk ${disk} (ext4, label clan-state)\nrc=0\n`);
    expect(probe(disk).stdout).toMatch(/^TYPE=ext4$/m);
    expect(probe(disk).stdout).toMatch(/^LABEL=clan-state$/m);
  });

  it('leaves a disk with a filesystem alone (a later boot, or a filesystem that fails to mount)', () => {
    const disk = image('used');
    run(['mkfs.ext4', '-q', '-F', '-L', 'mine', disk]);
    const before = readFileSync(disk);
    expect(format(disk).stdout).toBe('rc=0\n');
    expect(readFileSync(disk).equals(before)).toBe(true);
  });

  it('refuses a disk that holds data but no filesystem it knows', () => {
    const disk = image('junk', (head) => head.write('precious bytes', 300_000));
    const before = readFileSync(disk);
    expect(format(disk).stdout).toBe(
      `clan: state disk ${disk} is not blank (data but no filesystem, or unreadable): not formatting it\nrc=1\n`,
    );
    expect(readFileSync(disk).equals(before)).toBe(true);
  });

  it('gives up when the disk never appears, without ending the calling shell', () => {
    const r = format(join(scratch.dir, 'missing.img'));
    expect(r.stdout).toBe(`clan: state disk ${join(scratch.dir, 'missing.img')} did not appear\nrc=1\n`);
  });
});

/** The module function applied with the stub lib; pkgs' bash and coreutils are /usr, so its commands run here. */
const MODULE = `{ nixDir, systemdInitrd }: let
  stub = import (nixDir + "/tests/support/stub-lib.nix");
in (import (nixDir + "/modules/vm-guest.nix") {
  lib = stub;
  config.boot.initrd.systemd.enable = systemdInitrd == "1";
  config.clan.controller.hooks = if systemdInitrd == "1" then { "Bad_Name" = "true"; } else { db-dump = "pg_dumpall > /var/backup/db.sql"; };
  # What modules/core.nix declares from the apps (the other case: a machine without backups).
  config.clan.backup = if systemdInitrd == "1" then { enable = false; paths = [ "/var/lib/x" ]; hooks = [ "db-dump" ]; } else {
    enable = true; paths = [ "/var/lib/nextcloud" "/srv/photos" ]; hooks = [ "db-dump" ];
  };
  pkgs = { bash = "/usr"; coreutils = "/usr"; e2fsprogs = "/e2fsprogs"; gawk = "/gawk"; gnused = "/gnused"; util-linux = "/util-linux"; systemd = "/systemd"; restic = "/restic"; };
}).config`;

interface GuestModule {
  assertions: { assertion: boolean; message: string }[];
  boot: {
    loader: unknown;
    isContainer: boolean;
    kernelParams: string[];
    initrd: { availableKernelModules: string[]; extraUtilsCommands: string; extraUtilsCommandsTest: string; postDeviceCommands: string };
  };
  fileSystems: Record<string, unknown>;
  environment: { etc: Record<string, unknown> };
  nix: unknown;
  system: unknown;
  systemd: { services: Record<string, { serviceConfig: { ExecStart: string } & Record<string, unknown> } & Record<string, unknown>> };
}

describe('nixosModules.vmGuest (the module function, stub lib)', () => {
  let m: GuestModule;
  let scripts: string;
  beforeAll(() => {
    m = evalExpr<GuestModule>(MODULE, { nixDir: NIX_DIR, systemdInitrd: '0' }, { readWrite: true });
    scripts = m.systemd.services['clan-controller'].serviceConfig.ExecStart.replace(/^\/usr\/bin\/bash (.*)\/controller\.sh$/, '$1');
  });

  it('boots directly with the serial console, virtio drivers, and no boot loader or Nix', () => {
    expect(m.boot.loader).toEqual({ grub: { enable: false } });
    expect(m.boot.isContainer).toBe(false);
    expect(m.boot.kernelParams).toEqual(['console=ttyS0']);
    expect(m.boot.initrd.availableKernelModules).toEqual(['virtio_pci', 'virtio_blk', 'virtio_console', 'ext4']);
    expect(m.nix).toEqual({ enable: false });
    expect(m.system).toEqual({ stateVersion: { _type: 'override', priority: 1000, content: '25.05' } });
    // The systemd initrd refused, the hook name checked, every listed backup hook declared.
    expect(m.assertions.map((a) => a.assertion)).toEqual([true, true, true]);
  });

  it('mounts the state disk as / and the read-only store disk (label clan-store) at /nix/store in stage 1', () => {
    expect(m.fileSystems).toMatchObject({
      '/': { device: '/dev/vda', fsType: 'ext4' },
      '/nix/store': { device: '/dev/disk/by-label/clan-store', fsType: 'ext4', options: ['ro'], neededForBoot: true, noCheck: true },
    });
  });

  it('mounts the secrets disk (serial clan-secrets) read-only at /run/clan-secrets, after stage 1 and never blocking boot', () => {
    expect(Object.keys(m.fileSystems).sort()).toEqual(['/', '/nix/store', '/run/clan-secrets']);
    expect(m.fileSystems['/run/clan-secrets']).toEqual({
      device: '/dev/disk/by-id/virtio-clan-secrets',
      fsType: 'ext4',
      options: ['ro', 'nofail', 'nosuid', 'nodev', 'noexec', 'x-systemd.device-timeout=10s'],
      noCheck: true,
    });
  });

  it('formats a blank state disk in stage 1 with the tested script and the real mkfs.ext4', () => {
    const script = readFileSync(join(SCRIPTS, 'format-state-disk.sh'), 'utf8');
    expect(m.boot.initrd.postDeviceCommands).toBe(`${script}\nclan_format_state_disk /dev/vda || true\n`);
    expect(m.boot.initrd.extraUtilsCommands).toBe('copy_bin_and_libs /e2fsprogs/bin/mke2fs\nln -sf mke2fs $out/bin/mkfs.ext4\n');
    expect(m.boot.initrd.extraUtilsCommandsTest).toBe('$out/bin/mkfs.ext4 -V\n');
  });

  it('refuses the systemd initrd (the state disk is formatted by the scripted one)', () => {
    const withSystemd = evalExpr<GuestModule>(MODULE, { nixDir: NIX_DIR, systemdInitrd: '1' });
    expect(withSystemd.assertions.slice(0, 1)).toEqual([
      {
        assertion: false,
        message:
          'clan vmGuest formats a blank state disk in the scripted stage 1 (boot.initrd.postDeviceCommands); boot.initrd.systemd.enable is not supported.',
      },
    ]);
  });

  it('defines the boot marker (early, on ttyS0) and the VM controller (after multi-user.target, restarting) units', () => {
    expect(scripts).toMatch(/^\/nix\/store\/[a-z0-9]{32}-vm-guest$/);
    const { ExecStart: markerStart, ...marker } = m.systemd.services['clan-boot-marker'].serviceConfig;
    const { ExecStart: healthStart, ...health } = m.systemd.services['clan-controller'].serviceConfig;
    expect(markerStart).toBe(`/usr/bin/bash ${scripts}/boot-marker.sh`);
    expect(healthStart).toBe(`/usr/bin/bash ${scripts}/controller.sh`);
    expect({ ...m.systemd.services['clan-boot-marker'], serviceConfig: marker }).toEqual({
      description: 'cLAN boot marker on the serial console',
      wantedBy: ['sysinit.target'],
      before: ['sysinit.target'],
      unitConfig: { DefaultDependencies: false },
      path: ['/usr'],
      serviceConfig: { Type: 'oneshot', RemainAfterExit: true, StandardOutput: 'tty', StandardError: 'journal', TTYPath: '/dev/ttyS0' },
    });
    expect({ ...m.systemd.services['clan-controller'], serviceConfig: health }).toEqual({
      description: 'cLAN VM controller (virtio-serial org.clan.health.0 and org.clan.control.0)',
      wantedBy: ['multi-user.target'],
      after: ['multi-user.target'],
      path: ['/usr', '/gawk', '/gnused', '/util-linux', '/systemd', '/restic'],
      serviceConfig: { Restart: 'always', RestartSec: 1, RestartPreventExitStatus: 2 },
    });
    // Without backups: no restic.
    const plain = evalExpr<GuestModule>(MODULE, { nixDir: NIX_DIR, systemdInitrd: '1' });
    expect(plain.systemd.services['clan-controller']['path']).toEqual(['/usr', '/gawk', '/gnused', '/util-linux', '/systemd']);
  });

  it('puts each declared hook at /etc/clan/hooks/<name> (bash, executable) and refuses a name the controller would not run', () => {
    expect(m.environment.etc).toEqual({
      'clan/hooks/db-dump': { text: '#!/usr/bin/bash\nset -eu\npg_dumpall > /var/backup/db.sql\n', mode: '0755' },
      // BACKUP's lists (controller.sh): one entry a line.
      'clan/backup/paths': { text: '/var/lib/nextcloud\n/srv/photos\n' },
      'clan/backup/hooks': { text: 'db-dump\n' },
    });
    const bad = evalExpr<GuestModule>(MODULE, { nixDir: NIX_DIR, systemdInitrd: '1' });
    expect(bad.assertions[1]).toEqual({
      assertion: false,
      message: 'clan.controller.hooks: the hook name "Bad_Name" must be lower-case letters, digits and dashes.',
    });
  });

  it("the units' commands run the store copies of the tested scripts (which find cmdline.sh next to them)", () => {
    for (const file of ['cmdline.sh', 'boot-marker.sh', 'controller.sh', 'format-state-disk.sh']) {
      expect(readFileSync(join(scripts, file), 'utf8')).toBe(readFileSync(join(SCRIPTS, file), 'utf8'));
    }
    const argv = m.systemd.services['clan-boot-marker'].serviceConfig.ExecStart.split(' ');
    const r = run(argv, { CLAN_CMDLINE: scratch.text(`${CMDLINE} clan.machine=beta clan.generation=2\n`) });
    expect([r.status, r.stdout]).toEqual([0, 'CLAN-BOOT machine=beta generation=2\n']);
  });
});
