import type { CliContext } from '../app/context';
import type { Page, PanelApi, Task, TaskLogLine, TaskStatusName } from '../lib/api';
import { UsageError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { isTerminal } from '@clan/api-client';
import { formatDuration, formatWhen, keyValues, type Painter, progressBar, relativeTime, table } from '../lib/format';

export const TASK_STATUSES: readonly TaskStatusName[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export function statusCell(task: Pick<Task, 'status' | 'progress' | 'cancelRequested'>, paint: Painter): string {
  switch (task.status) {
    case 'running':
      return `${task.cancelRequested ? 'cancelling' : 'running'} ${progressBar(task.progress)}`;
    case 'succeeded':
      return paint('green', 'succeeded');
    case 'failed':
      return paint('red', 'failed');
    case 'cancelled':
      return paint('yellow', 'cancelled');
    default:
      return paint('dim', task.status);
  }
}

/** How long it ran (or has been running); "—" before it started. */
export function taskDuration(task: Pick<Task, 'startedAt' | 'finishedAt'>, now: Date): string {
  if (!task.startedAt) return '—';
  const end = task.finishedAt ? new Date(task.finishedAt) : now;
  return formatDuration(end.getTime() - new Date(task.startedAt).getTime());
}

export function renderTaskList(page: Page<Task>, now: Date, paint: Painter): string {
  if (!page.items.length) return 'No tasks.';
  const t = table(page.items, [
    { header: 'id', value: (x) => x.id },
    { header: 'type', value: (x) => x.type },
    { header: 'status', value: (x) => statusCell(x, paint) },
    {
      header: 'network',
      value: (x) => (x.networkId ? x.networkId.slice(0, 8) : 'host'),
    },
    { header: 'machine', value: (x) => x.machine ?? '—' },
    { header: 'created', value: (x) => relativeTime(x.createdAt, now) },
    { header: 'took', value: (x) => taskDuration(x, now), align: 'right' },
  ]);
  return page.total > page.items.length ? `${t}\n\nShowing ${page.items.length} of ${page.total} tasks; use --limit to see more.` : t;
}

export function renderTask(task: Task, now: Date, paint: Painter): string {
  return keyValues([
    ['Task', task.id],
    ['Type', task.type],
    ['Status', statusCell(task, paint)],
    ['Message', task.message ?? undefined],
    ['Error', task.error ? paint('red', task.error) : undefined],
    ['Network', task.networkId ?? 'host'],
    ['Machine', task.machine ?? undefined],
    ['Started by', task.userId ?? 'the panel'],
    ['Created', formatWhen(task.createdAt, now)],
    ['Started', task.startedAt ? formatWhen(task.startedAt, now) : undefined],
    ['Finished', task.finishedAt ? formatWhen(task.finishedAt, now) : undefined],
    ['Took', task.startedAt ? taskDuration(task, now) : undefined],
  ]);
}

const LEVEL_STYLE = {
  error: 'red',
  warn: 'yellow',
  info: undefined,
  debug: 'dim',
} as const;

/** `10:49:02 INFO  text` — UTC time of day, level padded so texts line up. */
export function renderLogLine(line: TaskLogLine, paint: Painter): string {
  const time = new Date(line.at).toISOString().slice(11, 19);
  const level = line.level.toUpperCase().padEnd(5);
  const style = LEVEL_STYLE[line.level];
  return `${paint('dim', time)} ${style ? paint(style, level) : level} ${line.text}`;
}

export interface TaskListOptions {
  status?: string;
  type?: string;
  network?: string;
  limit?: string;
}

export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new UsageError(`--limit: "${value}" must be a whole number from 1 to 200`);
  return n;
}

export async function taskListCommand(ctx: CliContext, options: TaskListOptions): Promise<void> {
  const status = TASK_STATUSES.find((s) => s === options.status);
  if (options.status && !status) throw new UsageError(`--status: "${options.status}" is not one of ${TASK_STATUSES.join(', ')}`);
  const page = await ctx.api().tasks.list({
    status,
    type: options.type,
    networkId: options.network,
    limit: parseLimit(options.limit),
  });
  ctx.print(page, () => renderTaskList(page, ctx.now(), ctx.paint));
}

export async function taskShowCommand(ctx: CliContext, id: string): Promise<void> {
  const task = await ctx.api().tasks.get(id);
  ctx.print(task, () => renderTask(task, ctx.now(), ctx.paint));
}

export async function taskCancelCommand(ctx: CliContext, id: string): Promise<void> {
  const task = await ctx.api().tasks.cancel(id);
  ctx.print(task, () =>
    isTerminal(task.status)
      ? `Task ${id} is ${task.status}.`
      : `Asked task ${id} to cancel; it is ${task.status} until its worker stops. Follow it with \`clanctl task log ${id} --follow\`.`,
  );
}

/**
 * `clanctl task log <id> [--follow]`. With --json: without --follow one
 * `{ items, total }` document; with --follow one JSON line per log line
 * (NDJSON), since the output is a stream.
 */
export async function taskLogCommand(ctx: CliContext, id: string, options: { follow?: boolean }): Promise<ExitCode> {
  const api = ctx.api();
  if (!options.follow) {
    const items: TaskLogLine[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await api.tasks.log(id, after, 200);
      items.push(...page.items);
      if (page.items.length < 200) break;
      after = page.items[page.items.length - 1].seq;
    }
    ctx.print({ items, total: items.length }, () =>
      items.length ? items.map((l) => renderLogLine(l, ctx.paint)).join('\n') : '(no log lines yet)',
    );
    return ExitCode.Ok;
  }

  const task = await followToEnd(ctx, api, id, { jsonLines: true });
  return reportOutcome(ctx, task);
}

/**
 * Follows a task until it ends (the facade's `tasks.follow`): log lines on stdout, progress
 * changes on stderr. With --json the lines are printed as NDJSON when
 * `jsonLines`, else left out (the caller prints one document at the end).
 */
export async function followToEnd(ctx: CliContext, api: PanelApi, id: string, options: { jsonLines?: boolean } = {}): Promise<Task> {
  const { url, token } = ctx.connection;
  let lastShown = '';
  const { task } = await api.tasks.follow(id, {
    openEvents: (topic) => ctx.deps.openEvents(url, token, topic),
    sleep: ctx.deps.sleep,
    onLine: (line) => {
      if (!ctx.json) ctx.deps.out(`${renderLogLine(line, ctx.paint)}\n`);
      else if (options.jsonLines) ctx.deps.out(`${JSON.stringify(line)}\n`);
    },
    onTask: (t) => {
      if (t.status !== 'running') return;
      const shown = `${progressBar(t.progress)} ${t.message ?? ''}`.trimEnd();
      if (shown !== lastShown) ctx.note(ctx.paint('dim', `── ${shown}`));
      lastShown = shown;
    },
    onFallback: (reason) => ctx.note(ctx.paint('dim', `(live updates unavailable: ${reason}; polling instead)`)),
  });
  return task;
}

/** `Task <id> failed after 12 s: <error>.` on stderr; exit 0 when it succeeded, 4 otherwise. */
export function reportOutcome(ctx: CliContext, task: Task): ExitCode {
  const took = task.startedAt ? ` after ${taskDuration(task, ctx.now())}` : '';
  const paintStyle = task.status === 'succeeded' ? 'green' : task.status === 'failed' ? 'red' : 'yellow';
  const error = task.error ? `: ${task.error.replace(/[.!?]$/, '')}` : '';
  ctx.note(`Task ${task.id} ${ctx.paint(paintStyle, task.status)}${took}${error}.`);
  return task.status === 'succeeded' ? ExitCode.Ok : ExitCode.TaskFailed;
}
