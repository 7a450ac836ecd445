import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeshModule } from '../mesh/mesh.module';
import { UserEntity } from '../users/user.entity';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { NetworkMemberEntity } from './network-member.entity';
import { NetworkEntity } from './network.entity';
import { NetworksController } from './networks.controller';
import { NetworksService } from './networks.service';

@Module({
  imports: [TypeOrmModule.forFeature([NetworkEntity, NetworkMemberEntity, UserEntity]), MeshModule],
  controllers: [NetworksController, MembersController],
  providers: [NetworksService, MembersService],
  exports: [NetworksService],
})
export class NetworksModule {}
