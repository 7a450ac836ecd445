import { ipv4Bytes, ipv6Bytes, PhonebookInputError, PhonebookTable } from './phonebook-dns-table';

/** Formats 16 bytes as 8 hex groups; the WHATWG URL parser then compresses them the standard way (RFC 5952). */
function canonicalIpv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname;
}

describe('phonebook table', () => {
  it('maps (network, device) to addresses and keeps them as wire bytes', () => {
    const t = new PhonebookTable(100);
    t.setDevice('family', 'laptop-anna', { ipv4: '10.77.0.2', ipv6: 'fd7a:115c:a1e0::2' });
    const e = t.lookup('family', 'laptop-anna');
    expect(e).toMatchObject({ ipv4: '10.77.0.2', ipv6: 'fd7a:115c:a1e0::2' });
    expect([...(e?.ipv4Bytes ?? [])]).toEqual([10, 77, 0, 2]);
    expect(canonicalIpv6(e!.ipv6Bytes!)).toBe('[fd7a:115c:a1e0::2]');
    expect(t.lookup('family', 'phone')).toBeUndefined();
    expect(t.lookup('work', 'laptop-anna')).toBeUndefined();
  });

  it('bumps the serial on every change and only then', () => {
    const t = new PhonebookTable(0xffffffff);
    t.setDevice('family', 'a', { ipv4: '10.0.0.1' });
    expect(t.serial).toBe(0); // wraps like an SOA serial (RFC 1982)
    expect(t.removeDevice('family', 'missing')).toBe(false);
    expect(t.removeNetwork('missing')).toBe(false);
    expect(t.serial).toBe(0);
    expect(t.removeDevice('family', 'a')).toBe(true);
    expect(t.serial).toBe(1);
    // The network stays known (its name answers NODATA, not NXDOMAIN) until removed.
    expect(t.hasNetwork('family')).toBe(true);
    expect(t.removeNetwork('family')).toBe(true);
    expect(t.hasNetwork('family')).toBe(false);
    expect(t.serial).toBe(2);
  });

  it('replaces a network at once, from a record or from pairs', () => {
    const t = new PhonebookTable(1);
    t.setDevice('family', 'old', { ipv4: '10.0.0.9' });
    t.replaceNetwork('family', { b: { ipv4: '10.0.0.3' }, a: { ipv6: 'fd00::2' } });
    expect(t.devices('family')).toEqual([
      { device: 'a', ipv4: undefined, ipv6: 'fd00::2' },
      { device: 'b', ipv4: '10.0.0.3', ipv6: undefined },
    ]);
    t.replaceNetwork('work', new Map([['srv', { ipv4: '10.1.0.2' }]]));
    expect(t.devices('work').map((d) => d.device)).toEqual(['srv']);
    // MeshPeer's shape (null for a missing family) goes in as it is.
    t.replaceNetwork(
      'mesh',
      [{ name: 'vm', ipv4: null, ipv6: 'fd00::5' }].map((p) => [p.name, p]),
    );
    expect(t.devices('mesh')).toEqual([{ device: 'vm', ipv4: undefined, ipv6: 'fd00::5' }]);
    t.replaceNetwork('empty', []);
    expect(t.hasNetwork('empty')).toBe(true);
    expect(t.devices('nowhere')).toEqual([]);
  });

  it('leaves the table unchanged when a replacement holds a bad entry', () => {
    const t = new PhonebookTable(1);
    t.setDevice('family', 'a', { ipv4: '10.0.0.1' });
    expect(() => t.replaceNetwork('family', { ok: { ipv4: '10.0.0.2' }, 'Bad!': { ipv4: '10.0.0.3' } })).toThrow(PhonebookInputError);
    expect(t.devices('family').map((d) => d.device)).toEqual(['a']);
    expect(t.serial).toBe(2);
  });

  it('refuses names that are not DNS labels, with a sentence saying what is allowed', () => {
    const t = new PhonebookTable();
    for (const bad of ['', 'Laptop', 'a_b', '-a', 'a-', 'a.b', 'x'.repeat(64), 'é']) {
      expect(() => t.setDevice('family', bad, { ipv4: '10.0.0.1' })).toThrow(
        `The device name "${bad}" cannot be a DNS label: use 1 to 63 lower-case letters, digits and inner "-".`,
      );
      expect(() => t.setDevice(bad, 'a', { ipv4: '10.0.0.1' })).toThrow(`The network name "${bad}"`);
    }
    expect(() => t.setDevice('family', 'x'.repeat(63), { ipv4: '10.0.0.1' })).not.toThrow();
  });

  it('refuses entries without an address and malformed addresses', () => {
    const t = new PhonebookTable();
    expect(() => t.setDevice('family', 'a', {})).toThrow('The device "a" needs an IPv4 or an IPv6 address to be in the phonebook.');
    expect(() => t.setDevice('family', 'a', { ipv4: null, ipv6: null })).toThrow('needs an IPv4 or an IPv6 address');
    for (const bad of ['10.0.0', '10.0.0.256', '01.2.3.4', 'fd00::1', ' 10.0.0.1']) {
      expect(() => t.setDevice('family', 'a', { ipv4: bad })).toThrow(`"${bad}" is not an IPv4 address.`);
    }
    for (const bad of ['10.0.0.1', 'fd00:::1', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', 'g::1']) {
      expect(() => t.setDevice('family', 'a', { ipv6: bad })).toThrow(`"${bad}" is not an IPv6 address.`);
    }
  });

  it('parses IPv6 in all its spellings like the WHATWG URL parser does', () => {
    const cases = [
      '::',
      '::1',
      'fd00::',
      'fd7a:115c:a1e0:ab12:4843:cd96:6258:b240',
      'FD7A:0:0:0:0:0:0:1',
      '1:0:0:2::3',
      '1::2:3:4:5:6:7',
      '::ffff:10.77.0.2',
      '64:ff9b::192.0.2.33',
      '0:0:0:0:0:0:1.2.3.4',
    ];
    for (const text of cases) {
      expect([text, canonicalIpv6(ipv6Bytes(text))]).toEqual([text, new URL(`http://[${text}]/`).hostname]);
    }
    expect([...ipv4Bytes('255.0.10.1')]).toEqual([255, 0, 10, 1]);
  });
});
