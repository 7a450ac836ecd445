import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { PhonebookDnsServer, PhonebookListenError, type PhonebookListener } from './phonebook-dns-server';
import { PhonebookTable } from './phonebook-dns-table';
import { decodeDnsMessage, dnsNameFromString, DnsClass, DnsRcode, DnsType, encodeDnsMessage, type DnsMessage } from './phonebook-dns-wire';

let nextId = 1;
function query(name: string, type: number = DnsType.A, id = nextId++): Buffer {
  return encodeDnsMessage({
    header: { id, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: 0 },
    questions: [{ name: dnsNameFromString(name), type, class: DnsClass.IN }],
    answers: [],
    authorities: [],
    additionals: [],
  });
}

/** One UDP exchange; resolves null when nothing comes back within `timeoutMs`. */
function udpAsk(l: PhonebookListener, packet: Buffer, timeoutMs = 2000): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(l.address.includes(':') ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, timeoutMs);
    socket.on('error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
    socket.on('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.send(packet, l.port, l.address);
  });
}

async function udpDecoded(l: PhonebookListener, packet: Buffer): Promise<DnsMessage> {
  const raw = await udpAsk(l, packet);
  if (!raw) throw new Error('no UDP answer');
  return decodeDnsMessage(raw);
}

/** A TCP client that collects length-prefixed frames and notices when the server closes. */
class TcpClient {
  readonly frames: Buffer[] = [];
  closed = false;
  private buffered = Buffer.alloc(0);
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 2 && this.buffered.length >= 2 + this.buffered.readUInt16BE(0)) {
        const n = this.buffered.readUInt16BE(0);
        this.frames.push(this.buffered.subarray(2, 2 + n));
        this.buffered = this.buffered.subarray(2 + n);
      }
      this.wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static open(l: PhonebookListener): Promise<TcpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: l.address, port: l.port }, () => resolve(new TcpClient(socket)));
      socket.once('error', reject);
    });
  }

  static frame(packet: Buffer): Buffer {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(packet.length);
    return Buffer.concat([prefix, packet]);
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Waits until `predicate` holds, failing after 3 s. */
  async until(predicate: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 3000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

/** Runs busybox nslookup (Debian package busybox-static); fails, never skips, when it is missing. */
function busyboxNslookup(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    execFile('busybox', ['nslookup', ...args], { timeout: 10_000 }, (err, stdout, stderr) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        reject(new Error('busybox not found: install the Debian package busybox-static'));
        return;
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe('phonebook DNS server on loopback', () => {
  const table = new PhonebookTable(1);
  table.setDevice('family', 'laptop-anna', { ipv4: '10.77.0.2', ipv6: 'fd7a:115c:a1e0::2' });
  table.setDevice('family', 'phone-ben', { ipv4: '10.77.0.3' });
  table.setDevice('work', 'build', { ipv4: '10.88.0.2' });
  const errors: Error[] = [];
  const server = new PhonebookDnsServer(table, { tcpIdleTimeoutMs: 300, maxTcpConnections: 4, onError: (e) => errors.push(e) });
  let v4: PhonebookListener;

  beforeAll(async () => {
    v4 = await server.listen({ address: '127.0.0.1', port: 0, networks: ['family'] });
  });
  afterAll(() => server.close());
  afterEach(() => expect(errors).toEqual([]));

  it('answers over UDP on the port it picked, TCP on the same port', async () => {
    expect(v4).toEqual({ address: '127.0.0.1', port: expect.any(Number), networks: ['family'] });
    expect(v4.port).toBeGreaterThan(0);
    expect(server.listeners()).toEqual([v4]);
    const m = await udpDecoded(v4, query('laptop-anna.family.clan'));
    expect(m.header).toMatchObject({ aa: true, ra: false, rcode: DnsRcode.NOERROR });
    expect(m.answers.map((r) => ('address' in r ? [...r.address].join('.') : ''))).toEqual(['10.77.0.2']);
    const tcp = await TcpClient.open(v4);
    tcp.socket.write(TcpClient.frame(query('phone-ben.family.clan')));
    await tcp.until(() => tcp.frames.length === 1, 'the TCP answer');
    expect(decodeDnsMessage(tcp.frames[0]).answers).toHaveLength(1);
    tcp.socket.destroy();
  });

  it('answers on IPv6 loopback too', async () => {
    const v6 = await server.listen({ address: '::1', port: 0, networks: 'all' });
    try {
      const m = await udpDecoded(v6, query('build.work.clan', DnsType.A));
      expect(m.answers).toHaveLength(1);
      const apex = await udpDecoded(v6, query('clan', DnsType.AAAA));
      expect(apex.answers.map((r) => ('address' in r ? [...r.address] : []))).toEqual([[...new Uint8Array(15), 1]]);
    } finally {
      await server.unlisten('::1');
    }
  });

  it('frames TCP messages with their 2-byte length: pipelined, split byte by byte, answered in order', async () => {
    const tcp = await TcpClient.open(v4);
    const q1 = query('laptop-anna.family.clan', DnsType.A, 101);
    const q2 = query('nope.family.clan', DnsType.A, 102);
    const q3 = query('example.com', DnsType.A, 103);
    tcp.socket.write(Buffer.concat([TcpClient.frame(q1), TcpClient.frame(q2)]));
    const split = TcpClient.frame(q3);
    for (const b of split) {
      tcp.socket.write(Buffer.of(b));
      await new Promise((r) => setImmediate(r));
    }
    await tcp.until(() => tcp.frames.length === 3, 'three answers');
    const answers = tcp.frames.map((f) => decodeDnsMessage(f));
    expect(answers.map((m) => [m.header.id, m.header.rcode])).toEqual([
      [101, DnsRcode.NOERROR],
      [102, DnsRcode.NXDOMAIN],
      [103, DnsRcode.REFUSED],
    ]);
    expect(tcp.closed).toBe(false);
    tcp.socket.destroy();
  });

  it('answers FORMERR to garbage over TCP; closes a connection that sends a non-query, and one that stays idle', async () => {
    const garbage = await TcpClient.open(v4);
    garbage.socket.write(TcpClient.frame(Buffer.from('not a dns message')));
    await garbage.until(() => garbage.frames.length === 1, 'the FORMERR answer');
    expect(decodeDnsMessage(garbage.frames[0]).header).toMatchObject({ id: 0x6e6f, qr: true, rcode: DnsRcode.FORMERR });
    garbage.socket.write(TcpClient.frame(Buffer.from('short')));
    await garbage.until(() => garbage.closed, 'the server to close the connection');
    expect(garbage.frames).toHaveLength(1);
    const idle = await TcpClient.open(v4);
    const opened = Date.now();
    await idle.until(() => idle.closed, 'the idle timeout');
    expect(Date.now() - opened).toBeGreaterThanOrEqual(250);
    // The listener still serves.
    expect((await udpDecoded(v4, query('phone-ben.family.clan'))).answers).toHaveLength(1);
  });

  it('refuses TCP connections beyond its limit', async () => {
    const held = await Promise.all([1, 2, 3, 4].map(() => TcpClient.open(v4)));
    await new Promise((r) => setTimeout(r, 50));
    const extra = await TcpClient.open(v4);
    await extra.until(() => extra.closed, 'the extra connection to be closed');
    held.forEach((c) => expect(c.closed).toBe(false));
    held.forEach((c) => c.socket.destroy());
  });

  it('answers FORMERR to malformed UDP, ignores non-queries, and keeps serving', async () => {
    const before = server.stats();
    const bad = query('laptop-anna.family.clan').subarray(0, 18);
    const m = await udpDecoded(v4, bad);
    expect([m.header.rcode, m.header.id]).toEqual([DnsRcode.FORMERR, bad.readUInt16BE(0)]);
    expect(await udpAsk(v4, Buffer.from('hi'), 300)).toBeNull();
    const response = Buffer.from(query('laptop-anna.family.clan'));
    response[2] |= 0x80;
    expect(await udpAsk(v4, response, 300)).toBeNull();
    expect((await udpDecoded(v4, query('laptop-anna.family.clan'))).answers).toHaveLength(1);
    const after = server.stats();
    expect([after.formerr - before.formerr, after.dropped - before.dropped, after.answer - before.answer]).toEqual([1, 2, 1]);
  });

  it('serves table updates while answering a burst of concurrent queries', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `tablet-${i}`);
    const asks: Array<Promise<DnsMessage>> = [];
    for (let round = 0; round < 10; round++) {
      for (const [i, name] of names.entries()) {
        if ((i + round) % 2) table.setDevice('family', name, { ipv4: `10.77.1.${i}` });
        else table.removeDevice('family', name);
        asks.push(udpDecoded(v4, query(`${name}.family.clan`)));
      }
    }
    const replies = await Promise.all(asks);
    expect(replies).toHaveLength(200);
    for (const r of replies) {
      // Each answer is one of the two states the name went through, never garbage.
      expect([DnsRcode.NOERROR, DnsRcode.NXDOMAIN]).toContain(r.header.rcode);
      if (r.header.rcode === DnsRcode.NOERROR) expect(r.answers).toHaveLength(1);
    }
    // After the burst, the table's final state is what resolves.
    for (const [i, name] of names.entries()) {
      const m = await udpDecoded(v4, query(`${name}.family.clan`));
      expect([name, m.header.rcode]).toEqual([name, (i + 9) % 2 ? DnsRcode.NOERROR : DnsRcode.NXDOMAIN]);
      table.removeDevice('family', name);
    }
  });

  it('is readable by a real resolver: busybox nslookup gets A and AAAA, NXDOMAIN and REFUSED', async () => {
    const ok = await busyboxNslookup([`-port=${v4.port}`, 'laptop-anna.family.clan', '127.0.0.1']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Name:\s+laptop-anna\.family\.clan\nAddress: 10\.77\.0\.2\n/);
    expect(ok.out).toMatch(/Name:\s+laptop-anna\.family\.clan\nAddress: fd7a:115c:a1e0::2\n/);
    const upper = await busyboxNslookup([`-port=${v4.port}`, '-type=aaaa', 'LAPTOP-ANNA.Family.CLAN', '127.0.0.1']);
    expect(upper.out).toContain('Address: fd7a:115c:a1e0::2');
    const unknown = await busyboxNslookup([`-port=${v4.port}`, 'nobody.family.clan', '127.0.0.1']);
    expect([unknown.code, unknown.out]).toEqual([1, expect.stringContaining("** server can't find nobody.family.clan: NXDOMAIN")]);
    const outside = await busyboxNslookup([`-port=${v4.port}`, 'example.com', '127.0.0.1']);
    expect([outside.code, outside.out]).toEqual([1, expect.stringContaining("** server can't find example.com: REFUSED")]);
    const soa = await busyboxNslookup([`-port=${v4.port}`, '-type=soa', 'clan', '127.0.0.1']);
    expect(soa.out).toMatch(/clan\n\s+origin = clan\n\s+mail addr = hostmaster\.clan\n\s+serial = \d+\n/);
  });

  it('explains listen failures in sentences', async () => {
    await expect(server.listen({ address: '192.0.2.1', port: 0, networks: 'all' })).rejects.toThrow(
      'Cannot serve the phonebook on 192.0.2.1:0: no interface has that address (is the mesh interface up?).',
    );
    await expect(server.listen({ address: '127.0.0.1', port: v4.port, networks: 'all' })).rejects.toThrow(
      `The phonebook already listens on 127.0.0.1:${v4.port}.`,
    );
    const other = new PhonebookDnsServer(table);
    await expect(other.listen({ address: '127.0.0.1', port: v4.port, networks: 'all' })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: `Cannot serve the phonebook on 127.0.0.1:${v4.port}: the port is in use (another DNS server such as dnsmasq or systemd-resolved?).`,
    });
    await expect(server.listen({ address: 'mesh0', networks: 'all' })).rejects.toThrow('"mesh0" is not an IP address to listen on.');
    await expect(server.listen({ address: '127.0.0.1', port: 70000, networks: 'all' })).rejects.toThrow('70000 is not a port number.');
    await expect(server.listen({ address: '127.0.0.1', port: 0, networks: ['Family'] })).rejects.toBeInstanceOf(PhonebookListenError);
    expect(() => new PhonebookDnsServer(table, { maxUdpPayload: 100 })).toThrow(RangeError);
    expect(server.listeners()).toEqual([v4]);
  });

  it('stops answering on an address after unlisten', async () => {
    const extra = await server.listen({ address: '127.0.0.2', port: 0, networks: ['family'] });
    expect((await udpDecoded(extra, query('phone-ben.family.clan'))).answers).toHaveLength(1);
    const held = await TcpClient.open(extra);
    await server.unlisten('127.0.0.2');
    await held.until(() => held.closed, 'open connections to close');
    expect(await udpAsk(extra, query('phone-ben.family.clan'), 300)).toBeNull();
    await expect(TcpClient.open(extra)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(server.listeners()).toEqual([v4]);
  });
});
