import { Global, Module } from '@nestjs/common';
import { FleetClosures } from './fleet-closures';
import { FleetRepos } from './fleet-repos';
import { HostIdentity } from './host-identity.service';

/** Which host this process is and where a task's job goes: needed by the task service everywhere. */
@Global()
@Module({
  providers: [HostIdentity, FleetRepos, FleetClosures],
  exports: [HostIdentity, FleetRepos, FleetClosures],
})
export class FleetCoreModule {}
