import { isTerminalTaskStatus, TaskStatus } from './tasks';

describe('task statuses', () => {
  it('knows which are terminal', () => {
    expect(isTerminalTaskStatus(TaskStatus.Queued)).toBe(false);
    expect(isTerminalTaskStatus(TaskStatus.Running)).toBe(false);
    expect([TaskStatus.Succeeded, TaskStatus.Failed, TaskStatus.Cancelled].every(isTerminalTaskStatus)).toBe(true);
  });
});
