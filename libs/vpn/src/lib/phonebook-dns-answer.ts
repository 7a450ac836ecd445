import type { PhonebookTable } from './phonebook-dns-table';
import {
  decodeDnsHeader,
  decodeDnsMessage,
  dnsLower,
  DnsClass,
  DnsOpcode,
  DnsRcode,
  DnsType,
  DnsWireError,
  encodeDnsResponseWithin,
  type DnsEdns,
  type DnsHeader,
  type DnsMessage,
  type DnsName,
  type DnsQuestion,
  type DnsRecord,
} from './phonebook-dns-wire';

/** The top-level label the phonebook is authoritative for: `<device>.<network>.clan`. */
export const PHONEBOOK_ZONE = 'clan';
/** TTL of every answer, and the negative-caching TTL (SOA minimum): a removed device stops resolving within 30 s. */
export const PHONEBOOK_TTL = 30;
/** The UDP payload size we advertise and honour at most (the DNS flag day 2020 value: no IP fragmentation). */
export const PHONEBOOK_MAX_UDP_PAYLOAD = 1232;
/** Without EDNS a UDP response is at most 512 bytes (RFC 1035). */
const CLASSIC_UDP_LIMIT = 512;

/** Which listener a query arrived on: it decides which networks' names may be answered. */
export interface PhonebookQueryContext {
  /** Networks whose names this listener answers; names of any other network get NXDOMAIN, as if they did not exist. */
  networks: ReadonlySet<string> | 'all';
  /** The address the listener is bound to: the zone apex (`clan.`, the NS target) resolves to it. */
  localAddress?: { ipv4?: Uint8Array; ipv6?: Uint8Array };
  transport: 'udp' | 'tcp';
  /** Upper bound for UDP responses; default PHONEBOOK_MAX_UDP_PAYLOAD. */
  maxUdpPayload?: number;
}

/** What happened to one query (for counters and debugging). */
export type PhonebookOutcome = 'answer' | 'nodata' | 'nxdomain' | 'refused' | 'formerr' | 'notimp' | 'badvers' | 'servfail' | 'dropped';

export interface PhonebookReply {
  outcome: PhonebookOutcome;
  /** The response to send, or null to send nothing (not a query, or too short to carry an id). */
  response: Buffer | null;
  /** True when the response had to be truncated (TC) to fit in UDP. */
  truncated: boolean;
}

const APEX: DnsName = [PHONEBOOK_ZONE];
const HOSTMASTER: DnsName = ['hostmaster', PHONEBOOK_ZONE];

function soaRecord(serial: number): DnsRecord {
  return {
    name: APEX,
    type: DnsType.SOA,
    class: DnsClass.IN,
    ttl: PHONEBOOK_TTL,
    soa: { mname: APEX, rname: HOSTMASTER, serial, refresh: 3600, retry: 600, expire: 86400, minimum: PHONEBOOK_TTL },
  };
}

function addressRecords(name: DnsName, type: number, v4: Uint8Array | undefined, v6: Uint8Array | undefined): DnsRecord[] {
  const out: DnsRecord[] = [];
  if (v4 && (type === DnsType.A || type === DnsType.ANY))
    out.push({ name, type: DnsType.A, class: DnsClass.IN, ttl: PHONEBOOK_TTL, address: v4 });
  if (v6 && (type === DnsType.AAAA || type === DnsType.ANY)) {
    out.push({ name, type: DnsType.AAAA, class: DnsClass.IN, ttl: PHONEBOOK_TTL, address: v6 });
  }
  return out;
}

function replyHeader(query: DnsHeader, rcode: number, aa: boolean): DnsHeader {
  return { id: query.id, qr: true, opcode: query.opcode, aa, tc: false, rd: query.rd, ra: false, ad: false, cd: query.cd, rcode };
}

function replyEdns(query: DnsEdns | undefined, maxUdpPayload: number): DnsEdns | undefined {
  // Echo EDNS minimally: our payload size, version 0, the DO bit copied (RFC 3225), no options (cookies etc. are ignored).
  return query ? { udpPayloadSize: maxUdpPayload, version: 0, dnssecOk: query.dnssecOk, options: [] } : undefined;
}

interface ZoneAnswer {
  rcode: number;
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
  outcome: PhonebookOutcome;
}

/** Answers one question about a name inside `clan.` (the caller has checked the zone and class). */
function answerInZone(table: PhonebookTable, q: DnsQuestion, ctx: PhonebookQueryContext): ZoneAnswer {
  const labels = q.name.map(dnsLower);
  const soa = [soaRecord(table.serial)];
  const nodata: ZoneAnswer = { rcode: DnsRcode.NOERROR, answers: [], authorities: soa, additionals: [], outcome: 'nodata' };
  const nxdomain: ZoneAnswer = { rcode: DnsRcode.NXDOMAIN, answers: [], authorities: soa, additionals: [], outcome: 'nxdomain' };
  const visible = (network: string) => (ctx.networks === 'all' || ctx.networks.has(network)) && table.hasNetwork(network);

  if (labels.length === 1) {
    // The apex: SOA, NS (the apex itself, whose address is the listener's), and that address.
    const apex = q.name;
    const ns: DnsRecord = { name: apex, type: DnsType.NS, class: DnsClass.IN, ttl: PHONEBOOK_TTL, host: apex };
    const own = addressRecords(apex, DnsType.ANY, ctx.localAddress?.ipv4, ctx.localAddress?.ipv6);
    const answers: DnsRecord[] = [];
    const additionals: DnsRecord[] = [];
    if (q.type === DnsType.SOA || q.type === DnsType.ANY) answers.push({ ...soa[0], name: apex });
    if (q.type === DnsType.NS || q.type === DnsType.ANY) answers.push(ns);
    if (q.type === DnsType.NS) additionals.push(...own);
    answers.push(...addressRecords(apex, q.type, ctx.localAddress?.ipv4, ctx.localAddress?.ipv6));
    return answers.length ? { rcode: DnsRcode.NOERROR, answers, authorities: [], additionals, outcome: 'answer' } : nodata;
  }
  const network = labels[labels.length - 2];
  if (!visible(network)) return nxdomain;
  // `<network>.clan` exists (it has devices below it) but holds no records itself.
  if (labels.length === 2) return nodata;
  // `<app>.<machine>.<network>.clan`: a machine serves its apps by name behind one
  // reverse proxy (docs/https.md), so one label below a peer's name answers with the
  // peer's addresses, like a wildcard record. Deeper names do not exist.
  if (labels.length > 4) return nxdomain;
  const entry = table.lookup(network, labels[labels.length - 3]);
  if (!entry) return nxdomain;
  const answers = addressRecords(q.name, q.type, entry.ipv4Bytes, entry.ipv6Bytes);
  return answers.length ? { rcode: DnsRcode.NOERROR, answers, authorities: [], additionals: [], outcome: 'answer' } : nodata;
}

function reply(outcome: PhonebookOutcome, message: DnsMessage, limit: number): PhonebookReply {
  const response = encodeDnsResponseWithin(message, limit);
  const truncated = (response[2] & 0x02) !== 0;
  return { outcome, response, truncated };
}

/**
 * The whole responder logic for one DNS message: never throws, never
 * recurses, and answers only for `clan.`. Anything outside it is REFUSED, so
 * the responder can never serve as an open resolver or an amplifier.
 */
export function answerPhonebookQuery(table: PhonebookTable, packet: Uint8Array, ctx: PhonebookQueryContext): PhonebookReply {
  const header = decodeDnsHeader(packet);
  // Too short to carry an id, or a response (answering responses invites loops): stay silent.
  if (!header || header.qr) return { outcome: 'dropped', response: null, truncated: false };
  const bare = (rcode: number, outcome: PhonebookOutcome, questions: DnsQuestion[] = [], edns?: DnsEdns): PhonebookReply =>
    reply(
      outcome,
      { header: replyHeader(header, rcode, false), questions, answers: [], authorities: [], additionals: [], edns },
      ctx.transport === 'tcp' ? 65535 : CLASSIC_UDP_LIMIT,
    );

  let query: DnsMessage;
  try {
    query = decodeDnsMessage(packet);
  } catch (err) {
    if (err instanceof DnsWireError) return bare(DnsRcode.FORMERR, 'formerr');
    return bare(DnsRcode.SERVFAIL, 'servfail');
  }
  try {
    return answerQuestion(table, header, query, ctx, bare);
  } catch {
    // A bug of ours, not the client's: say so rather than stay silent.
    return bare(DnsRcode.SERVFAIL, 'servfail');
  }
}

function answerQuestion(
  table: PhonebookTable,
  header: DnsHeader,
  query: DnsMessage,
  ctx: PhonebookQueryContext,
  bare: (rcode: number, outcome: PhonebookOutcome, questions?: DnsQuestion[], edns?: DnsEdns) => PhonebookReply,
): PhonebookReply {
  const maxUdp = ctx.maxUdpPayload ?? PHONEBOOK_MAX_UDP_PAYLOAD;
  const edns = replyEdns(query.edns, maxUdp);
  if (query.edns && query.edns.version !== 0) return bare(DnsRcode.BADVERS, 'badvers', [], edns);
  if (header.opcode !== DnsOpcode.QUERY) return bare(DnsRcode.NOTIMP, 'notimp', query.questions.slice(0, 1), edns);
  if (query.questions.length !== 1) return bare(DnsRcode.FORMERR, 'formerr', [], edns);
  const q = query.questions[0];
  if (q.type === DnsType.OPT) return bare(DnsRcode.FORMERR, 'formerr', [q], edns);

  const inZone = q.name.length > 0 && dnsLower(q.name[q.name.length - 1]) === PHONEBOOK_ZONE;
  const zoneClass = q.class === DnsClass.IN || q.class === DnsClass.ANY;
  // Outside .clan, other classes (CHAOS version.bind…) and zone transfers: not ours to answer.
  if (!inZone || !zoneClass || q.type === DnsType.AXFR || q.type === DnsType.IXFR) return bare(DnsRcode.REFUSED, 'refused', [q], edns);

  const a = answerInZone(table, q, ctx);
  const limit =
    ctx.transport === 'tcp'
      ? 65535
      : query.edns
        ? Math.min(Math.max(query.edns.udpPayloadSize, CLASSIC_UDP_LIMIT), maxUdp)
        : CLASSIC_UDP_LIMIT;
  return reply(
    a.outcome,
    {
      header: replyHeader(header, a.rcode, true),
      questions: [q],
      answers: a.answers,
      authorities: a.authorities,
      additionals: a.additionals,
      edns,
    },
    limit,
  );
}
