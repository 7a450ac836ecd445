import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeshNetworkEntity } from './mesh-network.entity';
import { MeshPeerEntity } from './mesh-peer.entity';
import { MeshController } from './mesh.controller';
import { MeshService } from './mesh.service';

@Module({
  imports: [TypeOrmModule.forFeature([MeshNetworkEntity, MeshPeerEntity])],
  controllers: [MeshController],
  providers: [MeshService],
  exports: [MeshService],
})
export class MeshModule {}
