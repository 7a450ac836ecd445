import { wireGuardTestNetwork } from '../testing/fixtures';
import { renderWireGuardNixos } from './nixos';
import { planWireGuardMesh, wireGuardPeerPlan } from './plan';

describe('WireGuard NixOS form', () => {
  const { network, privateKeys } = wireGuardTestNetwork([
    { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true },
    { name: 'nas', endpoint: '198.51.100.2:51821', behindNat: true, listenPort: 51821 },
    { name: 'phone', kind: 'device', listenPort: null },
    { name: 'laptop', kind: 'device' },
  ]);
  const plan = planWireGuardMesh(network);
  const peer = (name: string) => network.peers.find((p) => p.name === name)!;

  it('matches networking.wireguard.interfaces.<if> option names', () => {
    const value = renderWireGuardNixos(wireGuardPeerPlan(plan, 'nas'), { privateKeyFile: '/var/lib/clan/mesh/wireguard.key' });
    expect(value).toEqual({
      networking: {
        wireguard: {
          interfaces: {
            'clan-wg': {
              ips: [`${peer('nas').ipv4}/24`, `${peer('nas').ipv6}/64`],
              listenPort: 51821,
              privateKeyFile: '/var/lib/clan/mesh/wireguard.key',
              generatePrivateKeyFile: false,
              peers: [
                {
                  publicKey: peer('hub').publicKey,
                  allowedIPs: [`${peer('hub').ipv4}/32`, `${peer('hub').ipv6}/128`],
                  endpoint: '203.0.113.1:51820',
                  persistentKeepalive: 25,
                },
                {
                  publicKey: peer('laptop').publicKey,
                  allowedIPs: [`${peer('laptop').ipv4}/32`, `${peer('laptop').ipv6}/128`],
                  persistentKeepalive: 25,
                },
                {
                  publicKey: peer('phone').publicKey,
                  allowedIPs: [`${peer('phone').ipv4}/32`, `${peer('phone').ipv6}/128`],
                  persistentKeepalive: 25,
                },
              ],
            },
          },
        },
      },
    });
  });

  it('turns on forwarding on a relay and leaves out a missing listen port', () => {
    const hub = renderWireGuardNixos(wireGuardPeerPlan(plan, 'hub'), {
      privateKeyFile: '/run/keys/wg',
      interfaceName: 'clw-family',
      generatePrivateKeyFile: true,
    });
    expect(hub['boot']).toEqual({ kernel: { sysctl: { 'net.ipv4.ip_forward': 1, 'net.ipv6.conf.all.forwarding': 1 } } });
    const iface = (hub['networking'] as any).wireguard.interfaces['clw-family'];
    expect(iface.generatePrivateKeyFile).toBe(true);
    const phone = renderWireGuardNixos(wireGuardPeerPlan(plan, 'phone'), { privateKeyFile: '/run/keys/wg' });
    expect((phone['networking'] as any).wireguard.interfaces['clan-wg']).not.toHaveProperty('listenPort');
    expect(phone).not.toHaveProperty('boot');
  });

  it('refuses a key file in the Nix store or a relative path', () => {
    const p = wireGuardPeerPlan(plan, 'nas');
    expect(() => renderWireGuardNixos(p, { privateKeyFile: '/nix/store/abc-wg.key' })).toThrow(
      'The private key file must be outside the Nix store, which is world-readable (got "/nix/store/abc-wg.key").',
    );
    expect(() => renderWireGuardNixos(p, { privateKeyFile: 'wg.key' })).toThrow(
      'The private key file must be an absolute path (got "wg.key").',
    );
  });

  it('never carries a private key, for any machine of the network', () => {
    const everything = JSON.stringify(
      plan.peers.map((p) => renderWireGuardNixos(p, { privateKeyFile: '/var/lib/clan/mesh/wireguard.key' })),
    );
    expect(privateKeys.size).toBe(4);
    for (const key of privateKeys.values()) {
      expect(everything).not.toContain(key);
      // Not even re-encoded: hex of the raw key bytes.
      expect(everything).not.toContain(Buffer.from(key, 'base64').toString('hex'));
    }
    // Every 44-character base64 value in it is some peer's public key.
    const publicKeys = new Set(network.peers.map((p) => p.publicKey));
    for (const match of everything.match(/[A-Za-z0-9+/]{43}=/g) ?? []) expect(publicKeys.has(match)).toBe(true);
  });
});
