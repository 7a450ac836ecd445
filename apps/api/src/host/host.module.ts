import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { HostDiagnosticsJob } from './host-diagnostics.job';
import { HostProbes } from './host-probes';
import { HostController } from './host.controller';

/** Host-wide operations: diagnostics (later: metrics, settings). */
@Module({
  imports: [TasksModule],
  controllers: [HostController],
  providers: [HostProbes, HostDiagnosticsJob],
})
export class HostModule {}
