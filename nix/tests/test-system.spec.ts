/**
 * The test system (nix/test-system): built by the real Nix from busybox-static
 * and the Debian kernel, booted under the real libvirt (qemu:///system, domain
 * type qemu = TCG) the way the VM controller will boot a NixOS system: direct
 * kernel boot of <toplevel>/kernel + initrd with `init=<toplevel>/init
 * <kernel-params>`, a serial console, a virtio-serial health channel and a
 * virtio-blk state disk.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { NIX_DIR, NixError, Scratch, errorLine, flakeEval, requireNix } from './support/nix';

const SOURCE = join(NIX_DIR, 'test-system');
const LIBVIRT = 'qemu:///system';
const FLAKES = ['--extra-experimental-features', 'nix-command flakes'];
const OFFLINE = ['--option', 'substituters', '', '--option', 'eval-cache', 'false'];

function sh(cmd: string, args: string[], timeout = 60_000) {
  return spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', NIX_PATH: '' },
  });
}

/** Fails (does not skip) naming the Debian package that is missing. */
function requireSystem(): void {
  requireNix();
  const tools: [string, string[], string][] = [
    ['virsh', ['--version'], 'libvirt-clients'],
    ['qemu-system-x86_64', ['--version'], 'qemu-system-x86'],
    ['qemu-img', ['--version'], 'qemu-utils'],
  ];
  for (const [tool, args, pkg] of tools) {
    const r = sh(tool, args);
    if (r.error || r.status !== 0)
      throw new Error(`${tool} is not available: install the Debian package ${pkg} (scripts/setup-system.sh --tests).`);
  }
  const v = sh('virsh', ['-c', LIBVIRT, 'version']);
  if (v.status !== 0) {
    throw new Error(
      `libvirt ${LIBVIRT} does not answer (${v.stderr.trim()}): install libvirt-daemon-system and start libvirtd + virtlogd (scripts/setup-system.sh --tests).`,
    );
  }
}

function virsh(...args: string[]): string {
  const r = sh('virsh', ['-c', LIBVIRT, ...args]);
  if (r.status !== 0) throw new Error(`virsh ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

function nixBuild(flake: string, attrs: string[]): string[] {
  const r = sh('nix', [...FLAKES, 'build', '--json', '--no-link', ...OFFLINE, ...attrs.map((a) => `path:${flake}#${a}`)], 120_000);
  if (r.status !== 0) throw new NixError(`nix build failed: ${r.stderr.trim().slice(0, 4000)}`, r.stderr);
  return (JSON.parse(r.stdout) as { outputs: { out: string } }[]).map((o) => o.outputs.out);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

/** Direct kernel boot of a system toplevel, as the VM controller does it (domain type is configuration). */
function domainXml(o: {
  name: string;
  toplevel: string;
  kernel: string;
  initrd: string;
  disk: string;
  serial: string;
  health: string;
}): string {
  const params = readFileSync(join(o.toplevel, 'kernel-params'), 'utf8').trim();
  return `<domain type='qemu'>
  <name>${esc(o.name)}</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <cpu mode='maximum'/>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>${esc(o.kernel)}</kernel>
    <initrd>${esc(o.initrd)}</initrd>
    <cmdline>${esc(`init=${o.toplevel}/init ${params}`)}</cmdline>
  </os>
  <features><acpi/><apic/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='${esc(o.disk)}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='file'><source path='${esc(o.serial)}'/><target port='0'/></serial>
    <channel type='unix'>
      <source mode='bind' path='${esc(o.health)}'/>
      <target type='virtio' name='org.clan.health.0'/>
    </channel>
    <memballoon model='none'/>
  </devices>
</domain>
`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the serial log matches `re` (libvirt truncates the file on each start). */
async function waitSerial(file: string, re: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const m = text.match(re);
    if (m) return m;
    await sleep(250);
  }
  throw new Error(`serial console never showed ${re} within ${timeoutMs} ms; it shows:\n${text.slice(-3000)}`);
}

async function waitGone(name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!virsh('list', '--name').split('\n').includes(name)) return;
    await sleep(250);
  }
  throw new Error(`domain ${name} still running ${timeoutMs} ms after virsh shutdown`);
}

/** One PING over the health channel; resolves with the reply line, or null after `timeoutMs`. */
function ping(socket: string, nonce: string, timeoutMs = 10_000): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const s = connect(socket);
    let buf = '';
    const timer = setTimeout(() => {
      s.destroy();
      resolve(null);
    }, timeoutMs);
    s.on('connect', () => s.write(`PING ${nonce}\n`));
    s.on('data', (d) => {
      buf += d.toString('utf8');
      // Only complete lines count.
      const line = buf
        .split('\n')
        .slice(0, -1)
        .find((l) => l.includes(nonce));
      if (line !== undefined) {
        clearTimeout(timer);
        s.destroy();
        resolve(line);
      }
    });
    s.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** A machine's panel-written mesh section (docs/vpn.md, "Machines"): the guest joins the mesh with it when it has a NIC. */
const MESH = {
  enable: true,
  addresses: ['10.100.7.2/24', 'fd12:3456:789a::2/64'],
  listenPort: 51820,
  privateKeyFile: '/run/clan-secrets/mesh/wireguard.key',
  domain: 'gamma.demo.clan',
  nameservers: ['10.100.7.1', 'fd12:3456:789a::1'],
  peers: [
    {
      publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
      endpoint: '192.0.2.1:51827',
      allowedIPs: ['10.100.7.0/24', 'fd12:3456:789a::/64'],
      persistentKeepalive: 25,
    },
  ],
};

/** The paths in a gzip'd newc initrd. */
function initrdFiles(initrd: string): string[] {
  const r = spawnSync('/bin/sh', ['-c', 'gzip -dc "$1" | cpio -it --quiet', 'sh', initrd], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`listing ${initrd} failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

describe('test system (nix/test-system)', () => {
  const scratch = new Scratch();
  const flake = join(scratch.dir, 'test-system');
  const vmDir = join(scratch.dir, 'vm');
  const domain = `clan-test-${randomBytes(4).toString('hex')}`;
  let healthy = '';
  let broken = '';

  beforeAll(() => {
    requireSystem();
    // Only the tracked sources: prepare.sh adds the host files next to them.
    cpSync(SOURCE, flake, { recursive: true, filter: (src) => !/\/(bin|kernel|result[^/]*|machines\.json)$/.test(src) });
    // The VM controller is shared with the NixOS module; the copy takes it along.
    copyFileSync(join(NIX_DIR, 'modules', 'vm-guest', 'controller.sh'), join(flake, 'controller.sh'));
    const prep = sh('sh', [join(flake, 'prepare.sh'), flake]);
    if (prep.status !== 0) throw new Error(prep.stderr.trim() || `prepare.sh failed (${prep.status})`);
    writeFileSync(
      join(flake, 'machines.json'),
      JSON.stringify({
        alpha: { generation: 3 },
        beta: { generation: 4, healthy: false },
        gamma: { generation: 1, config: { mesh: MESH } },
        delta: { generation: 2, config: { backup: { enable: true } } },
        epsilon: { generation: 2, config: { backup: { enable: false } } },
      }),
    );
    // libvirt's qemu runs as libvirt-qemu: it must reach every file.
    chmodSync(scratch.dir, 0o755);
    mkdirSync(vmDir, { mode: 0o755 });
  });

  afterAll(() => {
    sh('virsh', ['-c', LIBVIRT, 'destroy', domain]);
    scratch.remove();
  });

  it('builds with real Nix into the output shape of a NixOS system', () => {
    const started = Date.now();
    [healthy, broken] = nixBuild(flake, ['nixosConfigurations.alpha.config.system.build.toplevel', 'machines.beta']);
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(60);
    for (const f of ['kernel', 'initrd', 'init', 'kernel-params']) expect(existsSync(join(healthy, f))).toBe(true);
    expect(readlinkSync(join(healthy, 'kernel'))).toMatch(/^\/nix\/store\/[a-z0-9]{32}-kernel$/);
    expect(readFileSync(join(healthy, 'kernel-params'), 'utf8')).toContain('console=ttyS0');
    expect(readFileSync(join(healthy, 'init'), 'utf8')).toContain('CLAN_NAME=alpha\nCLAN_GENERATION=3\nCLAN_HEALTHY=1\n');
    expect(readFileSync(join(broken, 'init'), 'utf8')).toContain('CLAN_NAME=beta\nCLAN_GENERATION=4\nCLAN_HEALTHY=0\n');
    // machines.<name> and nixosConfigurations.<name>…toplevel are the same system.
    expect(flakeEval<string>(flake, 'machines.alpha.outPath', {})).toBe(healthy);
    expect(flakeEval<string>(flake, 'packages.x86_64-linux.default.name', {})).toBe('clan-test-system-test-1');
  });

  it('a machine in the mesh: its section becomes shell assignments in the init, wg and openssl join its initrd', () => {
    const [inMesh] = nixBuild(flake, ['machines.gamma']);
    const init = readFileSync(join(inMesh, 'init'), 'utf8');
    expect(init).toContain(
      [
        'CLAN_MESH=1',
        'CLAN_MESH_KEY_FILE=/run/clan-secrets/mesh/wireguard.key',
        "CLAN_MESH_ADDRESSES='10.100.7.2/24 fd12:3456:789a::2/64'",
        'CLAN_MESH_DOMAIN=gamma.demo.clan',
        "CLAN_MESH_NAMESERVERS='10.100.7.1 fd12:3456:789a::1'",
        "CLAN_MESH_CONF='[Interface]",
        'ListenPort = 51820',
        '',
        '[Peer]',
        'PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=',
        'Endpoint = 192.0.2.1:51827',
        'AllowedIPs = 10.100.7.0/24, fd12:3456:789a::/64',
        'PersistentKeepalive = 25',
        "'",
      ].join('\n'),
    );
    const files = initrdFiles(join(inMesh, 'initrd'));
    for (const f of ['bin/wg', 'bin/openssl', 'lib64/ld-linux-x86-64.so.2', 'lib/modules/wireguard.ko', 'lib/modules/virtio_net.ko'])
      expect(files).toContain(f);
    expect(files.some((f) => /^lib\/.*\/libcrypto\.so\.3$/.test(f))).toBe(true);
    // The others stay small: no mesh, no extra tools.
    const plain = initrdFiles(join(healthy, 'initrd'));
    expect(plain).not.toContain('bin/openssl');
    expect(readFileSync(join(healthy, 'init'), 'utf8')).toContain('CLAN_MESH=\n');
  });

  it("every initrd carries the VM controller (the NixOS module's file, byte for byte) and the hooks the machine declares", () => {
    const files = initrdFiles(join(healthy, 'initrd'));
    expect(files).toEqual(expect.arrayContaining(['etc/clan/controller.sh', 'etc/clan/hooks/demo-dump', 'etc/clan/hooks/demo-fail']));
    const r = spawnSync(
      '/bin/sh',
      ['-c', 'gzip -dc "$1" | cpio -i --quiet --to-stdout etc/clan/controller.sh', 'sh', join(healthy, 'initrd')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toBe(readFileSync(join(NIX_DIR, 'modules', 'vm-guest', 'controller.sh'), 'utf8'));
  });

  it('restic and the backup lists only in the initrds of machines with backup.enable', () => {
    const [withBackup, without] = nixBuild(flake, ['machines.delta', 'machines.epsilon']);
    const files = initrdFiles(join(withBackup, 'initrd'));
    for (const f of [
      'bin/restic',
      'lib64/ld-linux-x86-64.so.2',
      'etc/clan/backup/paths',
      'etc/clan/backup/hooks',
      'etc/clan/hooks/demo-dump',
    ])
      expect(files).toContain(f);
    expect(files.some((f) => /^lib\/.*\/libc\.so\.6$/.test(f))).toBe(true);
    // Only restic's set: no mesh tools without a mesh.
    expect(files).not.toContain('bin/wg');
    const read = (f: string) =>
      spawnSync('/bin/sh', ['-c', 'gzip -dc "$1" | cpio -i --quiet --to-stdout "$2"', 'sh', join(withBackup, 'initrd'), f], {
        encoding: 'utf8',
      }).stdout;
    expect(read('etc/clan/backup/paths')).toBe('/state/data\n');
    expect(read('etc/clan/backup/hooks')).toBe('demo-dump\n');
    // The host's restic, byte for byte (it runs with the host's libc, copied along).
    const r = spawnSync('/bin/sh', [
      '-c',
      'gzip -dc "$1" | cpio -i --quiet --to-stdout bin/restic | cmp - "$(command -v restic)"',
      'sh',
      join(withBackup, 'initrd'),
    ]);
    expect(r.status).toBe(0);
    for (const toplevel of [without, healthy]) {
      const plain = initrdFiles(join(toplevel, 'initrd'));
      expect(plain).not.toContain('bin/restic');
      expect(plain).not.toContain('etc/clan/backup/paths');
    }
    const [inMesh] = nixBuild(flake, ['machines.gamma']);
    expect(initrdFiles(join(inMesh, 'initrd'))).not.toContain('bin/restic');
  }, 120_000);

  it('refuses a mesh value that is not an address, key or number (it would end up in a shell script)', () => {
    const hostile = { ...MESH, peers: [{ ...MESH.peers[0], endpoint: "192.0.2.1:51827';reboot;'" }] };
    try {
      flakeEval(
        flake,
        'lib',
        {},
        `lib: (lib.mkTestSystem { name = "delta"; config = builtins.fromJSON ''${JSON.stringify({ mesh: hostile })}''; }).drvPath`,
      );
      throw new Error('expected evaluation to fail');
    } catch (err) {
      expect(err).toBeInstanceOf(NixError);
      expect(errorLine((err as NixError).stderr)).toContain('mkTestSystem: mesh endpoint');
    }
  });

  it('refuses a machine name that is unsafe on a command line', () => {
    try {
      flakeEval(flake, 'lib', {}, 'lib: (lib.mkTestSystem { name = "a b;reboot"; generation = 1; }).drvPath');
      throw new Error('expected evaluation to fail');
    } catch (err) {
      expect(err).toBeInstanceOf(NixError);
      expect(errorLine((err as NixError).stderr)).toContain('mkTestSystem: name must match');
    }
  });

  it('boots under qemu:///system (TCG), keeps state across boots and answers the health probe', async () => {
    expect(healthy).not.toBe('');
    const disk = join(vmDir, 'state.img');
    const img = sh('qemu-img', ['create', '-f', 'raw', disk, '64M']);
    expect(img.status).toBe(0);

    const boot = async (toplevel: string, tag: string) => {
      // The kernel in the store is shared; libvirt chowns boot files, so give it copies.
      const kernel = join(vmDir, `kernel-${tag}`);
      const initrd = join(vmDir, `initrd-${tag}`);
      copyFileSync(join(toplevel, 'kernel'), kernel);
      copyFileSync(join(toplevel, 'initrd'), initrd);
      chmodSync(kernel, 0o644);
      chmodSync(initrd, 0o644);
      const serial = join(vmDir, `serial-${tag}.log`);
      const health = join(vmDir, `health-${tag}.sock`);
      const xml = join(vmDir, `domain-${tag}.xml`);
      writeFileSync(xml, domainXml({ name: domain, toplevel, kernel, initrd, disk, serial, health }));
      const started = Date.now();
      virsh('create', xml);
      const marker = await waitSerial(serial, /CLAN-BOOT machine=(\S+) generation=(\d+)/);
      const markerMs = Date.now() - started;
      const state = await waitSerial(serial, /CLAN-STATE (.*)/, 20_000);
      await waitSerial(serial, /CLAN-HEALTH (\S+)/, 20_000);
      // No mesh section and no NIC: the mesh part is skipped with one line.
      const mesh = await waitSerial(serial, /CLAN-MESH (.*)/, 1000);
      return { marker, markerMs, state: state[1]!.trim(), mesh: mesh[1]!.trim(), health };
    };

    // First boot: the guest formats the blank disk.
    const first = await boot(healthy, '1');
    expect(first.marker.slice(1, 3)).toEqual(['alpha', '3']);
    expect(first.markerMs).toBeLessThan(60_000);
    expect(first.state).toBe('ok boots=1');
    expect(first.mesh).toBe('none');
    const nonce = randomBytes(8).toString('hex');
    expect(await ping(first.health, nonce)).toBe(`PONG ${nonce} alpha 3`);
    // The host hangs up and comes straight back: the guest keeps its port open across the hang-up
    // (closing it would drop what the new connection already sent), so the next probe is answered.
    expect(await ping(first.health, `${nonce}-again`)).toBe(`PONG ${nonce}-again alpha 3`);
    expect(await ping(first.health, `${nonce}-third`)).toBe(`PONG ${nonce}-third alpha 3`);
    // A clean shutdown: ACPI power button → the guest unmounts its state and powers off.
    virsh('shutdown', domain);
    await waitSerial(join(vmDir, 'serial-1.log'), /CLAN-SHUTDOWN machine=alpha generation=3/, 30_000);
    await waitGone(domain, 30_000);

    // Second boot: the same disk, so the count persisted.
    const second = await boot(healthy, '2');
    expect(second.state).toBe('ok boots=2');
    const nonce2 = randomBytes(8).toString('hex');
    expect(await ping(second.health, nonce2)).toBe(`PONG ${nonce2} alpha 3`);
    virsh('destroy', domain);

    // A broken generation boots and mounts its state, but its probe never answers.
    const third = await boot(broken, '3');
    expect(third.marker.slice(1, 3)).toEqual(['beta', '4']);
    expect(third.state).toBe('ok boots=3');
    expect(await ping(third.health, 'silent', 3_000)).toBeNull();
    virsh('destroy', domain);
    expect(virsh('list', '--name')).not.toContain(domain);
  }, 240_000);
});
