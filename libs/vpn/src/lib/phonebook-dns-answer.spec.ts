import * as dnsPacket from 'dns-packet';
import { answerPhonebookQuery, PHONEBOOK_TTL, type PhonebookQueryContext } from './phonebook-dns-answer';
import { PhonebookTable } from './phonebook-dns-table';
import {
  decodeDnsMessage,
  dnsNameFromString,
  DnsClass,
  DnsRcode,
  DnsType,
  encodeDnsMessage,
  type DnsEdns,
  type DnsHeader,
  type DnsMessage,
} from './phonebook-dns-wire';

const QUERY_HEADER: DnsHeader = {
  id: 0xbeef,
  qr: false,
  opcode: 0,
  aa: false,
  tc: false,
  rd: true,
  ra: false,
  ad: false,
  cd: false,
  rcode: 0,
};

function query(name: string, type: number = DnsType.A, opts: { header?: Partial<DnsHeader>; edns?: DnsEdns; klass?: number } = {}): Buffer {
  return encodeDnsMessage({
    header: { ...QUERY_HEADER, ...opts.header },
    questions: [{ name: dnsNameFromString(name), type, class: opts.klass ?? DnsClass.IN }],
    answers: [],
    authorities: [],
    additionals: [],
    edns: opts.edns,
  });
}

function makeTable(): PhonebookTable {
  const t = new PhonebookTable(42);
  t.setDevice('family', 'laptop-anna', { ipv4: '10.77.0.2', ipv6: 'fd7a:115c:a1e0::2' });
  t.setDevice('family', 'phone-ben', { ipv4: '10.77.0.3' });
  t.setDevice('family', 'nas', { ipv6: 'fd7a:115c:a1e0::4' });
  t.setDevice('work', 'build', { ipv4: '10.88.0.2' });
  return t;
}

const FAMILY: PhonebookQueryContext = {
  networks: new Set(['family']),
  localAddress: { ipv4: Uint8Array.of(10, 77, 0, 1) },
  transport: 'udp',
};

function ask(table: PhonebookTable, packet: Buffer, ctx: PhonebookQueryContext = FAMILY): DnsMessage & { outcome: string } {
  const reply = answerPhonebookQuery(table, packet, ctx);
  expect(reply.response).not.toBeNull();
  return { ...decodeDnsMessage(reply.response!), outcome: reply.outcome };
}

const addresses = (m: DnsMessage) => m.answers.map((r) => ('address' in r ? [r.type, [...r.address].join(',')] : [r.type]));

describe('phonebook answers', () => {
  const table = makeTable();

  it('answers A and AAAA for <device>.<network>.clan, authoritatively, with TTL 30 and no recursion', () => {
    const a = ask(table, query('laptop-anna.family.clan', DnsType.A));
    expect(a.header).toEqual({ id: 0xbeef, qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: 0 });
    expect(a.answers).toEqual([
      {
        name: ['laptop-anna', 'family', 'clan'],
        type: DnsType.A,
        class: DnsClass.IN,
        ttl: PHONEBOOK_TTL,
        address: Uint8Array.of(10, 77, 0, 2),
      },
    ]);
    expect([a.authorities, a.additionals, a.edns]).toEqual([[], [], undefined]);
    const aaaa = ask(table, query('laptop-anna.family.clan', DnsType.AAAA));
    expect(addresses(aaaa)).toEqual([[DnsType.AAAA, '253,122,17,92,161,224,0,0,0,0,0,0,0,0,0,2']]);
    expect(PHONEBOOK_TTL).toBe(30);
  });

  it('answers ANY with the A/AAAA set', () => {
    expect(addresses(ask(table, query('laptop-anna.family.clan', DnsType.ANY)))).toEqual([
      [DnsType.A, '10,77,0,2'],
      [DnsType.AAAA, '253,122,17,92,161,224,0,0,0,0,0,0,0,0,0,2'],
    ]);
    expect(addresses(ask(table, query('nas.family.clan', DnsType.ANY)))).toEqual([
      [DnsType.AAAA, '253,122,17,92,161,224,0,0,0,0,0,0,0,0,0,4'],
    ]);
  });

  it('matches names case-insensitively and echoes the question exactly as asked (DNS 0x20)', () => {
    const m = ask(table, query('LaPtOp-AnNa.FAMILY.Clan', DnsType.A));
    expect(m.header.rcode).toBe(DnsRcode.NOERROR);
    expect(m.questions[0].name).toEqual(['LaPtOp-AnNa', 'FAMILY', 'Clan']);
    expect(addresses(m)).toEqual([[DnsType.A, '10,77,0,2']]);
  });

  it('answers NODATA (NOERROR, SOA, no answer) for a known name without that type', () => {
    for (const [name, type] of [
      ['phone-ben.family.clan', DnsType.AAAA],
      ['nas.family.clan', DnsType.A],
      ['laptop-anna.family.clan', DnsType.MX],
      ['laptop-anna.family.clan', DnsType.TXT],
      ['family.clan', DnsType.A],
    ] as const) {
      const m = ask(table, query(name, type));
      expect([name, m.outcome, m.header.rcode, m.header.aa, m.answers]).toEqual([name, 'nodata', DnsRcode.NOERROR, true, []]);
      expect(m.authorities).toEqual([
        {
          name: ['clan'],
          type: DnsType.SOA,
          class: DnsClass.IN,
          ttl: 30,
          soa: {
            mname: ['clan'],
            rname: ['hostmaster', 'clan'],
            serial: table.serial,
            refresh: 3600,
            retry: 600,
            expire: 86400,
            minimum: 30,
          },
        },
      ]);
    }
  });

  it('answers NXDOMAIN with the SOA for unknown names inside .clan, and for networks this listener does not serve', () => {
    for (const name of [
      'nope.family.clan',
      'x.nope.family.clan',
      'a.x.laptop-anna.family.clan',
      'nowhere.clan',
      'a.nowhere.clan',
      'build.work.clan',
      'work.clan',
    ]) {
      const m = ask(table, query(name));
      expect([name, m.header.rcode, m.header.aa, m.answers.length, m.authorities[0]?.type]).toEqual([
        name,
        DnsRcode.NXDOMAIN,
        true,
        0,
        DnsType.SOA,
      ]);
    }
    // A listener for every network does see `work`.
    expect(addresses(ask(table, query('build.work.clan'), { ...FAMILY, networks: 'all' }))).toEqual([[DnsType.A, '10,88,0,2']]);
  });

  it("answers one label below a peer's name with the peer's addresses: <app>.<machine>.<network>.clan (docs/https.md)", () => {
    const direct = addresses(ask(table, query('build.work.clan'), { ...FAMILY, networks: 'all' }));
    const app = ask(table, query('nextcloud.build.work.clan'), { ...FAMILY, networks: 'all' });
    expect(app.header.rcode).toBe(DnsRcode.NOERROR);
    expect(addresses(app)).toEqual(direct);
    expect(app.answers[0].name).toEqual(['nextcloud', 'build', 'work', 'clan']);
    // Only for networks the listener serves.
    expect(ask(table, query('nextcloud.build.work.clan')).header.rcode).toBe(DnsRcode.NXDOMAIN);
  });

  it('REFUSES everything outside .clan, other classes and zone transfers, without AA', () => {
    const cases: Array<[string, number, number]> = [
      ['example.com', DnsType.A, DnsClass.IN],
      ['clan.example.com', DnsType.A, DnsClass.IN],
      ['.', DnsType.NS, DnsClass.IN],
      ['com', DnsType.SOA, DnsClass.IN],
      ['version.bind', DnsType.TXT, DnsClass.CH],
      ['laptop-anna.family.clan', DnsType.A, DnsClass.CH],
      ['clan', DnsType.AXFR, DnsClass.IN],
      ['clan', DnsType.IXFR, DnsClass.IN],
    ];
    for (const [name, type, klass] of cases) {
      const m = ask(table, query(name, type, { klass }));
      expect([name, m.outcome, m.header.rcode, m.header.aa, m.header.ra, m.answers, m.authorities]).toEqual([
        name,
        'refused',
        DnsRcode.REFUSED,
        false,
        false,
        [],
        [],
      ]);
      expect(m.questions).toHaveLength(1);
    }
    // Class ANY inside the zone is answered from IN data.
    expect(addresses(ask(table, query('phone-ben.family.clan', DnsType.A, { klass: DnsClass.ANY })))).toEqual([[DnsType.A, '10,77,0,3']]);
  });

  it('serves SOA and NS at the apex, the NS target resolving to the listener address', () => {
    const soa = ask(table, query('clan', DnsType.SOA));
    expect(soa.answers.map((r) => r.type)).toEqual([DnsType.SOA]);
    const ns = ask(table, query('clan', DnsType.NS));
    expect(ns.answers).toEqual([{ name: ['clan'], type: DnsType.NS, class: DnsClass.IN, ttl: 30, host: ['clan'] }]);
    expect(addresses({ ...ns, answers: ns.additionals })).toEqual([[DnsType.A, '10,77,0,1']]);
    expect(addresses(ask(table, query('clan', DnsType.A)))).toEqual([[DnsType.A, '10,77,0,1']]);
    expect(ask(table, query('clan', DnsType.AAAA)).outcome).toBe('nodata');
    expect(ask(table, query('clan', DnsType.ANY)).answers.map((r) => r.type)).toEqual([DnsType.SOA, DnsType.NS, DnsType.A]);
    // A wildcard listener has no single address of its own.
    expect(ask(table, query('clan', DnsType.A), { ...FAMILY, localAddress: undefined }).outcome).toBe('nodata');
  });

  it('copies RD and CD, clears AD and answers queries without RD as well', () => {
    const m = ask(table, query('laptop-anna.family.clan', DnsType.A, { header: { rd: false, cd: true, ad: true } }));
    expect(m.header).toMatchObject({ rd: false, cd: true, ad: false, aa: true, ra: false });
  });

  it('echoes EDNS minimally: our payload size, version 0, DO copied, options (cookies) dropped', () => {
    const cookie = { code: 10, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) };
    const m = ask(
      table,
      query('laptop-anna.family.clan', DnsType.A, { edns: { udpPayloadSize: 4096, version: 0, dnssecOk: true, options: [cookie] } }),
    );
    expect(m.edns).toEqual({ udpPayloadSize: 1232, version: 0, dnssecOk: true, options: [] });
    expect(
      ask(table, query('example.com', DnsType.A, { edns: { udpPayloadSize: 512, version: 0, dnssecOk: false, options: [] } })).edns,
    ).toEqual({
      udpPayloadSize: 1232,
      version: 0,
      dnssecOk: false,
      options: [],
    });
  });

  it('answers BADVERS to EDNS versions above 0', () => {
    const m = ask(
      table,
      query('laptop-anna.family.clan', DnsType.A, { edns: { udpPayloadSize: 1232, version: 1, dnssecOk: false, options: [] } }),
    );
    expect([m.outcome, m.header.rcode, m.answers, m.edns?.version]).toEqual(['badvers', DnsRcode.BADVERS, [], 0]);
  });

  it('answers FORMERR to malformed messages and to zero or several questions, NOTIMP to other opcodes', () => {
    const formerr = ask(table, Buffer.concat([query('laptop-anna.family.clan').subarray(0, 20)]));
    expect([formerr.header.id, formerr.header.rcode, formerr.header.aa, formerr.questions]).toEqual([0xbeef, DnsRcode.FORMERR, false, []]);
    const none = encodeDnsMessage({ header: QUERY_HEADER, questions: [], answers: [], authorities: [], additionals: [] });
    expect(ask(table, none).header.rcode).toBe(DnsRcode.FORMERR);
    const two = encodeDnsMessage({
      header: QUERY_HEADER,
      questions: [
        { name: ['a', 'family', 'clan'], type: DnsType.A, class: DnsClass.IN },
        { name: ['b', 'family', 'clan'], type: DnsType.A, class: DnsClass.IN },
      ],
      answers: [],
      authorities: [],
      additionals: [],
    });
    expect(ask(table, two).header.rcode).toBe(DnsRcode.FORMERR);
    expect(ask(table, query('clan', DnsType.OPT)).header.rcode).toBe(DnsRcode.FORMERR);
    for (const opcode of [1, 2, 4, 5]) {
      const m = ask(table, query('laptop-anna.family.clan', DnsType.A, { header: { opcode } }));
      expect([opcode, m.header.opcode, m.header.rcode, m.answers]).toEqual([opcode, opcode, DnsRcode.NOTIMP, []]);
    }
  });

  it('stays silent for responses and for packets shorter than a header', () => {
    for (const packet of [query('laptop-anna.family.clan', DnsType.A, { header: { qr: true } }), Buffer.alloc(0), Buffer.alloc(11)]) {
      expect(answerPhonebookQuery(table, packet, FAMILY)).toEqual({ outcome: 'dropped', response: null, truncated: false });
    }
  });

  it('sees table changes at the next query', () => {
    const t = makeTable();
    expect(ask(t, query('tablet.family.clan')).header.rcode).toBe(DnsRcode.NXDOMAIN);
    t.setDevice('family', 'tablet', { ipv4: '10.77.0.9' });
    expect(addresses(ask(t, query('tablet.family.clan')))).toEqual([[DnsType.A, '10,77,0,9']]);
    const serial = (m: DnsMessage) => (m.authorities[0] as { soa: { serial: number } }).soa.serial;
    const before = serial(ask(t, query('gone.family.clan')));
    t.removeDevice('family', 'tablet');
    const after = ask(t, query('tablet.family.clan'));
    expect(after.header.rcode).toBe(DnsRcode.NXDOMAIN);
    expect(serial(after)).toBe(before + 1);
  });
});

describe('phonebook answers under fuzzing', () => {
  // A small deterministic PRNG (mulberry32) so a failure can be replayed from its seed.
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const table = makeTable();
  const seeds = [
    query('laptop-anna.family.clan', DnsType.ANY, {
      edns: { udpPayloadSize: 1232, version: 0, dnssecOk: true, options: [{ code: 10, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }] },
    }),
    query('clan', DnsType.NS),
    query('example.com', DnsType.A),
    query('nope.family.clan', DnsType.AAAA),
  ];

  const outcomes = new Map<string, number>();

  /** Every reply is silence or a well-formed response with the query's id; SERVFAIL would mean a bug of ours. */
  function check(packet: Buffer, ctx: PhonebookQueryContext, label: string) {
    let reply;
    try {
      reply = answerPhonebookQuery(table, packet, ctx);
    } catch (e) {
      throw new Error(`${label}: threw ${(e as Error).message} for ${packet.toString('hex')}`);
    }
    outcomes.set(reply.outcome, (outcomes.get(reply.outcome) ?? 0) + 1);
    if (reply.outcome === 'servfail') throw new Error(`${label}: SERVFAIL (an internal error) for ${packet.toString('hex')}`);
    if (!reply.response) {
      expect([label, packet.length < 12 || (packet[2] & 0x80) !== 0]).toEqual([label, true]);
      return;
    }
    const decoded = decodeDnsMessage(reply.response);
    if (decoded.header.id !== packet.readUInt16BE(0) || !decoded.header.qr || decoded.header.ra) {
      throw new Error(`${label}: bad response header for ${packet.toString('hex')}`);
    }
    const limit = ctx.transport === 'udp' ? 1232 : 65535;
    if (reply.response.length > limit) throw new Error(`${label}: response of ${reply.response.length} bytes over ${limit}`);
  }

  it('never throws and always answers well-formed on 20,000 mutated and random packets', () => {
    const random = rng(0x5eed);
    const byte = () => Math.floor(random() * 256);
    for (let i = 0; i < 20_000; i++) {
      let packet: Buffer;
      const kind = i % 4;
      if (kind === 0) {
        packet = Buffer.from(Array.from({ length: Math.floor(random() * 80) }, byte));
      } else {
        packet = Buffer.from(seeds[i % seeds.length]);
        const flips = 1 + Math.floor(random() * 4);
        for (let f = 0; f < flips; f++) packet[Math.floor(random() * packet.length)] = byte();
        if (kind === 2) packet = packet.subarray(0, Math.floor(random() * packet.length));
        if (kind === 3) packet = Buffer.concat([packet, Buffer.from(Array.from({ length: Math.floor(random() * 8) }, byte))]);
        packet[2] &= 0x7f; // keep most of them queries so the answer path is exercised
      }
      check(packet, { ...FAMILY, transport: i % 2 ? 'udp' : 'tcp' }, `packet ${i}`);
    }
    // The mutations reach every branch, not just the parser's error path.
    expect([...outcomes.keys()]).toEqual(
      expect.arrayContaining(['answer', 'dropped', 'formerr', 'nodata', 'notimp', 'nxdomain', 'refused']),
    );
  });

  it('handles every single-byte value at every position of a real query', () => {
    const base = seeds[0];
    for (let pos = 0; pos < base.length; pos++) {
      for (let v = 0; v < 256; v++) {
        const packet = Buffer.from(base);
        packet[pos] = v;
        check(packet, FAMILY, `byte ${pos}=${v}`);
      }
    }
  });
});

describe('phonebook answers through dns-packet, an independent codec', () => {
  // What a Node client library sends and reads: the responder must understand the one and satisfy the other.
  type Decoded = dnsPacket.DecodedPacket & { rcode: string };
  const table = makeTable();
  const ask = (packet: Buffer, ctx: PhonebookQueryContext = FAMILY) =>
    dnsPacket.decode(answerPhonebookQuery(table, packet, ctx).response as Buffer) as Decoded;
  const opt = (fields: Partial<dnsPacket.OptAnswer>): dnsPacket.Answer =>
    ({ type: 'OPT', name: '.', udpPayloadSize: 1232, ...fields }) as dnsPacket.Answer;
  const clientQuery = (name: string, type: dnsPacket.RecordType, additionals: dnsPacket.Answer[] = []) =>
    dnsPacket.encode({
      type: 'query',
      id: 0x4242,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ name, type, class: 'IN' }],
      additionals,
    });
  const soa = {
    name: 'clan',
    type: 'SOA',
    class: 'IN',
    flush: false,
    ttl: 30,
    data: { mname: 'clan', rname: 'hostmaster.clan', serial: table.serial, refresh: 3600, retry: 600, expire: 86400, minimum: 30 },
  };

  it('answers its A and AAAA queries; it reads the compressed answers', () => {
    const a = ask(clientQuery('Laptop-Anna.family.clan', 'A'));
    expect(a).toMatchObject({
      id: 0x4242,
      type: 'response',
      flag_aa: true,
      flag_rd: true,
      flag_ra: false,
      flag_tc: false,
      rcode: 'NOERROR',
    });
    expect(a.questions).toEqual([{ name: 'Laptop-Anna.family.clan', type: 'A', class: 'IN' }]);
    expect(a.answers).toEqual([{ name: 'Laptop-Anna.family.clan', type: 'A', class: 'IN', flush: false, ttl: 30, data: '10.77.0.2' }]);
    expect(ask(clientQuery('laptop-anna.family.clan', 'AAAA')).answers).toEqual([
      { name: 'laptop-anna.family.clan', type: 'AAAA', class: 'IN', flush: false, ttl: 30, data: 'fd7a:115c:a1e0::2' },
    ]);
  });

  it('gives NXDOMAIN and NODATA with the SOA, REFUSED outside the zone, and NS with its address', () => {
    const nx = ask(clientQuery('nope.family.clan', 'A'));
    expect([nx.rcode, nx.flag_aa, nx.answers, nx.authorities]).toEqual(['NXDOMAIN', true, [], [soa]]);
    const nodata = ask(clientQuery('phone-ben.family.clan', 'AAAA'));
    expect([nodata.rcode, nodata.answers, nodata.authorities]).toEqual(['NOERROR', [], [soa]]);
    const refused = ask(clientQuery('example.com', 'A'));
    expect([refused.rcode, refused.flag_aa, refused.questions, refused.answers]).toEqual([
      'REFUSED',
      false,
      [{ name: 'example.com', type: 'A', class: 'IN' }],
      [],
    ]);
    const ns = ask(clientQuery('clan', 'NS'));
    expect(ns.answers).toEqual([{ name: 'clan', type: 'NS', class: 'IN', flush: false, ttl: 30, data: 'clan' }]);
    expect(ns.additionals).toEqual([{ name: 'clan', type: 'A', class: 'IN', flush: false, ttl: 30, data: '10.77.0.1' }]);
  });

  it('reads its EDNS (payload size, DO, a cookie) and answers with an OPT it reads; BADVERS in the extended rcode', () => {
    const cookie = { code: 10, data: Buffer.from('0102030405060708', 'hex') } as unknown as dnsPacket.PacketOpt;
    const m = ask(
      clientQuery('laptop-anna.family.clan', 'A', [opt({ udpPayloadSize: 4096, flags: dnsPacket.DNSSEC_OK, options: [cookie] })]),
    );
    expect(m.answers).toHaveLength(1);
    expect(m.additionals).toMatchObject([
      { type: 'OPT', udpPayloadSize: 1232, ednsVersion: 0, flag_do: true, extendedRcode: 0, options: [] },
    ]);
    const badvers = ask(clientQuery('laptop-anna.family.clan', 'A', [opt({ ednsVersion: 1 })]));
    const [badOpt] = badvers.additionals as dnsPacket.OptAnswer[];
    // The full rcode: the OPT record's upper 8 bits above the header's 4.
    const rcode = (badOpt.extendedRcode << 4) | ((badvers.flags ?? 0) & 0xf);
    expect([rcode, badOpt.ednsVersion, badvers.answers]).toEqual([DnsRcode.BADVERS, 0, []]);
  });
});
