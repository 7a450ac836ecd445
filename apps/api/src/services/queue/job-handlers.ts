import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { JobHandlerFn } from './job-context';
import { JOB_HANDLER_METADATA } from './job-handler.decorator';
import { JOB_NAMES, type JobName } from './queue.catalogue';

/** A decorated method found on a provider. */
export interface FoundJobHandler {
  jobName: string;
  /** `ClassName.method`, for error messages. */
  owner: string;
  fn: JobHandlerFn;
}

/**
 * Checks the found handlers against the catalogue: every job needs exactly one
 * handler and every handler must name a known job. Throws one error listing
 * every problem, so start-up fails loudly instead of tasks hanging in "queued".
 */
export function buildHandlerTable(found: FoundJobHandler[], jobNames: readonly string[] = JOB_NAMES): Map<JobName, JobHandlerFn> {
  const byName = new Map<string, FoundJobHandler[]>();
  for (const h of found) byName.set(h.jobName, [...(byName.get(h.jobName) ?? []), h]);
  const problems: string[] = [];
  for (const name of jobNames) {
    const hs = byName.get(name) ?? [];
    if (hs.length === 0) problems.push(`job "${name}" has no @JobHandler`);
    if (hs.length > 1) problems.push(`job "${name}" has ${hs.length} handlers: ${hs.map((h) => h.owner).join(', ')}`);
  }
  for (const [name, hs] of byName) {
    if (!jobNames.includes(name))
      problems.push(`@JobHandler("${name}") on ${hs.map((h) => h.owner).join(', ')} names no job in the catalogue`);
  }
  if (problems.length) throw new Error(`The job catalogue and its handlers disagree:\n  ${problems.join('\n  ')}`);
  return new Map([...byName].map(([name, [h]]) => [name as JobName, h.fn]));
}

/** Finds every `@JobHandler` method on the app's providers, bound to its instance. */
@Injectable()
export class JobHandlerRegistry {
  private table: Map<JobName, JobHandlerFn> | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Discovers and validates the handlers; throws when they disagree with the catalogue. */
  load(): void {
    const found: FoundJobHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object | null;
      if (!proto) continue;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = (proto as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const jobName = this.reflector.get<string | undefined>(JOB_HANDLER_METADATA, fn as () => unknown);
        if (!jobName) continue;
        found.push({
          jobName,
          owner: `${instance.constructor.name}.${method}`,
          fn: (fn as JobHandlerFn).bind(instance),
        });
      }
    }
    this.table = buildHandlerTable(found);
  }

  get(name: JobName): JobHandlerFn {
    if (!this.table) this.load();
    const fn = this.table?.get(name);
    if (!fn) throw new Error(`No handler for job "${name}"`);
    return fn;
  }
}
