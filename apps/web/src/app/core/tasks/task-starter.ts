import type { TaskSummary } from '@clan/contracts';

/**
 * Who started a task, in words: the name the API recorded (display name, else
 * username — it outlives the account), "you" for the viewer's own tasks when
 * the API gave no name, "the panel" for its own work. Never an id.
 */
export function taskStarter(
  task: Pick<TaskSummary, 'userId' | 'userName'>,
  me: { id: string; displayName?: string; username: string } | null,
): string {
  if (!task.userId) return 'the panel';
  if (task.userName) return task.userName;
  if (me && task.userId === me.id) return me.displayName || me.username;
  return 'a removed user';
}
