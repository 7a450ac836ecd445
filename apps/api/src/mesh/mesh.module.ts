import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeshAgentConfigs } from './agents/mesh-agent-configs.service';
import { MeshAgentEnrolment } from './agents/mesh-agent-enrolment.service';
import { MeshAgentGateway } from './agents/mesh-agent.gateway';
import { MeshAgentHub } from './agents/mesh-agent-hub.service';
import { MeshAgentEnrolController, MeshAgentsController } from './agents/mesh-agents.controller';
import { MeshDoor } from './agents/mesh-door.service';
import { MeshHost } from './host/mesh-host.service';
import { MESH_LAYER_PROVIDERS, MeshLayers } from './layers';
import { MESH_MACHINE_PROVIDERS, MeshMachines } from './machines';
import { MeshChanges } from './mesh-changes';
import { MeshConfigs } from './mesh-configs.service';
import { MeshInviteEntity } from './mesh-invite.entity';
import { MeshInvites } from './mesh-invites.service';
import { MeshIpam } from './mesh-ipam.service';
import { MeshModel } from './mesh-model.service';
import { MeshNetworkEntity } from './mesh-network.entity';
import { MeshPeerEntity } from './mesh-peer.entity';
import { MeshRules } from './mesh-rules.service';
import { MeshStatus } from './mesh-status.service';
import { MeshController, MeshInviteLinkController } from './mesh.controller';
import { MeshService } from './mesh.service';
import { PhonebookHost } from './phonebook/phonebook-host.service';

/**
 * The mesh (docs/vpn.md): MeshLayers (the registry of layers this panel runs),
 * MeshIpam (addresses), MeshModel (the libs/vpn model from the database),
 * MeshService (members: add, revoke), MeshConfigs (what the layer renders for
 * a peer), MeshStatus (the view with live state and removals), MeshRules
 * (reachability), MeshInvites, MeshHost (the host's interfaces), the phonebook,
 * machines, and the device agents (agents/: enrolment, the WebSocket hub, the
 * panel inside the mesh).
 */
@Module({
  imports: [TypeOrmModule.forFeature([MeshNetworkEntity, MeshPeerEntity, MeshInviteEntity])],
  controllers: [MeshController, MeshInviteLinkController, MeshAgentsController, MeshAgentEnrolController],
  providers: [
    ...MESH_LAYER_PROVIDERS,
    MeshIpam,
    MeshModel,
    MeshService,
    MeshConfigs,
    MeshStatus,
    MeshRules,
    MeshChanges,
    MeshHost,
    MeshInvites,
    PhonebookHost,
    ...MESH_MACHINE_PROVIDERS,
    MeshAgentConfigs,
    MeshAgentHub,
    MeshAgentGateway,
    MeshAgentEnrolment,
    MeshDoor,
  ],
  exports: [MeshService, MeshInvites, MeshIpam, MeshModel, MeshStatus, MeshConfigs, MeshLayers, MeshChanges, MeshHost, MeshMachines],
})
export class MeshModule {}
