import * as dnsPacket from 'dns-packet';
import {
  decodeDnsHeader,
  decodeDnsMessage,
  dnsNameFromString,
  dnsNameToString,
  DnsClass,
  DnsRcode,
  DnsType,
  DnsWireError,
  encodeDnsMessage,
  encodeDnsResponseWithin,
  type DnsMessage,
  type DnsRecord,
} from './phonebook-dns-wire';

/**
 * Queries captured from real tools sending to a UDP/TCP listener on
 * 127.0.0.1 (Debian 12): busybox 1.35 `nslookup -type=aaaa`, and BIND's dig
 * 9.18 (Debian package dnsutils) with its defaults (EDNS, a cookie, AD set).
 */
const FIXTURES = {
  busyboxAaaa: '70fa010000010000000000000b6c6170746f702d616e6e610666616d696c7904636c616e00001c0001',
  digA: 'c450012000010000000000010b4c6170746f702d416e6e610666616d696c7904636c616e000001000100002904d000000000000c000a0008df55f97e51f9b1f4',
  digAaaaNoEdnsNoRec: '0a50002000010000000000000b6c6170746f702d616e6e610666616d696c7904636c616e00001c0001',
  digSoaDnssec: '18710120000100000000000104636c616e000006000100002904d0000080000000',
  /** `dig +tcp`: the 2-byte length prefix (0x0040 = 64) is part of the capture. */
  digTcpAaaa:
    '0040912d012000010000000000010b6c6170746f702d616e6e610666616d696c7904636c616e00001c000100002904d000000000000c000a0008254c37388626a774',
};
const hex = (h: string) => Buffer.from(h, 'hex');

function response(answers: DnsRecord[], extra: Partial<DnsMessage> = {}): DnsMessage {
  return {
    header: { id: 0x1234, qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: 0 },
    questions: [{ name: ['laptop-anna', 'family', 'clan'], type: DnsType.A, class: DnsClass.IN }],
    answers,
    authorities: [],
    additionals: [],
    ...extra,
  };
}
const aRecord = (n: number): DnsRecord => ({
  name: ['laptop-anna', 'family', 'clan'],
  type: DnsType.A,
  class: DnsClass.IN,
  ttl: 30,
  address: Uint8Array.of(10, 77, 0, n),
});

describe('DNS wire format: queries from real tools', () => {
  it("decodes busybox nslookup's AAAA query", () => {
    const m = decodeDnsMessage(hex(FIXTURES.busyboxAaaa));
    expect(m.header).toEqual({
      id: 0x70fa,
      qr: false,
      opcode: 0,
      aa: false,
      tc: false,
      rd: true,
      ra: false,
      ad: false,
      cd: false,
      rcode: 0,
    });
    expect(m.questions).toEqual([{ name: ['laptop-anna', 'family', 'clan'], type: DnsType.AAAA, class: DnsClass.IN }]);
    expect(m.edns).toBeUndefined();
  });

  it("decodes dig's query with EDNS, a cookie and mixed case, keeping the case", () => {
    const m = decodeDnsMessage(hex(FIXTURES.digA));
    expect(m.header).toMatchObject({ id: 0xc450, rd: true, ad: true, cd: false });
    expect(m.questions).toEqual([{ name: ['Laptop-Anna', 'family', 'clan'], type: DnsType.A, class: DnsClass.IN }]);
    expect(m.edns).toEqual({ udpPayloadSize: 1232, version: 0, dnssecOk: false, options: [{ code: 10, data: hex('df55f97e51f9b1f4') }] });
    expect(m.additionals).toEqual([]);
  });

  it("decodes dig's +norec +noedns query, its +dnssec query (DO bit) and its TCP frame", () => {
    expect(decodeDnsMessage(hex(FIXTURES.digAaaaNoEdnsNoRec)).header).toMatchObject({ rd: false, ad: true });
    const soa = decodeDnsMessage(hex(FIXTURES.digSoaDnssec));
    expect(soa.questions[0]).toEqual({ name: ['clan'], type: DnsType.SOA, class: DnsClass.IN });
    expect(soa.edns).toEqual({ udpPayloadSize: 1232, version: 0, dnssecOk: true, options: [] });
    const frame = hex(FIXTURES.digTcpAaaa);
    expect(frame.readUInt16BE(0)).toBe(frame.length - 2);
    expect(decodeDnsMessage(frame.subarray(2)).questions[0].type).toBe(DnsType.AAAA);
  });

  it('re-encodes every captured query to the same bytes', () => {
    for (const [name, h] of Object.entries(FIXTURES)) {
      const bytes = name === 'digTcpAaaa' ? hex(h).subarray(2) : hex(h);
      expect([name, encodeDnsMessage(decodeDnsMessage(bytes)).toString('hex')]).toEqual([name, bytes.toString('hex')]);
    }
  });
});

describe('DNS wire format: encoding', () => {
  it('lays out a response byte for byte as RFC 1035 says, compressing the answer name to the question', () => {
    const bytes = encodeDnsMessage(response([aRecord(2)]));
    const expected = [
      '1234', // id
      '8500', // QR, opcode 0, AA, RD; RA 0, rcode 0
      '0001 0001 0000 0000', // counts
      '0b6c6170746f702d616e6e61 0666616d696c79 04636c616e 00 0001 0001', // question
      'c00c 0001 0001 0000001e 0004 0a4d0002', // pointer to offset 12, A, IN, TTL 30, 4 bytes
    ].join('');
    expect(bytes.toString('hex')).toBe(expected.replace(/ /g, ''));
  });

  it('round-trips SOA, NS, AAAA, unknown types and EDNS with an extended rcode', () => {
    const msg: DnsMessage = {
      header: { id: 7, qr: true, opcode: 0, aa: true, tc: false, rd: false, ra: false, ad: false, cd: true, rcode: DnsRcode.BADVERS },
      questions: [{ name: ['clan'], type: DnsType.ANY, class: DnsClass.IN }],
      answers: [
        {
          name: ['clan'],
          type: DnsType.SOA,
          class: DnsClass.IN,
          ttl: 30,
          soa: {
            mname: ['clan'],
            rname: ['hostmaster', 'clan'],
            serial: 0xfffffffe,
            refresh: 3600,
            retry: 600,
            expire: 86400,
            minimum: 30,
          },
        },
        { name: ['clan'], type: DnsType.NS, class: DnsClass.IN, ttl: 30, host: ['ns', 'clan'] },
        { name: ['x', 'clan'], type: DnsType.AAAA, class: DnsClass.IN, ttl: 1, address: new Uint8Array(16).fill(0xfd) },
        { name: ['x', 'clan'], type: DnsType.TXT, class: DnsClass.IN, ttl: 1, data: Uint8Array.of(2, 104, 105) },
      ],
      authorities: [],
      additionals: [],
      edns: { udpPayloadSize: 1232, version: 0, dnssecOk: true, options: [{ code: 65001, data: Uint8Array.of(1, 2) }] },
    };
    const bytes = encodeDnsMessage(msg);
    expect(bytes[3] & 0x0f).toBe(0); // BADVERS = 16: the header keeps the low 4 bits, the OPT record the rest
    expect(decodeDnsMessage(bytes)).toEqual(msg);
    // Every repeated name, NS/SOA data included, is a 2-byte pointer: header 12 + question 10 + SOA 12+35
    // (mname a pointer, rname "hostmaster"+pointer) + NS 12+5 + AAAA 14+16 + TXT 12+3 + OPT 11+6.
    expect(bytes.length).toBe(12 + 10 + 47 + 17 + 30 + 15 + 17);
  });

  it('refuses to encode labels over 63 bytes, names over 255 bytes, empty labels and big rcodes without OPT', () => {
    const named = (name: string[]) => response([{ ...aRecord(1), name }]);
    expect(() => encodeDnsMessage(named(['a'.repeat(64), 'clan']))).toThrow(DnsWireError);
    expect(() => encodeDnsMessage(named(Array.from({ length: 5 }, () => 'a'.repeat(63))))).toThrow('longer than 255');
    expect(() => encodeDnsMessage(named(['', 'clan']))).toThrow('1 to 63');
    expect(() => encodeDnsMessage(response([], { header: { ...response([]).header, rcode: DnsRcode.BADVERS } }))).toThrow('needs an OPT');
  });

  it('writes names in presentation form with escapes, and parses them back', () => {
    expect(dnsNameToString(['a.b', 'c\\d', '\x00 x', 'clan'])).toBe('a\\.b.c\\\\d.\\000\\032x.clan.');
    expect(dnsNameToString([])).toBe('.');
    expect(dnsNameFromString('laptop-anna.family.clan.')).toEqual(['laptop-anna', 'family', 'clan']);
    expect(dnsNameFromString('.')).toEqual([]);
  });
});

describe('DNS wire format: fitting a UDP limit (RFC 2181 §9)', () => {
  const soa: DnsRecord = {
    name: ['clan'],
    type: DnsType.SOA,
    class: DnsClass.IN,
    ttl: 30,
    soa: { mname: ['clan'], rname: ['hostmaster', 'clan'], serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 30 },
  };

  it('keeps a response that fits untouched', () => {
    const msg = response([aRecord(1)]);
    expect(encodeDnsResponseWithin(msg, 512)).toEqual(encodeDnsMessage(msg));
  });

  it('drops additional records first, without setting TC', () => {
    const msg = response([aRecord(1)], { additionals: Array.from({ length: 40 }, (_, i) => aRecord(i)) });
    expect(encodeDnsMessage(msg).length).toBeGreaterThan(512);
    const fitted = decodeDnsMessage(encodeDnsResponseWithin(msg, 512));
    expect(fitted.header.tc).toBe(false);
    expect(fitted.answers).toHaveLength(1);
    expect(fitted.additionals).toHaveLength(0);
  });

  it('sets TC and keeps only question and OPT when the answer does not fit', () => {
    const edns = { udpPayloadSize: 1232, version: 0, dnssecOk: false, options: [] };
    const msg = response(
      Array.from({ length: 40 }, (_, i) => aRecord(i)),
      { authorities: [soa], edns },
    );
    const bytes = encodeDnsResponseWithin(msg, 512);
    expect(bytes.length).toBeLessThanOrEqual(512);
    const fitted = decodeDnsMessage(bytes);
    expect(fitted.header.tc).toBe(true);
    expect(fitted.questions).toEqual(msg.questions);
    expect([fitted.answers, fitted.authorities, fitted.additionals]).toEqual([[], [], []]);
    expect(fitted.edns).toEqual(edns);
    // The same answer fits a larger EDNS limit, untruncated.
    expect(decodeDnsMessage(encodeDnsResponseWithin(msg, 1232)).answers).toHaveLength(40);
  });

  it('truncates a negative answer whose SOA does not fit rather than dropping the SOA silently', () => {
    const msg = response([], { authorities: Array.from({ length: 30 }, () => soa) });
    expect(decodeDnsMessage(encodeDnsResponseWithin(msg, 512)).header.tc).toBe(true);
  });
});

describe('DNS wire format: malformed input', () => {
  const valid = hex(FIXTURES.digA);

  function expectWireError(bytes: Uint8Array, message?: RegExp) {
    let error: unknown;
    try {
      decodeDnsMessage(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DnsWireError);
    if (message) expect((error as Error).message).toMatch(message);
  }

  it('reports every truncated prefix of a valid message as a DnsWireError', () => {
    for (let n = 0; n < valid.length; n++) expectWireError(valid.subarray(0, n));
    expect(decodeDnsHeader(valid.subarray(0, 11))).toBeNull();
    expect(decodeDnsHeader(valid.subarray(0, 12))?.id).toBe(0xc450);
  });

  const header = (qd: number, an = 0, ns = 0, ar = 0) => Buffer.from([0, 1, 1, 0, 0, qd, 0, an, 0, ns, 0, ar]);

  it('rejects compression loops, forward pointers and reserved label types', () => {
    // A pointer to itself at offset 12.
    expectWireError(Buffer.concat([header(1), hex('c00c00010001')]), /backwards/);
    // A label, then a pointer back to that label: a loop that only the 255-byte limit stops.
    expectWireError(Buffer.concat([header(1), hex('0161c00c00010001')]), /longer than 255/);
    // A pointer forward.
    expectWireError(Buffer.concat([header(1), hex('c01000010001000000')]), /backwards/);
    // Label types 01 and 10 (RFC 6891 deprecated extended labels).
    expectWireError(Buffer.concat([header(1), hex('41610000010001')]), /label type/);
    expectWireError(Buffer.concat([header(1), hex('81610000010001')]), /label type/);
  });

  it('rejects names over 255 bytes, trailing bytes and record data that does not match its length', () => {
    const long = Buffer.concat([...Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])), hex('00')]);
    expectWireError(Buffer.concat([header(1), long, hex('00010001')]), /longer than 255/);
    expectWireError(Buffer.concat([valid, hex('00')]), /follow/);
    // An A record with 5 bytes of data.
    expectWireError(Buffer.concat([header(0, 1), hex('00 0001 0001 0000001e 0005 0a4d000203'.replace(/ /g, ''))]), /5 bytes/);
    // An NS record whose name ends before its declared data does.
    expectWireError(Buffer.concat([header(0, 1), hex('00 0002 0001 0000001e 0003 00 0000'.replace(/ /g, ''))]), /length/);
    // An NS record whose name runs past its declared data.
    expectWireError(Buffer.concat([header(0, 1), hex('00 0002 0001 0000001e 0001 0161 00'.replace(/ /g, ''))]), /ends inside/);
  });

  it('rejects two OPT records, an OPT outside the additional section and an OPT not owned by the root', () => {
    const opt = hex('00 0029 04d0 00000000 0000'.replace(/ /g, ''));
    expectWireError(Buffer.concat([header(0, 0, 0, 2), opt, opt]), /more than one OPT/);
    expectWireError(Buffer.concat([header(0, 1), opt]), /additional section/);
    expectWireError(Buffer.concat([header(0, 0, 0, 1), hex('0161 00 0029 04d0 00000000 0000'.replace(/ /g, ''))]), /root/);
    // An EDNS option longer than the OPT record's data.
    expectWireError(Buffer.concat([header(0, 0, 0, 1), hex('00 0029 04d0 00000000 0004 000a 0008'.replace(/ /g, ''))]), /EDNS option/);
  });
});

describe('DNS wire format: read alike by dns-packet, an independent codec', () => {
  const typeNumber: Record<string, number> = { A: DnsType.A, AAAA: DnsType.AAAA, SOA: DnsType.SOA };

  it('decodes every captured query as dns-packet does', () => {
    for (const [name, h] of Object.entries(FIXTURES)) {
      const bytes = name === 'digTcpAaaa' ? hex(h).subarray(2) : hex(h);
      const ours = decodeDnsMessage(bytes);
      const theirs = dnsPacket.decode(bytes);
      const opt = theirs.additionals?.find((a): a is dnsPacket.OptAnswer => a.type === 'OPT');
      expect([name, ours.header.id, ours.header.rd, ours.questions.map((q) => [dnsNameToString(q.name), q.type])]).toEqual([
        name,
        theirs.id,
        theirs.flag_rd,
        (theirs.questions ?? []).map((q) => [`${q.name}.`, typeNumber[q.type]]),
      ]);
      expect([name, ours.edns?.udpPayloadSize, ours.edns?.dnssecOk]).toEqual([name, opt?.udpPayloadSize, opt?.flag_do]);
    }
  });

  it('writes compressed names, SOA, NS, AAAA, raw data and EDNS that dns-packet reads back', () => {
    const bytes = encodeDnsMessage({
      ...response([aRecord(2)]),
      answers: [
        aRecord(2),
        {
          name: ['laptop-anna', 'family', 'clan'],
          type: DnsType.AAAA,
          class: DnsClass.IN,
          ttl: 30,
          address: new Uint8Array(16).fill(0xfd),
        },
      ],
      authorities: [
        {
          name: ['clan'],
          type: DnsType.SOA,
          class: DnsClass.IN,
          ttl: 30,
          soa: { mname: ['clan'], rname: ['hostmaster', 'clan'], serial: 7, refresh: 3600, retry: 600, expire: 86400, minimum: 30 },
        },
        { name: ['clan'], type: DnsType.NS, class: DnsClass.IN, ttl: 30, host: ['ns', 'family', 'clan'] },
      ],
      additionals: [{ name: ['x', 'clan'], type: DnsType.TXT, class: DnsClass.IN, ttl: 1, data: Uint8Array.of(2, 104, 105) }],
      edns: { udpPayloadSize: 1232, version: 0, dnssecOk: true, options: [] },
    });
    const m = dnsPacket.decode(bytes);
    expect(m).toMatchObject({ id: 0x1234, type: 'response', flag_aa: true, flag_rd: true, flag_tc: false });
    expect(m.questions).toEqual([{ name: 'laptop-anna.family.clan', type: 'A', class: 'IN' }]);
    expect(m.answers?.map((r) => [r.name, r.type, (r as dnsPacket.StringAnswer).data])).toEqual([
      ['laptop-anna.family.clan', 'A', '10.77.0.2'],
      ['laptop-anna.family.clan', 'AAAA', 'fdfd:fdfd:fdfd:fdfd:fdfd:fdfd:fdfd:fdfd'],
    ]);
    expect(m.authorities?.map((r) => [r.name, r.type, (r as dnsPacket.SoaAnswer | dnsPacket.StringAnswer).data])).toEqual([
      ['clan', 'SOA', { mname: 'clan', rname: 'hostmaster.clan', serial: 7, refresh: 3600, retry: 600, expire: 86400, minimum: 30 }],
      ['clan', 'NS', 'ns.family.clan'],
    ]);
    expect(m.additionals?.map((r) => [r.name, r.type])).toEqual([
      ['x.clan', 'TXT'],
      ['.', 'OPT'],
    ]);
    expect((m.additionals?.[0] as dnsPacket.TxtAnswer).data).toEqual([Buffer.from('hi')]);
    expect(m.additionals?.[1]).toMatchObject({ udpPayloadSize: 1232, ednsVersion: 0, flag_do: true });
  });
});
