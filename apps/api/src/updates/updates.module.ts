import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigsModule } from '../configs/configs.module';
import { NetworkEntity } from '../networks/network.entity';
import { NotificationsModule } from '../notifications/notifications.module';
import { TaskEntity } from '../tasks/task.entity';
import { TasksModule } from '../tasks/tasks.module';
import { NetworkUpdateEntity } from './network-update.entity';
import { UpdatesController } from './updates.controller';
import { UpdatesService } from './updates.service';
import { UpstreamNix } from './upstream-nix';

/** Updates follow a locked upstream (docs/updates.md; docs/decisions/0017, slice 1: upstream, lock, check). */
@Module({
  imports: [TypeOrmModule.forFeature([NetworkEntity, NetworkUpdateEntity, TaskEntity]), ConfigsModule, TasksModule, NotificationsModule],
  controllers: [UpdatesController],
  providers: [UpdatesService, UpstreamNix],
})
export class UpdatesModule {}
