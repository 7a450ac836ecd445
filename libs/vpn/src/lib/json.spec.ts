import { mergeNixos } from './json';

describe('mergeNixos', () => {
  it('merges attribute sets deeply and concatenates lists without duplicates', () => {
    expect(
      mergeNixos(
        { networking: { firewall: { allowedUDPPorts: [51820] }, wireguard: { interfaces: { 'clan-wg': { ips: ['10.0.0.2/24'] } } } } },
        { networking: { firewall: { allowedUDPPorts: [51820, 53], allowedTCPPorts: [22] } } },
        { boot: { kernel: { sysctl: { 'net.ipv4.ip_forward': 1 } } } },
      ),
    ).toEqual({
      networking: {
        firewall: { allowedUDPPorts: [51820, 53], allowedTCPPorts: [22] },
        wireguard: { interfaces: { 'clan-wg': { ips: ['10.0.0.2/24'] } } },
      },
      boot: { kernel: { sysctl: { 'net.ipv4.ip_forward': 1 } } },
    });
  });

  it('accepts the same scalar twice and refuses two different ones, like NixOS', () => {
    expect(mergeNixos({ networking: { nftables: { enable: true } } }, { networking: { nftables: { enable: true } } })).toEqual({
      networking: { nftables: { enable: true } },
    });
    expect(() => mergeNixos({ a: { b: 1 } }, { a: { b: 2 } })).toThrow(
      'The NixOS option a.b is defined twice with different values (1 and 2).',
    );
  });
});
