import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LibvirtModule } from '../services/libvirt/libvirt.module';
import { Dependencies } from './dependencies.service';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [LibvirtModule, AuditModule],
  controllers: [HealthController],
  providers: [HealthService, Dependencies],
  exports: [Dependencies],
})
export class HealthModule {}
