import { Module } from '@nestjs/common';
import { LibvirtModule } from '../services/libvirt/libvirt.module';
import { HostProcReader } from './host-proc';
import { MetricsCollector } from './metrics-collector.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { MetricsStore } from './metrics.store';

/** Host, network and machine metrics: the collector, RRD-like storage in Postgres, and the API (docs/vms.md, "Metrics"). */
@Module({
  imports: [LibvirtModule],
  controllers: [MetricsController],
  providers: [MetricsStore, MetricsService, MetricsCollector, HostProcReader],
  exports: [MetricsCollector],
})
export class MetricsModule {}
