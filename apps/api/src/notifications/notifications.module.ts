import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryQueue } from './delivery-queue.service';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { NotificationReadEntity } from './entities/notification-read.entity';
import { NotificationSubjectEntity } from './entities/notification-subject.entity';
import { NotificationTargetEntity } from './entities/notification-target.entity';
import { NotificationEntity } from './entities/notification.entity';
import { NotificationInbox } from './notification-inbox.service';
import { HostNotificationTargetsController, NetworkNotificationTargetsController } from './notification-targets.controller';
import { NotificationTargetsService } from './notification-targets.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { TargetVault } from './target-vault';

/**
 * Notifications (docs/notifications.md): other modules import this module and
 * call NotificationsService.emit(); the rest — the in-app list, targets,
 * queued deliveries — lives here.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      NotificationSubjectEntity,
      NotificationEntity,
      NotificationReadEntity,
      NotificationTargetEntity,
      NotificationDeliveryEntity,
    ]),
  ],
  controllers: [NotificationsController, HostNotificationTargetsController, NetworkNotificationTargetsController],
  providers: [NotificationsService, NotificationInbox, NotificationTargetsService, TargetVault, DeliveryQueue],
  exports: [NotificationsService],
})
export class NotificationsModule {}
