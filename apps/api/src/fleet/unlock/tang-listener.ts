import { createServer, type Server, type Socket } from 'node:net';
import type { ProcessRunner } from '../../services/process/process-runner';

type ChildProcess = ReturnType<ProcessRunner['start']>;

export const TANGD = '/usr/libexec/tangd';
export const TANG_PACKAGE = 'tang';

/** At most this many requests are answered at once; more connections are refused until one ends. */
const MAX_CONNECTIONS = 64;
/** A Tang exchange is one small HTTP request: a connection open longer than this is dropped. */
const CONNECTION_TIMEOUT_MS = 30_000;

/**
 * Serves a Tang key directory on one address (docs/fleet-unlock.md, "Tang servers"): tangd answers one
 * connection on its stdin/stdout and exits, like under systemd's socket activation or inetd. Without
 * a namespace a Node server spawns one tangd per connection; inside a network namespace (where the
 * fleet interface may live) socat does the same from `ip netns exec`, as ENVIRONMENT.md measured.
 */
export class TangListener {
  private server: Server | null = null;
  private socat: ChildProcess | null = null;
  private readonly children = new Set<ChildProcess>();
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly processes: ProcessRunner,
    private readonly keyDir: string,
    private readonly address: string,
    private readonly port: number,
    private readonly netns: string | undefined,
  ) {}

  get url(): string {
    return `http://${this.address.includes(':') ? `[${this.address}]` : this.address}:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.netns) return this.startSocat(this.netns);
    const server = createServer((socket) => this.answer(socket));
    server.maxConnections = MAX_CONNECTIONS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.address, port: this.port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  private answer(socket: Socket): void {
    const tangd = this.processes.start(TANGD, [this.keyDir], { stdio: ['pipe', 'pipe', 'ignore'], pkg: TANG_PACKAGE });
    this.children.add(tangd);
    this.sockets.add(socket);
    const timer = setTimeout(() => socket.destroy(), CONNECTION_TIMEOUT_MS);
    const end = () => {
      clearTimeout(timer);
      this.children.delete(tangd);
      this.sockets.delete(socket);
      if (tangd.exitCode === null) tangd.kill();
    };
    socket.on('error', () => socket.destroy());
    socket.on('close', end);
    tangd.on('error', () => socket.destroy());
    tangd.on('exit', () => socket.end());
    tangd.stdin?.on('error', () => undefined);
    if (tangd.stdin && tangd.stdout) {
      socket.pipe(tangd.stdin);
      tangd.stdout.pipe(socket);
    }
  }

  private async startSocat(netns: string): Promise<void> {
    const listen = `TCP-LISTEN:${this.port},bind=${this.address},reuseaddr,fork,max-children=${MAX_CONNECTIONS}`;
    const socat = this.processes.start('socat', [listen, `EXEC:${TANGD} ${this.keyDir}`], {
      netns,
      stdio: ['ignore', 'ignore', 'pipe'],
      pkg: 'socat',
    });
    let stderr = '';
    socat.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    // socat reports a bind failure at once; one that still runs after a moment is listening.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, 300);
      socat.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`socat could not listen on ${this.address}:${this.port} in namespace ${netns} (exit ${code}): ${stderr.trim()}`));
      });
      socat.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    this.socat = socat;
  }

  async stop(): Promise<void> {
    for (const child of this.children) child.kill();
    for (const socket of this.sockets) socket.destroy();
    this.children.clear();
    this.sockets.clear();
    this.socat?.kill();
    this.socat = null;
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
