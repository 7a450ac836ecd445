import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobHandlerRegistry } from './job-handlers';
import { PubSub } from './pubsub.service';
import { QueueService } from './queue.service';
import { WorkerLiveness } from './worker-liveness.service';

/** Queues, workers, worker liveness and pub/sub: the job infrastructure every feature uses. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [QueueService, JobHandlerRegistry, WorkerLiveness, PubSub],
  exports: [QueueService, JobHandlerRegistry, WorkerLiveness, PubSub],
})
export class QueueModule {}
