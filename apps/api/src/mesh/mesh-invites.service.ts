import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode } from '@clan/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import QRCode from 'qrcode';
import { DataSource, IsNull } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { DomainError, invalid, notFound } from '../common/errors/domain-error';
import { repositoryLink } from '../configs/config.service';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { NetworkEntity } from '../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import type { AcceptedInviteDto, AcceptInviteDto, CreatedInviteDto, CreateInviteDto, InviteDto, InvitePreviewDto } from './dto/invite.dto';
import { MeshInviteEntity } from './mesh-invite.entity';
import { MeshConfigs } from './mesh-configs.service';
import { MeshModel } from './mesh-model.service';
import { toLayerDto } from './mesh-peer-dto';
import { MeshService } from './mesh.service';

const TOKEN_BYTES = 24;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export const hashInviteToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** An SVG QR code (error correction L: a wg-quick config of a relay-only phone fits comfortably). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 });
}

/**
 * Invites (docs/vpn.md, "Invites"): a link that lets one device join, once,
 * before it expires. The token is shown once; the database keeps its hash.
 * Accepting claims the invite atomically (a concurrent second accept gets
 * 410) and gives it back if the device cannot be created (a taken name), so
 * the person can try another name.
 */
@Injectable()
export class MeshInvites {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly mesh: MeshService,
    private readonly model: MeshModel,
    private readonly configs: MeshConfigs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(principal: Principal, networkId: string, dto: CreateInviteDto, hostHeader: string | undefined): Promise<CreatedInviteDto> {
    const network = await this.network(networkId);
    if (dto.ownerUserId !== undefined) {
      const member = await this.ds.getRepository(NetworkMemberEntity).findOneBy({ networkId, userId: dto.ownerUserId });
      if (!member) throw invalid('ownerUserId', 'The owner must be a member of this network; add them first.');
    }
    // The layer must run on this panel, or nobody could ever use the link.
    await this.model.layer(networkId);
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const saved = await this.ds.getRepository(MeshInviteEntity).save(
      this.ds.getRepository(MeshInviteEntity).create({
        networkId,
        tokenHash: hashInviteToken(token),
        deviceName: dto.deviceName ?? null,
        note: dto.note ?? '',
        relayOnly: dto.relayOnly ?? false,
        ownerUserId: dto.ownerUserId ?? null,
        createdBy: principal.userId,
        expiresAt: new Date(Date.now() + (dto.expiresInHours ?? 24) * 3600_000),
        usedAt: null,
        usedByDevice: null,
        cancelledAt: null,
      }),
    );
    const url = `${this.origin(hostHeader)}/join/${token}`;
    return {
      invite: this.toDto(saved),
      token,
      url,
      nixLink: repositoryLink(this.config.origin, hostHeader, network.id),
      qrSvg: await qrSvg(url),
    };
  }

  async list(networkId: string): Promise<InviteDto[]> {
    await this.network(networkId);
    const rows = await this.ds.getRepository(MeshInviteEntity).find({ where: { networkId }, order: { createdAt: 'DESC' }, take: 200 });
    return rows.map((r) => this.toDto(r));
  }

  async cancel(networkId: string, inviteId: string): Promise<InviteDto> {
    const repo = this.ds.getRepository(MeshInviteEntity);
    const invite = await repo.findOneBy({ id: inviteId, networkId });
    if (!invite) throw notFound('The invite');
    if (invite.usedAt)
      throw new DomainError(ErrorCode.Conflict, `This invite was already used by "${invite.usedByDevice}"; remove that device instead.`);
    if (!invite.cancelledAt) await repo.update({ id: invite.id, cancelledAt: IsNull() }, { cancelledAt: new Date() });
    return this.toDto(await repo.findOneByOrFail({ id: invite.id }));
  }

  /** What the join page shows before accepting (no secrets), with the layer: which key pair the device makes. */
  async preview(token: string): Promise<InvitePreviewDto> {
    const invite = await this.usable(token);
    const network = await this.network(invite.networkId);
    const { layer } = await this.model.layer(invite.networkId);
    return {
      layer: toLayerDto(layer),
      network: network.name,
      deviceName: invite.deviceName,
      note: invite.note,
      relayOnly: invite.relayOnly,
      expiresAt: invite.expiresAt.toISOString(),
    };
  }

  async accept(token: string, dto: AcceptInviteDto, principal: Principal | null): Promise<AcceptedInviteDto> {
    const { result: device, invite } = await this.redeem(token, dto.name, (invite) =>
      this.mesh.addPeer(
        invite.networkId,
        { name: dto.name, publicKey: dto.publicKey, relayOnly: invite.relayOnly },
        'device',
        invite.ownerUserId ?? principal?.userId ?? invite.createdBy,
      ),
    );
    const network = await this.network(invite.networkId);
    // The layer's default form (WireGuard: wg-quick), the one its apps import and scan.
    const config = await this.configs.deviceConfig(invite.networkId, device.name);
    return { device, config, qrSvg: device.panelHoldsKey ? await qrSvg(config) : null, domain: `${network.name}.clan` };
  }

  /**
   * Uses an invite for the device `name` (the join page, a device agent's enrolment): checks it is usable (unused,
   * not cancelled, not expired), claims it atomically (a concurrent second use gets 410), runs `create`, and gives the
   * invite back when `create` fails (a taken name, a bad key), so the person can try again.
   */
  async redeem<T>(
    token: string,
    name: string,
    create: (invite: MeshInviteEntity) => Promise<T>,
  ): Promise<{ result: T; invite: MeshInviteEntity }> {
    const invite = await this.usable(token);
    // Claim it: exactly one use wins.
    const claimed: MeshInviteEntity[] = await this.ds
      .getRepository(MeshInviteEntity)
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()', usedByDevice: name })
      .where('id = :id AND used_at IS NULL AND cancelled_at IS NULL AND expires_at > now()', { id: invite.id })
      .returning('*')
      .execute()
      .then((r) => r.raw as MeshInviteEntity[]);
    if (claimed.length === 0) throw this.gone('This invite was just used by someone else.');
    try {
      return { result: await create(invite), invite };
    } catch (error) {
      await this.ds.getRepository(MeshInviteEntity).update({ id: invite.id }, { usedAt: null, usedByDevice: null });
      throw error;
    }
  }

  /** Cancels the unused invites a member created or that are for them (they left the network); how many. */
  async cancelForMember(networkId: string, userId: string): Promise<number> {
    const result = await this.ds
      .getRepository(MeshInviteEntity)
      .createQueryBuilder()
      .update()
      .set({ cancelledAt: () => 'now()' })
      .where('network_id = :networkId AND used_at IS NULL AND cancelled_at IS NULL AND (created_by = :userId OR owner_user_id = :userId)', {
        networkId,
        userId,
      })
      .execute();
    return result.affected ?? 0;
  }

  private async usable(token: string): Promise<MeshInviteEntity> {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw notFound('The invite');
    const invite = await this.ds.getRepository(MeshInviteEntity).findOneBy({ tokenHash: hashInviteToken(token) });
    if (!invite) throw notFound('The invite');
    if (invite.usedAt) throw this.gone('This invite has already been used; ask for a new one.');
    if (invite.cancelledAt) throw this.gone('This invite was cancelled; ask for a new one.');
    if (invite.expiresAt.getTime() <= Date.now())
      throw this.gone(`This invite expired on ${invite.expiresAt.toISOString()}; ask for a new one.`);
    return invite;
  }

  private gone(message: string): DomainError {
    return new DomainError(ErrorCode.Gone, message);
  }

  private origin(hostHeader: string | undefined): string {
    return (this.config.origin ?? `http://${hostHeader ?? 'localhost'}`).replace(/\/+$/, '');
  }

  private async network(networkId: string): Promise<NetworkEntity> {
    const network = await this.ds.getRepository(NetworkEntity).findOneBy({ id: networkId });
    if (!network) throw notFound('The network');
    return network;
  }

  private toDto(r: MeshInviteEntity): InviteDto {
    const status = r.usedAt ? 'used' : r.cancelledAt ? 'cancelled' : r.expiresAt.getTime() <= Date.now() ? 'expired' : 'pending';
    return {
      id: r.id,
      deviceName: r.deviceName,
      note: r.note,
      relayOnly: r.relayOnly,
      ownerUserId: r.ownerUserId,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      status,
      usedAt: r.usedAt?.toISOString() ?? null,
      usedByDevice: r.usedByDevice,
    };
  }
}
