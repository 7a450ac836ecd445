import { Inject, Injectable } from '@nestjs/common';
import { conflict } from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import type { CreateMeshAgentDto, EnrolMeshAgentDto, MeshAgentEnrolmentDto } from '../dto/mesh.dto';
import { MeshInvites } from '../mesh-invites.service';
import { MeshModel } from '../mesh-model.service';
import { MeshService } from '../mesh.service';
import { agentTokenHash, newAgentToken } from './agent-token';
import { isAgentLayer, MeshAgentConfigs } from './mesh-agent-configs.service';

/**
 * Enrols a device agent (docs/vpn.md, "Device agent"): the device brings its
 * own public key (its private key never leaves it), the panel adds it as a
 * device and answers with the agent token — shown once, kept as a SHA-256 —
 * and where to reach the panel. By an invite (the invite is the credential)
 * or by a member manager's API token.
 */
@Injectable()
export class MeshAgentEnrolment {
  constructor(
    private readonly mesh: MeshService,
    private readonly invites: MeshInvites,
    private readonly model: MeshModel,
    private readonly configs: MeshAgentConfigs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With an invite: its checks and claim (MeshInvites.redeem); the device belongs to the invite's owner, else its creator. */
  async byInvite(dto: EnrolMeshAgentDto, hostHeader: string | undefined): Promise<MeshAgentEnrolmentDto> {
    const token = newAgentToken();
    const { invite } = await this.invites.redeem(dto.invite, dto.name, async (invite) => {
      await this.agentLayer(invite.networkId);
      return this.mesh.addPeer(
        invite.networkId,
        { name: dto.name, publicKey: dto.publicKey, endpoint: dto.endpoint, relayOnly: invite.relayOnly },
        'device',
        invite.ownerUserId ?? invite.createdBy,
        { groups: dto.groups, agentTokenHash: agentTokenHash(token) },
      );
    });
    return this.enrolment(invite.networkId, dto.name, token, hostHeader);
  }

  /** With an API token (Member.Manage): the device belongs to the caller. */
  async byToken(
    networkId: string,
    ownerUserId: string,
    dto: CreateMeshAgentDto,
    hostHeader: string | undefined,
  ): Promise<MeshAgentEnrolmentDto> {
    await this.agentLayer(networkId);
    const token = newAgentToken();
    await this.mesh.addPeer(networkId, { name: dto.name, publicKey: dto.publicKey, endpoint: dto.endpoint }, 'device', ownerUserId, {
      groups: dto.groups,
      agentTokenHash: agentTokenHash(token),
    });
    return this.enrolment(networkId, dto.name, token, hostHeader);
  }

  private async agentLayer(networkId: string): Promise<void> {
    const { layer } = await this.model.layer(networkId);
    if (!isAgentLayer(layer.kind))
      throw conflict(`The device agent does not run ${layer.title} yet; add this device with its config instead.`);
  }

  private async enrolment(
    networkId: string,
    peer: string,
    agentToken: string,
    hostHeader: string | undefined,
  ): Promise<MeshAgentEnrolmentDto> {
    const view = await this.model.model(networkId);
    const door = this.configs.doorUrl(view);
    const here = (this.config.origin ?? `http://${hostHeader ?? 'localhost'}`).replace(/\/+$/, '');
    return {
      networkId,
      network: view.network.name,
      peer,
      layer: view.layer.layer.kind,
      agentToken,
      panelUrls: [...new Set([here, ...(door ? [door] : [])])],
    };
  }
}
