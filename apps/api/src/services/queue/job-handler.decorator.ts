import { SetMetadata } from '@nestjs/common';
import type { HandlerFnOf } from './job-context';
import type { AnyJobName } from './queue.catalogue';

export const JOB_HANDLER_METADATA = 'clan:job-handler';

/**
 * Marks a provider method as the handler of a job — a task job (JobName) or
 * an internal job (InternalJobName). The signature is checked against the
 * job's payload type and kind. Discovered at start-up (job-handlers.ts).
 */
export function JobHandler<N extends AnyJobName>(name: N) {
  return <F extends HandlerFnOf<N>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
    SetMetadata(JOB_HANDLER_METADATA, name)(target, key, descriptor);
  };
}
