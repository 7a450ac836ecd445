import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { NetworkEntity } from '../networks/network.entity';
import { UserEntity } from '../users/user.entity';
import { ConfigCommits } from './config-commits';
import { ConfigLock } from './config-lock.service';
import { ConfigReader } from './config-reader.service';
import { ConfigWriter } from './config-writer.service';
import { ConfigController } from './config.controller';
import { ConfigService } from './config.service';
import { GitHttpController } from './git-http.controller';
import { GitHttpService } from './git-http.service';
import { MachineRevisions } from './machine-revisions.service';
import { MachinesController } from './machines.controller';
import { MachinesService } from './machines.service';
import { NetworkRepoService } from './network-repo.service';
import { SystemFlakes } from './system-flakes.service';

/**
 * A network's declarative configuration: its git repository (configs.json,
 * overrides, flake.nix), machines, history, revert and read-only clone.
 * Global so network creation can create the repository without a module cycle.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([NetworkEntity, NetworkMemberEntity, UserEntity])],
  controllers: [GitHttpController, MachinesController, ConfigController],
  providers: [
    ConfigLock,
    NetworkRepoService,
    ConfigReader,
    ConfigWriter,
    ConfigService,
    MachinesService,
    MachineRevisions,
    GitHttpService,
    ConfigCommits,
    SystemFlakes,
  ],
  exports: [NetworkRepoService, ConfigReader, ConfigLock, ConfigCommits, MachinesService, ConfigWriter, SystemFlakes, GitHttpService],
})
export class ConfigsModule {}
