import { Module } from '@nestjs/common';
import { MigrationJobs } from './migration.jobs';
import { UnlockModule } from './unlock/unlock.module';

/** The fleet (docs/fleet.md): hosts, enrolment, heartbeats, placement, migration, and unattended unlock. */
@Module({
  imports: [UnlockModule],
  providers: [MigrationJobs],
})
export class FleetModule {}
