import { meshLayer, yggdrasilAddress } from '@clan/vpn';
import { hostMeshAddresses, machineRepositoryUrl } from './repo-address';

describe('the backup repository host by the network layer', () => {
  const ranges = { ipv4Cidr: '10.100.7.0/24', ipv6Prefix: 'fd12:3456:789a:7::/64' };
  const ygg = meshLayer('yggdrasil').generateKeyPair().publicKey;

  it('serves a WireGuard network on the host’s .1 and …::1 (by its index, with or without its row)', () => {
    const host = { name: 'panel', publicKey: 'k'.repeat(43) + '=', index: 1 };
    expect(hostMeshAddresses({ layer: 'wireguard', ...ranges, host })).toEqual(['10.100.7.1', 'fd12:3456:789a:7::1']);
    expect(hostMeshAddresses({ layer: 'wireguard', ...ranges, host: null })).toEqual(['10.100.7.1', 'fd12:3456:789a:7::1']);
  });

  it('serves a Yggdrasil network on the host’s key-derived address only (never .1 from the index)', () => {
    const host = { name: 'panel', publicKey: ygg, index: 1 };
    expect(hostMeshAddresses({ layer: 'yggdrasil', ...ranges, host })).toEqual([yggdrasilAddress(ygg)]);
    // Without the host's key there is no address to serve on: nothing rather than a wrong one.
    expect(hostMeshAddresses({ layer: 'yggdrasil', ...ranges, host: null })).toEqual([]);
  });

  it('puts an IPv6 host address in brackets in the machine’s RESTIC_REPOSITORY', () => {
    expect(machineRepositoryUrl('10.100.7.1', 7781, 'net', 'web', 'pw')).toBe('rest:http://web:pw@10.100.7.1:7781/net/web/');
    expect(machineRepositoryUrl(yggdrasilAddress(ygg), 7781, 'net', 'web', 'pw')).toBe(
      `rest:http://web:pw@[${yggdrasilAddress(ygg)}]:7781/net/web/`,
    );
  });
});
