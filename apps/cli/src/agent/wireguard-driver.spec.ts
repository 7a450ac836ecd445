import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWireGuardKeyPair } from '@clan/vpn';
import { MissingToolError, SystemRunner } from './runner';
import { configMessage } from './testing/fake-panel';
import { FakeRunner } from './testing/fake-runner';
import { canonicalCidr, WireGuardDriver, wgHostOnly, wgPeerNames } from './wireguard-driver';

const KEYS = generateWireGuardKeyPair();

describe('WireGuardDriver', () => {
  let dir: string;
  let logs: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clan-wgd-'));
    logs = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function driver(runner: FakeRunner, resolvConf?: string): WireGuardDriver {
    return new WireGuardDriver(
      runner,
      { interfaceName: 'clan-wg', stateDir: join(dir, 'state'), privateKey: KEYS.privateKey, resolvConf },
      (s) => logs.push(s),
    );
  }

  it('creates the interface, syncs the config with the private key filled in, sets exactly the addresses, brings it up', async () => {
    const runner = new FakeRunner()
      .on('ip link show dev clan-wg', () => ({ code: 1, stderr: 'Device "clan-wg" does not exist.' }))
      .on('ip -j', () => ({
        stdout: JSON.stringify([
          {
            addr_info: [
              { family: 'inet', local: '10.100.0.99', prefixlen: 24, scope: 'global' },
              { family: 'inet6', local: 'fd00:0:0::7', prefixlen: 64, scope: 'global' },
              { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' },
            ],
          },
        ]),
      }));
    const resolv = join(dir, 'resolv.conf');
    await driver(runner, resolv).apply(
      configMessage(3, { addresses: ['10.100.0.7/24', 'fd00::7/64'], dns: { servers: ['10.100.0.1'], domain: 'family.clan' } }),
    );
    expect(runner.lines()).toEqual([
      'ip link show dev clan-wg',
      'ip link add dev clan-wg type wireguard',
      `wg syncconf clan-wg ${join(dir, 'state', 'clan-wg.conf')}`,
      'ip -j addr show dev clan-wg',
      'ip addr del 10.100.0.99/24 dev clan-wg',
      'ip addr add 10.100.0.7/24 dev clan-wg',
      'ip link set up dev clan-wg',
      'nft -f -',
    ]);
    const file = join(dir, 'state', 'clan-wg.conf');
    expect(readFileSync(file, 'utf8')).toContain(`PrivateKey = ${KEYS.privateKey}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    // No firewall: a clan_reach table left by an earlier run is deleted (without failing when there is none).
    expect(runner.calls[7].input).toBe('table inet clan_reach\ndelete table inet clan_reach\n');
    expect(readFileSync(resolv, 'utf8')).toContain('nameserver 10.100.0.1\nsearch family.clan\n');
  });

  it('adds IPv6 addresses with nodad', async () => {
    const runner = new FakeRunner().on('ip -j', () => ({ stdout: '[]' }));
    await driver(runner).apply(configMessage(1, { addresses: ['fd00::7/64'] }));
    expect(runner.lines()).toContain('ip addr add fd00::7/64 dev clan-wg nodad');
    expect(runner.lines()).not.toContain('ip link add dev clan-wg type wireguard');
  });

  it('falls back to wireguard-go when the kernel has no WireGuard', async () => {
    const runner = new FakeRunner()
      .on('ip link show dev clan-wg', () => ({ code: 1 }))
      .on('ip link add dev clan-wg type wireguard', () => ({ code: 2, stderr: 'Error: Unknown device type.' }))
      .on('ip -j', () => ({ stdout: '[]' }));
    await driver(runner).apply(configMessage(1));
    expect(runner.lines().slice(0, 4)).toEqual([
      'ip link show dev clan-wg',
      'ip link add dev clan-wg type wireguard',
      'wireguard-go clan-wg',
      `wg syncconf clan-wg ${join(dir, 'state', 'clan-wg.conf')}`,
    ]);
    expect(logs).toContain('created clan-wg with wireguard-go (no kernel WireGuard here)');
  });

  it('names the Debian package when neither the kernel module nor wireguard-go is there', async () => {
    const runner = new FakeRunner()
      .on('ip link show dev clan-wg', () => ({ code: 1 }))
      .on('ip link add dev clan-wg type wireguard', () => ({ code: 2, stderr: 'Error: Unknown device type.' }));
    runner.missing.add('wireguard-go');
    await expect(driver(runner).apply(configMessage(1))).rejects.toThrow(
      'cannot create clan-wg: the kernel has no WireGuard module (Error: Unknown device type.) and wireguard-go is not installed: install the Debian package wireguard-go',
    );
  });

  it('names the package of a missing tool (wg)', async () => {
    const runner = new FakeRunner();
    runner.missing.add('wg');
    await expect(driver(runner).apply(configMessage(1))).rejects.toThrow(
      '`wg` is not installed: install the Debian package wireguard-tools (apt-get install wireguard-tools).',
    );
  });

  it('applies the firewall script and deletes its tables once it becomes null', async () => {
    const runner = new FakeRunner().on('ip -j', () => ({ stdout: '[]' }));
    const d = driver(runner);
    const script = 'table inet clan_reach\ndelete table inet clan_reach\ntable inet clan_reach {\n\tchain input {\n\t}\n}\n';
    await d.apply(configMessage(1, { firewall: script }));
    await d.apply(configMessage(2, { firewall: null }));
    const nft = runner.calls.filter((c) => c.command === 'nft').map((c) => c.input);
    expect(nft).toEqual([script, 'table inet clan_reach\ndelete table inet clan_reach\n']);
  });

  it('skips the firewall without nftables when there is nothing to apply', async () => {
    const runner = new FakeRunner().on('ip -j', () => ({ stdout: '[]' }));
    runner.missing.add('nft');
    await driver(runner).apply(configMessage(1));
    expect(runner.lines()).not.toContain('nft -f -');
  });

  it('skips DNS with one log line when there is neither resolvectl nor --resolv-conf', async () => {
    const runner = new FakeRunner().on('ip -j', () => ({ stdout: '[]' }));
    runner.missing.add('resolvectl');
    const d = driver(runner);
    await d.apply(configMessage(1, { dns: { servers: ['10.100.0.1'], domain: 'family.clan' } }));
    await d.apply(configMessage(2, { dns: { servers: ['10.100.0.2'], domain: 'family.clan' } }));
    expect(logs.filter((l) => l.startsWith('DNS not set'))).toHaveLength(1);
  });

  it('reads the peers from `wg show <if> dump`, and goes down with `ip link del`', async () => {
    const runner = new FakeRunner().on('wg show', () => ({
      stdout: `${KEYS.privateKey}\t${KEYS.publicKey}\t51820\toff\nPEERKEY=\t(none)\t192.0.2.1:51820\t10.100.0.1/32\t1700000000\t10\t20\t25\n`,
    }));
    const d = driver(runner);
    await expect(d.status()).resolves.toEqual([
      { publicKey: 'PEERKEY=', latestHandshake: 1_700_000_000, endpoint: '192.0.2.1:51820', rxBytes: 10, txBytes: 20 },
    ]);
    await d.down();
    expect(runner.lines()).toContain('ip link del dev clan-wg');
  });
});

describe('wgHostOnly', () => {
  const text = `# cLAN mesh: peer "laptop"\n[Interface]\nPrivateKey = {{PRIVATE_KEY}}\nListenPort = 51820\n\n# host (host)\n[Peer]\nPublicKey = HOST=\nAllowedIPs = 10.100.0.1/32\nEndpoint = 192.0.2.1:51820\n\n# nas (machine)\n[Peer]\nPublicKey = NAS=\nAllowedIPs = 10.100.0.2/32\n`;

  it('keeps the interface and only the host peer, with its comment', () => {
    expect(wgHostOnly(text, 'HOST=')).toBe(
      `# cLAN mesh: peer "laptop"\n[Interface]\nPrivateKey = {{PRIVATE_KEY}}\nListenPort = 51820\n\n# host (host)\n[Peer]\nPublicKey = HOST=\nAllowedIPs = 10.100.0.1/32\nEndpoint = 192.0.2.1:51820\n`,
    );
  });

  it('keeps no peer without a host key', () => {
    expect(wgHostOnly(text, null)).not.toContain('[Peer]');
  });

  it('names peers from the comment above them', () => {
    expect(wgPeerNames(text)).toEqual(
      new Map([
        ['HOST=', 'host'],
        ['NAS=', 'nas'],
      ]),
    );
  });
});

describe('canonicalCidr', () => {
  it('compares the kernel spelling with the panel spelling', () => {
    expect(canonicalCidr('fd00:0:0::7/64')).toBe(canonicalCidr('fd00::7/64'));
    expect(canonicalCidr('10.0.0.1')).toBe('10.0.0.1/32');
  });
});

describe('SystemRunner', () => {
  it('reports a missing program with its Debian package', async () => {
    await expect(new SystemRunner().run('yggdrasilctl-does-not-exist', [])).rejects.toThrow('is not installed');
    const err = new MissingToolError('nft');
    expect(err.message).toBe('`nft` is not installed: install the Debian package nftables (apt-get install nftables).');
  });

  it('runs a program, passes stdin and reports its exit code', async () => {
    await expect(new SystemRunner().run('/bin/sh', ['-c', 'cat; exit 3'], { input: 'hi' })).resolves.toEqual({
      code: 3,
      stdout: 'hi',
      stderr: '',
    });
    await expect(new SystemRunner().exists('sh')).resolves.toBe(true);
    await expect(new SystemRunner().exists('no-such-program-here')).resolves.toBe(false);
  });
});
