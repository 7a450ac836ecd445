import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { InternalJobHandlerFn, JobHandlerFn } from './job-context';
import { JOB_HANDLER_METADATA } from './job-handler.decorator';
import { ALL_JOB_NAMES, type AnyJobName, type InternalJobName, type JobName } from './queue.catalogue';

type AnyHandlerFn = JobHandlerFn | InternalJobHandlerFn;

/** A decorated method found on a provider. */
export interface FoundJobHandler {
  jobName: string;
  /** `ClassName.method`, for error messages. */
  owner: string;
  fn: AnyHandlerFn;
}

/**
 * Checks the found handlers against the catalogue: every job needs exactly one
 * handler and every handler must name a known job. Throws one error listing
 * every problem, so start-up fails loudly instead of tasks hanging in "queued".
 */
export function buildHandlerTable(found: FoundJobHandler[], jobNames: readonly string[] = ALL_JOB_NAMES): Map<AnyJobName, AnyHandlerFn> {
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
  return new Map([...byName].map(([name, [h]]) => [name as AnyJobName, h.fn]));
}

/** Finds every `@JobHandler` method on the app's providers (task and internal jobs), bound to its instance. */
@Injectable()
export class JobHandlerRegistry {
  private table: Map<AnyJobName, AnyHandlerFn> | null = null;

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
          fn: (fn as AnyHandlerFn).bind(instance),
        });
      }
    }
    this.table = buildHandlerTable(found);
  }

  /** The handler of a task job. */
  get(name: JobName): JobHandlerFn {
    return this.find(name) as JobHandlerFn;
  }

  /** The handler of an internal job. */
  getInternal<N extends InternalJobName>(name: N): InternalJobHandlerFn<N> {
    return this.find(name) as InternalJobHandlerFn<N>;
  }

  private find(name: AnyJobName): AnyHandlerFn {
    if (!this.table) this.load();
    const fn = this.table?.get(name);
    if (!fn) throw new Error(`No handler for job "${name}"`);
    return fn;
  }
}
