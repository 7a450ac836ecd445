import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  addressesForIndex,
  DEFAULT_IPV4_POOL,
  HOST_INDEX,
  indexOfIpv4,
  indexOfIpv6,
  interfaceAddresses,
  ipv4ForIndex,
  ipv6ForIndex,
  lastPeerIndex,
  networkAddressing,
  nextFreeAddress,
  nextFreeIndex,
  nextFreeNetworkRange,
  parseNetworkRange,
  ulaPrefix,
} from './addressing';
import { VpnError } from './errors';
import { parseIpv6 } from './ip';

describe('network ranges', () => {
  it('accepts private ranges from /16 to /29 and explains refusals', () => {
    expect(parseNetworkRange('10.100.0.0/24').prefixLength).toBe(24);
    expect(parseNetworkRange('192.168.77.0/29').prefixLength).toBe(29);
    expect(() => parseNetworkRange('10.100.0.0/30')).toThrow(
      '10.100.0.0/30 is a /30; a network range must be between /16 and /29 (a /24 holds 253 peers).',
    );
    expect(() => parseNetworkRange('10.0.0.0/8')).toThrow('is a /8');
    expect(() => parseNetworkRange('8.8.8.0/24')).toThrow('8.8.8.0/24 is not a private range; use one inside 10.0.0.0/8, 172.16.0.0/12');
    expect(() => parseNetworkRange('fd00::/64')).toThrow('"fd00::/64" is not an IPv4 range; write it as e.g. 10.100.0.0/24.');
    try {
      parseNetworkRange('10.100.0.5/24');
      throw new Error('expected a VpnError');
    } catch (err) {
      expect(err).toBeInstanceOf(VpnError);
      expect((err as VpnError).code).toBe('INVALID_RANGE');
    }
  });

  it('hands out the first /24 of the pool that overlaps no used range', () => {
    expect(DEFAULT_IPV4_POOL).toBe('10.100.0.0/16');
    expect(nextFreeNetworkRange([])).toBe('10.100.0.0/24');
    expect(nextFreeNetworkRange(['10.100.0.0/24', '10.100.1.0/24'])).toBe('10.100.2.0/24');
    // A custom range elsewhere does not matter; one covering the start of the pool does.
    expect(nextFreeNetworkRange(['192.168.1.0/24', '10.100.0.0/23'])).toBe('10.100.2.0/24');
    expect(nextFreeNetworkRange(['10.100.0.0/24', 'fd00::/64'], { pool: '172.20.0.0/16', prefixLength: 20 })).toBe('172.20.0.0/20');
    expect(nextFreeNetworkRange(['172.20.0.0/20'], { pool: '172.20.0.0/16', prefixLength: 20 })).toBe('172.20.16.0/20');
  });

  it('says so when the pool is exhausted', () => {
    const used = Array.from({ length: 4 }, (_, i) => `10.9.${i}.0/24`);
    expect(() => nextFreeNetworkRange(used, { pool: '10.9.0.0/22' })).toThrow(
      'Every /24 of the address pool 10.9.0.0/22 is in use; give the network its own range or enlarge the pool.',
    );
    expect(() => nextFreeNetworkRange([], { pool: '10.9.0.0/24', prefixLength: 16 })).toThrow(
      'A /16 does not fit in the pool 10.9.0.0/24.',
    );
  });
});

describe('IPv6 ULA prefix (RFC 4193)', () => {
  it('is fd00::/8 + the low 40 bits of SHA-1(network id) + subnet 0, as a /64', () => {
    const id = '0f3e5a43-7c2d-4f0a-9d8e-3b1c2d4e5f60';
    const prefix = ulaPrefix(id);
    expect(prefix).toMatch(/^fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::\/64$/);
    // Independent computation: hex of the digest's last 5 bytes after "fd".
    const tail = createHash('sha1').update(id).digest('hex').slice(-10);
    const expected = `fd${tail.slice(0, 2)}:${tail.slice(2, 6)}:${tail.slice(6, 10)}:0:0:0:0:0`;
    expect(parseIpv6(prefix.split('/')[0])).toBe(parseIpv6(expected));
  });

  it('is stable for one network and different across networks', () => {
    expect(ulaPrefix('a')).toBe(ulaPrefix('a'));
    const prefixes = new Set(Array.from({ length: 200 }, (_, i) => ulaPrefix(`network-${i}`)));
    expect(prefixes.size).toBe(200);
    expect(() => ulaPrefix('')).toThrow('A network id is needed');
  });
});

describe('addresses by index', () => {
  const addressing = networkAddressing('net-1', '10.100.3.0/24');

  it('maps an index to the same host part in both families', () => {
    expect(addressesForIndex(addressing, 7)).toEqual({ index: 7, ipv4: '10.100.3.7', ipv6: `${addressing.ipv6Prefix.split('::')[0]}::7` });
    expect(ipv4ForIndex('10.100.3.0/24', HOST_INDEX)).toBe('10.100.3.1');
    expect(ipv4ForIndex('10.100.3.0/24', 254)).toBe('10.100.3.254');
    expect(ipv6ForIndex('fd00:1:2::/64', 300)).toBe('fd00:1:2::12c');
    expect(interfaceAddresses(addressing, { ipv4: '10.100.3.7', ipv6: 'fd00::7' })).toEqual(['10.100.3.7/24', 'fd00::7/64']);
  });

  it('never yields the network or broadcast address', () => {
    expect(lastPeerIndex('10.100.3.0/24')).toBe(254);
    expect(lastPeerIndex('10.100.0.0/16')).toBe(65534);
    expect(() => ipv4ForIndex('10.100.3.0/24', 0)).toThrow(
      'Address index 0 is outside 10.100.3.0/24; indexes run from 1 (the host) to 254.',
    );
    expect(() => ipv4ForIndex('10.100.3.0/24', 255)).toThrow('Address index 255 is outside');
    expect(() => ipv4ForIndex('10.100.3.0/24', 1.5)).toThrow('Address index 1.5 is outside');
    expect(() => ipv6ForIndex('fd00::/64', 0)).toThrow('not a positive whole number');
    expect(() => ipv6ForIndex('2001:db8::/64', 2)).toThrow('is not a unique local /64');
  });

  it('finds the index of an address, or null outside the usable range', () => {
    expect(indexOfIpv4('10.100.3.0/24', '10.100.3.9')).toBe(9);
    expect(indexOfIpv4('10.100.3.0/24', '10.100.3.0')).toBeNull();
    expect(indexOfIpv4('10.100.3.0/24', '10.100.3.255')).toBeNull();
    expect(indexOfIpv4('10.100.3.0/24', '10.100.4.9')).toBeNull();
    expect(indexOfIpv4('10.100.3.0/24', 'garbage')).toBeNull();
    expect(indexOfIpv6('fd00:1::/64', 'fd00:1::9')).toBe(9);
    expect(indexOfIpv6('fd00:1::/64', 'fd00:2::9')).toBeNull();
    expect(indexOfIpv6('fd00:1::/64', 'fd00:1::')).toBeNull();
  });

  it('allocates the lowest free peer index, skipping the host', () => {
    expect(nextFreeIndex('10.100.3.0/24', [])).toBe(2);
    expect(nextFreeIndex('10.100.3.0/24', [2, 3, 5])).toBe(4);
    expect(nextFreeAddress('10.100.3.0/24', [])).toBe('10.100.3.2');
    expect(nextFreeAddress('10.100.3.0/24', ['10.100.3.2', '10.100.3.3', '10.99.0.4', 'junk'])).toBe('10.100.3.4');
    // The host's .1 is never handed out even when listed as free.
    expect(nextFreeAddress('10.100.3.0/29', ['10.100.3.2'])).toBe('10.100.3.3');
  });

  it('says the range is full in a sentence', () => {
    const used = ['10.100.3.2', '10.100.3.3', '10.100.3.4', '10.100.3.5', '10.100.3.6'];
    expect(() => nextFreeAddress('10.100.3.0/29', used)).toThrow(
      'The network range 10.100.3.0/29 is full: all 5 peer addresses are in use. Remove a device or give the network a larger range.',
    );
  });

  it('allocating one at a time fills the range with distinct usable addresses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 24, max: 29 }), fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 40 }), (prefix, toRelease) => {
        const range = `10.100.0.0/${prefix}`;
        const used: string[] = [];
        const capacity = lastPeerIndex(range) - 1;
        for (let i = 0; i < Math.min(capacity, 60); i++) used.push(nextFreeAddress(range, used));
        expect(new Set(used).size).toBe(used.length);
        for (const address of used) {
          const index = indexOfIpv4(range, address) as number;
          expect(index).toBeGreaterThanOrEqual(2);
          expect(index).toBeLessThanOrEqual(lastPeerIndex(range));
        }
        // Releasing addresses makes the lowest released one the next to be handed out.
        const released = [...new Set(toRelease.filter((i) => i < used.length))];
        if (released.length > 0) {
          const remaining = used.filter((_, i) => !released.includes(i));
          const lowest = Math.min(...released.map((i) => indexOfIpv4(range, used[i]) as number));
          expect(nextFreeAddress(range, remaining)).toBe(ipv4ForIndex(range, lowest));
        }
      }),
    );
  });
});
