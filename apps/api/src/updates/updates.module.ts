import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigsModule } from '../configs/configs.module';
import { NetworkEntity } from '../networks/network.entity';
import { NotificationsModule } from '../notifications/notifications.module';
import { TaskEntity } from '../tasks/task.entity';
import { TasksModule } from '../tasks/tasks.module';
import { NetworkUpdateEntity } from './network-update.entity';
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
  ],
  controllers: [UpdatesController],
  providers: [UpdatesService, UpstreamNix, UpdatePreviews, UpdateRollouts],
})
export class UpdatesModule {}
