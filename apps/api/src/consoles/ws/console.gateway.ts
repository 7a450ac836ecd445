import type { IncomingMessage } from 'node:http';
import { CONSOLE_WS_PATH, ConsoleCloseCode, Privilege } from '@clan/contracts';
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { WebSocket, WebSocketServer } from 'ws';
import { AccessService } from '../../common/authz/access.service';
import type { Principal } from '../../common/authz/principal';
import { GatewayAccess, type GatewayAccessRules } from '../../events/gateway-access';
import { ConsoleTargets } from '../console-targets.service';
import { SerialHub } from '../serial/serial-hub.service';
import { HostTerminals } from '../terminal/host-terminals.service';
import type { TerminalSession } from '../terminal/terminal-session';
import { Viewer } from '../terminal/viewer';
import { type ConsoleTarget, networkOf } from '../tickets/console-target';
import { proxyVnc } from '../vnc/vnc-proxy';
import { type ConsoleHandshakeResult, ConsoleHandshake } from './console-handshake';
import { parseClientMessage } from './protocol';

/** What the handshake and each message need; docs/consoles.md has the protocol. */
export const CONSOLE_ACCESS = {
  connect: {
    scope: 'network',
    privilege: Privilege.MachineConsole,
    note:
      'a single-use ticket from POST /api/networks/:networkId/machines/:machine/console/ticket (Machine.Console) or ' +
      'POST /api/host/terminal/ticket (Sys.Terminal), for the target named in the URL; the privilege is checked again at the handshake ' +
      'and every 30 s while connected; Origin must be this panel',
  },
  messages: {
    'terminal input (binary frame or {type:"input"})': { scope: 'network', privilege: Privilege.MachineConsole, note: 'as connect' },
    resize: { scope: 'authenticated' },
    ping: { scope: 'authenticated' },
  },
} as const satisfies GatewayAccessRules;

const RECHECK_MS = 30_000;

interface Connection {
  socket: WebSocket;
  principal: Principal;
  target: ConsoleTarget;
  privilege: string;
  viewer: Viewer | null;
  session: TerminalSession | null;
  alive: boolean;
}

type ConsoleRequest = IncomingMessage & { clanConsole?: ConsoleHandshakeResult };

/**
 * `WS /api/consoles/ws`: serial consoles, the host shell and VNC, behind
 * tickets. Terminal bytes travel in binary frames, control messages as JSON
 * text frames; VNC connections are a plain RFB byte pipe.
 */
@GatewayAccess(CONSOLE_ACCESS)
@WebSocketGateway({ path: CONSOLE_WS_PATH, maxPayload: 1024 * 1024 })
export class ConsoleGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ConsoleGateway');
  private readonly connections = new Map<WebSocket, Connection>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly handshake: ConsoleHandshake,
    private readonly access: AccessService,
    private readonly serial: SerialHub,
    private readonly hostTerminals: HostTerminals,
    private readonly targets: ConsoleTargets,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), RECHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    for (const c of this.connections.values()) {
      if (c.socket.readyState === c.socket.OPEN) c.socket.close(ConsoleCloseCode.ServerShutdown, 'The panel is shutting down.');
    }
  }

  afterInit(server: WebSocketServer): void {
    server.options.verifyClient = (info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      this.handshake.check(info.req).then(
        (result) => {
          (info.req as ConsoleRequest).clanConsole = result;
          if (result.ok) done(true);
          else done(false, result.status, result.message);
        },
        (err: unknown) => {
          this.logger.error(`console handshake failed: ${(err as Error).message}`);
          done(false, 503, 'Try again later');
        },
      );
    };
    // noVNC asks for the "binary" subprotocol; terminals ask for none.
    server.options.handleProtocols = (protocols: Set<string>) => (protocols.has('binary') ? 'binary' : false);
  }

  handleConnection(socket: WebSocket, req: ConsoleRequest): void {
    const hs = req.clanConsole;
    if (!hs?.ok) {
      socket.close(ConsoleCloseCode.AccessRevoked, 'not authorised');
      return;
    }
    const conn: Connection = {
      socket,
      principal: hs.principal,
      target: hs.target,
      privilege: hs.privilege,
      viewer: null,
      session: null,
      alive: true,
    };
    this.connections.set(socket, conn);
    socket.on('pong', () => (conn.alive = true));
    this.attach(conn, hs).catch((err: unknown) => {
      this.logger.error(`attaching a console failed: ${(err as Error).message}`);
      if (socket.readyState === socket.OPEN) socket.close(1011, 'The console could not be opened.');
    });
  }

  handleDisconnect(socket: WebSocket): void {
    const conn = this.connections.get(socket);
    this.connections.delete(socket);
    if (conn?.viewer && conn.session) conn.session.leave(conn.viewer);
  }

  private async attach(conn: Connection, hs: Extract<ConsoleHandshakeResult, { ok: true }>): Promise<void> {
    const { target, principal } = hs;
    if (target.kind === 'vnc') {
      proxyVnc(conn.socket, this.targets.layout(target.networkId, target.machine).vncSocket, () => this.connections.delete(conn.socket));
      return;
    }
    const session =
      target.kind === 'serial'
        ? await this.serial.session(target.networkId, target.machine)
        : target.sessionId
          ? this.hostTerminals.get(target.sessionId)
          : this.hostTerminals.create(principal);
    const viewer = new Viewer(conn.socket, principal);
    conn.viewer = viewer;
    conn.session = session;
    conn.socket.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(conn, data, isBinary));
    if (conn.socket.readyState !== conn.socket.OPEN) {
      // Closed while the session was being found: nothing to join (a new host shell ends after its grace period).
      session.onEmpty?.();
      return;
    }
    await session.join(viewer, hs.since);
  }

  private onMessage(conn: Connection, data: Buffer, isBinary: boolean): void {
    const { session, viewer } = conn;
    if (!session || !viewer) return;
    if (isBinary) return session.input(data);
    const msg = parseClientMessage(data.toString('utf8'));
    if (!msg)
      return viewer.sendJson({
        type: 'error',
        message: 'Send terminal input as binary frames and control messages as JSON (see docs/consoles.md).',
      });
    if (msg.type === 'input') session.input(Buffer.from(msg.data, 'utf8'));
    else if (msg.type === 'resize') session.resize(msg.cols, msg.rows);
    else viewer.sendJson({ type: 'pong', at: Date.now() });
  }

  /** Closes connections whose user lost the privilege (or vanished), and dead ones. */
  private async sweep(): Promise<void> {
    for (const conn of [...this.connections.values()]) {
      if (!conn.alive) {
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      conn.socket.ping();
      try {
        const fresh = await this.access.principalForUserId(conn.principal.userId, 'session');
        const allowed = fresh && (await this.access.can(fresh, conn.privilege as Privilege, networkOf(conn.target)));
        if (!allowed) {
          const reason = `You no longer have ${conn.privilege}.`;
          if (conn.viewer) conn.viewer.close(ConsoleCloseCode.AccessRevoked, reason);
          else conn.socket.close(ConsoleCloseCode.AccessRevoked, reason);
        } else {
          conn.principal = fresh;
          if (conn.viewer) conn.viewer.principal = fresh;
        }
      } catch (err) {
        this.logger.warn(`console access re-check: ${(err as Error).message}`);
      }
    }
  }
}
