import {
  MESH_AGENT_CLOSE_REMOVED,
  type MeshAgentAppliedMessage,
  type MeshAgentHelloMessage,
  type MeshAgentPeerState,
  type MeshAgentConfigMessage,
  type MeshAgentServerMessage,
  type MeshAgentStatusMessage,
} from '@clan/contracts';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import type { WebSocket } from 'ws';
import type { MeshAgentStateDto, MeshCutDto } from '../dto/mesh.dto';
import { type MeshChange, MeshChanges } from '../mesh-changes';
import { MeshModel } from '../mesh-model.service';
import { MeshPeerEntity } from '../mesh-peer.entity';
import { cutSummary, type CutVerb } from './cut-summary';
import { type AgentConfigView, MeshAgentConfigs } from './mesh-agent-configs.service';

/** How long a change waits for the online agents' `applied` (the DELETE's answer says who did not confirm in time). */
export const AGENT_APPLY_WAIT_MS = 2000;
/** agent_seen_at is written at most this often per agent while it stays connected. */
const SEEN_WRITE_MS = 60_000;
/** Push results are kept this long for the request that made the change to read its cut. */
const PUSH_RESULT_MS = 30_000;

/** A close reason is at most 123 bytes (RFC 6455); sentences are cut to fit. */
export function closeReason(sentence: string): string {
  let reason = sentence;
  while (Buffer.byteLength(reason) > 123) reason = `${reason.slice(0, reason.length - 2)}…`;
  return reason;
}

/** One agent's live connection. */
export interface AgentConnection {
  socket: WebSocket;
  peerId: string;
  networkId: string;
  peerName: string;
  /** After `hello`: the agent's interface (its firewall table is rendered for it). */
  interfaceName: string | null;
  /** Where the agent reached the panel (for panelUrls). */
  panelUrl: string;
  seenWrittenAt: number;
  waiters: { revision: number; resolve: () => void }[];
}

/** What the panel knows of an agent beyond its row (memory only: lost on restart, refreshed by the next status). */
interface AgentState {
  networkId: string;
  appliedRevision: number;
  error: string | null;
  peers: MeshAgentPeerState[];
}

interface PushResult {
  online: string[];
  applied: string[];
  pending: string[];
}

/**
 * The device agents (docs/vpn.md, "Device agent"): who is connected, what
 * each applied, and the push of every mesh change to the connected agents
 * of its network. A change waits up to AGENT_APPLY_WAIT_MS for their
 * `applied`, so a removal's answer can say how far the cut reached; the
 * removed device's own agent is told `removed` and closed with 4403.
 */
@Injectable()
export class MeshAgentHub implements OnApplicationBootstrap {
  private readonly log = new Logger('MeshAgents');
  /** The live connection of each peer (one per peer: a newer one replaces it). */
  private readonly connections = new Map<string, AgentConnection>();
  private readonly states = new Map<string, AgentState>();
  private readonly pushes = new Map<string, PushResult>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly model: MeshModel,
    private readonly configs: MeshAgentConfigs,
    private readonly changes: MeshChanges,
  ) {}

  onApplicationBootstrap(): void {
    // Beside the host interface and the machines' commit, not after them: the agents drop a removed key within moments.
    this.changes.on('device agents', (change) => this.push(change), { immediate: true });
  }

  /** The peer an agent token belongs to (any state: revoked and blocked peers are told so), or null. */
  peerOfToken(hash: string): Promise<MeshPeerEntity | null> {
    return this.ds.getRepository(MeshPeerEntity).findOneBy({ agentTokenHash: hash });
  }

  /** Tells an agent its device is out of the mesh and closes with 4403 (the agent stops retrying). */
  sendRemoved(socket: WebSocket, peer: Pick<MeshPeerEntity, 'name' | 'revokedAt' | 'blockedAt'>): void {
    const blocked = peer.revokedAt === null && peer.blockedAt !== null;
    const message = blocked
      ? `${peer.name} was blocked in this network; an admin can unblock it.`
      : `${peer.name} was removed from this network; enrol it again to rejoin.`;
    this.send(socket, { type: 'removed', reason: blocked ? 'blocked' : 'removed', message });
    socket.close(MESH_AGENT_CLOSE_REMOVED, closeReason(message));
  }

  /** A connection said hello: it becomes the peer's connection and gets its config first. */
  async hello(connection: AgentConnection, hello: MeshAgentHelloMessage): Promise<void> {
    const previous = this.connections.get(connection.peerId);
    if (previous && previous.socket !== connection.socket) previous.socket.close(1000, 'Replaced by a newer connection of this agent.');
    connection.interfaceName = hello.interfaceName;
    this.connections.set(connection.peerId, connection);
    const state = this.state(connection);
    state.appliedRevision = hello.revision;
    connection.seenWrittenAt = Date.now();
    await this.ds.getRepository(MeshPeerEntity).update({ id: connection.peerId }, { agentVersion: hello.version, agentSeenAt: new Date() });
    const view = await this.configs.view(connection.networkId);
    const peer = view.peer(connection.peerId);
    if (!peer) {
      this.states.delete(connection.peerId);
      const row = await this.ds.getRepository(MeshPeerEntity).findOneBy({ id: connection.peerId });
      this.sendRemoved(connection.socket, row ?? { name: connection.peerName, revokedAt: new Date(), blockedAt: null });
      return;
    }
    this.sendConfig(connection, view, peer);
  }

  async applied(connection: AgentConnection, message: MeshAgentAppliedMessage): Promise<void> {
    const state = this.state(connection);
    state.error = message.error;
    if (message.error === null) {
      state.appliedRevision = Math.max(state.appliedRevision, message.revision);
      // Applying is how an agent device picks up a change: the removals view counts it as synced.
      await this.model.markSynced(connection.peerId, message.revision);
    }
    // A failed apply answers too (the change is pending on that device, not lost in silence).
    for (const w of connection.waiters.filter((x) => x.revision <= message.revision)) w.resolve();
    await this.seen(connection);
  }

  async status(connection: AgentConnection, message: MeshAgentStatusMessage): Promise<void> {
    this.state(connection).peers = message.peers;
    await this.seen(connection);
  }

  disconnected(connection: AgentConnection): void {
    if (this.connections.get(connection.peerId) === connection) this.connections.delete(connection.peerId);
    for (const w of connection.waiters) w.resolve();
    connection.waiters = [];
    void this.ds
      .getRepository(MeshPeerEntity)
      .update({ id: connection.peerId }, { agentSeenAt: new Date() })
      .catch(() => undefined);
  }

  /** The agent part of a peer's view (MeshPeerDto.agent); `names` resolves the public keys of its status report. */
  agentState(peer: MeshPeerEntity, names: ReadonlyMap<string, string>): MeshAgentStateDto | null {
    if (peer.agentTokenHash === null) return null;
    const online = this.connections.has(peer.id);
    const state = this.states.get(peer.id);
    return {
      online,
      version: peer.agentVersion,
      lastSeen: (online ? new Date() : peer.agentSeenAt)?.toISOString() ?? null,
      appliedRevision: state?.appliedRevision ?? peer.syncedRevision,
      error: state?.error ?? null,
      peers: (state?.peers ?? []).map((p) => ({
        name: names.get(p.publicKey) ?? null,
        publicKey: p.publicKey,
        lastHandshake: p.latestHandshake ? new Date(p.latestHandshake * 1000).toISOString() : null,
      })),
    };
  }

  /**
   * How far the change of `revision` reached (after MeshChanges.emit returned): the host, the agents online then
   * (applied or pending), and the enrolled agents not connected (they get the new config first when they reconnect).
   */
  async cut(networkId: string, revision: number, verb: CutVerb, changedPeerId: string): Promise<MeshCutDto> {
    const result = this.pushes.get(`${networkId}#${revision}`) ?? { online: [], applied: [], pending: [] };
    this.pushes.delete(`${networkId}#${revision}`);
    const peers = this.ds.getRepository(MeshPeerEntity);
    const host = this.model.hostEnabled
      ? await peers.findOneBy({ networkId, kind: 'host', revokedAt: IsNull() }).then((h) => (h?.syncedRevision ?? 0) >= revision)
      : false;
    const enrolled = await peers.find({
      where: { networkId, revokedAt: IsNull(), blockedAt: IsNull(), agentTokenHash: Not(IsNull()) },
      select: { id: true, name: true },
      order: { name: 'ASC' },
    });
    const online = new Set(result.online);
    const offline = enrolled.filter((p) => p.id !== changedPeerId && !online.has(p.name)).map((p) => p.name);
    const cut = { host, online: result.online.length, applied: result.applied.length, pending: result.pending, offline };
    return { ...cut, summary: cutSummary(cut, verb, this.model.hostEnabled) };
  }

  /** Sends every connected agent of the network its new config, and waits (bounded) for their `applied`. */
  private async push(change: MeshChange): Promise<void> {
    try {
      await this.pushNow(change);
    } finally {
      await this.forgetGone(change.networkId).catch((error: Error) => this.log.warn(`forgetting removed agents: ${error.message}`));
    }
  }

  private async pushNow(change: MeshChange): Promise<void> {
    const connected = [...this.connections.values()].filter((c) => c.networkId === change.networkId);
    const key = `${change.networkId}#${change.revision}`;
    if (connected.length === 0) {
      this.remember(key, { online: [], applied: [], pending: [] });
      return;
    }
    let view: AgentConfigView;
    try {
      view = await this.configs.view(change.networkId);
    } catch (error) {
      // The network is gone (404) or cannot be rendered: the agents keep their config; the reconcile of the host still runs.
      this.log.warn(`push of "${change.reason}" in network ${change.networkId}: ${(error as Error).message}`);
      this.remember(key, { online: [], applied: [], pending: connected.map((c) => c.peerName) });
      return;
    }
    const staying: AgentConnection[] = [];
    for (const c of connected) {
      const peer = view.peer(c.peerId);
      if (peer) {
        staying.push(c);
        continue;
      }
      const row = await this.ds.getRepository(MeshPeerEntity).findOneBy({ id: c.peerId });
      this.sendRemoved(c.socket, row ?? { name: c.peerName, revokedAt: new Date(), blockedAt: null });
    }
    // Render every message first, then send them all and start the waits: an agent's `applied` can only be read once
    // this loop yields, so its wait must not be running while the others are still being rendered.
    const messages = staying.map((c) => this.renderConfig(c, view, view.peer(c.peerId) as MeshPeerEntity));
    const confirmed = await Promise.all(
      staying.map((c, i) => {
        const waiting = this.waitApplied(c, change.revision);
        const message = messages[i];
        if (message) this.send(c.socket, message);
        return waiting;
      }),
    );
    const applied = staying.filter((c, i) => confirmed[i] && this.state(c).appliedRevision >= change.revision);
    this.remember(key, {
      online: staying.map((c) => c.peerName),
      applied: applied.map((c) => c.peerName),
      pending: staying.filter((c) => !applied.includes(c)).map((c) => c.peerName),
    });
  }

  private sendConfig(connection: AgentConnection, view: AgentConfigView, peer: MeshPeerEntity): void {
    const message = this.renderConfig(connection, view, peer);
    if (message) this.send(connection.socket, message);
  }

  /** The agent's `config` message, or null (logged) when it cannot be rendered. */
  private renderConfig(connection: AgentConnection, view: AgentConfigView, peer: MeshPeerEntity): MeshAgentConfigMessage | null {
    try {
      return view.message(peer, connection.interfaceName ?? 'clan-wg', [connection.panelUrl]);
    } catch (error) {
      this.log.warn(`config for ${peer.name} in network ${view.networkId}: ${(error as Error).message}`);
      return null;
    }
  }

  /** Resolves true when the agent confirms `revision` (or a later one), false after the wait or when it goes away. */
  private waitApplied(connection: AgentConnection, revision: number): Promise<boolean> {
    if (this.state(connection).appliedRevision >= revision) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        revision,
        resolve: () => {
          clearTimeout(timer);
          connection.waiters = connection.waiters.filter((w) => w !== waiter);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        connection.waiters = connection.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, AGENT_APPLY_WAIT_MS);
      connection.waiters.push(waiter);
    });
  }

  private remember(key: string, result: PushResult): void {
    this.pushes.set(key, result);
    setTimeout(() => this.pushes.delete(key), PUSH_RESULT_MS).unref();
  }

  private state(connection: Pick<AgentConnection, 'peerId' | 'networkId'>): AgentState {
    let state = this.states.get(connection.peerId);
    if (!state) {
      state = { networkId: connection.networkId, appliedRevision: 0, error: null, peers: [] };
      this.states.set(connection.peerId, state);
    }
    return state;
  }

  /**
   * Forgets what the panel knew of the agents whose peer left the network (removed or blocked; their connections
   * were told `removed` and closed): the map would otherwise grow with every removal. An unblocked peer's agent
   * starts afresh with its next hello.
   */
  private async forgetGone(networkId: string): Promise<void> {
    const ids = [...this.states].filter(([, s]) => s.networkId === networkId).map(([id]) => id);
    if (ids.length === 0) return;
    const active = await this.ds.getRepository(MeshPeerEntity).find({
      where: { id: In(ids), revokedAt: IsNull(), blockedAt: IsNull() },
      select: { id: true },
    });
    const stay = new Set(active.map((p) => p.id));
    for (const id of ids) if (!stay.has(id)) this.states.delete(id);
  }

  private async seen(connection: AgentConnection): Promise<void> {
    if (Date.now() - connection.seenWrittenAt < SEEN_WRITE_MS) return;
    connection.seenWrittenAt = Date.now();
    await this.ds.getRepository(MeshPeerEntity).update({ id: connection.peerId }, { agentSeenAt: new Date() });
  }

  private send(socket: WebSocket, message: MeshAgentServerMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }
}
