import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIP, type Server as TcpServer, type Socket as TcpSocket } from 'node:net';
import { answerPhonebookQuery, PHONEBOOK_MAX_UDP_PAYLOAD, type PhonebookOutcome, type PhonebookQueryContext } from './phonebook-dns-answer';
import { ipv4Bytes, ipv6Bytes, PHONEBOOK_LABEL_PATTERN, type PhonebookTable } from './phonebook-dns-table';

export interface PhonebookListenOptions {
  /** A host-managed mesh address (IPv4 or IPv6) to answer on. */
  address: string;
  /** Default 53 (what resolvers and wg-quick's `DNS=` use); 0 picks a free port (tests). */
  port?: number;
  /** The networks whose names this address answers ('all' for every network in the table). */
  networks: readonly string[] | 'all';
}

export interface PhonebookListener {
  address: string;
  port: number;
  networks: readonly string[] | 'all';
}

export interface PhonebookDnsServerOptions {
  /** A TCP connection with no complete query for this long is closed. Default 10 s. */
  tcpIdleTimeoutMs?: number;
  /** Concurrent TCP connections per listener; more are refused. Default 64. */
  maxTcpConnections?: number;
  /** Largest UDP response, at least 512. Default 1232. */
  maxUdpPayload?: number;
  /** Socket errors after a listener started (they do not stop the other listeners). */
  onError?: (error: Error, listener: PhonebookListener) => void;
}

/** Why a listener could not start, in a sentence an operator can act on. */
export class PhonebookListenError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PhonebookListenError';
  }
}

interface Listening {
  listener: PhonebookListener;
  udp: UdpSocket;
  tcp: TcpServer;
  connections: Set<TcpSocket>;
  context: Omit<PhonebookQueryContext, 'transport'>;
}

const OUTCOMES: PhonebookOutcome[] = ['answer', 'nodata', 'nxdomain', 'refused', 'formerr', 'notimp', 'badvers', 'servfail', 'dropped'];

function listenError(err: NodeJS.ErrnoException, address: string, port: number): PhonebookListenError {
  const where = `${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
  switch (err.code) {
    case 'EADDRNOTAVAIL':
      return new PhonebookListenError(
        `Cannot serve the phonebook on ${where}: no interface has that address (is the mesh interface up?).`,
        err.code,
      );
    case 'EADDRINUSE':
      return new PhonebookListenError(
        `Cannot serve the phonebook on ${where}: the port is in use (another DNS server such as dnsmasq or systemd-resolved?).`,
        err.code,
      );
    case 'EACCES':
      return new PhonebookListenError(
        `Cannot serve the phonebook on ${where}: ports below 1024 need root or CAP_NET_BIND_SERVICE.`,
        err.code,
      );
    default:
      return new PhonebookListenError(`Cannot serve the phonebook on ${where}: ${err.message}`, err.code);
  }
}

function bindUdp(socket: UdpSocket, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket.address().port);
    });
  });
}

function listenTcp(server: TcpServer, address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ host: address, port, exclusive: true, ipv6Only: isIP(address) === 6 }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // never bound, or already closed
    }
  });
}

function closeTcp(server: TcpServer): Promise<void> {
  return new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
}

/**
 * The phonebook's DNS responder: UDP and TCP on each host mesh address it is
 * told to listen on, answering from a PhonebookTable the panel keeps current.
 */
export class PhonebookDnsServer {
  private readonly active: Listening[] = [];
  private readonly counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<PhonebookOutcome, number>;
  private readonly idleMs: number;
  private readonly maxConnections: number;
  private readonly maxUdpPayload: number;

  constructor(
    private readonly table: PhonebookTable,
    private readonly options: PhonebookDnsServerOptions = {},
  ) {
    this.idleMs = options.tcpIdleTimeoutMs ?? 10_000;
    this.maxConnections = options.maxTcpConnections ?? 64;
    this.maxUdpPayload = options.maxUdpPayload ?? PHONEBOOK_MAX_UDP_PAYLOAD;
    if (this.maxUdpPayload < 512 || this.maxUdpPayload > 65535) throw new RangeError('maxUdpPayload must be between 512 and 65535');
  }

  /** Starts answering on one address (UDP and TCP, same port). */
  async listen(options: PhonebookListenOptions): Promise<PhonebookListener> {
    const family = isIP(options.address);
    if (family === 0) throw new PhonebookListenError(`"${options.address}" is not an IP address to listen on.`);
    const port = options.port ?? 53;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PhonebookListenError(`${port} is not a port number.`);
    if (options.networks !== 'all') {
      const bad = options.networks.find((n) => !PHONEBOOK_LABEL_PATTERN.test(n));
      if (bad !== undefined) throw new PhonebookListenError(`"${bad}" is not a network name.`);
    }
    if (port !== 0 && this.active.some((l) => l.listener.address === options.address && l.listener.port === port)) {
      throw new PhonebookListenError(`The phonebook already listens on ${options.address}:${port}.`);
    }
    // Wildcard and link-local (zone id) addresses have no single address for the apex to resolve to.
    const wildcard = options.address === '0.0.0.0' || options.address === '::' || options.address.includes('%');
    const localAddress = wildcard ? undefined : family === 4 ? { ipv4: ipv4Bytes(options.address) } : { ipv6: ipv6Bytes(options.address) };
    const networks = options.networks === 'all' ? 'all' : [...options.networks];
    const context = {
      networks: networks === 'all' ? ('all' as const) : new Set(networks),
      localAddress,
      maxUdpPayload: this.maxUdpPayload,
    };

    // With port 0 the UDP socket picks the port and TCP follows; retry if TCP finds it taken.
    for (let attempt = 0; ; attempt++) {
      const udp = createSocket({ type: family === 6 ? 'udp6' : 'udp4', ipv6Only: family === 6 });
      const tcp = createServer();
      let bound: number;
      try {
        bound = await bindUdp(udp, options.address, port);
      } catch (err) {
        await closeUdp(udp);
        throw listenError(err as NodeJS.ErrnoException, options.address, port);
      }
      try {
        await listenTcp(tcp, options.address, bound);
      } catch (err) {
        await closeUdp(udp);
        const code = (err as NodeJS.ErrnoException).code;
        if (port === 0 && code === 'EADDRINUSE' && attempt < 10) continue;
        throw listenError(err as NodeJS.ErrnoException, options.address, bound);
      }
      const listening: Listening = {
        listener: { address: options.address, port: bound, networks },
        udp,
        tcp,
        connections: new Set(),
        context,
      };
      this.serve(listening);
      this.active.push(listening);
      return { ...listening.listener };
    }
  }

  /** Stops answering on an address (every port, or just `port`), e.g. when its mesh interface goes away. */
  async unlisten(address: string, port?: number): Promise<void> {
    const matching = this.active.filter((l) => l.listener.address === address && (port === undefined || l.listener.port === port));
    await Promise.all(matching.map((l) => this.stop(l)));
  }

  /** Stops every listener. */
  async close(): Promise<void> {
    await Promise.all([...this.active].map((l) => this.stop(l)));
  }

  listeners(): PhonebookListener[] {
    return this.active.map((l) => ({ ...l.listener }));
  }

  /** How many queries ended how, since start. */
  stats(): Record<PhonebookOutcome, number> {
    return { ...this.counts };
  }

  private async stop(l: Listening): Promise<void> {
    const i = this.active.indexOf(l);
    if (i >= 0) this.active.splice(i, 1);
    for (const c of l.connections) c.destroy();
    await Promise.all([closeUdp(l.udp), closeTcp(l.tcp)]);
  }

  private answer(l: Listening, packet: Uint8Array, transport: 'udp' | 'tcp'): Buffer | null {
    const reply = answerPhonebookQuery(this.table, packet, { ...l.context, transport });
    this.counts[reply.outcome]++;
    return reply.response;
  }

  private serve(l: Listening): void {
    const report = (err: Error) => this.options.onError?.(err, { ...l.listener });
    l.udp.on('error', report);
    l.udp.on('message', (packet: Buffer, remote: RemoteInfo) => {
      const response = this.answer(l, packet, 'udp');
      // Send errors (an ICMP unreachable from a vanished client) concern that client only.
      if (response) l.udp.send(response, remote.port, remote.address, () => undefined);
    });
    l.tcp.on('error', report);
    l.tcp.on('connection', (socket) => this.serveTcp(l, socket));
  }

  /** RFC 7766: each message is preceded by its 2-byte length; several queries may share a connection. */
  private serveTcp(l: Listening, socket: TcpSocket): void {
    if (l.connections.size >= this.maxConnections) {
      socket.destroy();
      return;
    }
    l.connections.add(socket);
    socket.on('close', () => l.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(this.idleMs, () => socket.destroy());
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const packet = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const response = this.answer(l, packet, 'tcp');
        if (!response) {
          // Not a query (or shorter than a header): nothing sensible can follow on this stream.
          socket.destroy();
          return;
        }
        const frame = Buffer.alloc(2 + response.length);
        frame.writeUInt16BE(response.length, 0);
        response.copy(frame, 2);
        if (!socket.write(frame)) {
          socket.pause();
          socket.once('drain', () => socket.resume());
        }
      }
    });
  }
}
