import type { CliContext } from '../app/context';
import type { Health } from '../lib/api';
import { ExitCode } from '../lib/exit-codes';
import { type Painter, table } from '../lib/format';

const STATUS_STYLE = {
  ok: 'green',
  down: 'red',
  unavailable: 'yellow',
  degraded: 'red',
} as const;

export function renderHealth(url: string, health: Health, paint: Painter): string {
  const rows = Object.entries(health.components).map(([name, c]) => ({
    name,
    ...c,
  }));
  const head = `Panel ${url} is ${paint(STATUS_STYLE[health.status], health.status)} (version ${health.version})`;
  const body = table(rows, [
    { header: 'component', value: (r) => r.name },
    { header: 'status', value: (r) => paint(STATUS_STYLE[r.status], r.status) },
    { header: 'detail', value: (r) => r.detail },
  ]);
  // What to do, in the panel's own sentences: each component that is not ok, then the VM speed warning.
  const todo = rows.filter((r) => r.status !== 'ok' && r.message).map((r) => `- ${r.name}: ${r.message}`);
  if (health.domainType?.warning) todo.push(`- virtual machines: ${health.domainType.warning}`);
  return todo.length ? `${head}\n\n${body}\n\nWhat to do:\n${todo.join('\n')}` : `${head}\n\n${body}`;
}

/** `clanctl health`: exit 0 when ok, 1 when degraded (200 when a component machines need is missing, 503 when the database or Redis is down). */
export async function healthCommand(ctx: CliContext): Promise<ExitCode> {
  const { body } = await ctx.api().health.get();
  ctx.print(body, () => renderHealth(ctx.connection.url, body, ctx.paint));
  return body.status === 'ok' ? ExitCode.Ok : ExitCode.ApiError;
}
