import fc from 'fast-check';
import {
  canonicalIp,
  cidrsOverlap,
  cidrSize,
  formatCidr,
  formatEndpoint,
  formatIpv4,
  formatIpv6,
  isPrivateIpv4Cidr,
  parseCidr,
  parseEndpoint,
  parseIpv4,
  parseIpv4Cidr,
  parseIpv6,
  parseIpv6Cidr,
} from './ip';

describe('IPv4 and IPv6 addresses', () => {
  it('parses and formats IPv4', () => {
    expect(parseIpv4('10.100.0.2')).toBe(0x0a640002);
    expect(formatIpv4(0x0a640002)).toBe('10.100.0.2');
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    for (const bad of ['10.100.0', '10.100.0.256', '010.1.1.1', '1.2.3.4.5', '', 'a.b.c.d', '1..2.3']) expect(parseIpv4(bad)).toBeNull();
  });

  it('parses IPv6 with "::" and formats it per RFC 5952', () => {
    expect(formatIpv6(parseIpv6('FD00:0:0:0:0:0:0:1') as bigint)).toBe('fd00::1');
    expect(formatIpv6(parseIpv6('2001:db8:0:0:1:0:0:1') as bigint)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(parseIpv6('::') as bigint)).toBe('::');
    expect(formatIpv6(parseIpv6('1:0:2:3:4:5:6:7') as bigint)).toBe('1:0:2:3:4:5:6:7');
    for (const bad of ['1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', ':::', 'fd00::g', '1:2:3:4:5:6:7']) expect(parseIpv6(bad)).toBeNull();
  });

  it('round-trips every IPv6 address through text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        expect(parseIpv6(formatIpv6(value))).toBe(value);
      }),
    );
  });

  it('gives canonical text for either family', () => {
    expect(canonicalIp('FD00::0001')).toBe('fd00::1');
    expect(canonicalIp('10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalIp('nope')).toBeNull();
  });
});

describe('CIDR ranges', () => {
  it('parses both families and refuses host bits unless asked', () => {
    expect(formatCidr(parseCidr('10.100.3.0/24'))).toBe('10.100.3.0/24');
    expect(formatCidr(parseCidr('FD00:1::/64'))).toBe('fd00:1::/64');
    expect(() => parseIpv4Cidr('10.100.3.7/24')).toThrow(
      '"10.100.3.7/24" has host bits set; the range starts at 10.100.3.0/24, write that instead.',
    );
    expect(parseIpv4Cidr('10.100.3.7/24', { allowHostBits: true }).network).toBe(parseIpv4('10.100.3.0'));
    expect(() => parseIpv6Cidr('fd00::1/64')).toThrow('has host bits set; the range starts at fd00::/64');
  });

  it('explains what is wrong in a sentence', () => {
    expect(() => parseCidr('10.100.0.0')).toThrow('"10.100.0.0" has no prefix length; write it as address/length, e.g. 10.100.0.0/24.');
    expect(() => parseCidr('10.100.0.0/33')).toThrow('"10.100.0.0/33": an IPv4 prefix length is at most 32.');
    expect(() => parseCidr('10.300.0.0/24')).toThrow('"10.300.0.0" is not an IPv4 address: "300" is not a number from 0 to 255');
    expect(() => parseCidr('fd00::/129')).toThrow('an IPv6 prefix length is at most 128');
    expect(() => parseCidr('10.0.0.0/x')).toThrow('has no valid prefix length after "/"');
    expect(() => parseCidr('fd00:::/64')).toThrow('"fd00:::" is not an IPv6 address');
  });

  it('computes sizes and overlaps', () => {
    expect(cidrSize(parseCidr('10.0.0.0/24'))).toBe(256n);
    expect(cidrSize(parseCidr('fd00::/64'))).toBe(1n << 64n);
    expect(cidrsOverlap(parseCidr('10.100.0.0/16'), parseCidr('10.100.7.0/24'))).toBe(true);
    expect(cidrsOverlap(parseCidr('10.100.7.0/24'), parseCidr('10.100.0.0/16'))).toBe(true);
    expect(cidrsOverlap(parseCidr('10.100.7.0/24'), parseCidr('10.100.8.0/24'))).toBe(false);
    expect(cidrsOverlap(parseCidr('10.100.7.0/24'), parseCidr('fd00::/8'))).toBe(false);
    expect(cidrsOverlap(parseCidr('fd00::/8'), parseCidr('fd12::/64'))).toBe(true);
  });

  it('knows the private IPv4 ranges', () => {
    expect(isPrivateIpv4Cidr(parseIpv4Cidr('10.100.0.0/24'))).toBe(true);
    expect(isPrivateIpv4Cidr(parseIpv4Cidr('172.31.0.0/16'))).toBe(true);
    expect(isPrivateIpv4Cidr(parseIpv4Cidr('100.64.1.0/24'))).toBe(true);
    expect(isPrivateIpv4Cidr(parseIpv4Cidr('172.32.0.0/24'))).toBe(false);
    expect(isPrivateIpv4Cidr(parseIpv4Cidr('8.8.8.0/24'))).toBe(false);
    expect(isPrivateIpv4Cidr(parseIpv4Cidr('10.0.0.0/7'))).toBe(false);
  });
});

describe('endpoints', () => {
  it('accepts host:port for IPv4, bracketed IPv6 and names', () => {
    expect(parseEndpoint('203.0.113.7:51820')).toEqual({ host: '203.0.113.7', port: 51820 });
    expect(parseEndpoint('[2001:DB8::7]:51820')).toEqual({ host: '2001:db8::7', port: 51820 });
    expect(parseEndpoint('VPN.example.org:1')).toEqual({ host: 'vpn.example.org', port: 1 });
    expect(formatEndpoint({ host: '2001:db8::7', port: 5 })).toBe('[2001:db8::7]:5');
  });

  it('rejects the rest with a sentence', () => {
    const problem = (text: string) => (parseEndpoint(text) as { problem: string }).problem;
    expect(problem('203.0.113.7')).toBe(
      '"203.0.113.7" is not an endpoint; write host:port, e.g. 203.0.113.7:51820, [2001:db8::7]:51820 or vpn.example.org:51820',
    );
    expect(problem('host:0')).toBe('"host:0" has port 0; a port is a number from 1 to 65535');
    expect(problem('host:70000')).toContain('a port is a number from 1 to 65535');
    expect(problem('1.2.3.999:5')).toContain('is not a number from 0 to 255');
    expect(problem('[fd00:::1]:5')).toContain('is not an IPv6 address');
    expect(problem('-bad-.org:5')).toContain('does not name a host');
    expect(problem('2001:db8::7:51820')).toContain('is not an endpoint');
  });
});
