import { AsyncLocalStorage } from 'node:async_hooks';
import { ErrorCode } from '@clan/contracts';
import type { MachineMesh } from '@clan/nix-schema';
import { VpnError } from '@clan/vpn';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { ConfigCommits } from '../../configs/config-commits';
import { ConfigWriter } from '../../configs/config-writer.service';
import { type Layers, same, validateLayers } from '../../configs/layers';
import type { RepoState } from '../../configs/repo-state';
import { NetworkEntity } from '../../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { MeshChanges } from '../mesh-changes';
import { MeshLayers } from '../layers/mesh-layers';
import { MeshModel } from '../mesh-model.service';
import { DEFAULT_MESH_LAYER, MeshNetworkEntity } from '../mesh-network.entity';
import { MeshPeerEntity } from '../mesh-peer.entity';
import { MeshService } from '../mesh.service';
import { machineMeshSections } from './machine-mesh-section';
import { meshCommitMessage } from './mesh-commit-message';

export interface MeshSyncResult {
  /** The panel's commit that rewrote the sections; null when configs.json already said exactly this. */
  revision: string | null;
  /** Machines whose `mesh` section that commit changed (the auto-deploy rebuilds them). */
  machines: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown inside a write plan to leave the repository alone (the reason is logged). */
class NothingToWrite extends Error {}

/**
 * Machines join their network's mesh (docs/vpn.md, "Machines"). Every
 * machine of configs.json on the network's mesh layer (`networkLayer`) gets a
 * peer (kind "machine", key pair made and kept encrypted by the panel;
 * MeshService.addPeer) and a `mesh` section in configs.json rendered by that
 * layer from the current mesh; a machine that leaves configs.json (or the
 * layer) is revoked. The sections are written
 * through ConfigWriter by the panel itself, only when their content differs,
 * so the panel's own commit — which comes back as a config commit — changes
 * nothing the second time round and cannot loop.
 *
 * Triggers: every config commit (in the background: commit listeners run
 * inside the config lock), every change of the member list (MeshChanges, and
 * `sync` for callers that want the commit), and start-up. Syncs of a network
 * run one at a time in this process; the config lock orders them with
 * everyone else's writes across processes.
 */
@Injectable()
export class MeshMachines implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger('MeshMachines');
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Networks with a background sync queued but not started: more triggers join it. */
  private readonly queued = new Set<string>();
  /** The network whose sync the current async context runs: its own commits and peer changes are not new triggers. */
  private readonly inSync = new AsyncLocalStorage<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly mesh: MeshService,
    private readonly model: MeshModel,
    private readonly layers: MeshLayers,
    private readonly changes: MeshChanges,
    private readonly commits: ConfigCommits,
    private readonly writer: ConfigWriter,
  ) {}

  get enabled(): boolean {
    return this.config.mesh.machines;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    // Not awaited: the listener runs inside the writer's config lock, and the sync writes through that lock.
    this.commits.onCommit((e) => {
      if (this.inSync.getStore() !== e.networkId) this.schedule(e.networkId);
    });
    // The auto-deploy waits for the sections a commit brings, so a new machine is built once, with its section.
    this.commits.onFollowUps((networkId) => this.settledFor(networkId));
    // Awaited by MeshService, so a device's removal returns once the machines' sections no longer list it.
    this.changes.on('machine mesh sections', async (change) => {
      if (this.inSync.getStore() === change.networkId) return; // our own addPeer/revokePeer: rendered right after
      await this.sync(change.networkId, `mesh: ${change.reason}`);
    });
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    void this.reconcileAll();
  }

  /**
   * Brings the network's machine peers and `mesh` sections up to date now and
   * returns the commit (null when nothing changed). `reason` is the commit
   * subject, e.g. "mesh: laptop-anna removed". Idempotent; a no-op when
   * CLAN_MESH_MACHINES is off.
   */
  async sync(networkId: string, reason: string): Promise<MeshSyncResult> {
    if (typeof networkId !== 'string' || !UUID.test(networkId)) throw notFound('The network');
    if (!(await this.ds.getRepository(NetworkEntity).exists({ where: { id: networkId } }))) throw notFound('The network');
    if (!this.enabled) return { revision: null, machines: [] };
    return this.enqueue(networkId, () => this.syncNow(networkId, typeof reason === 'string' ? reason : null));
  }

  /** Resolves once no sync is queued or running (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  /** Resolves once no sync of this network is queued or running. */
  async settledFor(networkId: string): Promise<void> {
    let done: Promise<unknown> | undefined;
    for (let chain = this.chains.get(networkId); chain && chain !== done; chain = this.chains.get(networkId)) {
      await chain.catch(() => undefined);
      done = chain;
    }
  }

  /** Start-up: every network, in the background (a commit or a member change may have been missed while the panel was down). */
  private async reconcileAll(): Promise<void> {
    const networks = await this.ds.getRepository(NetworkEntity).find({ select: { id: true } });
    for (const { id } of networks) this.schedule(id);
  }

  private schedule(networkId: string): void {
    if (this.queued.has(networkId)) return;
    this.queued.add(networkId);
    this.enqueue(networkId, () => {
      this.queued.delete(networkId);
      return this.syncNow(networkId, null);
    }).catch((error: unknown) => this.log.warn(`Mesh sections of network ${networkId}: ${(error as Error).message}`));
  }

  private enqueue<T>(networkId: string, job: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(networkId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.inSync.run(networkId, job));
    this.chains.set(networkId, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.chains.get(networkId) === next) this.chains.delete(networkId);
      });
    return next;
  }

  private async syncNow(networkId: string, reason: string | null): Promise<MeshSyncResult> {
    if (!(await this.ds.getRepository(NetworkEntity).exists({ where: { id: networkId } }))) return { revision: null, machines: [] };
    let changed: string[] = [];
    // The mesh revision the sections are rendered from: machines count as having picked it up once it is in
    // their configuration (auto-deploy rebuilds them from there; docs/vpn.md, "Removal and pick-up tracking").
    // (read after the write: the sections were rendered after this sync's own peer changes)
    const markMachines = () =>
      this.ds.query(
        `UPDATE "mesh_peers" SET "synced_revision" = GREATEST("synced_revision", m."revision"), "synced_at" = now()
           FROM "mesh_networks" m
          WHERE m."network_id" = $1 AND "mesh_peers"."network_id" = $1 AND "kind" = 'machine' AND "revoked_at" IS NULL`,
        [networkId],
      );
    try {
      const result = await this.writer.write(
        networkId,
        null,
        async (state) => {
          const plan = await this.planSections(networkId, state, reason);
          changed = plan.changed;
          return { kind: 'layers', layers: plan.layers, message: plan.message };
        },
        {},
      );
      await markMachines();
      if (!result.committed) return { revision: null, machines: [] };
      this.log.log(
        `commit ${result.revision?.slice(0, 12)}: mesh sections of ${changed.join(', ') || 'no machine'} in network ${networkId}`,
      );
      return { revision: result.revision, machines: changed };
    } catch (error) {
      if (error instanceof NothingToWrite) {
        this.log.warn(`Mesh sections of network ${networkId} left alone: ${error.message}`);
        return { revision: null, machines: [] };
      }
      throw error;
    }
  }

  /**
   * Under the config lock, so the machine list is the head's: peers for the
   * machines on the network's layer that lack one, revocation for peers whose machine is
   * gone, then every machine's section from the mesh as it is now.
   */
  private async planSections(
    networkId: string,
    state: RepoState,
    reason: string | null,
  ): Promise<{ layers: Layers; message: string; changed: string[] }> {
    if (!state.configs) throw new NothingToWrite(`configs.json at ${state.head.slice(0, 12)} does not validate`);
    const valid = validateLayers({
      configs: state.configs,
      overrides: state.overrides,
      localAdmins: state.localAdmins,
      marketplace: state.marketplace,
    });
    const layerOf = (m: string) => (valid.ok ? valid.value.effective[m] : state.configs?.[m])?.networkLayer;
    const meshLayer = await this.networkLayer(networkId);
    const wanted = Object.keys(state.configs)
      .filter((m) => layerOf(m) === meshLayer)
      .sort();

    const { joined, left } = await this.reconcilePeers(networkId, wanted);
    const sections = await this.renderSections(networkId, wanted);

    const configs: Record<string, unknown> = {};
    const changed: string[] = [];
    for (const [machine, config] of Object.entries(state.configs)) {
      const { mesh: before, ...rest } = config;
      const after: MachineMesh | undefined = sections[machine];
      configs[machine] = after === undefined ? rest : { ...rest, mesh: after };
      if (!same(before, after)) changed.push(machine);
    }
    return {
      layers: { configs, overrides: { ...state.overrides }, localAdmins: { ...state.localAdmins } },
      message: meshCommitMessage(reason, joined, left),
      changed: changed.sort(),
    };
  }

  /** Machine peers to match `wanted`; a name another peer holds (a device called like the machine) is logged and skipped. */
  private async reconcilePeers(networkId: string, wanted: string[]): Promise<{ joined: string[]; left: string[] }> {
    const repo = this.ds.getRepository(MeshPeerEntity);
    const active = await repo.find({ where: { networkId, kind: 'machine', revokedAt: IsNull() }, select: { name: true } });
    const have = new Set(active.map((p) => p.name));
    const joined: string[] = [];
    const left: string[] = [];
    for (const machine of wanted) {
      if (have.has(machine)) continue;
      try {
        await this.mesh.addPeer(networkId, { name: machine }, 'machine');
        joined.push(machine);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code === ErrorCode.Internal) throw error;
        this.log.warn(`Machine ${machine} cannot join the mesh of network ${networkId}: ${error.message}`);
      }
    }
    for (const name of [...have].sort()) {
      if (wanted.includes(name)) continue;
      try {
        await this.mesh.revokePeer(networkId, name, 'machine');
        left.push(name);
      } catch (error) {
        // Revoked concurrently (another process): the outcome is the one wanted.
        if (!(error instanceof DomainError && error.code === ErrorCode.NotFound)) throw error;
      }
    }
    return { joined, left };
  }

  /** The network's mesh layer name; a layer this panel does not run leaves the sections alone. */
  private async networkLayer(networkId: string): Promise<string> {
    const kind = (await this.ds.getRepository(MeshNetworkEntity).findOneBy({ networkId }))?.layer ?? DEFAULT_MESH_LAYER;
    if (!this.layers.has(kind)) throw new NothingToWrite(`This network's mesh layer (${kind}) is not available on this panel yet.`);
    return kind;
  }

  private async renderSections(networkId: string, wanted: string[]): Promise<Record<string, MachineMesh>> {
    if (wanted.length === 0) return {};
    const { peers, mesh, layer } = await this.model.model(networkId, 'machines');
    const withPeer = new Set(peers.filter((p) => p.kind === 'machine').map((p) => p.name));
    // With a host interface the phonebook answers on the host's mesh addresses, by the layer (WireGuard: .1 and ::1 of
    // the network; Yggdrasil: the host's address from its key).
    const host = peers.find((p) => p.kind === 'host');
    const nameservers = this.model.hostEnabled && host ? layer.layer.addressesOf(mesh, host.name) : [];
    try {
      return machineMeshSections(
        mesh,
        wanted.filter((m) => withPeer.has(m)),
        layer.layer,
        nameservers,
      );
    } catch (error) {
      if (error instanceof VpnError) throw new NothingToWrite(error.message);
      throw error;
    }
  }
}
