import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import { type FollowDeps, type FollowMode, followTask } from '../follow';
import type { QueryOf, Schemas } from './types';

export type Task = Schemas['TaskDto'];

/** What `tasks.follow` needs besides the API: where lines go, how to wait, and (optionally) a live subscription. */
export type FollowOptions = Omit<FollowDeps<Task>, 'getTask' | 'logPage'>;

/** Background tasks: list, read, page through the log, cancel, follow to the end. */
export class TasksApi {
  constructor(private readonly client: ClanClient) {}

  list(query: QueryOf<'listTasks'> = {}) {
    return unwrap(this.client.GET('/api/tasks', { params: { query } }));
  }

  get(taskId: string) {
    return unwrap(this.client.GET('/api/tasks/{taskId}', { params: { path: { taskId } } }));
  }

  /** Log lines with `seq` after `after` (all from the start without it), at most `limit`. */
  log(taskId: string, after: number | undefined, limit: number) {
    return unwrap(
      this.client.GET('/api/tasks/{taskId}/log', {
        params: { path: { taskId }, query: after === undefined ? { limit } : { after, limit } },
      }),
    );
  }

  cancel(taskId: string) {
    return unwrap(this.client.POST('/api/tasks/{taskId}/cancel', { params: { path: { taskId } } }));
  }

  /**
   * Prints the whole log through `onLine`, then follows the task until it is
   * terminal: through `openEvents` when given, else (or when it fails) by polling.
   */
  follow(taskId: string, options: FollowOptions): Promise<{ task: Task; mode: FollowMode }> {
    return followTask<Task>(taskId, {
      ...options,
      getTask: (id) => this.get(id),
      logPage: (id, after, limit) => this.log(id, after, limit),
    });
  }
}
