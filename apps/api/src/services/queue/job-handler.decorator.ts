import { SetMetadata } from '@nestjs/common';
import type { JobHandlerFn } from './job-context';
import type { JobName } from './queue.catalogue';

export const JOB_HANDLER_METADATA = 'clan:job-handler';

/**
 * Marks a provider method as the handler of a job. The signature is checked
 * against the job's payload type. Discovered at start-up (job-handlers.ts).
 */
export function JobHandler<N extends JobName>(name: N) {
  return <F extends JobHandlerFn<N>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
    SetMetadata(JOB_HANDLER_METADATA, name)(target, key, descriptor);
  };
}
