import type { IncomingMessage } from 'node:http';
import { MESH_AGENT_CLOSE_UNAUTHORIZED, MESH_AGENT_PROTOCOL, MESH_AGENT_WS_PATH } from '@clan/contracts';
import { Inject, Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { GatewayAccess, type GatewayAccessRules } from '../../events/gateway-access';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { parseAgentMessage } from './agent-messages';
import { agentTokenHash, agentTokenOf } from './agent-token';
import { type AgentConnection, closeReason, MeshAgentHub } from './mesh-agent-hub.service';

/** What each message needs; the gateway enforces exactly this. */
export const MESH_AGENT_ACCESS = {
  connect: {
    scope: 'public',
    note: 'Authorization: Bearer clanag_… (the agent token of one device, from its enrolment); a bad token is closed with 4401',
  },
  messages: {
    hello: { scope: 'public', note: "the connection's own device only; answered with its config (or removed + 4403)" },
    applied: { scope: 'public', note: "the connection's own device only" },
    status: { scope: 'public', note: "the connection's own device only" },
  },
} as const satisfies GatewayAccessRules;

/** The frame limit: a status report of a big network fits many times over; anything larger is closed by ws (1009). */
const MAX_FRAME_BYTES = 256 * 1024;
/** Policy violation: garbage, or a message before hello. */
const CLOSE_POLICY = 1008;

/**
 * `WS /api/mesh/agent`: the device agents (`clanctl mesh up`). The token
 * names the device; `hello` is answered with its config, then every change
 * of its network's mesh is pushed (MeshAgentHub). Bad input closes the one
 * connection with a reason; nothing an agent sends can take the panel down.
 */
@GatewayAccess(MESH_AGENT_ACCESS)
@WebSocketGateway({ path: MESH_AGENT_WS_PATH, maxPayload: MAX_FRAME_BYTES })
export class MeshAgentGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly log = new Logger('MeshAgents');
  private readonly bySocket = new Map<WebSocket, AgentConnection>();

  constructor(
    private readonly hub: MeshAgentHub,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  handleConnection(socket: WebSocket, req: IncomingMessage): void {
    const token = agentTokenOf(req.headers.authorization);
    // Frames wait in order behind the token check: a hello sent at once is handled after it.
    let queue: Promise<AgentConnection | null> = token
      ? this.hub.peerOfToken(agentTokenHash(token)).then((peer) => {
          if (!peer) {
            socket.close(MESH_AGENT_CLOSE_UNAUTHORIZED, closeReason('This agent token is not known here: enrol the device again.'));
            return null;
          }
          if (peer.revokedAt !== null || peer.blockedAt !== null) {
            this.hub.sendRemoved(socket, peer);
            return null;
          }
          const connection: AgentConnection = {
            socket,
            peerId: peer.id,
            networkId: peer.networkId,
            peerName: peer.name,
            interfaceName: null,
            panelUrl: this.panelUrl(req),
            seenWrittenAt: 0,
            waiters: [],
          };
          this.bySocket.set(socket, connection);
          return connection;
        })
      : Promise.resolve(null);
    if (!token) {
      socket.close(
        MESH_AGENT_CLOSE_UNAUTHORIZED,
        closeReason('The agent WebSocket needs Authorization: Bearer clanag_… (the token from enrolment).'),
      );
      return;
    }
    let helloSeen = false;
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      queue = queue.then(async (connection) => {
        if (!connection || socket.readyState !== socket.OPEN) return connection;
        const parsed = isBinary
          ? { ok: false as const, problem: 'Messages are JSON text frames.' }
          : parseAgentMessage(data.toString('utf8'));
        if (!parsed.ok) return this.refuse(connection, parsed.problem);
        const message = parsed.message;
        try {
          if (message.type === 'hello') {
            if (message.protocol !== MESH_AGENT_PROTOCOL)
              return this.refuse(connection, `This panel speaks agent protocol ${MESH_AGENT_PROTOCOL}; update clanctl.`);
            helloSeen = true;
            await this.hub.hello(connection, message);
          } else if (!helloSeen) {
            return this.refuse(connection, 'Say hello first.');
          } else if (message.type === 'applied') {
            await this.hub.applied(connection, message);
          } else {
            await this.hub.status(connection, message);
          }
        } catch (error) {
          this.log.warn(`agent ${connection.peerName}: ${(error as Error).message}`);
        }
        return connection;
      });
    });
  }

  handleDisconnect(socket: WebSocket): void {
    const connection = this.bySocket.get(socket);
    this.bySocket.delete(socket);
    if (connection) this.hub.disconnected(connection);
  }

  private refuse(connection: AgentConnection, problem: string): null {
    this.log.warn(`agent ${connection.peerName}: ${problem}`);
    connection.socket.close(CLOSE_POLICY, closeReason(problem));
    return null;
  }

  /** Where this agent reached the panel: the configured public URL, else the Host it dialled. */
  private panelUrl(req: IncomingMessage): string {
    return (this.config.origin ?? `http://${req.headers.host ?? 'localhost'}`).replace(/\/+$/, '');
  }
}
