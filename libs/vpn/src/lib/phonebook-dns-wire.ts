/**
 * The DNS wire format (RFC 1035, EDNS0 from RFC 6891), just what the phonebook
 * responder needs: decode any message defensively, encode responses with name
 * compression, and fit a response into a size limit (RFC 2181 §9 truncation).
 *
 * Names are arrays of labels; each label is a binary-safe latin1 string (one
 * character per byte), so a question is echoed back byte for byte — resolvers
 * that randomise letter case (DNS 0x20) check that.
 *
 * Hand-written on purpose (docs/decisions/0006-dns-and-ip-libraries.md):
 * dns-packet does not compress names, reads labels as UTF-8 joined by ".",
 * and checks neither label lengths nor record lengths. The specs read our
 * output and feed our input with dns-packet as an independent codec.
 */

export const DnsType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  OPT: 41,
  IXFR: 251,
  AXFR: 252,
  ANY: 255,
} as const;

export const DnsClass = { IN: 1, CH: 3, NONE: 254, ANY: 255 } as const;

/** Response codes; values above 15 need an OPT record to carry their upper bits. */
export const DnsRcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, BADVERS: 16 } as const;

export const DnsOpcode = { QUERY: 0 } as const;

/** A name as its labels, most specific first; the root is `[]`. */
export type DnsName = readonly string[];

export interface DnsHeader {
  id: number;
  /** True for a response. */
  qr: boolean;
  opcode: number;
  /** Authoritative answer. */
  aa: boolean;
  /** Truncated. */
  tc: boolean;
  /** Recursion desired (copied from the query into the response). */
  rd: boolean;
  /** Recursion available: always false here. */
  ra: boolean;
  ad: boolean;
  cd: boolean;
  /** The full response code (header's 4 bits, plus the OPT record's 8 upper bits when present). */
  rcode: number;
}

export interface DnsQuestion {
  name: DnsName;
  type: number;
  class: number;
}

export interface DnsSoa {
  mname: DnsName;
  rname: DnsName;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

interface RecordBase {
  name: DnsName;
  class: number;
  ttl: number;
}

/** A resource record; A/AAAA addresses are 4/16 raw bytes. Types the responder does not know keep their raw data. */
export type DnsRecord =
  | (RecordBase & { type: typeof DnsType.A | typeof DnsType.AAAA; address: Uint8Array })
  | (RecordBase & { type: typeof DnsType.NS; host: DnsName })
  | (RecordBase & { type: typeof DnsType.SOA; soa: DnsSoa })
  | (RecordBase & { type: number; data: Uint8Array });

export interface DnsEdnsOption {
  code: number;
  data: Uint8Array;
}

/** The OPT pseudo-record (RFC 6891), kept apart from the additional section. */
export interface DnsEdns {
  udpPayloadSize: number;
  version: number;
  /** DNSSEC OK bit. */
  dnssecOk: boolean;
  options: DnsEdnsOption[];
}

export interface DnsMessage {
  header: DnsHeader;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  /** Additional records other than OPT. */
  additionals: DnsRecord[];
  edns?: DnsEdns;
}

/** Thrown for bytes that are not a well-formed DNS message. */
export class DnsWireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DnsWireError';
  }
}

export const DNS_HEADER_SIZE = 12;
export const DNS_MAX_MESSAGE_SIZE = 65535;
const MAX_LABEL_LENGTH = 63;
const MAX_NAME_WIRE_LENGTH = 255;
const POINTER_LIMIT = 0x3fff;

/** ASCII-only lower case: DNS compares names case-insensitively for A–Z alone (RFC 4343). */
export function dnsLower(label: string): string {
  return label.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** `laptop-anna.family.clan` → `['laptop-anna', 'family', 'clan']`; `''` or `'.'` is the root. */
export function dnsNameFromString(text: string): DnsName {
  const trimmed = text.endsWith('.') ? text.slice(0, -1) : text;
  return trimmed === '' ? [] : trimmed.split('.');
}

/** Presentation form with a trailing dot; dots, backslashes and non-printable bytes inside labels are escaped. */
export function dnsNameToString(name: DnsName): string {
  if (name.length === 0) return '.';
  const escape = (label: string) =>
    label.replace(/[^\x21-\x7e]|[.\\]/g, (c) => {
      const code = c.charCodeAt(0);
      return c === '.' || c === '\\' ? `\\${c}` : `\\${String(code).padStart(3, '0')}`;
    });
  return name.map(escape).join('.') + '.';
}

// ---------------------------------------------------------------- decoding

class Reader {
  constructor(
    readonly buf: Uint8Array,
    public offset = 0,
  ) {}

  need(n: number, what: string): void {
    if (this.offset + n > this.buf.length) throw new DnsWireError(`The message ends inside ${what}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.offset++];
  }
  u16(what: string): number {
    this.need(2, what);
    const v = (this.buf[this.offset] << 8) | this.buf[this.offset + 1];
    this.offset += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const b = this.buf;
    const o = this.offset;
    this.offset += 4;
    return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/**
 * Reads a possibly compressed name. A pointer must point before itself, and
 * every label counts towards the 255-byte limit, so a pointer loop ends in an
 * error after at most ~128 steps instead of spinning.
 */
function readName(r: Reader): DnsName {
  const labels: string[] = [];
  let wireLength = 1;
  let pos = r.offset;
  let resumeAt = -1;
  for (;;) {
    if (pos >= r.buf.length) throw new DnsWireError('The message ends inside a name');
    const len = r.buf[pos];
    if (len === 0) {
      pos += 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= r.buf.length) throw new DnsWireError('The message ends inside a compression pointer');
      const target = ((len & 0x3f) << 8) | r.buf[pos + 1];
      if (target >= pos) throw new DnsWireError('A compression pointer does not point backwards');
      if (resumeAt < 0) resumeAt = pos + 2;
      pos = target;
      continue;
    }
    if (kind !== 0) throw new DnsWireError('A name uses an unsupported label type');
    wireLength += len + 1;
    if (wireLength > MAX_NAME_WIRE_LENGTH) throw new DnsWireError('A name is longer than 255 bytes');
    if (pos + 1 + len > r.buf.length) throw new DnsWireError('The message ends inside a label');
    labels.push(latin1(r.buf.subarray(pos + 1, pos + 1 + len)));
    pos += 1 + len;
  }
  r.offset = resumeAt >= 0 ? resumeAt : pos;
  return labels;
}

function readHeaderFrom(r: Reader): DnsHeader & { counts: [number, number, number, number] } {
  const id = r.u16('the header');
  const flags = r.u16('the header');
  const counts: [number, number, number, number] = [r.u16('the header'), r.u16('the header'), r.u16('the header'), r.u16('the header')];
  return {
    id,
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: flags & 0xf,
    counts,
  };
}

/** The header alone, or null when fewer than 12 bytes arrived. Never throws. */
export function decodeDnsHeader(buf: Uint8Array): DnsHeader | null {
  if (buf.length < DNS_HEADER_SIZE) return null;
  const { id, qr, opcode, aa, tc, rd, ra, ad, cd, rcode } = readHeaderFrom(new Reader(buf));
  return { id, qr, opcode, aa, tc, rd, ra, ad, cd, rcode };
}

function readRecord(r: Reader): { record: DnsRecord; opt?: DnsEdns & { extendedRcode: number } } {
  const name = readName(r);
  const type = r.u16('a record');
  const klass = r.u16('a record');
  const ttl = r.u32('a record');
  const rdlength = r.u16('a record');
  r.need(rdlength, 'record data');
  const end = r.offset + rdlength;
  const base = { name, class: klass, ttl };
  const sub = new Reader(r.buf.subarray(0, end), r.offset);
  let record: DnsRecord;
  let opt: (DnsEdns & { extendedRcode: number }) | undefined;
  switch (type) {
    case DnsType.A:
    case DnsType.AAAA: {
      const size = type === DnsType.A ? 4 : 16;
      if (rdlength !== size) throw new DnsWireError(`An ${type === DnsType.A ? 'A' : 'AAAA'} record holds ${rdlength} bytes, not ${size}`);
      record = { ...base, type, address: sub.bytes(size, 'an address') };
      break;
    }
    case DnsType.NS:
      record = { ...base, type, host: readName(sub) };
      break;
    case DnsType.SOA:
      record = {
        ...base,
        type,
        soa: {
          mname: readName(sub),
          rname: readName(sub),
          serial: sub.u32('SOA data'),
          refresh: sub.u32('SOA data'),
          retry: sub.u32('SOA data'),
          expire: sub.u32('SOA data'),
          minimum: sub.u32('SOA data'),
        },
      };
      break;
    case DnsType.OPT: {
      if (name.length !== 0) throw new DnsWireError('An OPT record must be owned by the root name');
      const options: DnsEdnsOption[] = [];
      while (sub.offset < end) {
        const code = sub.u16('an EDNS option');
        const length = sub.u16('an EDNS option');
        options.push({ code, data: sub.bytes(length, 'an EDNS option') });
      }
      opt = {
        udpPayloadSize: klass,
        extendedRcode: ttl >>> 24,
        version: (ttl >>> 16) & 0xff,
        dnssecOk: (ttl & 0x8000) !== 0,
        options,
      };
      record = { ...base, type, data: r.buf.subarray(r.offset, end) };
      break;
    }
    default:
      record = { ...base, type, data: sub.bytes(rdlength, 'record data') };
  }
  if (sub.offset !== end) throw new DnsWireError('A record’s data length does not match its contents');
  r.offset = end;
  return { record, opt };
}

/** Decodes a whole message; throws DnsWireError for anything malformed (including trailing bytes). */
export function decodeDnsMessage(buf: Uint8Array): DnsMessage {
  if (buf.length > DNS_MAX_MESSAGE_SIZE) throw new DnsWireError('A DNS message is at most 65535 bytes');
  const r = new Reader(buf);
  const { counts, ...header } = readHeaderFrom(r);
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const name = readName(r);
    questions.push({ name, type: r.u16('a question'), class: r.u16('a question') });
  }
  const sections: DnsRecord[][] = [[], [], []];
  let edns: DnsEdns | undefined;
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]; i++) {
      const { record, opt } = readRecord(r);
      if (!opt) {
        sections[s].push(record);
        continue;
      }
      if (s !== 2) throw new DnsWireError('An OPT record may only appear in the additional section');
      if (edns) throw new DnsWireError('A message carries more than one OPT record');
      const { extendedRcode, ...rest } = opt;
      edns = rest;
      header.rcode |= extendedRcode << 4;
    }
  }
  if (r.offset !== buf.length) throw new DnsWireError('Bytes follow the last record');
  return { header, questions, answers: sections[0], authorities: sections[1], additionals: sections[2], edns };
}

// ---------------------------------------------------------------- encoding

class Writer {
  private chunks: number[] = [];
  /** Lower-cased name suffix → offset of its first occurrence, for compression. */
  private readonly suffixes = new Map<string, number>();

  get length(): number {
    return this.chunks.length;
  }
  u8(v: number): void {
    this.chunks.push(v & 0xff);
  }
  u16(v: number): void {
    this.chunks.push((v >>> 8) & 0xff, v & 0xff);
  }
  u32(v: number): void {
    this.chunks.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  bytes(b: Uint8Array): void {
    for (const x of b) this.chunks.push(x);
  }
  setU16(at: number, v: number): void {
    this.chunks[at] = (v >>> 8) & 0xff;
    this.chunks[at + 1] = v & 0xff;
  }
  name(name: DnsName, compress: boolean): void {
    let wireLength = 1;
    for (let i = 0; i < name.length; i++) {
      const label = name[i];
      if (label.length === 0 || label.length > MAX_LABEL_LENGTH) throw new DnsWireError(`A label must be 1 to 63 bytes long`);
      wireLength += label.length + 1;
    }
    if (wireLength > MAX_NAME_WIRE_LENGTH) throw new DnsWireError('A name is longer than 255 bytes');
    for (let i = 0; i < name.length; i++) {
      const key = name.slice(i).map(dnsLower).join('.');
      const known = compress ? this.suffixes.get(key) : undefined;
      if (known !== undefined) {
        this.u16(0xc000 | known);
        return;
      }
      if (this.length <= POINTER_LIMIT && !this.suffixes.has(key)) this.suffixes.set(key, this.length);
      const label = name[i];
      this.u8(label.length);
      for (let j = 0; j < label.length; j++) this.u8(label.charCodeAt(j));
    }
    this.u8(0);
  }
  toBuffer(): Buffer {
    return Buffer.from(this.chunks);
  }
}

function writeRecord(w: Writer, rr: DnsRecord): void {
  w.name(rr.name, true);
  w.u16(rr.type);
  w.u16(rr.class);
  w.u32(rr.ttl);
  const lengthAt = w.length;
  w.u16(0);
  const start = w.length;
  if ('address' in rr) {
    const size = rr.type === DnsType.A ? 4 : 16;
    if (rr.address.length !== size) throw new DnsWireError(`An address record needs ${size} bytes`);
    w.bytes(rr.address);
  } else if ('host' in rr) {
    w.name(rr.host, true);
  } else if ('soa' in rr) {
    const s = rr.soa;
    w.name(s.mname, true);
    w.name(s.rname, true);
    for (const v of [s.serial, s.refresh, s.retry, s.expire, s.minimum]) w.u32(v);
  } else {
    w.bytes(rr.data);
  }
  w.setU16(lengthAt, w.length - start);
}

function writeOpt(w: Writer, edns: DnsEdns, rcode: number): void {
  w.u8(0); // root owner
  w.u16(DnsType.OPT);
  w.u16(edns.udpPayloadSize);
  w.u8((rcode >>> 4) & 0xff);
  w.u8(edns.version);
  w.u16(edns.dnssecOk ? 0x8000 : 0);
  const lengthAt = w.length;
  w.u16(0);
  const start = w.length;
  for (const o of edns.options) {
    w.u16(o.code);
    w.u16(o.data.length);
    w.bytes(o.data);
  }
  w.setU16(lengthAt, w.length - start);
}

/** Encodes a message; names in records are compressed against earlier ones. */
export function encodeDnsMessage(msg: DnsMessage): Buffer {
  const h = msg.header;
  if (h.rcode > 15 && !msg.edns) throw new DnsWireError(`Response code ${h.rcode} needs an OPT record`);
  const w = new Writer();
  w.u16(h.id);
  w.u16(
    (h.qr ? 0x8000 : 0) |
      ((h.opcode & 0xf) << 11) |
      (h.aa ? 0x0400 : 0) |
      (h.tc ? 0x0200 : 0) |
      (h.rd ? 0x0100 : 0) |
      (h.ra ? 0x0080 : 0) |
      (h.ad ? 0x0020 : 0) |
      (h.cd ? 0x0010 : 0) |
      (h.rcode & 0xf),
  );
  w.u16(msg.questions.length);
  w.u16(msg.answers.length);
  w.u16(msg.authorities.length);
  w.u16(msg.additionals.length + (msg.edns ? 1 : 0));
  for (const q of msg.questions) {
    w.name(q.name, true);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const rr of msg.answers) writeRecord(w, rr);
  for (const rr of msg.authorities) writeRecord(w, rr);
  for (const rr of msg.additionals) writeRecord(w, rr);
  if (msg.edns) writeOpt(w, msg.edns, h.rcode);
  return w.toBuffer();
}

/**
 * Encodes a response within `limit` bytes (RFC 2181 §9): the additional
 * records go first without setting TC (the client loses nothing it asked
 * for), then the authority section; if the answer itself does not fit, the
 * response keeps only its question and OPT and sets TC so the client retries
 * over TCP.
 */
export function encodeDnsResponseWithin(msg: DnsMessage, limit: number): Buffer {
  const full = encodeDnsMessage(msg);
  if (full.length <= limit) return full;
  const withoutAdditional = encodeDnsMessage({ ...msg, additionals: [] });
  if (withoutAdditional.length <= limit) return withoutAdditional;
  const answersOnly = encodeDnsMessage({ ...msg, authorities: [], additionals: [] });
  if (answersOnly.length <= limit && msg.answers.length > 0) return answersOnly;
  return encodeDnsMessage({ ...msg, header: { ...msg.header, tc: true }, answers: [], authorities: [], additionals: [] });
}
