import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TaskStatus, type TaskSummary } from '@clan/contracts';
import { FakeApi } from '../../../testing/fake-api';
import { FETCH } from '../api/api';
import { SOCKET_FACTORY } from '../live/live-socket';
import { TASK_BAR_LIMIT, TaskStore } from './task-store';

function task(id: string, createdAt: string, patch: Partial<TaskSummary> = {}): TaskSummary {
  return {
    id,
    type: 'host.diagnostics',
    status: TaskStatus.Queued,
    progress: 0,
    message: null,
    networkId: null,
    machine: null,
    userId: 'u1',
    error: null,
    createdAt,
    startedAt: null,
    finishedAt: null,
    ...patch,
  };
}

describe('TaskStore', () => {
  let store: TaskStore;
  let fake: FakeApi;

  beforeEach(() => {
    fake = new FakeApi();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: FETCH, useValue: fake.fetch },
        {
          provide: SOCKET_FACTORY,
          useValue: () => ({
            readyState: 0,
            send: () => undefined,
            close: () => undefined,
          }),
        },
      ],
    });
    store = TestBed.inject(TaskStore);
  });

  it('adds tasks from task.updated events and lists them newest first', () => {
    store.apply({
      type: 'task.updated',
      task: task('a', '2026-01-01T10:00:00Z'),
    });
    store.apply({
      type: 'task.updated',
      task: task('c', '2026-01-01T12:00:00Z'),
    });
    store.apply({
      type: 'task.updated',
      task: task('b', '2026-01-01T11:00:00Z'),
    });

    expect(store.tasks().map((t) => t.id)).toEqual(['c', 'b', 'a']);
  });

  it('replaces a task in place when it is updated, keeping the order by creation time', () => {
    store.apply({
      type: 'task.updated',
      task: task('a', '2026-01-01T10:00:00Z'),
    });
    store.apply({
      type: 'task.updated',
      task: task('b', '2026-01-01T11:00:00Z'),
    });

    store.apply({
      type: 'task.updated',
      task: task('a', '2026-01-01T10:00:00Z', {
        status: TaskStatus.Running,
        progress: 40,
        message: 'sampling load',
      }),
    });

    expect(store.tasks()).toHaveLength(2);
    expect(store.tasks().map((t) => t.id)).toEqual(['b', 'a']);
    expect(store.get('a')).toMatchObject({
      status: TaskStatus.Running,
      progress: 40,
      message: 'sampling load',
    });
    expect(store.active().map((t) => t.id)).toEqual(['b', 'a']);
  });

  it('never lets a late progress event reopen a finished task', () => {
    store.apply({
      type: 'task.updated',
      task: task('a', '2026-01-01T10:00:00Z', {
        status: TaskStatus.Succeeded,
        progress: 100,
      }),
    });
    store.apply({
      type: 'task.updated',
      task: task('a', '2026-01-01T10:00:00Z', {
        status: TaskStatus.Running,
        progress: 90,
      }),
    });

    expect(store.get('a')).toMatchObject({
      status: TaskStatus.Succeeded,
      progress: 100,
    });
    expect(store.active()).toEqual([]);
  });

  it('ignores events that are not task updates', () => {
    store.apply({
      type: 'task.log',
      taskId: 'a',
      line: { seq: 1, at: '2026-01-01T10:00:00Z', level: 'info', text: 'hi' },
    });
    store.apply({ type: 'subscribed', topic: 'tasks' });

    expect(store.tasks()).toEqual([]);
  });

  it('loads the recent tasks from GET /api/tasks and keeps at most the bar limit', async () => {
    const many = Array.from({ length: TASK_BAR_LIMIT + 5 }, (_, i) => task(`t${i}`, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()));
    fake.on('GET', '/api/tasks', { body: { items: many, total: many.length } });

    await store.load();

    expect(fake.last('GET', '/api/tasks')?.search).toContain(`limit=${TASK_BAR_LIMIT}`);
    expect(store.tasks()).toHaveLength(TASK_BAR_LIMIT);
    expect(store.tasks()[0].id).toBe(`t${TASK_BAR_LIMIT + 4}`);
  });
});
