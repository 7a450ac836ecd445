import {
  MESH_AGENT_CLOSE_REMOVED,
  MESH_AGENT_CLOSE_UNAUTHORIZED,
  MESH_AGENT_PROTOCOL,
  MESH_AGENT_STATUS_INTERVAL_MS,
  MESH_AGENT_WS_PATH,
  type MeshAgentClientMessage,
  type MeshAgentConfigMessage,
  type MeshAgentEnrolment,
  type MeshAgentRemovedMessage,
  type MeshAgentServerMessage,
} from '@clan/contracts';
import WebSocket from 'ws';
import { Backoff } from './backoff';
import type { AgentLog, MeshDriver } from './driver';
import type { AgentState, AppliedMode } from './state';

/**
 * The device agent's runtime (docs/mesh-agent.md): holds one WebSocket to the
 * panel, applies every config it pushes, reports the interface's state.
 *
 * Start-up order, the security property: with a cached config the interface
 * first runs with the panel host as its only peer, so the panel is reachable
 * inside the mesh; the first config the panel sends replaces it. Only when
 * the panel stays unreachable for `offlineAfterMs` does the cached full config
 * run. A device that was off while one of its peers was removed therefore
 * never trusts the removed key again by starting up.
 */

export interface MeshAgentOptions {
  enrolment: MeshAgentEnrolment;
  driver: MeshDriver;
  state: AgentState;
  log: AgentLog;
  /** clanctl's version, for `hello`. */
  version: string;
  platform?: string;
  offlineAfterMs: number;
  statusIntervalMs?: number;
  backoff?: Backoff;
  /** The WebSocket handshake's limit: an address inside a mesh that is not up yet must not stall the rotation. */
  handshakeTimeoutMs?: number;
  /** While blocked: how often to ask the panel whether the device was unblocked. */
  blockedRetryMs?: number;
  clock?: () => number;
}

/** A blocked device asks again this often: an unblock brings it back without anyone touching it. */
export const BLOCKED_RETRY_MS = 60_000;

/** Exit codes of `mesh up`: 0 stopped (SIGTERM), 1 removed or not accepted (a blocked device waits to be unblocked). */
export const AGENT_EXIT_STOPPED = 0;
export const AGENT_EXIT_REFUSED = 1;

interface Connection {
  ws: WebSocket;
  url: string;
  /** True once `applied` went out for the first config: only then may `status` follow. */
  talking: boolean;
  alive: boolean;
  statusTimer?: NodeJS.Timeout;
}

export class MeshAgent {
  private readonly backoff: Backoff;
  private readonly clock: () => number;
  private connection: Connection | null = null;
  private urlIndex = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private offlineTimer: NodeJS.Timeout | undefined;
  private applying: Promise<void> = Promise.resolve();
  private pendingApplies = 0;
  /** The newest config the panel sent in this run (null until it spoke). */
  private heard: MeshAgentConfigMessage | null = null;
  private runningRevision = 0;
  /** The full config the interface runs (from the panel, or the cached one offline); null while it runs only the host peer. */
  private runningFull: MeshAgentConfigMessage | null = null;
  private panelUrls: string[];
  /** The last failure said per URL: a device offline for hours logs each reason once, not every few seconds. */
  private readonly failures = new Map<string, string>();
  private finished = false;
  /** The panel said "blocked": the interface is down; the agent keeps asking, slowly, until it is unblocked. */
  private blocked = false;
  private finish: (code: number) => void = () => undefined;
  private readonly result: Promise<number>;

  constructor(private readonly options: MeshAgentOptions) {
    this.backoff = options.backoff ?? new Backoff();
    this.clock = options.clock ?? Date.now;
    this.panelUrls = [...options.enrolment.panelUrls];
    this.result = new Promise((resolve) => (this.finish = resolve));
  }

  /** Runs until SIGTERM (stop(): 0) or until the panel removes the device or refuses its token (1). */
  async run(): Promise<number> {
    const cached = this.options.state.readLastConfig();
    if (cached) {
      this.rotateTo(cached.panelUrls);
      this.enqueue(async () => {
        let hostOnly: MeshAgentConfigMessage;
        try {
          hostOnly = this.options.driver.hostOnly(cached);
        } catch (err) {
          this.log(`the cached config is unusable (${(err as Error).message}): waiting for the panel with the interface as it is`);
          return;
        }
        await this.applyQuietly(hostOnly, 'host-only', (ms) =>
          this.options.log(
            `brought ${this.options.driver.interfaceName} up with only the panel host as peer (${ms} ms) until the panel answers`,
          ),
        );
      });
      this.offlineTimer = setTimeout(() => this.offlineFallback(cached), this.options.offlineAfterMs);
      // First thing, before talking to anyone: the interface trusts the host only.
      await this.applying;
    }
    this.connect();
    return this.result;
  }

  /**
   * SIGTERM: close the connection and end. The interface stays up, narrowed
   * to the panel host: while no agent runs, the device cannot hear of a
   * removal, so it trusts nobody else (the next `mesh up` gets the full
   * config from the panel within moments).
   */
  stop(): void {
    void this.end(AGENT_EXIT_STOPPED);
  }

  // ── connection ───────────────────────────────────────────────────────────

  private connect(): void {
    if (this.finished) return;
    const url = this.panelUrls[this.urlIndex % this.panelUrls.length];
    const ws = new WebSocket(agentSocketUrl(url), {
      headers: { authorization: `Bearer ${this.options.enrolment.agentToken}` },
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 10_000,
    });
    const conn: Connection = { ws, url, talking: false, alive: true };
    this.connection = conn;
    let failure = '';

    ws.on('open', () => {
      this.log(`connected to the panel at ${url}`, true);
      this.send(conn, {
        type: 'hello',
        protocol: MESH_AGENT_PROTOCOL,
        version: this.options.version,
        revision: this.runningRevision,
        interfaceName: this.options.driver.interfaceName,
        platform: this.options.platform ?? process.platform,
      });
      conn.statusTimer = setInterval(() => this.statusTick(conn), this.options.statusIntervalMs ?? MESH_AGENT_STATUS_INTERVAL_MS);
    });
    ws.on('pong', () => (conn.alive = true));
    ws.on('message', (data, isBinary) => this.onMessage(conn, isBinary ? '' : data.toString()));
    ws.on('unexpected-response', (_req, res) => {
      failure = `HTTP ${res.statusCode}`;
      if (res.statusCode === 401) {
        this.refused(`the panel at ${url} does not accept this device's agent token (HTTP 401)`);
      }
      ws.terminate();
    });
    ws.on('error', (err: Error & { code?: string }) => (failure ||= err.code ?? err.message));
    ws.on('close', (code, reason) => this.onClose(conn, code, reason.toString(), failure));
  }

  private onClose(conn: Connection, code: number, reason: string, failure: string): void {
    clearInterval(conn.statusTimer);
    if (this.connection === conn) this.connection = null;
    if (this.finished) return;
    if (code === MESH_AGENT_CLOSE_REMOVED && this.blocked) {
      this.reconnectTimer = setTimeout(() => this.connect(), this.options.blockedRetryMs ?? BLOCKED_RETRY_MS);
      return;
    }
    if (code === MESH_AGENT_CLOSE_REMOVED) {
      void this.removed({
        type: 'removed',
        reason: 'removed',
        message: reason || 'The panel closed the connection: this device was removed or blocked.',
      });
      return;
    }
    if (code === MESH_AGENT_CLOSE_UNAUTHORIZED) {
      this.refused(`the panel at ${conn.url} does not accept this device's agent token${reason ? ` (${reason})` : ''}`);
      return;
    }
    const why = failure || `closed (${code}${reason ? ` ${reason}` : ''})`;
    const delay = this.backoff.next();
    const sentence = conn.talking ? `lost the panel at ${conn.url} (${why})` : `cannot reach the panel at ${conn.url} (${why})`;
    if (this.failures.get(conn.url) !== sentence) this.log(`${sentence}; trying again`);
    this.failures.set(conn.url, sentence);
    this.urlIndex = (this.urlIndex + 1) % this.panelUrls.length;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private onMessage(conn: Connection, text: string): void {
    let message: MeshAgentServerMessage;
    try {
      message = JSON.parse(text) as MeshAgentServerMessage;
    } catch {
      this.log('ignored a message from the panel that is not JSON');
      return;
    }
    if (message.type === 'removed') {
      void this.removed(message);
    } else if (message.type === 'config') {
      if (this.blocked) {
        this.blocked = false;
        this.log('unblocked by the panel: joining the mesh again');
      }
      this.heard = message;
      clearTimeout(this.offlineTimer);
      this.backoff.reset();
      this.failures.clear();
      this.pendingApplies++;
      const received = this.clock();
      this.enqueue(() => this.applyFromPanel(conn, message, received));
    } else {
      this.log(`ignored a message of unknown type ${JSON.stringify((message as { type?: unknown }).type)} from the panel`);
    }
  }

  // ── applying ─────────────────────────────────────────────────────────────

  /** One apply at a time, in the order the configs came. */
  private enqueue(step: () => Promise<void>): void {
    this.applying = this.applying.then(step).catch((err: Error) => this.log(`unexpected failure: ${err.message}`));
  }

  private async applyFromPanel(conn: Connection, config: MeshAgentConfigMessage, received: number): Promise<void> {
    if (this.finished) return;
    // The newest word of the panel is what a later offline start falls back to, applied or not: never an older, wider trust.
    this.options.state.writeLastConfig(config);
    this.rotateTo(config.panelUrls);
    const error =
      config.layer !== this.options.driver.layer
        ? this.layerChanged(config)
        : await this.applyQuietly(config, 'full', (ms) =>
            this.options.log(`applied revision ${config.revision} (${plural(this.options.driver.peerCount(config), 'peer')}) in ${ms} ms`),
          );
    const ms = this.clock() - received;
    this.pendingApplies--;
    this.send(conn, { type: 'applied', revision: config.revision, error, ms });
    conn.talking = conn.talking || conn.ws.readyState === WebSocket.OPEN;
    if (this.pendingApplies === 0) await this.sendStatus(conn);
  }

  /** The network moved to another layer: this device needs a key of that layer, so a new enrolment. */
  private layerChanged(config: MeshAgentConfigMessage): string {
    const error = `the network now runs ${config.layer} and this agent ${this.options.driver.layer}: stop it, delete ${this.options.state.dir} and enrol again`;
    this.log(`could not apply revision ${config.revision}: ${error}`);
    return error;
  }

  /** Applies and records; answers the error sentence, or null. */
  private async applyQuietly(config: MeshAgentConfigMessage, mode: AppliedMode, done: (ms: number) => void): Promise<string | null> {
    const started = this.clock();
    try {
      await this.options.driver.apply(config);
    } catch (err) {
      const error = (err as Error).message;
      this.log(`could not apply revision ${config.revision}: ${error}`);
      return error;
    }
    this.runningRevision = mode === 'host-only' ? 0 : config.revision;
    this.runningFull = mode === 'host-only' ? null : config;
    this.options.state.writeApplied({
      revision: config.revision,
      mode,
      interfaceName: this.options.driver.interfaceName,
      appliedAt: new Date(this.clock()).toISOString(),
      peers: this.options.driver.peerCount(config),
    });
    done(this.clock() - started);
    return null;
  }

  private offlineFallback(cached: MeshAgentConfigMessage): void {
    if (this.finished || this.heard) return;
    this.enqueue(async () => {
      if (this.finished || this.heard) return;
      await this.applyQuietly(cached, 'cached', () =>
        this.log(
          `the panel has been unreachable for ${Math.round(this.options.offlineAfterMs / 1000)} s: running the cached revision ${cached.revision} (${plural(this.options.driver.peerCount(cached), 'peer')})`,
        ),
      );
    });
  }

  /**
   * The panel's URLs may change with a config (the mesh address): the panel's
   * list first, then those of the enrolment (the URL that worked for enrolling
   * stays, even when the panel believes it lives elsewhere); keep trying where we are.
   */
  private rotateTo(urls: readonly string[]): void {
    const current = this.panelUrls[this.urlIndex % this.panelUrls.length];
    this.panelUrls = [...new Set([...urls, ...this.options.enrolment.panelUrls])];
    const at = this.panelUrls.indexOf(current);
    this.urlIndex = at >= 0 ? at : 0;
  }

  // ── status ───────────────────────────────────────────────────────────────

  private statusTick(conn: Connection): void {
    if (!conn.talking || this.pendingApplies > 0 || conn.ws.readyState !== WebSocket.OPEN) return;
    // A panel that vanished without closing (a cable, a suspend) is noticed by a missing pong.
    if (!conn.alive) {
      conn.ws.terminate();
      return;
    }
    conn.alive = false;
    conn.ws.ping();
    void this.sendStatus(conn);
  }

  private async sendStatus(conn: Connection): Promise<void> {
    let peers;
    try {
      peers = await this.options.driver.status();
    } catch (err) {
      this.log(`could not read the interface's state: ${(err as Error).message}`);
      return;
    }
    if (this.pendingApplies > 0) return;
    this.send(conn, { type: 'status', revision: this.runningRevision, peers });
  }

  private send(conn: Connection, message: MeshAgentClientMessage): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(message));
  }

  // ── the end ──────────────────────────────────────────────────────────────

  private async removed(message: MeshAgentRemovedMessage): Promise<void> {
    if (this.finished) return;
    if (message.reason === 'blocked') return this.blockedByPanel(message);
    this.finished = true;
    this.clearTimers();
    // Wait for an apply in progress, so it cannot bring the interface back after the teardown.
    await this.applying;
    try {
      await this.options.driver.down();
    } catch (err) {
      this.log(`could not take ${this.options.driver.interfaceName} down: ${(err as Error).message}`);
    }
    this.options.state.deleteLastConfig();
    this.options.state.deleteApplied();
    this.log(`removed by the panel: ${message.message}`);
    this.log(`${this.options.driver.interfaceName} is down and the cached config deleted; the enrolment is no longer valid`);
    this.connection?.ws.close(1000);
    await this.options.driver.close();
    this.finish(AGENT_EXIT_REFUSED);
  }

  /**
   * Blocked (it can be undone): out of the mesh at once — interface down, cached config deleted, like a removal — but
   * the enrolment stays valid, so the agent asks again every blockedRetryMs and joins as soon as it is unblocked.
   */
  private async blockedByPanel(message: MeshAgentRemovedMessage): Promise<void> {
    const first = !this.blocked;
    this.blocked = true;
    clearTimeout(this.offlineTimer);
    await this.applying;
    if (!first) return;
    try {
      await this.options.driver.down();
    } catch (err) {
      this.log(`could not take ${this.options.driver.interfaceName} down: ${(err as Error).message}`);
    }
    this.options.state.deleteLastConfig();
    this.options.state.deleteApplied();
    this.runningRevision = 0;
    const every = Math.round((this.options.blockedRetryMs ?? BLOCKED_RETRY_MS) / 1000);
    this.log(`blocked by the panel: ${message.message}`);
    this.log(`${this.options.driver.interfaceName} is down; asking the panel every ${every} s whether the device was unblocked`);
  }

  private refused(sentence: string): void {
    if (this.finished) return;
    this.log(
      `${sentence}: the enrolment was revoked or belongs to another panel; delete ${this.options.state.path('agent.json')} and enrol again with --invite`,
    );
    void this.end(AGENT_EXIT_REFUSED);
  }

  private async end(code: number): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.clearTimers();
    this.connection?.ws.close(1000, 'agent stopping');
    await this.applying;
    await this.narrowToHost();
    await this.options.driver.close();
    this.finish(code);
  }

  /** The interface keeps only the host peer (see stop()). */
  private async narrowToHost(): Promise<void> {
    const full = this.runningFull;
    // An interface that ends with the agent (Yggdrasil) needs no narrowing, nor a restart to get it.
    if (!full || !this.options.driver.outlivesAgent) return;
    let hostOnly: MeshAgentConfigMessage;
    try {
      hostOnly = this.options.driver.hostOnly(full);
    } catch (err) {
      this.log(`could not narrow ${this.options.driver.interfaceName} to the panel host: ${(err as Error).message}`);
      return;
    }
    await this.applyQuietly(hostOnly, 'host-only', () =>
      this.log(`${this.options.driver.interfaceName} keeps only the panel host as peer until the agent runs again`),
    );
  }

  private clearTimers(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.offlineTimer);
    if (this.connection) clearInterval(this.connection.statusTimer);
  }

  private log(sentence: string, resetFailures = false): void {
    if (resetFailures) this.failures.clear();
    this.options.log(sentence);
  }
}

/** http://panel:8080 → ws://panel:8080/api/mesh/agent (https → wss). */
export function agentSocketUrl(panelUrl: string): string {
  const u = new URL(panelUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}${MESH_AGENT_WS_PATH}`;
  u.search = '';
  u.hash = '';
  return u.toString();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
