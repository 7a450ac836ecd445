import { ErrorCode } from '@clan/contracts';
import { formatEndpoint, parseEndpoint } from '@clan/vpn';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { conflict, DomainError, invalid } from '../common/errors/domain-error';
import { SecretBox } from '../services/secrets/secret-box';
import { MeshAgentHub } from './agents/mesh-agent-hub.service';
import type { CutVerb } from './agents/cut-summary';
import type { CreateDeviceDto, MeshPeerChangeDto, MeshPeerDto, UpdatePeerDto } from './dto/mesh.dto';
import { MeshChanges } from './mesh-changes';
import { MeshIpam } from './mesh-ipam.service';
import { MeshModel } from './mesh-model.service';
import { MESH_PEER_INDEX_CONSTRAINT, MESH_PEER_NAME_INDEX, MeshPeerEntity, type MeshPeerKind } from './mesh-peer.entity';
import { toPeerDto } from './mesh-peer-dto';
import { ALLOCATION_ATTEMPTS, HOST_PEER_NAME, jitter, noDevice, uniqueViolation } from './mesh-support';

export { HOST_PEER_NAME, hostInterfaceName, hostListenPort, ALLOCATION_ATTEMPTS } from './mesh-support';

/**
 * The members of a network's mesh: adding a peer (a device from people, a
 * machine from the network's configuration) with a key pair of the network's
 * layer and the lowest free address, and revoking one. Every change bumps the
 * mesh revision and tells MeshChanges, whose listeners (host interface,
 * machine sections, phonebook) are awaited.
 */
@Injectable()
export class MeshService {
  private readonly log = new Logger('Mesh');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly secrets: SecretBox,
    private readonly changes: MeshChanges,
    private readonly model: MeshModel,
    private readonly ipam: MeshIpam,
    private readonly agents: MeshAgentHub,
  ) {}

  async createDevice(networkId: string, body: CreateDeviceDto): Promise<MeshPeerDto> {
    return this.addPeer(networkId, body, 'device');
  }

  /**
   * Adds a peer of either kind: devices come from people (API, invites);
   * machines from the network's configuration (one peer per machine, kept
   * in step by the panel). Validation, then allocation of the lowest free index.
   */
  async addPeer(
    networkId: string,
    body: CreateDeviceDto,
    kind: MeshPeerKind,
    ownerUserId: string | null = null,
    extra: { groups?: string[]; agentTokenHash?: string } = {},
  ): Promise<MeshPeerDto> {
    const { layer } = await this.model.layer(networkId);
    // The slow and validating work happens before any database write.
    if (body.publicKey !== undefined) {
      const problem = layer.publicKeyProblem(body.publicKey);
      if (problem !== null) throw invalid('publicKey', problem);
    }
    let endpoint: string | null = null;
    if (body.endpoint !== undefined) {
      const parsed = parseEndpoint(body.endpoint);
      if ('problem' in parsed) throw invalid('endpoint', parsed.problem);
      endpoint = formatEndpoint(parsed);
    }
    if (body.relay && endpoint === null)
      throw invalid('relay', 'A relay must be reachable by the others: give the device an endpoint ("host:port") too.');
    const keys = body.publicKey === undefined ? layer.generateKeyPair() : { publicKey: body.publicKey, privateKey: null };
    const publicKey = keys.publicKey;
    const privateKeyEncrypted = keys.privateKey === null ? null : this.secrets.seal(keys.privateKey);
    const ranges = await this.model.ranges(networkId);

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
          const index = await this.ipam.freeIndex(tx, ranges);
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
              groups: [...new Set(extra.groups ?? [])],
              agentTokenHash: extra.agentTokenHash ?? null,
            }),
          );
        });
        const revision = await this.model.bumpRevision(networkId);
        await this.changes.emit({ networkId, revision, reason: `${saved.name} added` });
        return toPeerDto(ranges, saved, revision);
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

  /**
   * Removes the device from the mesh: frees its address, drops its private key, keeps a revoked record. Answers once
   * the host dropped the key and the online agents confirmed (or the wait ran out), with how far the cut reached.
   */
  async revokeDevice(networkId: string, device: string): Promise<MeshPeerChangeDto> {
    const { peer, revision, peerId } = await this.revoke(networkId, device, 'device');
    return this.withCut(networkId, peer, peerId, revision, 'Cut');
  }

  /** Revokes an active peer of the given kind (404 when there is none). */
  async revokePeer(networkId: string, device: string, kind: MeshPeerKind): Promise<MeshPeerDto> {
    return (await this.revoke(networkId, device, kind)).peer;
  }

  /** Blocks a device: out of the mesh everywhere (host, agents, machines, phonebook) but it keeps its address and key. */
  async block(networkId: string, device: string): Promise<MeshPeerChangeDto> {
    const repo = this.ds.getRepository(MeshPeerEntity);
    const peer = await repo.findOneBy({ networkId, name: device, kind: 'device', revokedAt: IsNull() });
    if (!peer) throw noDevice(device);
    if (peer.blockedAt !== null) throw conflict(`"${device}" is already blocked; unblock it to let it back in.`);
    const result = await repo.update({ id: peer.id, revokedAt: IsNull(), blockedAt: IsNull() }, { blockedAt: new Date() });
    if (!result.affected) throw conflict(`"${device}" was just blocked or removed by someone else.`);
    return this.changed(networkId, peer.id, `${peer.name} blocked`, 'Cut');
  }

  /** Lets a blocked device back in as it was (409 when it is not blocked, or another peer took its name or key meanwhile). */
  async unblock(networkId: string, device: string): Promise<MeshPeerChangeDto> {
    const repo = this.ds.getRepository(MeshPeerEntity);
    const peer = await repo.findOneBy({ networkId, name: device, kind: 'device', revokedAt: IsNull() });
    if (!peer) throw noDevice(device);
    if (peer.blockedAt === null) throw conflict(`"${device}" is not blocked.`);
    const others = await repo.find({
      where: [
        { networkId, name: peer.name, revokedAt: IsNull(), blockedAt: IsNull() },
        { networkId, publicKey: peer.publicKey, revokedAt: IsNull(), blockedAt: IsNull() },
      ],
    });
    const clash = others.find((p) => p.id !== peer.id);
    if (clash?.name === peer.name)
      throw conflict(`Another peer is named "${peer.name}" now; remove or rename it before unblocking this device.`);
    if (clash) throw conflict(`The peer "${clash.name}" uses this device's public key now; remove it before unblocking.`);
    const result = await repo.update({ id: peer.id, revokedAt: IsNull(), blockedAt: Not(IsNull()) }, { blockedAt: null });
    if (!result.affected) throw conflict(`"${device}" was just unblocked or removed by someone else.`);
    return this.changed(networkId, peer.id, `${peer.name} unblocked`, 'Applied');
  }

  /** Sets the groups of an active peer (device or machine) for reachability rules; the firewalls follow. */
  async updatePeer(networkId: string, name: string, body: UpdatePeerDto): Promise<MeshPeerDto> {
    const ranges = await this.model.ranges(networkId);
    const repo = this.ds.getRepository(MeshPeerEntity);
    const peer = await repo.findOneBy({ networkId, name, kind: In(['device', 'machine']), revokedAt: IsNull() });
    if (!peer)
      throw new DomainError(ErrorCode.NotFound, `This network has no device or machine named "${name}" (it may have been removed).`);
    if (body.groups === undefined) return toPeerDto(ranges, peer);
    const groups = [...new Set(body.groups)];
    await repo.update({ id: peer.id }, { groups });
    const revision = await this.model.bumpRevision(networkId);
    // Rules may name groups: every firewall the rules render (machines, agent devices) follows.
    await this.changes.emit({ networkId, revision, reason: `groups of ${peer.name} set` });
    return toPeerDto(ranges, await repo.findOneByOrFail({ id: peer.id }), revision);
  }

  /** A member left the network: every device they own there is revoked at once (one change). How many. */
  async revokeMemberDevices(networkId: string, userId: string): Promise<number> {
    const revoked: { id: string }[] = await this.ds
      .getRepository(MeshPeerEntity)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()', index: null, privateKeyEncrypted: null })
      .where("network_id = :networkId AND owner_user_id = :userId AND kind = 'device' AND revoked_at IS NULL", { networkId, userId })
      .returning(['id'])
      .execute()
      .then((r) => r.raw as { id: string }[]);
    if (revoked.length === 0) return 0;
    const revision = await this.model.bumpRevision(networkId);
    await this.ds.getRepository(MeshPeerEntity).update({ id: In(revoked.map((r) => r.id)) }, { revokedRevision: revision });
    await this.changes.emit({
      networkId,
      revision,
      reason: `${revoked.length} device${revoked.length === 1 ? '' : 's'} of a removed member removed`,
    });
    return revoked.length;
  }

  private async changed(networkId: string, peerId: string, reason: string, verb: CutVerb): Promise<MeshPeerChangeDto> {
    const revision = await this.model.bumpRevision(networkId);
    await this.changes.emit({ networkId, revision, reason });
    const peer = await this.ds.getRepository(MeshPeerEntity).findOneByOrFail({ id: peerId });
    return this.withCut(networkId, toPeerDto(await this.model.ranges(networkId), peer, revision), peerId, revision, verb);
  }

  private async withCut(networkId: string, peer: MeshPeerDto, peerId: string, revision: number, verb: CutVerb): Promise<MeshPeerChangeDto> {
    return { ...peer, cut: await this.agents.cut(networkId, revision, verb, peerId) };
  }

  private async revoke(
    networkId: string,
    device: string,
    kind: MeshPeerKind,
  ): Promise<{ peer: MeshPeerDto; peerId: string; revision: number }> {
    const ranges = await this.model.ranges(networkId);
    const repo = this.ds.getRepository(MeshPeerEntity);
    const peer = await repo.findOneBy({ networkId, name: device, kind, revokedAt: IsNull() });
    if (!peer) throw noDevice(device);
    const result = await repo
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()', index: null, privateKeyEncrypted: null })
      .where('id = :id AND revoked_at IS NULL', { id: peer.id })
      .execute();
    if (!result.affected) throw noDevice(device);
    const revision = await this.model.bumpRevision(networkId);
    await repo.update({ id: peer.id }, { revokedRevision: revision });
    await this.changes.emit({ networkId, revision, reason: `${peer.name} removed` });
    const revoked = await repo.findOneByOrFail({ id: peer.id });
    return { peer: toPeerDto(ranges, revoked, revision), peerId: peer.id, revision };
  }
}
