import type { IncomingMessage } from 'node:http';
import { ErrorCode, Privilege, type ServerEvent } from '@clan/contracts';
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { WebSocket, WebSocketServer } from 'ws';
import { AccessService } from '../common/authz/access.service';
import type { Principal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';
import { NOTIFICATION_EVENTS_CHANNEL, type NotificationChannelMessage } from '../notifications/notification-events';
import { PubSub } from '../services/queue/pubsub.service';
import type { TaskDto } from '../tasks/dto/task.dto';
import { TASK_EVENTS_CHANNEL, type TaskEvent } from '../tasks/task-events';
import { toTaskDto } from '../tasks/task.mapper';
import { TaskStore, type TaskVisibility, UUID_RE } from '../tasks/task.store';
import { TasksService } from '../tasks/tasks.service';
import { GatewayAccess, type GatewayAccessRules } from './gateway-access';
import { type HandshakeResult, type WsCredential, WsHandshake } from './ws-handshake';

/** What each message needs; the handlers below enforce these very rules. */
export const EVENTS_ACCESS = {
  connect: { scope: 'authenticated', note: 'session cookie clan.sid (Origin must be this panel) or Authorization: Bearer <API token>' },
  messages: {
    'subscribe tasks': { scope: 'authenticated', note: 'each task.updated is filtered by the GET /api/tasks visibility rule' },
    'subscribe task:<id>': { scope: 'network', privilege: Privilege.NetworkAudit, resource: 'task' },
    'subscribe notifications': {
      scope: 'authenticated',
      note: 'notification.created is filtered by the GET /api/notifications visibility rule; notifications.read goes to the same user only',
    },
    unsubscribe: { scope: 'authenticated' },
  },
} as const satisfies GatewayAccessRules;

const MAX_TOPICS = 100;
const SWEEP_MS = 30_000;

interface Client {
  socket: WebSocket;
  principal: Principal;
  credential: WsCredential;
  topics: Set<string>;
  /** For the `tasks` and `notifications` topics: what this client may see (refreshed every sweep). */
  visibility: TaskVisibility | null;
  alive: boolean;
}

type AuthedRequest = IncomingMessage & { clanHandshake?: HandshakeResult };

/**
 * `WS /api/ws`: live task progress and logs. Events reach this process from
 * any panel process (workers included) over Redis pub/sub and are fanned out
 * to the sockets subscribed to them.
 */
@GatewayAccess(EVENTS_ACCESS)
@WebSocketGateway({ path: '/api/ws', maxPayload: 64 * 1024 })
export class EventsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EventsGateway');
  private readonly clients = new Map<WebSocket, Client>();
  private unsubscribe: (() => void) | null = null;
  private unsubscribeNotifications: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly handshake: WsHandshake,
    private readonly access: AccessService,
    private readonly tasks: TasksService,
    private readonly store: TaskStore,
    private readonly pubsub: PubSub,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe(TASK_EVENTS_CHANNEL, (e) => this.dispatch(e as TaskEvent));
    this.unsubscribeNotifications = await this.pubsub.subscribe(NOTIFICATION_EVENTS_CHANNEL, (e) =>
      this.dispatchNotification(e as NotificationChannelMessage),
    );
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.unsubscribeNotifications?.();
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** Authenticates at the handshake, so a refused client gets a plain 401/403 and never a socket. */
  afterInit(server: WebSocketServer): void {
    server.options.verifyClient = (info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      this.handshake.check(info.req).then(
        (result) => {
          (info.req as AuthedRequest).clanHandshake = result;
          if (result.ok) done(true);
          else done(false, result.status, result.message);
        },
        (err: unknown) => {
          this.logger.error(`handshake failed: ${(err as Error).message}`);
          done(false, 503, 'Try again later');
        },
      );
    };
  }

  handleConnection(socket: WebSocket, req: AuthedRequest): void {
    const hs = req.clanHandshake;
    if (!hs?.ok) {
      socket.close(4401, 'unauthenticated');
      return;
    }
    const client: Client = { socket, principal: hs.principal, credential: hs.credential, topics: new Set(), visibility: null, alive: true };
    this.clients.set(socket, client);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      this.onMessage(client, isBinary ? null : data.toString('utf8')).catch((err: unknown) => {
        this.logger.error(`message handling failed: ${(err as Error).message}`);
        this.send(client, { type: 'error', code: ErrorCode.Internal, message: 'Something went wrong on the server.' });
      });
    });
  }

  handleDisconnect(socket: WebSocket): void {
    this.clients.delete(socket);
  }

  private async onMessage(client: Client, raw: string | null): Promise<void> {
    let msg: unknown;
    try {
      msg = raw === null ? null : JSON.parse(raw);
    } catch {
      msg = null;
    }
    const { type, topic } = (msg ?? {}) as { type?: unknown; topic?: unknown };
    if ((type !== 'subscribe' && type !== 'unsubscribe') || typeof topic !== 'string') {
      return this.fail(
        client,
        ErrorCode.ValidationFailed,
        'Send JSON {"type":"subscribe"|"unsubscribe","topic":"tasks"|"task:<id>"|"notifications"}.',
      );
    }
    if (type === 'unsubscribe') {
      client.topics.delete(topic);
      return;
    }
    // Re-check the credential, so a logout or a revoked token also stops new subscriptions.
    const principal = await this.handshake.principalFor(client.credential);
    if (!principal) {
      this.fail(client, ErrorCode.Unauthenticated, 'Your session ended or the token stopped working; sign in again.');
      client.socket.close(4401, 'unauthenticated');
      return;
    }
    client.principal = principal;
    if (client.topics.size >= MAX_TOPICS && !client.topics.has(topic)) {
      return this.fail(client, ErrorCode.ValidationFailed, `At most ${MAX_TOPICS} subscriptions per connection.`);
    }
    if (topic === 'tasks') return this.subscribeTasks(client);
    if (topic === 'notifications') return this.subscribeNotifications(client);
    const m = /^task:(.+)$/.exec(topic);
    if (m) return this.subscribeTask(client, m[1]);
    return this.fail(
      client,
      ErrorCode.ValidationFailed,
      `Unknown topic "${topic.slice(0, 80)}"; use "tasks", "task:<id>" or "notifications".`,
    );
  }

  private async subscribeTasks(client: Client): Promise<void> {
    client.visibility = await this.tasks.visibilityFor(client.principal);
    client.topics.add('tasks');
    this.send(client, { type: 'subscribed', topic: 'tasks' });
  }

  private async subscribeNotifications(client: Client): Promise<void> {
    client.visibility = await this.tasks.visibilityFor(client.principal);
    client.topics.add('notifications');
    this.send(client, { type: 'subscribed', topic: 'notifications' });
  }

  private async subscribeTask(client: Client, taskId: string): Promise<void> {
    const rule = EVENTS_ACCESS.messages['subscribe task:<id>'];
    try {
      await this.access.assertResource(client.principal, rule.privilege, rule.resource, taskId);
    } catch (err) {
      if (err instanceof DomainError) return this.fail(client, err.code, err.message);
      throw err;
    }
    const task = UUID_RE.test(taskId) ? await this.store.find(taskId) : null;
    if (!task) return this.fail(client, ErrorCode.NotFound, 'The task was not found.');
    const topic = `task:${task.id}`;
    client.topics.add(topic);
    this.send(client, { type: 'subscribed', topic });
    // The current state, so a client needs no GET racing the first event.
    this.send(client, { type: 'task.updated', task: toTaskDto(task) });
  }

  private dispatch(e: TaskEvent): void {
    for (const client of this.clients.values()) {
      if (e.type === 'notification') {
        const n = e.notification;
        if (
          client.topics.has('tasks') &&
          client.visibility !== null &&
          TasksService.visibleTo(client.visibility, { networkId: n.networkId, userId: null })
        ) {
          this.send(client, e);
        }
      } else if (e.type === 'task.updated') {
        if (client.topics.has(`task:${e.task.id}`) || (client.topics.has('tasks') && this.visible(client, e.task))) {
          this.send(client, { type: 'task.updated', task: e.task });
        }
      } else if (client.topics.has(`task:${e.taskId}`)) {
        this.send(client, { type: 'task.log', taskId: e.taskId, line: e.line });
      }
    }
  }

  /** Same visibility as the list: host admins all, others their networks' (host-wide ones are for host admins). */
  private dispatchNotification(m: NotificationChannelMessage): void {
    for (const client of this.clients.values()) {
      if (!client.topics.has('notifications')) continue;
      if (m.type === 'notification.created') {
        const n = m.notification;
        if (client.visibility !== null && TasksService.visibleTo(client.visibility, { networkId: n.networkId, userId: null })) {
          this.send(client, { type: 'notification.created', notification: n });
        }
      } else if (m.type === 'notifications.read' && m.userId === client.principal.userId) {
        this.send(client, { type: 'notifications.read', ids: m.ids });
      }
    }
  }

  private visible(client: Client, task: TaskDto): boolean {
    return client.visibility !== null && TasksService.visibleTo(client.visibility, task);
  }

  private fail(client: Client, code: string, message: string): void {
    this.send(client, { type: 'error', code, message });
  }

  private send(client: Client, event: ServerEvent): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(event));
  }

  /** Drops dead sockets (no pong), closes ones whose credential ended, refreshes visibility. */
  private async sweep(): Promise<void> {
    for (const client of [...this.clients.values()]) {
      if (!client.alive) {
        client.socket.terminate();
        this.clients.delete(client.socket);
        continue;
      }
      client.alive = false;
      client.socket.ping();
      try {
        const principal = await this.handshake.principalFor(client.credential);
        if (!principal) {
          this.fail(client, ErrorCode.Unauthenticated, 'Your session ended or the token stopped working; sign in again.');
          client.socket.close(4401, 'unauthenticated');
          continue;
        }
        client.principal = principal;
        if (client.topics.has('tasks') || client.topics.has('notifications')) client.visibility = await this.tasks.visibilityFor(principal);
      } catch (err) {
        this.logger.warn(`sweep: ${(err as Error).message}`);
      }
    }
  }
}
