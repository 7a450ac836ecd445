import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NetworkEntity } from '../networks/network.entity';
import { TasksModule } from '../tasks/tasks.module';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditController } from './audit.controller';
import { AuditMiddleware } from './audit.middleware';
import { AuditService } from './audit.service';
import { RouteCatalogue } from './route-catalogue';

/** The audit log: every state-changing request is recorded (AuditMiddleware) and can be read back. */
@Module({
  imports: [DiscoveryModule, TasksModule, TypeOrmModule.forFeature([AuditEntryEntity, NetworkEntity])],
  controllers: [AuditController],
  providers: [AuditService, RouteCatalogue, AuditMiddleware],
  exports: [AuditService],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
