import { type ServerEvent, type TaskLogLine, TaskStatus, type TaskSummary } from '@clan/contracts';
import { type EventStream, followTask, type FollowDeps } from './follow';

const task = (status: TaskStatus, progress = 0): TaskSummary => ({
  id: 't1',
  type: 'host.diagnostics',
  status,
  progress,
  message: null,
  networkId: null,
  machine: null,
  userId: 'u1',
  error: null,
  createdAt: '2025-11-23T12:00:00Z',
  startedAt: '2025-11-23T12:00:01Z',
  finishedAt: status === TaskStatus.Running ? null : '2025-11-23T12:00:09Z',
});
const line = (seq: number): TaskLogLine => ({
  seq,
  at: '2025-11-23T12:00:02Z',
  level: 'info',
  text: `line ${seq}`,
});

/** A panel whose log and status the test moves forward. */
function fakePanel() {
  const state = {
    lines: [] as TaskLogLine[],
    task: task(TaskStatus.Running),
    logCalls: 0,
  };
  const deps = (over: Partial<FollowDeps> = {}) => {
    const printed: number[] = [];
    const d: FollowDeps = {
      getTask: async () => state.task,
      logPage: async (_id, after, limit) => {
        state.logCalls++;
        return {
          items: state.lines.filter((l) => after === undefined || l.seq > after).slice(0, limit),
        };
      },
      sleep: async () => undefined,
      onLine: (l) => printed.push(l.seq),
      pageSize: 2,
      ...over,
    };
    return { d, printed };
  };
  return { state, deps };
}

/** An EventStream fed from a script of events. */
function scriptedStream(events: (ServerEvent | null)[]): EventStream & { closed: boolean } {
  const s = {
    closed: false,
    async next() {
      return events.length ? (events.shift() as ServerEvent | null) : null;
    },
    close() {
      s.closed = true;
    },
  };
  return s;
}

describe('followTask', () => {
  it('prints the whole log of a finished task in pages and stops', async () => {
    const { state, deps } = fakePanel();
    state.lines = [1, 2, 3, 4, 5].map(line);
    state.task = task(TaskStatus.Succeeded, 100);
    const { d, printed } = deps({
      openEvents: () => Promise.reject(new Error('must not be used')),
    });
    const result = await followTask('t1', d);
    expect(printed).toEqual([1, 2, 3, 4, 5]);
    expect(result).toEqual({ task: state.task, mode: 'none' });
  });

  it('follows over the WebSocket, filling gaps and skipping duplicates', async () => {
    const { state, deps } = fakePanel();
    state.lines = [line(1)];
    const stream = scriptedStream([]);
    const events: ServerEvent[] = [
      { type: 'task.log', taskId: 't1', line: line(2) },
      { type: 'task.log', taskId: 't1', line: line(2) }, // duplicate
      { type: 'task.log', taskId: 'other', line: line(9) }, // another task
      { type: 'task.log', taskId: 't1', line: line(5) }, // gap: 3 and 4 come from the log endpoint
      { type: 'task.updated', task: task(TaskStatus.Running, 50) },
      { type: 'task.updated', task: task(TaskStatus.Failed, 50) },
    ];
    stream.next = async () => {
      const e = events.shift();
      if (e?.type === 'task.log' && e.line.seq === 5) state.lines = [1, 2, 3, 4, 5].map(line);
      return e ?? null;
    };
    const seen: string[] = [];
    const { d, printed } = deps({
      openEvents: async () => stream,
      onTask: (t) => seen.push(`${t.status}:${t.progress}`),
    });
    const result = await followTask('t1', d);
    expect(printed).toEqual([1, 2, 3, 4, 5]);
    expect(result.mode).toBe('websocket');
    expect(result.task.status).toBe(TaskStatus.Failed);
    expect(seen).toEqual(['running:0', 'running:50', 'failed:50']);
    expect(stream.closed).toBe(true);
  });

  it('notices a task that finished while subscribing', async () => {
    const { state, deps } = fakePanel();
    const stream = scriptedStream([]);
    const { d, printed } = deps({
      openEvents: async () => {
        state.lines = [line(1), line(2), line(3)];
        state.task = task(TaskStatus.Succeeded, 100);
        return stream;
      },
    });
    const result = await followTask('t1', d);
    expect(printed).toEqual([1, 2, 3]);
    expect(result).toEqual({ task: state.task, mode: 'websocket' });
  });

  it('falls back to polling when the WebSocket cannot be opened', async () => {
    const { state, deps } = fakePanel();
    let polls = 0;
    const reasons: string[] = [];
    const { d, printed } = deps({
      openEvents: () => Promise.reject(new Error('the panel answered 404 to the WebSocket upgrade')),
      onFallback: (r) => reasons.push(r),
      sleep: async () => {
        polls++;
        state.lines.push(line(polls));
        if (polls === 3) state.task = task(TaskStatus.Succeeded, 100);
      },
    });
    const result = await followTask('t1', d);
    expect(reasons).toEqual(['the panel answered 404 to the WebSocket upgrade']);
    expect(printed).toEqual([1, 2, 3]);
    expect(result.mode).toBe('polling');
  });

  it('falls back to polling when the WebSocket drops', async () => {
    const { state, deps } = fakePanel();
    const stream = scriptedStream([{ type: 'task.log', taskId: 't1', line: line(1) }, null]);
    state.lines = [];
    const reasons: string[] = [];
    const { d, printed } = deps({
      openEvents: async () => stream,
      onFallback: (r) => reasons.push(r),
      sleep: async () => {
        state.lines = [line(1), line(2)];
        state.task = task(TaskStatus.Cancelled);
      },
    });
    const result = await followTask('t1', d);
    expect(reasons).toEqual(['the WebSocket closed']);
    expect(printed).toEqual([1, 2]);
    expect(result).toEqual({ task: state.task, mode: 'polling' });
  });

  it('re-reads the task when the socket stays quiet', async () => {
    const { state, deps } = fakePanel();
    const stream = scriptedStream([]);
    stream.next = async () => {
      state.task = task(TaskStatus.Succeeded, 100);
      return 'timeout';
    };
    const { d } = deps({ openEvents: async () => stream });
    const result = await followTask('t1', d);
    expect(result).toEqual({ task: state.task, mode: 'websocket' });
  });
});
