import { Global, Module } from '@nestjs/common';
import { HostIdentity } from './host-identity.service';

/** Which host this process is and where a task's job goes: needed by the task service everywhere. */
@Global()
@Module({
  providers: [HostIdentity],
  exports: [HostIdentity],
})
export class FleetCoreModule {}
