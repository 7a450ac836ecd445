import { execFileSync } from 'node:child_process';
import { create as createQrCode } from 'qrcode';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VpnError } from '../errors';
import { generateWireGuardKeyPair } from '../keys';
import { wireGuardTestNetwork } from '../testing/fixtures';
import { planWireGuardMesh, wireGuardPeerPlan } from './plan';
import {
  fillPrivateKey,
  formatWgConfig,
  parseWgConfig,
  PRIVATE_KEY_PLACEHOLDER,
  renderWgQuick,
  renderWgSetconf,
  stripWgQuick,
  wireGuardConfig,
} from './wg-quick';

function meshWithRelay() {
  return wireGuardTestNetwork([
    { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true },
    { name: 'nas', endpoint: '[2001:db8::2]:51821', behindNat: true },
    { name: 'phone', kind: 'device', behindNat: true, listenPort: null },
    { name: 'laptop', kind: 'device' },
  ]);
}

describe('wg-quick rendering', () => {
  it('renders one [Interface] and one [Peer] per other peer, exactly', () => {
    const { network, privateKeys } = meshWithRelay();
    const plan = planWireGuardMesh(network);
    const key = (name: string) => network.peers.find((p) => p.name === name)!;
    const text = renderWgQuick(wireGuardPeerPlan(plan, 'phone'), {
      privateKey: privateKeys.get('phone'),
      dns: ['10.100.0.1', 'family.clan'],
      network: 'family',
    });
    const phone = key('phone');
    expect(text).toBe(
      [
        '# cLAN mesh: peer "phone" (device) of network "family". Rendered by the panel; local changes are overwritten.',
        '[Interface]',
        `PrivateKey = ${privateKeys.get('phone')}`,
        `Address = ${phone.ipv4}/24, ${phone.ipv6}/64`,
        'DNS = 10.100.0.1, family.clan',
        '',
        '# hub (machine), relay for laptop',
        '[Peer]',
        `PublicKey = ${key('hub').publicKey}`,
        `AllowedIPs = ${network.ipv4Range}, ${network.ipv6Prefix}`,
        'Endpoint = 203.0.113.1:51820',
        'PersistentKeepalive = 25',
        '',
        '# nas (machine)',
        '[Peer]',
        `PublicKey = ${key('nas').publicKey}`,
        `AllowedIPs = ${key('nas').ipv4}/32, ${key('nas').ipv6}/128`,
        'Endpoint = [2001:db8::2]:51821',
        'PersistentKeepalive = 25',
        '',
      ].join('\n'),
    );
  });

  it('adds IP forwarding to a relay', () => {
    const { network } = meshWithRelay();
    const text = renderWgQuick(wireGuardPeerPlan(planWireGuardMesh(network), 'hub'));
    expect(text).toContain('PostUp = sysctl -q -w net.ipv4.ip_forward=1\nPostUp = sysctl -q -w net.ipv6.conf.all.forwarding=1\n');
    expect(text).toContain(`PrivateKey = ${PRIVATE_KEY_PLACEHOLDER}\n`);
    expect(text).toContain('ListenPort = 51820\n');
    expect(parseWgConfig(text, 'wg-quick', { allowPlaceholder: true }).peers).toHaveLength(3);
  });

  it('round-trips through the strict parser for every peer', () => {
    const { network, privateKeys } = meshWithRelay();
    const plan = planWireGuardMesh(network);
    for (const peer of plan.peers) {
      const config = wireGuardConfig(peer, { privateKey: privateKeys.get(peer.name), dns: ['10.100.0.1'] });
      const parsed = parseWgConfig(formatWgConfig(config, 'wg-quick'), 'wg-quick');
      const withoutComment = <T extends { comment?: unknown }>(value: T) =>
        Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'comment'));
      expect(parsed.interface).toEqual(withoutComment(config.interface));
      expect(parsed.peers).toEqual(config.peers.map(withoutComment));
    }
  });

  it('fills the placeholder with a key, once', () => {
    const { network, privateKeys } = meshWithRelay();
    const plan = wireGuardPeerPlan(planWireGuardMesh(network), 'laptop');
    const filled = fillPrivateKey(renderWgQuick(plan), privateKeys.get('laptop')!);
    expect(filled).toBe(renderWgQuick(plan, { privateKey: privateKeys.get('laptop') }));
    expect(() => fillPrivateKey(filled, privateKeys.get('laptop')!)).toThrow('The config has no private key placeholder to fill.');
    expect(() => fillPrivateKey(renderWgQuick(plan), 'nope')).toThrow('not a WireGuard key');
    expect(() => renderWgQuick(plan, { privateKey: 'nope' })).toThrow('not a WireGuard key');
    expect(() => renderWgQuick(plan, { dns: ['bad name!'] })).toThrow('"bad name!" is neither a resolver address nor a search domain.');
  });
});

describe('the wg setconf / syncconf form', () => {
  it('is the wg-quick file without Address, DNS and PostUp', () => {
    const { network, privateKeys } = meshWithRelay();
    const plan = wireGuardPeerPlan(planWireGuardMesh(network), 'hub');
    const quick = renderWgQuick(plan, { privateKey: privateKeys.get('hub'), dns: ['10.100.0.1'] });
    const stripped = renderWgSetconf(plan, { privateKey: privateKeys.get('hub') });
    expect(stripWgQuick(quick)).toBe(stripped.replace(/^#.*\n/gm, ''));
    expect(stripped).not.toMatch(/^(Address|DNS|PostUp|MTU)/m);
    expect(parseWgConfig(stripped, 'wg').peers).toHaveLength(3);
    expect(() => parseWgConfig(quick, 'wg')).toThrow(
      'Line 4 of the WireGuard config: Address is not a setting of [Interface] in a wg config.',
    );
  });

  it('matches `wg-quick strip` byte for byte (needs Debian wireguard-tools)', () => {
    const { network, privateKeys } = meshWithRelay();
    const dir = mkdtempSync(join(tmpdir(), 'clan-wg-'));
    try {
      for (const peer of planWireGuardMesh(network).peers) {
        const file = join(dir, `clt${peer.name.slice(0, 8)}.conf`);
        writeFileSync(file, renderWgQuick(peer, { privateKey: privateKeys.get(peer.name), dns: ['10.100.0.1', 'family.clan'] }));
        chmodSync(file, 0o600);
        let out: string;
        try {
          out = execFileSync('wg-quick', ['strip', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT')
            throw new Error('`wg-quick` not found: install the Debian package wireguard-tools');
          throw err;
        }
        expect(out.trimEnd()).toBe(renderWgSetconf(peer, { privateKey: privateKeys.get(peer.name) }).trimEnd());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the strict parser', () => {
  const a = generateWireGuardKeyPair();
  const b = generateWireGuardKeyPair();
  const c = generateWireGuardKeyPair();
  const header = `[Interface]\nPrivateKey = ${a.privateKey}\n`;
  const peer = (key: string, ips = '10.0.0.2/32') => `[Peer]\nPublicKey = ${key}\nAllowedIPs = ${ips}\n`;

  it('reads repeated [Peer] sections as separate peers (what INI parsers get wrong)', () => {
    const parsed = parseWgConfig(`${header}\n${peer(b.publicKey)}\n${peer(c.publicKey, '10.0.0.3/32')}`, 'wg');
    expect(parsed.peers.map((p) => p.publicKey)).toEqual([b.publicKey, c.publicKey]);
  });

  it('is case-insensitive in keys and section names, like wg, and ignores comments', () => {
    const parsed = parseWgConfig(
      `# top\n[interface]\nprivatekey = ${a.privateKey} # trailing\nLISTENPORT=51820\n[PEER]\npublickey=${b.publicKey}\nallowedips = 10.0.0.2/32,fd00::2/128\nAllowedIPs = 10.0.0.9/32\n`,
      'wg',
    );
    expect(parsed.interface.listenPort).toBe(51820);
    expect(parsed.peers[0].allowedIps).toEqual(['10.0.0.2/32', 'fd00::2/128', '10.0.0.9/32']);
  });

  it.each([
    ['', 'The WireGuard config has no [Interface] section.'],
    [`PrivateKey = ${a.privateKey}\n`, 'Line 1 of the WireGuard config: a setting before the [Interface] section.'],
    [`${peer(b.publicKey)}${header}`, 'Line 1 of the WireGuard config: [Peer] before [Interface].'],
    [`${header}${header}`, 'Line 3 of the WireGuard config: a second [Interface] section; a config has exactly one.'],
    [`${header}[Peers]\n`, 'Line 3 of the WireGuard config: unknown section [Peers]; only [Interface] and [Peer] exist.'],
    [`${header}Junk\n`, 'Line 3 of the WireGuard config: "Junk" is neither a [section] nor "Key = Value".'],
    [`${header}ListenPort =\n`, 'Line 3 of the WireGuard config: ListenPort has no value.'],
    [`${header}ListenPort = 0\n`, 'Line 3 of the WireGuard config: ListenPort must be a number from 1 to 65535.'],
    [`${header}FwMark = 1\n`, 'Line 3 of the WireGuard config: FwMark is not a setting of [Interface] in a wg config.'],
    [`${header}PrivateKey = ${a.privateKey}\n`, 'Line 3 of the WireGuard config: PrivateKey is given twice in [Interface].'],
    [`[Interface]\nPrivateKey = abc\n`, 'Line 2 of the WireGuard config: PrivateKey is not a WireGuard key (44 characters of base64).'],
    [`${header}[Peer]\nAllowedIPs = 10.0.0.2/32\n`, 'Line 3 of the WireGuard config: this [Peer] section has no PublicKey.'],
    [
      `${header}${peer(b.publicKey)}Endpoint = x:1\nEndpoint = y:2\n`,
      'Line 7 of the WireGuard config: Endpoint is given twice in this [Peer] section.',
    ],
    [`${header}${peer(b.publicKey)}Endpoint = 1.2.3.4\n`, 'Line 6 of the WireGuard config: "1.2.3.4" is not an endpoint'],
    [`${header}${peer(b.publicKey)}PersistentKeepalive = 70000\n`, 'PersistentKeepalive must be a number from 0 to 65535.'],
    [`${header}${peer(b.publicKey)}Foo = bar\n`, 'Line 6 of the WireGuard config: Foo is not a setting of [Peer].'],
    [`${header}${peer(b.publicKey, '10.0.0.2/24')}`, 'Line 5 of the WireGuard config: "10.0.0.2/24" has host bits set'],
    [`${header}${peer(b.publicKey, '10.0.0.2/32,')}`, 'Line 5 of the WireGuard config: an empty item in a comma-separated list.'],
    [
      `${header}${peer(b.publicKey)}${peer(b.publicKey, '10.0.0.3/32')}`,
      "Line 6 of the WireGuard config: a second [Peer] for the public key of line 3's section; WireGuard would merge them.",
    ],
    [
      `${header}${peer(b.publicKey)}${peer(c.publicKey)}`,
      'Line 6 of the WireGuard config: 10.0.0.2/32 is allowed for the [Peer] of line 3 too; WireGuard would route it to one of them only.',
    ],
  ])('rejects %j', (text, message) => {
    let error: unknown;
    try {
      parseWgConfig(text, 'wg');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(VpnError);
    expect((error as VpnError).code).toBe('INVALID_CONFIG');
    expect((error as VpnError).message).toContain(message);
  });

  it('accepts the placeholder only when asked', () => {
    const text = `[Interface]\nPrivateKey = ${PRIVATE_KEY_PLACEHOLDER}\n`;
    expect(() => parseWgConfig(text, 'wg-quick')).toThrow('PrivateKey is not a WireGuard key');
    expect(parseWgConfig(text, 'wg-quick', { allowPlaceholder: true }).interface.privateKey).toBe(PRIVATE_KEY_PLACEHOLDER);
  });

  it('reads wg-quick-only settings in the wg-quick form', () => {
    const parsed = parseWgConfig(
      `${header}Address = 10.0.0.1/24\nAddress = FD00::1/64\nMTU = 1380\nDNS = 10.0.0.1\nPostDown = true\n`,
      'wg-quick',
    );
    expect(parsed.interface).toMatchObject({ addresses: ['10.0.0.1/24', 'fd00::1/64'], mtu: 1380, dns: ['10.0.0.1'], postDown: ['true'] });
    expect(() => parseWgConfig(`${header}MTU = 100\n`, 'wg-quick')).toThrow('MTU must be a number from 576 to 65535');
  });
});

describe('configs for the phone apps', () => {
  it('a relay-only device fits a QR code even in a 250-peer network; a full-mesh one does not', () => {
    const specs = Array.from({ length: 250 }, (_, i) =>
      i === 0
        ? { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true }
        : i < 50
          ? { name: `machine-${i}`, endpoint: `198.51.100.${i}:51820` }
          : { name: `device-${i}`, kind: 'device' as const, behindNat: true, listenPort: null, relayOnly: i === 249 },
    );
    const { network, privateKeys } = wireGuardTestNetwork(specs, { ipv4Range: '10.100.0.0/23' });
    const plan = planWireGuardMesh(network);
    const phone = renderWgQuick(wireGuardPeerPlan(plan, 'device-249'), {
      privateKey: privateKeys.get('device-249'),
      dns: ['10.100.0.1', 'family.clan'],
    });
    const laptop = renderWgQuick(wireGuardPeerPlan(plan, 'device-248'), { privateKey: privateKeys.get('device-248') });
    expect(createQrCode(phone, { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(20);
    expect(() => createQrCode(laptop, { errorCorrectionLevel: 'L' })).toThrow(/too big/i);
  });
});
