import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { InternalJobContext, JobContext } from './job-context';
import { JobHandler } from './job-handler.decorator';
import { buildHandlerTable, type FoundJobHandler, JobHandlerRegistry } from './job-handlers';
import {
  ALL_JOB_NAMES,
  INTERNAL_JOB_NAMES,
  INTERNAL_JOBS,
  InternalJobName,
  JOB_NAMES,
  JobName,
  JOBS,
  queuesInUse,
  hostQueues,
  queueNameFor,
  baseQueueOf,
  QueueName,
  taskQueues,
} from './queue.catalogue';

const handler = (jobName: string, owner = 'Svc.run'): FoundJobHandler => ({ jobName, owner, fn: async () => undefined });

describe('buildHandlerTable (start-up check of the job catalogue)', () => {
  it('accepts exactly one handler per job', () => {
    const table = buildHandlerTable([handler('a'), handler('b')], ['a', 'b']);
    expect([...table.keys()]).toEqual(['a', 'b']);
  });

  it('fails when a job has no handler', () => {
    expect(() => buildHandlerTable([handler('a')], ['a', 'b'])).toThrow(/job "b" has no @JobHandler/);
  });

  it('fails when a job has two handlers, naming both', () => {
    expect(() => buildHandlerTable([handler('a', 'One.x'), handler('a', 'Two.y')], ['a'])).toThrow(
      /job "a" has 2 handlers: One\.x, Two\.y/,
    );
  });

  it('fails on a handler for a job that is not in the catalogue', () => {
    expect(() => buildHandlerTable([handler('a'), handler('ghost', 'Old.job')], ['a'])).toThrow(/"ghost"\) on Old\.job names no job/);
  });

  it('lists every problem at once', () => {
    expect(() => buildHandlerTable([], ['a', 'b'])).toThrow(/"a" has no[\s\S]*"b" has no/);
  });
});

describe('the catalogue', () => {
  it('puts every job on a known queue', () => {
    for (const name of JOB_NAMES) expect(Object.values(QueueName)).toContain(JOBS[name].queue);
    expect(queuesInUse()).toContain(QueueName.System);
    expect(JOBS[JobName.HostDiagnostics].resumable).toBe(false);
  });

  it('names the internal jobs beside the task jobs, each on a known queue, and every name once', () => {
    for (const name of INTERNAL_JOB_NAMES) expect(Object.values(QueueName)).toContain(INTERNAL_JOBS[name].queue);
    expect(INTERNAL_JOBS[InternalJobName.BackupTrigger].queue).toBe(QueueName.BackupTrigger);
    expect(INTERNAL_JOBS[InternalJobName.NotificationDeliver].queue).toBe(QueueName.Notify);
    expect(new Set(ALL_JOB_NAMES).size).toBe(JOB_NAMES.length + INTERNAL_JOB_NAMES.length);
  });

  it("sends the hypervisor jobs of a machine to its host's queue and keeps builds and internal jobs on the panel", () => {
    expect(hostQueues()).toEqual([QueueName.Hypervisor]);
    expect(queueNameFor(JobName.VmDeploy, 'h1')).toBe('hypervisor@h1');
    expect(queueNameFor(JobName.MachineBuild, 'h1')).toBe('nix-build');
    expect(() => queueNameFor(JobName.VmPower, null)).toThrow(/no host/);
    expect(baseQueueOf('hypervisor@h1')).toBe(QueueName.Hypervisor);
    expect(queuesInUse()).not.toContain(QueueName.Hypervisor);
  });

  it('has no queue without a job, and keeps internal jobs off the task queues', () => {
    expect(new Set([...queuesInUse(), ...hostQueues()])).toEqual(new Set(Object.values(QueueName)));
    for (const name of INTERNAL_JOB_NAMES) expect(taskQueues()).not.toContain(INTERNAL_JOBS[name].queue);
  });
});

describe('JobHandlerRegistry (discovery in a real Nest container)', () => {
  @Injectable()
  class DiagnosticsA {
    @JobHandler(JobName.HostDiagnostics)
    async run(ctx: JobContext<JobName.HostDiagnostics>) {
      return { seconds: ctx.payload.sampleSeconds };
    }
  }
  @Injectable()
  class DiagnosticsB {
    @JobHandler(JobName.HostDiagnostics)
    async run() {
      return undefined;
    }
  }
  @Injectable()
  class Unrelated {
    async run() {
      return undefined;
    }
  }

  @Injectable()
  class Deliveries {
    @JobHandler(InternalJobName.NotificationDeliver)
    async process(ctx: InternalJobContext<InternalJobName.NotificationDeliver>) {
      delivered.push(`${ctx.payload.deliveryId} ${ctx.attempt}/${ctx.attempts}`);
    }
  }
  const delivered: string[] = [];

  /** A provider handling every other job of the catalogue (both kinds), so the ones under test decide the outcome. */
  function otherJobs(...except: string[]): Type {
    @Injectable()
    class OtherJobs {}
    for (const name of ALL_JOB_NAMES.filter((n) => n !== JobName.HostDiagnostics && !except.includes(n))) {
      const key = `handle_${name.replace(/\W/g, '_')}`;
      const descriptor: PropertyDescriptor = { value: async () => ({ job: name }), writable: true, configurable: true };
      Object.defineProperty(OtherJobs.prototype, key, descriptor);
      JobHandler(name)(OtherJobs.prototype, key, descriptor);
    }
    return OtherJobs;
  }

  async function registryWith(...providers: Type[]): Promise<JobHandlerRegistry> {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [JobHandlerRegistry, ...providers],
    }).compile();
    return moduleRef.get(JobHandlerRegistry);
  }

  it('finds the decorated method and binds it to its instance', async () => {
    const registry = await registryWith(DiagnosticsA, Unrelated, otherJobs());
    registry.load();
    const result = await registry.get(JobName.HostDiagnostics)({ payload: { sampleSeconds: 3 } } as JobContext<JobName.HostDiagnostics>);
    expect(result).toEqual({ seconds: 3 });
  });

  it('fails start-up when a job has no handler', async () => {
    const registry = await registryWith(Unrelated, otherJobs());
    expect(() => registry.load()).toThrow(/job "host\.diagnostics" has no @JobHandler/);
  });

  it('fails start-up when a job has two handlers', async () => {
    const registry = await registryWith(DiagnosticsA, DiagnosticsB, otherJobs());
    expect(() => registry.load()).toThrow(/2 handlers: DiagnosticsA\.run, DiagnosticsB\.run/);
  });

  it('finds the handler of an internal job beside the task jobs', async () => {
    const registry = await registryWith(DiagnosticsA, Deliveries, otherJobs(InternalJobName.NotificationDeliver));
    registry.load();
    await registry.getInternal(InternalJobName.NotificationDeliver)({
      jobName: InternalJobName.NotificationDeliver,
      jobId: 'd1',
      payload: { deliveryId: 'd1' },
      attempt: 2,
      attempts: 5,
    });
    expect(delivered).toEqual(['d1 2/5']);
  });

  it('fails start-up when an internal job has no handler', async () => {
    const registry = await registryWith(DiagnosticsA, otherJobs(InternalJobName.BackupTrigger));
    expect(() => registry.load()).toThrow(/job "backup\.trigger" has no @JobHandler/);
  });
});
