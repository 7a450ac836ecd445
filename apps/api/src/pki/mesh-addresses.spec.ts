import { meshLayer, yggdrasilAddress } from '@clan/vpn';
import { machineMeshAddresses } from './pki.service';

describe('a machine certificate’s mesh addresses by the network layer', () => {
  const ranges = { ipv4Cidr: '10.100.7.0/24', ipv6Prefix: 'fd12:3456:789a:7::/64' };

  it('WireGuard: the IPv4 and IPv6 of the machine’s index', () => {
    const peer = { name: 'web', publicKey: 'k'.repeat(43) + '=', index: 5, revokedAt: null };
    expect(machineMeshAddresses({ layer: 'wireguard', ...ranges }, peer)).toEqual(['10.100.7.5', 'fd12:3456:789a:7::5']);
    expect(machineMeshAddresses({ layer: 'wireguard', ...ranges }, { ...peer, index: null })).toEqual([]);
  });

  it('Yggdrasil: the address derived from the machine’s key, not one from its index', () => {
    const key = meshLayer('yggdrasil').generateKeyPair().publicKey;
    const peer = { name: 'web', publicKey: key, index: 5, revokedAt: null };
    expect(machineMeshAddresses({ layer: 'yggdrasil', ...ranges }, peer)).toEqual([yggdrasilAddress(key)]);
  });
});
