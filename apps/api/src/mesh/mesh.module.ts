import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeshHost } from './host/mesh-host.service';
import { MESH_MACHINE_PROVIDERS, MeshMachines } from './machines';
import { MeshChanges } from './mesh-changes';
import { MeshInviteEntity } from './mesh-invite.entity';
import { MeshInvites } from './mesh-invites.service';
import { MeshNetworkEntity } from './mesh-network.entity';
import { MeshPeerEntity } from './mesh-peer.entity';
import { MeshController, MeshInviteLinkController } from './mesh.controller';
import { MeshService } from './mesh.service';
import { PhonebookHost } from './phonebook/phonebook-host.service';

@Module({
  imports: [TypeOrmModule.forFeature([MeshNetworkEntity, MeshPeerEntity, MeshInviteEntity])],
  controllers: [MeshController, MeshInviteLinkController],
  providers: [MeshService, MeshChanges, MeshHost, MeshInvites, PhonebookHost, ...MESH_MACHINE_PROVIDERS],
  exports: [MeshService, MeshChanges, MeshHost, MeshMachines],
})
export class MeshModule {}
