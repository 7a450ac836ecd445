import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ConfigsModule } from '../configs/configs.module';
import { NetworkEntity } from '../networks/network.entity';
import { NotificationsModule } from '../notifications/notifications.module';
import { DiskModule } from '../services/disk/disk.module';
import { GuestModule } from '../services/guest/guest.module';
import { NixModule } from '../services/nix/nix.module';
import { TaskEntity } from '../tasks/task.entity';
import { TasksModule } from '../tasks/tasks.module';
import { VmsModule } from '../vms/vms.module';
import { NetworkUpdateEntity } from './network-update.entity';
import { PreviewNix } from './preview/preview-nix';
import { AutoUpdates } from './rollout/auto-updates';
import { MachineGate } from './rollout/machine-gate';
import { RolloutEvents } from './rollout/rollout-events';
import { RolloutJobs } from './rollout/rollout-jobs';
import { RolloutLock } from './rollout/rollout-lock';
import { UpdatePreviewEntity } from './update-preview.entity';
import { UpdatePreviews } from './update-previews.service';
import { UpdateRolloutEntity } from './update-rollout.entity';
import { UpdateRollouts } from './update-rollouts.service';
import { UpdatesController } from './updates.controller';
import { UpdatesService } from './updates.service';
import { UpstreamNix } from './upstream-nix';

/** Updates follow a locked upstream (docs/updates.md; docs/decisions/0017, slice 1: upstream, lock, check). */
@Module({
  imports: [
    TypeOrmModule.forFeature([NetworkEntity, NetworkUpdateEntity, UpdatePreviewEntity, UpdateRolloutEntity, TaskEntity]),
    ConfigsModule,
    TasksModule,
    NotificationsModule,
    NixModule,
    DiskModule,
    VmsModule,
    AuditModule,
    GuestModule,
  ],
  controllers: [UpdatesController],
  providers: [
    UpdatesService,
    UpstreamNix,
    PreviewNix,
    UpdatePreviews,
    UpdateRollouts,
    RolloutJobs,
    RolloutLock,
    RolloutEvents,
    MachineGate,
    AutoUpdates,
  ],
})
export class UpdatesModule {}
