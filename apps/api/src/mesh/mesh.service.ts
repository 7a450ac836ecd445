import { ErrorCode } from '@clan/contracts';
import {
  addressesForIndex,
  DEFAULT_REACHABILITY_RULES,
  formatEndpoint,
  type MachineAllowance,
  planReachability,
  type ReachabilityInput,
  type ReachabilityMachine,
  type ReachabilityRule,
  type ReachabilitySource,
  generateWireGuardKeyPair as generateHostKeyPair,
  HOST_INDEX,
  interfaceAddresses,
  isOnline,
  parseIpv4Cidr,
  generateWireGuardKeyPair,
  isWireGuardKey,
  type MeshNetwork,
  type MeshPeer,
  nextFreeIndex,
  nextFreeNetworkRange,
  parseEndpoint,
  planWireGuardMesh,
  renderWgQuick,
  renderWgSetconf,
  ulaPrefix,
  VpnError,
  wireGuardPeerPlan,
} from '@clan/vpn';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, QueryFailedError } from 'typeorm';
import { conflict, DomainError, invalid, notFound } from '../common/errors/domain-error';
import { NetworkEntity } from '../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { SecretBox } from '../services/secrets/secret-box';
import type { ConfigFormat, CreateDeviceDto, MeshDto, MeshHostDto, MeshPeerDto, MeshRemovalDto } from './dto/mesh.dto';
import { MeshChanges } from './mesh-changes';
import { MeshNetworkEntity } from './mesh-network.entity';
import { MESH_PEER_INDEX_CONSTRAINT, MESH_PEER_NAME_INDEX, MeshPeerEntity, type MeshPeerKind } from './mesh-peer.entity';

/** The host's peer in every network: `panel.<network>.clan`, index 1. */
export const HOST_PEER_NAME = 'panel';

/** Removals stay listed (with who still trusts the old key) this long after everyone picked them up. */
const REMOVAL_HISTORY_MS = 7 * 24 * 3600_000;

/** What the host-managed interface of a network applies (MeshHost). Holds a private key: never log it. */
export interface HostInterfaceConfig {
  networkId: string;
  networkName: string;
  revision: number;
  hostPeerId: string;
  interfaceName: string;
  listenPort: number;
  /** ["10.100.3.1/24", "fd…::1/64"] */
  addresses: string[];
  /** The `wg syncconf` text, private key included. */
  syncconf: string;
  /** The host relays between peers without a direct path: IP forwarding on. */
  forwards: boolean;
  /** How many [Peer] sections it has. */
  peers: number;
}

/** The interface the host uses for a network: "clan" + 8 hex digits of its id (12 characters, IFNAMSIZ is 16). */
export function hostInterfaceName(networkId: string): string {
  return `clan${networkId.replace(/-/g, '').slice(0, 8)}`;
}

/** Network 10.100.N.0/24 of the pool listens on portBase + N: deterministic, distinct per network. */
export function hostListenPort(portBase: number, ipv4Cidr: string): number {
  const cidr = parseIpv4Cidr(ipv4Cidr);
  return portBase + ((cidr.network >>> 8) & 0xff);
}

/** How often allocation retries after losing a race for an index or a range (unique violation). */
export const ALLOCATION_ATTEMPTS = 20;

const UNIQUE_VIOLATION = '23505';

function uniqueViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === UNIQUE_VIOLATION ? (driver.constraint ?? '') : null;
}

const jitter = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * (5 + 5 * attempt)));

/** Library errors are bad input or a full range: a sentence for 400/409, never a 500. */
function fromVpnError(error: unknown, field: string): never {
  if (error instanceof VpnError) {
    if (error.code === 'RANGE_FULL' || error.code === 'POOL_FULL') throw conflict(error.message);
    throw invalid(field, error.message);
  }
  throw error;
}

/**
 * The mesh of a network (issue 6, first slice): address ranges, devices and
 * their WireGuard configs, on top of libs/vpn. Allocation never holds a lock:
 * it reads the used indexes, inserts the lowest free one and lets the unique
 * constraint (network_id, index) refuse a concurrent twin, then retries.
 */
@Injectable()
export class MeshService {
  private readonly log = new Logger('Mesh');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly secrets: SecretBox,
    private readonly changes: MeshChanges,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Host-managed interfaces on: the host is a peer of every mesh (relay, phonebook). */
  get hostEnabled(): boolean {
    return this.config.mesh.hostInterfaces;
  }

  /** The network's ranges, allocated on first use (the first free /24 of the pool; the ULA /64 from its id). */
  async ranges(networkId: string): Promise<MeshNetworkEntity> {
    const repo = this.ds.getRepository(MeshNetworkEntity);
    for (let attempt = 0; attempt < ALLOCATION_ATTEMPTS; attempt++) {
      const existing = await repo.findOneBy({ networkId });
      if (existing) {
        await this.ensureHostPeer(networkId);
        return existing;
      }
      const used = (await repo.find({ select: { ipv4Cidr: true } })).map((r) => r.ipv4Cidr);
      let ipv4Cidr: string;
      try {
        ipv4Cidr = nextFreeNetworkRange(used, { pool: this.config.mesh.pool });
      } catch (error) {
        fromVpnError(error, 'ipv4Cidr');
      }
      // A concurrent first use of this network, or another network taking the same /24, makes this a no-op: look again.
      await repo
        .createQueryBuilder()
        .insert()
        .values({ networkId, ipv4Cidr, ipv6Prefix: ulaPrefix(networkId) })
        .orIgnore()
        .execute();
      if (attempt > 0) await jitter(attempt);
    }
    throw new DomainError(ErrorCode.Conflict, 'The mesh address range could not be allocated because of concurrent changes; try again.');
  }

  /** The host's own peer (index 1, key pair held by the panel); created once, concurrently safe by the (network, index) key. */
  private async ensureHostPeer(networkId: string): Promise<void> {
    const repo = this.ds.getRepository(MeshPeerEntity);
    if (await repo.exists({ where: { networkId, kind: 'host', revokedAt: IsNull() } })) return;
    const keys = generateHostKeyPair();
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        networkId,
        name: HOST_PEER_NAME,
        kind: 'host',
        index: HOST_INDEX,
        publicKey: keys.publicKey,
        privateKeyEncrypted: this.secrets.seal(keys.privateKey),
        endpoint: null,
        behindNat: false,
        relay: false,
        relayOnly: false,
        revokedAt: null,
      })
      .orIgnore()
      .execute();
  }

  /** Bumps the network's mesh revision (after a member-list change) and returns the new one. */
  private async bumpRevision(networkId: string): Promise<number> {
    const rows: { revision: number }[][] | { revision: number }[] = await this.ds.query(
      'UPDATE "mesh_networks" SET "revision" = "revision" + 1 WHERE "network_id" = $1 RETURNING "revision"',
      [networkId],
    );
    const flat = (Array.isArray(rows[0]) ? rows[0] : rows) as { revision: number }[];
    return flat[0]?.revision ?? 0;
  }

  /** Marks a peer as having picked up `revision` (never goes back). */
  async markSynced(peerId: string, revision: number): Promise<void> {
    await this.ds.query(
      'UPDATE "mesh_peers" SET "synced_revision" = GREATEST("synced_revision", $2), "synced_at" = now() WHERE "id" = $1',
      [peerId, revision],
    );
  }

  /** Networks that have a mesh (for start-up apply and reconcile). */
  async meshNetworkIds(): Promise<string[]> {
    return (await this.ds.getRepository(MeshNetworkEntity).find({ select: { networkId: true } })).map((r) => r.networkId);
  }

  /** Active peers in render order, the host first (when host interfaces are on). */
  private async activePeers(networkId: string): Promise<MeshPeerEntity[]> {
    const peers = await this.ds.getRepository(MeshPeerEntity).find({ where: { networkId, revokedAt: IsNull() }, order: { index: 'ASC' } });
    return peers.filter((p) => p.kind !== 'host' || this.hostEnabled);
  }

  /** The network as libs/vpn models it, from the database. */
  async model(
    networkId: string,
  ): Promise<{ network: NetworkEntity; ranges: MeshNetworkEntity; peers: MeshPeerEntity[]; mesh: MeshNetwork }> {
    const network = await this.network(networkId);
    const ranges = await this.ranges(network.id);
    const peers = await this.activePeers(networkId);
    const mesh: MeshNetwork = {
      name: network.name,
      ipv4Range: ranges.ipv4Cidr,
      ipv6Prefix: ranges.ipv6Prefix,
      peers: peers.map((p) => this.toMeshPeer(ranges, p)),
    };
    return { network, ranges, peers, mesh };
  }

  /** What the host interface of a network must look like now (null when the host is not a peer). */
  async hostInterfaceConfig(networkId: string): Promise<HostInterfaceConfig | null> {
    if (!this.hostEnabled) return null;
    const { network, ranges, peers, mesh } = await this.model(networkId);
    const host = peers.find((p) => p.kind === 'host');
    if (!host?.privateKeyEncrypted) return null;
    let plan;
    try {
      plan = wireGuardPeerPlan(planWireGuardMesh(mesh), host.name);
    } catch (error) {
      fromVpnError(error, 'mesh');
    }
    const { ipv4, ipv6 } = addressesForIndex({ ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix }, HOST_INDEX);
    return {
      networkId,
      networkName: network.name,
      revision: ranges.revision,
      hostPeerId: host.id,
      interfaceName: hostInterfaceName(networkId),
      listenPort: hostListenPort(this.config.mesh.portBase, ranges.ipv4Cidr),
      addresses: interfaceAddresses({ ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix }, { ipv4, ipv6 }),
      syncconf: renderWgSetconf(plan, { privateKey: this.secrets.open(host.privateKeyEncrypted) }),
      forwards: plan.forwards,
      peers: plan.peers.length,
    };
  }

  /** The network's reachability rules, what they allow per machine, and whether they are the defaults. */
  async rules(
    networkId: string,
  ): Promise<{ rules: ReachabilityRule[]; isDefault: boolean; allowances: Record<string, MachineAllowance[]> }> {
    const { ranges } = await this.model(networkId);
    const rules = (ranges.rules as ReachabilityRule[] | null) ?? [...DEFAULT_REACHABILITY_RULES];
    const allowances = planReachability(await this.reachabilityInput(networkId, rules));
    return { rules, isDefault: ranges.rules === null, allowances: Object.fromEntries(allowances) };
  }

  /** Replaces the rules after checking them against the network's peers and machines (400 listing every problem). */
  async setRules(networkId: string, rules: unknown[]): Promise<void> {
    await this.ranges(networkId);
    rules.forEach((rule, i) => {
      const r = rule as Record<string, unknown> | null;
      const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
      const lists = (v: unknown) =>
        isObject(v) && Object.values(v as object).every((x) => Array.isArray(x) && x.every((y) => typeof y === 'string'));
      if (!isObject(r) || !lists(r!['from']) || !lists(r!['to']) || !Array.isArray(r!['ports']))
        throw invalid(
          `rules[${i}]`,
          'a rule is { id, from: { roles?, groups?, peers?, kinds? }, to: { machines?, groups? }, ports: [...] } with lists of names.',
        );
    });
    try {
      planReachability(await this.reachabilityInput(networkId, rules as ReachabilityRule[]));
    } catch (error) {
      fromVpnError(error, 'rules');
    }
    await this.ds.getRepository(MeshNetworkEntity).update({ networkId }, { rules: rules as object[] });
    const revision = await this.bumpRevision(networkId);
    await this.changes.emit({ networkId, revision, reason: 'reachability rules changed' });
  }

  /** Sources (active peers with their owner's role) and machines for the reachability planner. */
  async reachabilityInput(networkId: string, rules: ReachabilityRule[]): Promise<ReachabilityInput> {
    const { peers, ranges } = await this.model(networkId);
    const roles: { user_id: string; role: string }[] = await this.ds.query(
      'SELECT user_id, role FROM network_members WHERE network_id = $1',
      [networkId],
    );
    const roleOf = new Map(roles.map((r) => [r.user_id, r.role]));
    const addressing = { ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix };
    const sources: ReachabilitySource[] = peers
      .filter((p) => p.kind !== 'host' && p.index !== null)
      .map((p) => {
        const a = addressesForIndex(addressing, p.index as number);
        return {
          name: p.name,
          kind: p.kind === 'machine' ? 'machine' : 'device',
          role: p.ownerUserId ? (roleOf.get(p.ownerUserId) ?? null) : null,
          groups: [],
          addresses: [a.ipv4, a.ipv6],
        };
      });
    const machines: ReachabilityMachine[] = peers
      .filter((p) => p.kind === 'machine')
      .map((p) => ({ name: p.name, groups: [], appPorts: [] }));
    return { sources, machines, rules };
  }

  /** Phonebook entries of a network: every active peer's name and addresses. */
  async phonebook(networkId: string): Promise<{ network: string; devices: Record<string, { ipv4: string | null; ipv6: string | null }> }> {
    const { network, mesh } = await this.model(networkId);
    return { network: network.name, devices: Object.fromEntries(mesh.peers.map((p) => [p.name, { ipv4: p.ipv4, ipv6: p.ipv6 }])) };
  }

  /**
   * The mesh as people see it. `live` is the host interface's view (`wg show
   * dump`), when the host runs one: online state and last handshake per key.
   */
  async get(networkId: string, live: LiveView | null = null): Promise<MeshDto> {
    const network = await this.network(networkId);
    const ranges = await this.ranges(network.id);
    const all = await this.ds.getRepository(MeshPeerEntity).find({ where: { networkId }, order: { index: 'ASC', createdAt: 'ASC' } });
    const peers = all.filter((p) => p.kind !== 'host' || this.hostEnabled);
    const active = peers.filter((p) => p.revokedAt === null);
    const revoked = peers.filter((p) => p.revokedAt !== null);
    const now = Math.floor(Date.now() / 1000);
    const dto = (p: MeshPeerEntity): MeshPeerDto => {
      const base = this.toDto(ranges, p, ranges.revision);
      const seen = live?.peers.get(p.publicKey);
      if (p.kind === 'host') return { ...base, online: live !== null && live.error === null };
      if (!live || live.error !== null || p.revokedAt !== null) return base;
      return {
        ...base,
        online: seen ? isOnline(seen, now) : false,
        lastHandshake: seen?.latestHandshake ? new Date(seen.latestHandshake * 1000).toISOString() : null,
        endpointSeen: seen?.endpoint ?? null,
        rxBytes: seen?.rxBytes ?? null,
        txBytes: seen?.txBytes ?? null,
      };
    };
    const removals: MeshRemovalDto[] = [];
    for (const r of revoked) {
      if (r.revokedRevision === null || r.revokedAt === null) continue;
      const stillTrustedBy = active.filter((p) => p.syncedRevision < r.revokedRevision!).map((p) => p.name);
      if (stillTrustedBy.length === 0 && Date.now() - r.revokedAt.getTime() > REMOVAL_HISTORY_MS) continue;
      removals.push({
        name: r.name,
        kind: r.kind,
        revokedAt: r.revokedAt.toISOString(),
        revision: r.revokedRevision,
        peersTotal: active.length,
        peersUpdated: active.length - stillTrustedBy.length,
        stillTrustedBy,
      });
    }
    const host: MeshHostDto | null = this.hostEnabled
      ? {
          interfaceName: hostInterfaceName(networkId),
          listenPort: hostListenPort(this.config.mesh.portBase, ranges.ipv4Cidr),
          endpoint: this.config.mesh.endpointHost
            ? `${this.config.mesh.endpointHost}:${hostListenPort(this.config.mesh.portBase, ranges.ipv4Cidr)}`
            : null,
          appliedRevision: active.find((p) => p.kind === 'host')?.syncedRevision ?? 0,
          error: live?.error ?? null,
        }
      : null;
    return {
      ipv4Cidr: ranges.ipv4Cidr,
      ipv6Prefix: ranges.ipv6Prefix,
      revision: ranges.revision,
      host,
      peers: [...active, ...revoked].map(dto),
      removals,
    };
  }

  async createDevice(networkId: string, body: CreateDeviceDto): Promise<MeshPeerDto> {
    return this.addPeer(networkId, body, 'device');
  }

  /**
   * Adds a peer of either kind: devices come from people (API, invites);
   * machines from the network's configuration (one peer per machine, kept
   * in step by the panel). Validation, then allocation of the lowest free index.
   */
  async addPeer(networkId: string, body: CreateDeviceDto, kind: MeshPeerKind, ownerUserId: string | null = null): Promise<MeshPeerDto> {
    const network = await this.network(networkId);
    // The slow and validating work happens before any database write.
    if (body.publicKey !== undefined && !isWireGuardKey(body.publicKey))
      throw invalid('publicKey', 'publicKey must be a WireGuard public key: 32 bytes in base64, as `wg pubkey` prints it.');
    let endpoint: string | null = null;
    if (body.endpoint !== undefined) {
      const parsed = parseEndpoint(body.endpoint);
      if ('problem' in parsed) throw invalid('endpoint', parsed.problem);
      endpoint = formatEndpoint(parsed);
    }
    if (body.relay && endpoint === null)
      throw invalid('relay', 'A relay must be reachable by the others: give the device an endpoint ("host:port") too.');
    const keys = body.publicKey === undefined ? generateWireGuardKeyPair() : { publicKey: body.publicKey, privateKey: null };
    const publicKey = keys.publicKey;
    const privateKeyEncrypted = keys.privateKey === null ? null : this.secrets.seal(keys.privateKey);
    const ranges = await this.ranges(network.id);

    const repo = this.ds.getRepository(MeshPeerEntity);
    const clash = await repo.findOne({
      where: [
        { networkId, name: body.name, revokedAt: IsNull() },
        { networkId, publicKey, revokedAt: IsNull() },
      ],
    });
    if (body.name === HOST_PEER_NAME && kind !== 'host')
      throw conflict(
        `"${HOST_PEER_NAME}" is the panel host's own name in every network (${HOST_PEER_NAME}.<network>.clan); pick another name.`,
      );
    if (clash?.name === body.name)
      throw conflict(`This network already has a peer named "${body.name}"; pick another name or remove that one first.`);
    if (clash) throw conflict(`The peer "${clash.name}" already uses this public key; every device needs its own key pair.`);

    for (let attempt = 0; attempt < ALLOCATION_ATTEMPTS; attempt++) {
      try {
        const saved = await this.ds.transaction(async (tx) => {
          const rows: { index: number }[] = await tx.query(
            'SELECT "index" FROM "mesh_peers" WHERE "network_id" = $1 AND "index" IS NOT NULL',
            [networkId],
          );
          let index: number;
          try {
            index = nextFreeIndex(
              ranges.ipv4Cidr,
              rows.map((r) => r.index),
            );
          } catch (error) {
            fromVpnError(error, 'name');
          }
          return tx.getRepository(MeshPeerEntity).save(
            tx.getRepository(MeshPeerEntity).create({
              networkId,
              name: body.name,
              kind,
              index,
              publicKey,
              privateKeyEncrypted,
              endpoint,
              behindNat: body.behindNat ?? endpoint === null,
              relay: body.relay ?? false,
              relayOnly: body.relayOnly ?? false,
              revokedAt: null,
              ownerUserId,
            }),
          );
        });
        const revision = await this.bumpRevision(networkId);
        await this.changes.emit({ networkId, revision, reason: `${saved.name} added` });
        return this.toDto(ranges, saved, revision);
      } catch (error) {
        const constraint = uniqueViolation(error);
        if (constraint === MESH_PEER_NAME_INDEX)
          throw conflict(`This network already has a peer named "${body.name}"; pick another name or remove that one first.`);
        if (constraint !== MESH_PEER_INDEX_CONSTRAINT) throw error;
        await jitter(attempt);
      }
    }
    this.log.warn(`Gave up allocating a mesh address in network ${networkId} after ${ALLOCATION_ATTEMPTS} attempts`);
    throw new DomainError(ErrorCode.Conflict, 'Too many devices are being added to this network at once; try again in a moment.');
  }

  /** The device's rendered config. Holds its private key when the panel has it: the caller must never log it. */
  async deviceConfig(networkId: string, device: string, format: ConfigFormat): Promise<string> {
    const { network, ranges, peers, mesh } = await this.model(networkId);
    const peer = peers.find((p) => p.name === device && p.kind === 'device');
    if (!peer) throw this.noDevice(device);
    let plan;
    try {
      plan = wireGuardPeerPlan(planWireGuardMesh(mesh), peer.name);
    } catch (error) {
      fromVpnError(error, 'device');
    }
    const privateKey = peer.privateKeyEncrypted ? this.secrets.open(peer.privateKeyEncrypted) : undefined;
    // With a host interface the phonebook answers on the host's addresses: the device resolves <name>.<network>.clan there.
    const host = addressesForIndex({ ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix }, HOST_INDEX);
    const dns = this.hostEnabled ? [host.ipv4, host.ipv6, `${network.name}.clan`] : undefined;
    const text = format === 'syncconf' ? renderWgSetconf(plan, { privateKey }) : renderWgQuick(plan, { privateKey, dns });
    // Handing the config out is how a device picks up a change (it has no other channel to the panel).
    await this.markSynced(peer.id, ranges.revision);
    return text;
  }

  /** Removes the device from the mesh: frees its address, drops its private key, keeps a revoked record. */
  async revokeDevice(networkId: string, device: string): Promise<MeshPeerDto> {
    return this.revokePeer(networkId, device, 'device');
  }

  /** Revokes an active peer of the given kind (404 when there is none). */
  async revokePeer(networkId: string, device: string, kind: MeshPeerKind): Promise<MeshPeerDto> {
    const network = await this.network(networkId);
    const ranges = await this.ranges(network.id);
    const repo = this.ds.getRepository(MeshPeerEntity);
    const peer = await repo.findOneBy({ networkId, name: device, kind, revokedAt: IsNull() });
    if (!peer) throw this.noDevice(device);
    const result = await repo
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()', index: null, privateKeyEncrypted: null })
      .where('id = :id AND revoked_at IS NULL', { id: peer.id })
      .execute();
    if (!result.affected) throw this.noDevice(device);
    const revision = await this.bumpRevision(networkId);
    await repo.update({ id: peer.id }, { revokedRevision: revision });
    await this.changes.emit({ networkId, revision, reason: `${peer.name} removed` });
    const revoked = await repo.findOneByOrFail({ id: peer.id });
    return this.toDto(ranges, revoked, revision);
  }

  private async network(networkId: string): Promise<NetworkEntity> {
    const network = await this.ds.getRepository(NetworkEntity).findOneBy({ id: networkId });
    if (!network) throw notFound('The network');
    return network;
  }

  private noDevice(device: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `This network has no device named "${device}" (it may have been removed).`);
  }

  private toMeshPeer(ranges: MeshNetworkEntity, p: MeshPeerEntity): MeshPeer {
    const { ipv4, ipv6 } = addressesForIndex({ ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix }, p.index as number);
    if (p.kind === 'host') {
      const port = hostListenPort(this.config.mesh.portBase, ranges.ipv4Cidr);
      const endpoint = this.config.mesh.endpointHost ? formatEndpointHost(this.config.mesh.endpointHost, port) : null;
      // The host relays for everyone when devices can reach it; it is a machine as far as the planner goes.
      return {
        name: p.name,
        kind: 'machine',
        publicKey: p.publicKey,
        ipv4,
        ipv6,
        endpoint,
        behindNat: false,
        isRelay: endpoint !== null,
        listenPort: port,
      };
    }
    const endpoint = p.endpoint ? parseEndpoint(p.endpoint) : null;
    return {
      name: p.name,
      kind: p.kind,
      publicKey: p.publicKey,
      ipv4,
      ipv6,
      endpoint: p.endpoint,
      behindNat: p.behindNat,
      isRelay: p.relay,
      relayOnly: p.relayOnly,
      // A peer with an endpoint listens on the endpoint's port (no port mapping in between); others let the system pick.
      listenPort: endpoint && !('problem' in endpoint) ? endpoint.port : null,
    };
  }

  private toDto(ranges: MeshNetworkEntity, p: MeshPeerEntity, revision: number = ranges.revision): MeshPeerDto {
    const addresses = p.index === null ? null : addressesForIndex({ ipv4Range: ranges.ipv4Cidr, ipv6Prefix: ranges.ipv6Prefix }, p.index);
    return {
      name: p.name,
      kind: p.kind,
      ipv4: addresses?.ipv4 ?? null,
      ipv6: addresses?.ipv6 ?? null,
      publicKey: p.publicKey,
      endpoint: p.endpoint,
      behindNat: p.behindNat,
      relay: p.relay,
      relayOnly: p.relayOnly,
      panelHoldsKey: p.privateKeyEncrypted !== null,
      revoked: p.revokedAt !== null,
      createdAt: p.createdAt.toISOString(),
      revokedAt: p.revokedAt?.toISOString() ?? null,
      ownerUserId: p.ownerUserId,
      syncedRevision: p.syncedRevision,
      syncedAt: p.syncedAt?.toISOString() ?? null,
      pendingSync: p.revokedAt === null && p.syncedRevision < revision,
      online: null,
      lastHandshake: null,
      endpointSeen: null,
      rxBytes: null,
      txBytes: null,
    };
  }
}

/** What the host interface reports (MeshHost.live), keyed by public key. */
export interface LiveView {
  peers: Map<string, { latestHandshake: number | null; endpoint: string | null; rxBytes: number; txBytes: number }>;
  /** Why the host interface is not there (null when it answered). */
  error: string | null;
}

function formatEndpointHost(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
