import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TasksModule } from '../../tasks/tasks.module';
import { HostEntity } from '../host.entity';
import { ClevisLuks } from './clevis-luks';
import { ClevisPolicyEntity } from './clevis-policy.entity';
import { TangServer } from './tang-server.service';
import { TangServerEntity } from './tang-server.entity';
import { UnlockSecretEntity } from './unlock-secret.entity';
import { UnlockController } from './unlock.controller';
import { UnlockJobs } from './unlock.jobs';
import { UnlockService } from './unlock.service';

/** Unattended unlock of the hosts' encrypted disks: Tang servers in the fleet mesh, Clevis policies, the dependency matrix (docs/fleet-unlock.md). */
@Module({
  imports: [TypeOrmModule.forFeature([HostEntity, TangServerEntity, ClevisPolicyEntity, UnlockSecretEntity]), TasksModule],
  controllers: [UnlockController],
  providers: [UnlockService, UnlockJobs, TangServer, ClevisLuks],
})
export class UnlockModule {}
