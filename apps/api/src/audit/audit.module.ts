import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NetworkEntity } from '../networks/network.entity';
import { NotificationsModule } from '../notifications/notifications.module';
import { TasksModule } from '../tasks/tasks.module';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditController } from './audit.controller';
import { AuditMiddleware } from './audit.middleware';
import { AuditService } from './audit.service';
import { AuditSpoolFile } from './audit-spool';
import { RouteCatalogue } from './route-catalogue';

/**
 * The audit log: every state-changing request is recorded (AuditMiddleware,
 * mounted by create-app before the body parser so refused input is recorded
 * too) and can be read back.
 */
@Module({
  imports: [DiscoveryModule, TasksModule, NotificationsModule, TypeOrmModule.forFeature([AuditEntryEntity, NetworkEntity])],
  controllers: [AuditController],
  providers: [AuditService, AuditSpoolFile, RouteCatalogue, AuditMiddleware],
  exports: [AuditService, AuditMiddleware],
})
export class AuditModule {}
