import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MeshAgentClientMessage, MeshAgentConfigMessage, MeshAgentPeerState } from '@clan/contracts';
import { MESH_AGENT_WS_PATH } from '@clan/contracts';
import WebSocket, { WebSocketServer } from 'ws';
import type { MeshDriver } from '../driver';

/**
 * Test doubles for the agent (unit tests, and the namespace test of the built
 * CLI): a panel that speaks the agent protocol on 127.0.0.1 (or any address)
 * and records what it hears, and a driver that records what it is asked.
 */

export interface PanelConnection {
  ws: WebSocket;
  request: IncomingMessage;
  messages: MeshAgentClientMessage[];
}

export class FakePanel {
  readonly connections: PanelConnection[] = [];
  /** Every message of every connection, in order, with the connection's index. */
  readonly heard: { connection: number; message: MeshAgentClientMessage }[] = [];
  private waiters: (() => void)[] = [];
  /** What the panel does when an agent connects (default: nothing; the test drives it). */
  onConnection: (connection: PanelConnection) => void = () => undefined;

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on('connection', (ws, request) => {
      const connection: PanelConnection = { ws, request, messages: [] };
      const index = this.connections.push(connection) - 1;
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as MeshAgentClientMessage;
        connection.messages.push(message);
        this.heard.push({ connection: index, message });
        this.wake();
      });
      this.onConnection(connection);
      this.wake();
    });
  }

  static async start(host = '127.0.0.1', port = 0): Promise<FakePanel> {
    const server = new WebSocketServer({ host, port, path: MESH_AGENT_WS_PATH });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new FakePanel(server, `http://${shown}:${address.port}`);
  }

  /** Resolves once `test` holds (checked after every event), or fails after `timeoutMs`. */
  async until<T>(what: string, test: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = test();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${what}; heard: ${JSON.stringify(this.heard.map((h) => [h.connection, h.message.type]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The n-th message of a type (any connection). */
  message<T extends MeshAgentClientMessage['type']>(type: T, n = 0): Extract<MeshAgentClientMessage, { type: T }> | undefined {
    return this.heard.filter((h) => h.message.type === type)[n]?.message as Extract<MeshAgentClientMessage, { type: T }> | undefined;
  }

  types(connection?: number): string[] {
    return this.heard.filter((h) => connection === undefined || h.connection === connection).map((h) => h.message.type);
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export function configMessage(revision: number, over: Partial<MeshAgentConfigMessage> = {}): MeshAgentConfigMessage {
  return {
    type: 'config',
    revision,
    network: 'family',
    peer: 'laptop',
    layer: 'wireguard',
    config: `[Interface]\nPrivateKey = {{PRIVATE_KEY}}\n\n# host (host)\n[Peer]\nPublicKey = HOST\n\n# nas (machine)\n[Peer]\nPublicKey = NAS\n`,
    addresses: ['10.100.0.7/24'],
    listenPort: null,
    hostPublicKey: 'HOST',
    dns: null,
    firewall: null,
    panelUrls: [],
    ...over,
  };
}

/** A driver that records: `applied` holds every config it was given; `events` every call. */
export class FakeDriver implements MeshDriver {
  readonly layer = 'wireguard' as const;
  readonly outlivesAgent = true;
  readonly applied: MeshAgentConfigMessage[] = [];
  readonly events: string[] = [];
  applyDelayMs = 0;
  failWith: string | null = null;
  peers: MeshAgentPeerState[] = [
    { publicKey: 'HOST', latestHandshake: 1_700_000_000, endpoint: '192.0.2.1:51820', rxBytes: 1, txBytes: 2 },
  ];

  constructor(readonly interfaceName = 'clan-wg') {}

  hostOnly(config: MeshAgentConfigMessage): MeshAgentConfigMessage {
    return { ...config, config: `host-only ${config.hostPublicKey}` };
  }

  peerCount(config: MeshAgentConfigMessage): number {
    return (config.config.match(/\[Peer\]/g) ?? []).length;
  }

  async apply(config: MeshAgentConfigMessage): Promise<void> {
    this.events.push(`apply ${config.revision}`);
    if (this.applyDelayMs) await new Promise((r) => setTimeout(r, this.applyDelayMs));
    if (this.failWith) throw new Error(this.failWith);
    this.applied.push(config);
  }

  async status(): Promise<MeshAgentPeerState[]> {
    this.events.push('status');
    return this.peers;
  }

  async down(): Promise<void> {
    this.events.push('down');
  }

  async close(): Promise<void> {
    this.events.push('close');
  }
}

export { WebSocket };
