import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { MeshAgentConfigMessage, MeshAgentPeerState } from '@clan/contracts';
import { nftTableScript, YGGDRASIL_MEMBERS_TABLE, yggdrasilAddress, yggdrasilPublicKey } from '@clan/vpn';
import { DnsSetter } from './dns';
import type { AgentLog, DriverOptions, MeshDriver } from './driver';
import { Firewall } from './firewall';
import { type CommandRunner, must, type SupervisedProcess } from './runner';
import { AgentState } from './state';

/**
 * The Yggdrasil driver: `yggdrasil -useconffile <state>/yggdrasil.conf` as a
 * supervised child, restarted when the config text changes or when it dies.
 * Yggdrasil owns its tun interface, so the interface lives as long as the
 * child: stopping the agent stops it (docs/mesh-agent.md).
 */

const SOCKET_WAIT_MS = 10_000;
const RESTART_MIN_MS = 1_000;
const RESTART_MAX_MS = 30_000;
/** After a start, how often and how long the host peering is redialled by hand while it is down (see rejoin). */
const REJOIN_STEP_MS = 1_000;
const REJOIN_MS = 60_000;

export class YggdrasilDriver implements MeshDriver {
  readonly layer = 'yggdrasil' as const;
  readonly outlivesAgent = false;
  readonly interfaceName: string;
  private readonly firewall: Firewall;
  private readonly dns: DnsSetter;
  private readonly state: AgentState;
  private readonly publicKey: string;
  private child: SupervisedProcess | null = null;
  private runningText: string | null = null;
  private stopping = false;
  private restartDelay = RESTART_MIN_MS;
  private restartTimer: NodeJS.Timeout | undefined;
  private rejoinTimer: NodeJS.Timeout | undefined;
  /** The child being started (restart() waits for its admin socket and reports its failure itself). */
  private starting: SupervisedProcess | null = null;

  constructor(
    private readonly runner: CommandRunner,
    private readonly options: DriverOptions,
    private readonly log: AgentLog,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.interfaceName = options.interfaceName;
    this.firewall = new Firewall(runner, log);
    this.dns = new DnsSetter(runner, log, options.interfaceName, options.resolvConf);
    this.state = new AgentState(options.stateDir);
    this.publicKey = yggdrasilPublicKey(options.privateKey);
  }

  get adminSocket(): string {
    return this.state.path('yggdrasil.sock');
  }

  hostOnly(config: MeshAgentConfigMessage): MeshAgentConfigMessage {
    const settings = parseSettings(config.config);
    const host = config.hostPublicKey;
    settings['AllowedPublicKeys'] = host ? [host] : [];
    // Peerings keep the graph connected; the members table is what keeps every other node out.
    const members = [this.publicKey, ...(host ? [host] : [])].map((k) => yggdrasilAddress(k)).sort();
    const table = nftTableScript(
      'inet',
      YGGDRASIL_MEMBERS_TABLE,
      [
        '\tset members {',
        '\t\ttype ipv6_addr',
        `\t\telements = { ${members.join(', ')} }`,
        '\t}',
        '\tchain input {',
        '\t\ttype filter hook input priority filter - 10; policy accept;',
        `\t\tiifname "${this.interfaceName}" ip6 saddr != @members drop`,
        '\t}',
        '\tchain output {',
        '\t\ttype filter hook output priority filter - 10; policy accept;',
        `\t\toifname "${this.interfaceName}" ip6 daddr != @members drop`,
        '\t}',
        '',
      ].join('\n'),
    );
    return { ...config, config: `${JSON.stringify(settings, null, 2)}\n`, firewall: `${config.firewall ?? ''}${table}` };
  }

  peerCount(config: MeshAgentConfigMessage): number {
    const keys = parseSettings(config.config)['AllowedPublicKeys'];
    return Array.isArray(keys) ? keys.length : 0;
  }

  /** The file yggdrasil runs with: the panel's settings plus our key, interface and admin socket. */
  configText(config: MeshAgentConfigMessage): string {
    const settings = parseSettings(config.config);
    return `${JSON.stringify(
      { ...settings, PrivateKey: this.options.privateKey, IfName: this.interfaceName, AdminListen: `unix://${this.adminSocket}` },
      null,
      2,
    )}\n`;
  }

  async apply(config: MeshAgentConfigMessage): Promise<void> {
    const text = this.configText(config);
    if (text !== this.runningText || this.child === null) await this.restart(text);
    await this.firewall.apply(config.firewall, [`inet ${YGGDRASIL_MEMBERS_TABLE}`]);
    await this.dns.apply(config.dns);
  }

  async status(): Promise<MeshAgentPeerState[]> {
    const out = await must(this.runner, 'yggdrasilctl', ['-endpoint', `unix://${this.adminSocket}`, '-json', 'getPeers']);
    return parseYggdrasilPeers(out, Math.floor(Date.now() / 1000));
  }

  async down(): Promise<void> {
    await this.stopChild();
    await this.stopOrphan();
    await this.firewall.remove();
  }

  async close(): Promise<void> {
    await this.stopChild();
  }

  private async restart(text: string): Promise<void> {
    await this.stopChild();
    await this.stopOrphan();
    const file = this.state.writeSecret('yggdrasil.conf', text);
    rmSync(this.adminSocket, { force: true });
    this.stopping = false;
    const child = this.runner.start('yggdrasil', ['-useconffile', file]);
    this.child = child;
    this.runningText = text;
    if (child.pid !== undefined) this.state.writeSecret('yggdrasil.pid', `${child.pid}\n`);
    this.starting = child;
    void child.exited.then((code) => this.onExit(child, code));
    try {
      for (let waited = 0; !existsSync(this.adminSocket); waited += 100) {
        if (this.child !== child) throw new Error(`yggdrasil stopped right away: ${child.output() || 'no output'}`);
        if (waited >= SOCKET_WAIT_MS)
          throw new Error(`yggdrasil did not open its admin socket within ${SOCKET_WAIT_MS / 1000} s: ${child.output()}`);
        await this.sleep(100);
      }
    } catch (err) {
      // A start that fails is the apply's error (answered to the panel), not a crash to supervise; the next config tries again.
      this.child = null;
      this.runningText = null;
      await child.stop();
      throw err;
    } finally {
      this.starting = null;
    }
    this.restartDelay = RESTART_MIN_MS;
    const peers = parseSettings(text)['Peers'];
    this.rejoin(child, Array.isArray(peers) ? peers.filter((p): p is string => typeof p === 'string') : [], Date.now() + REJOIN_MS);
  }

  /**
   * The panel's node restarts on every member change too (Yggdrasil reads AllowedPublicKeys only at start), so
   * our first dial often meets it down, and yggdrasil's own redial then backs off for up to a minute — a minute
   * without the mesh. While the child has no peer, every REJOIN_STEP_MS: drop and add the configured peers again
   * (`removePeer`/`addPeer` dial at once); stops when a peering is up, after REJOIN_MS, or when the child goes.
   */
  private rejoin(child: SupervisedProcess, uris: string[], until: number): void {
    clearTimeout(this.rejoinTimer);
    if (uris.length === 0) return;
    this.rejoinTimer = setTimeout(() => {
      if (this.child !== child || this.stopping || Date.now() > until) return;
      void this.redial(uris)
        .catch(() => true)
        .then((again) => {
          if (again) this.rejoin(child, uris, until);
        });
    }, REJOIN_STEP_MS);
    this.rejoinTimer.unref?.();
  }

  /** Redials when no peering is up; false once one is. */
  private async redial(uris: string[]): Promise<boolean> {
    if ((await this.status()).length > 0) return false;
    const endpoint = `unix://${this.adminSocket}`;
    for (const uri of uris) {
      await this.runner.run('yggdrasilctl', ['-endpoint', endpoint, 'removePeer', `uri=${uri}`]);
      await this.runner.run('yggdrasilctl', ['-endpoint', endpoint, 'addPeer', `uri=${uri}`]);
    }
    return true;
  }

  /** Supervision: a yggdrasil that dies on its own is started again (after a growing pause). */
  private onExit(child: SupervisedProcess, code: number | string): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.starting === child) return;
    if (this.stopping) return;
    const text = this.runningText;
    this.log(`yggdrasil stopped (${code}): starting it again in ${this.restartDelay / 1000} s; it said: ${lastLine(child.output())}`);
    const delay = this.restartDelay;
    this.restartDelay = Math.min(RESTART_MAX_MS, this.restartDelay * 2);
    this.restartTimer = setTimeout(() => {
      if (this.stopping || text === null || this.child !== null) return;
      this.restart(text).catch((err: Error) => this.log(`yggdrasil did not start again: ${err.message}`));
    }, delay);
  }

  private async stopChild(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.rejoinTimer);
    const child = this.child;
    this.child = null;
    if (child) await child.stop();
    rmSync(this.state.path('yggdrasil.pid'), { force: true });
  }

  /** `mesh down` from another process: the yggdrasil an earlier agent started, by its recorded pid (only when it still runs our config). */
  private async stopOrphan(): Promise<void> {
    const pidFile = this.state.path('yggdrasil.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    rmSync(pidFile, { force: true });
    if (!Number.isInteger(pid) || pid <= 1) return;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return;
    }
    if (!cmdline.includes('yggdrasil') || !cmdline.includes(this.state.path('yggdrasil.conf'))) return;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && existsSync(`/proc/${pid}`); i++) await this.sleep(100);
  }
}

function parseSettings(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`the Yggdrasil config is not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the Yggdrasil config is not a JSON object');
  const settings = { ...(parsed as Record<string, unknown>) };
  // The panel never holds the device's key; a placeholder is replaced, never run.
  delete settings['PrivateKey'];
  return settings;
}

interface YggdrasilPeerJson {
  key?: string;
  remote?: string;
  bytes_recvd?: number;
  bytes_sent?: number;
  up?: boolean;
}

/**
 * `yggdrasilctl -json getPeers` (0.4: `{ peers: [ { key, remote, bytes_recvd, bytes_sent, … } ] }`,
 * every entry a live peering): a connected peer counts as a handshake now.
 */
export function parseYggdrasilPeers(text: string, nowSeconds: number): MeshAgentPeerState[] {
  const parsed = JSON.parse(text) as { peers?: YggdrasilPeerJson[] | Record<string, YggdrasilPeerJson> };
  const list = Array.isArray(parsed.peers) ? parsed.peers : Object.values(parsed.peers ?? {});
  return list
    .filter((p): p is YggdrasilPeerJson & { key: string } => typeof p.key === 'string')
    .map((p) => ({
      publicKey: p.key,
      latestHandshake: p.up === false ? null : nowSeconds,
      endpoint: p.remote ?? null,
      rxBytes: p.bytes_recvd ?? 0,
      txBytes: p.bytes_sent ?? 0,
    }));
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() || 'nothing';
}
