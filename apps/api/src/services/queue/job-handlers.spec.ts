import { buildHandlerTable, type FoundJobHandler } from './job-handlers';
import { JOB_NAMES, JobName, JOBS, queuesInUse, QueueName } from './queue.catalogue';

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
    expect(() => buildHandlerTable([handler('a', 'One.x'), handler('a', 'Two.y')], ['a'])).toThrow(/job "a" has 2 handlers: One\.x, Two\.y/);
  });

  it('fails on a handler for a job that is not in the catalogue', () => {
    expect(() => buildHandlerTable([handler('a'), handler('ghost', 'Old.job')], ['a'])).toThrow(/"ghost" on Old\.job names no job/);
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
});
