import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NetworkMemberEntity } from '../../networks/network-member.entity';
import { ApiTokenEntity } from '../../tokens/api-token.entity';
import { UserEntity } from '../../users/user.entity';
import { ReadModelModule } from '../read-model/read-model.module';
import { AccessAuditor } from './access-auditor';
import { AccessGuard } from './access.guard';
import { AccessService } from './access.service';
import { PrincipalCache } from './principal-cache';

@Global()
@Module({
  // ReadModelModule is global: imported here once, like this module, for every feature's list reads.
  imports: [DiscoveryModule, ReadModelModule, TypeOrmModule.forFeature([UserEntity, ApiTokenEntity, NetworkMemberEntity])],
  providers: [AccessService, PrincipalCache, AccessAuditor, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AccessService, PrincipalCache, ReadModelModule],
})
export class AuthzModule {}
