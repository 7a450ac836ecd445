import { Injectable } from '@nestjs/common';
import type { JobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { JobName } from '../services/queue/queue.catalogue';

/** Moving machines between hosts (docs/fleet.md, "Placement and migration"). */
@Injectable()
export class MigrationJobs {
  @JobHandler(JobName.VmMigrate)
  async migrate(_ctx: JobContext<JobName.VmMigrate>): Promise<Record<string, unknown>> {
    throw new Error('Moving machines between hosts is being built.');
  }

  @JobHandler(JobName.HostDrain)
  async drain(_ctx: JobContext<JobName.HostDrain>): Promise<Record<string, unknown>> {
    throw new Error('Draining hosts is being built.');
  }
}
