import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupPolicyEntity } from '../backups/backup-policy.entity';
import { BackupVerificationEntity } from '../backups/verify/backup-verification.entity';
import { BackupVerifications } from '../backups/verify/backup-verifications.store';
import { ConfigsModule } from '../configs/configs.module';
import { MeshPeerEntity } from '../mesh/mesh-peer.entity';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { NetworkEntity } from '../networks/network.entity';
import { NotificationsModule } from '../notifications/notifications.module';
import { TaskEntity } from '../tasks/task.entity';
import { UserEntity } from '../users/user.entity';
import { MachineStateEntity } from '../vms/machine-state.entity';
import { HomeController } from './home.controller';
import { HomeService } from './home.service';

/** The member's home page (docs/api.md, "Home"): read views of other modules' rows, and help requests. */
@Module({
  imports: [
    ConfigsModule,
    NotificationsModule,
    TypeOrmModule.forFeature([
      UserEntity,
      NetworkEntity,
      NetworkMemberEntity,
      MeshPeerEntity,
      BackupPolicyEntity,
      BackupVerificationEntity,
      MachineStateEntity,
      TaskEntity,
    ]),
  ],
  controllers: [HomeController],
  providers: [HomeService, BackupVerifications],
})
export class HomeModule {}
