import { Module } from '@nestjs/common';
import { LibvirtModule } from '../services/libvirt/libvirt.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [LibvirtModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
