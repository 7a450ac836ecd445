import type { CliContext } from '../app/context';
import type { CommitInfo, ConfigStatus, ConfigWriteResult, Page, PanelApi } from '../lib/api';
import { colourPatch, renderFileChanges, shortSha, summariseFiles } from '../lib/diff';
import { UsageError } from '../lib/errors';
import { formatTimestamp, type Painter, table } from '../lib/format';
import { parseLimit } from './task';
import { resolveNetwork } from './network';

/** "2025-11-23 10:49" (UTC): minutes are enough to tell revisions apart in a listing. */
export function shortDate(iso: string): string {
  const full = formatTimestamp(iso);
  return full === '—' ? full : full.slice(0, 16);
}

export function renderHistory(page: Page<CommitInfo>, offset: number, paint: Painter): string {
  if (!page.items.length) return offset ? `No revisions after the first ${offset}.` : 'No revisions.';
  const t = table(page.items, [
    { header: 'revision', value: (c) => paint('yellow', shortSha(c.sha)) },
    { header: 'date (utc)', value: (c) => shortDate(c.date) },
    { header: 'author', value: (c) => c.authorName },
    { header: 'subject', value: (c) => c.subject },
  ]);
  const shownTo = offset + page.items.length;
  return shownTo < page.total
    ? `${t}\n\nShowing ${offset + 1}–${shownTo} of ${page.total} revisions; use --offset ${shownTo} to see more.`
    : t;
}

/**
 * What a write printed for people: the patch for a dry run (the preview),
 * else the new revision. `subject` names what was written ("machine family/anna").
 */
export function renderWriteResult(result: ConfigWriteResult, dryRun: boolean, paint: Painter): { out: string; note: string } {
  const patch = result.diff.patch.replace(/\n$/, '');
  if (dryRun) {
    if (!patch) return { out: '', note: 'Dry run: nothing would change.' };
    return {
      out: colourPatch(patch, paint),
      note: `Dry run: nothing was committed (${summariseFiles(result.diff.files)}). Run again without --dry-run to commit.`,
    };
  }
  if (!result.committed || !result.revision) return { out: 'Nothing changed; no revision was made.', note: '' };
  return { out: `Committed ${paint('yellow', shortSha(result.revision))} (${summariseFiles(result.diff.files)}).`, note: '' };
}

/** Prints a write answer: JSON as is, else the preview or the revision. */
export function printWriteResult(ctx: CliContext, result: ConfigWriteResult, dryRun: boolean, json: unknown = result): void {
  const { out, note } = renderWriteResult(result, dryRun, ctx.paint);
  ctx.print(json, () => out);
  if (note) ctx.note(note);
}

export function renderStatus(networkName: string, status: ConfigStatus, paint: Painter): string {
  const driftStyle = { 'in-sync': 'green', behind: 'yellow', 'not-deployed': 'dim' } as const;
  const head = [`Network ${paint('bold', networkName)} is at revision ${paint('yellow', shortSha(status.head))}.`];
  if (status.link) head.push(`Link: ${status.link}`);
  if (!status.machines.length) return `${head.join('\n')}\n\nNo machines yet.`;
  const rows = table(status.machines, [
    { header: 'machine', value: (m) => m.name },
    { header: 'last change', value: (m) => shortSha(m.revision) },
    { header: 'deployed', value: (m) => shortSha(m.deployedRevision) },
    { header: 'drift', value: (m) => paint(driftStyle[m.drift] ?? 'dim', m.drift) },
  ]);
  return `${head.join('\n')}\n\n${rows}`;
}

/** A short human summary of configs.json: one row per machine. */
export function renderConfigSummary(content: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return content;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return content;
  const machines = Object.entries(parsed as Record<string, Record<string, unknown>>);
  if (!machines.length) return 'No machines. Add one with `clanctl machine create <network>/<machine>`.';
  const str = (v: unknown) => (typeof v === 'string' ? v : '—');
  return table(machines, [
    { header: 'machine', value: ([name]) => name },
    { header: 'system', value: ([, m]) => str(m?.['system']) },
    { header: 'mode', value: ([, m]) => str(m?.['adminMode']) },
    { header: 'layer', value: ([, m]) => str(m?.['networkLayer']) },
    { header: 'apps', value: ([, m]) => enabledApps(m?.['applications']).join(', ') || '—' },
  ]);
}

/** Apps present in `applications`, minus those with `enable: false`. */
export function enabledApps(applications: unknown): string[] {
  if (!applications || typeof applications !== 'object') return [];
  return Object.entries(applications as Record<string, unknown>)
    .filter(([, v]) => v && typeof v === 'object' && (v as { enable?: unknown }).enable !== false)
    .map(([k]) => k);
}

/** `HEAD` is the newest revision and `HEAD~n` the n-th before it; anything else goes to the panel as a sha. */
export function parseRevision(rev: string): { back: number } | { sha: string } {
  const m = /^head(?:~(\d{1,4}))?$/i.exec(rev);
  return m ? { back: Number(m[1] ?? 0) } : { sha: rev.toLowerCase() };
}

/**
 * The sha a revision argument names. The panel takes shas only; HEAD~n is
 * counted along the history, which the panel keeps linear (reverts are new commits).
 */
export async function resolveRevision(api: PanelApi, networkId: string, rev: string): Promise<string> {
  const parsed = parseRevision(rev);
  if ('sha' in parsed) return parsed.sha;
  const page = await api.config.history(networkId, { limit: 1, offset: parsed.back });
  const found = page.items[0];
  if (!found) throw new UsageError(`${rev}: the history has only ${page.total} revision${page.total === 1 ? '' : 's'}`);
  return found.sha;
}

export function parseOffset(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--offset: "${value}" must be a whole number, 0 or more`);
  return n;
}

export async function configHistoryCommand(
  ctx: CliContext,
  networkRef: string,
  options: { limit?: string; offset?: string; path?: string },
): Promise<void> {
  const limit = parseLimit(options.limit);
  const offset = parseOffset(options.offset);
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const page = await api.config.history(network.id, { limit, offset, path: options.path });
  ctx.print(page, () => renderHistory(page, offset ?? 0, ctx.paint));
}

export async function configDiffCommand(ctx: CliContext, networkRef: string, from: string, to: string | undefined): Promise<void> {
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const diff = await api.config.diff(network.id, {
    from: await resolveRevision(api, network.id, from),
    to: to === undefined ? undefined : await resolveRevision(api, network.id, to),
  });
  ctx.print(diff, () => {
    const patch = diff.patch.replace(/\n$/, '');
    return patch ? colourPatch(patch, ctx.paint) : 'No differences.';
  });
  if (diff.files.length) ctx.note(ctx.paint('dim', renderFileChanges(diff.files, ctx.paint)));
}

export async function configRevertCommand(
  ctx: CliContext,
  networkRef: string,
  revision: string,
  options: { dryRun?: boolean; message?: string },
): Promise<void> {
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const result = await api.config.revert(network.id, await resolveRevision(api, network.id, revision), {
    message: options.message,
    dryRun: Boolean(options.dryRun),
  });
  printWriteResult(ctx, result, Boolean(options.dryRun));
}

export async function configShowCommand(ctx: CliContext, networkRef: string, options: { raw?: boolean; revision?: string }): Promise<void> {
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const raw = await api.config.raw(network.id, options.revision && (await resolveRevision(api, network.id, options.revision)));
  if (options.raw && !ctx.json) {
    // Byte for byte what the repository holds, so `> configs.json` round-trips through `config set-raw`.
    ctx.deps.out(raw.content);
    ctx.note(ctx.paint('dim', `(configs.json of ${network.name} at revision ${shortSha(raw.revision)})`));
    return;
  }
  ctx.print(raw, () => `Network ${network.name} at revision ${shortSha(raw.revision)}:\n\n${renderConfigSummary(raw.content)}`);
}

export async function configSetRawCommand(
  ctx: CliContext,
  networkRef: string,
  file: string,
  options: { dryRun?: boolean; message?: string; base?: string },
): Promise<void> {
  const content = await readInput(ctx, file);
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const result = await api.config.putRaw(network.id, content, {
    message: options.message,
    dryRun: Boolean(options.dryRun),
    baseRevision: options.base && (await resolveRevision(api, network.id, options.base)),
  });
  printWriteResult(ctx, result, Boolean(options.dryRun));
}

/** A file's text, or stdin for "-". */
async function readInput(ctx: CliContext, file: string): Promise<string> {
  if (file === '-') return ctx.deps.readStdin({ exact: true });
  try {
    return await ctx.deps.readFile(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UsageError(`Cannot read ${file}: ${code ?? (err as Error).message}`);
  }
}

export async function configStatusCommand(ctx: CliContext, networkRef: string): Promise<void> {
  const api = ctx.api();
  const network = await resolveNetwork(api, networkRef);
  const status = await api.config.status(network.id);
  ctx.print(status, () => renderStatus(network.name, status, ctx.paint));
}
