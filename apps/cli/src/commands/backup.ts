import type { CliContext } from '../app/context';
import type { BackupPolicy, BackupSnapshot, BackupSubjectStatus, FamilyView } from '../lib/api';
import { CliError, UsageError } from '../lib/errors';
import { ExitCode } from '../lib/exit-codes';
import { type Painter, relativeTime, table } from '../lib/format';
import { formatBytes } from './generation';
import { resolveNetwork } from './network';
import { awaitStartedTask, finishTask, type WaitOption } from './vm';

// ── parsing ────────────────────────────────────────────────────────────────

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export interface SubjectRef {
  network: string;
  subject: string | null;
}

/** `family` or `family/laptop-anna` (a machine or a mesh device). */
export function parseSubjectRef(text: string, needSubject: boolean): SubjectRef {
  const slash = text.indexOf('/');
  const network = slash < 0 ? text : text.slice(0, slash);
  const subject = slash < 0 ? null : text.slice(slash + 1);
  if (!network || (slash >= 0 && (!subject || !NAME.test(subject))) || (needSubject && !subject)) {
    throw new UsageError(
      `"${text}" must name ${needSubject ? 'a machine or device as <network>/<name>' : 'a network, or a machine or device as <network>/<name>'}, e.g. family/laptop-anna`,
    );
  }
  return { network, subject };
}

/** An absolute path, as restic stores them. */
export function checkAbsolute(what: string, value: string): string {
  if (!value.startsWith('/') || value.split('/').some((s) => s === '..' || s === '.')) {
    throw new UsageError(`${what}: "${value}" must be an absolute path without "." or ".." (e.g. /srv/photos)`);
  }
  return value;
}

/** A snapshot id or unique prefix (8+ hex digits), as `clanctl backup list` shows it. */
export function checkSnapshotId(value: string): string {
  if (!/^[0-9a-f]{8,64}$/.test(value))
    throw new UsageError(`<snapshot>: "${value}" must be a snapshot id (8 or more hex digits), as \`clanctl backup list\` shows it`);
  return value;
}

// ── rendering ──────────────────────────────────────────────────────────────

const FRESHNESS_STYLE = { ok: 'green', late: 'yellow', never: 'yellow', stale: 'red' } as const;

export function freshnessCell(s: Pick<BackupSubjectStatus, 'coverage' | 'freshness'>, paint: Painter): string {
  if (s.coverage === 'not-protected') return paint('red', 'not protected');
  if (s.coverage === 'not-yet-backed-up') return paint('yellow', 'not yet backed up');
  const f = s.freshness ?? 'never';
  return paint(FRESHNESS_STYLE[f], f);
}

export function renderStatus(network: string, subjects: readonly BackupSubjectStatus[], now: Date, paint: Painter): string {
  if (!subjects.length) return `Network ${network} has no machines or devices yet.`;
  return table(subjects, [
    { header: 'subject', value: (s) => `${s.kind === 'machine' ? 'machine' : 'device'} ${s.name}` },
    { header: 'backup', value: (s) => freshnessCell(s, paint) },
    { header: 'last success', value: (s) => (s.coverage === 'not-protected' ? '' : relativeTime(s.lastSuccessAt, now)) },
    {
      header: 'integrity',
      value: (s) =>
        s.integrity.result === 'failed'
          ? paint('red', 'FAILED')
          : s.integrity.result === 'ok'
            ? `ok, ${relativeTime(s.integrity.lastCheckAt, now)}`
            : '—',
    },
    { header: 'size', value: (s) => (s.storage.length ? s.storage.map((r) => formatBytes(r.sizeBytes)).join(' + ') : ''), align: 'right' },
    {
      header: 'problem',
      value: (s) => s.policies.find((p) => p.lastRunStatus === 'failed')?.lastErrorClass ?? '',
    },
  ]);
}

export function renderFamily(view: FamilyView, now: Date, paint: Painter): string {
  if (!view.items.length) return 'No devices of yours are backed up by the panel. Ask your network admin to add one.';
  return view.items
    .map((d) => {
      const state = d.state === 'safe' ? paint('green', 'safe') : paint('red', 'needs attention');
      const last = d.lastBackupAt ? `last backup ${relativeTime(d.lastBackupAt, now)}` : 'never backed up';
      return `${paint('bold', d.name)} (${d.networkName}): ${state}, ${last}.${d.state === 'safe' ? '' : `\n  ${d.advice}`}`;
    })
    .join('\n');
}

export function renderSnapshots(items: readonly (BackupSnapshot & { repository: string })[], now: Date): string {
  if (!items.length) return 'No snapshots yet.';
  return table(items, [
    { header: 'snapshot', value: (s) => s.shortId },
    { header: 'time', value: (s) => relativeTime(s.time, now) },
    { header: 'host', value: (s) => s.hostname },
    { header: 'part', value: (s) => s.part },
    { header: 'repository', value: (s) => s.repository },
    { header: 'paths', value: (s) => s.paths.join(', ') },
  ]);
}

// ── commands ───────────────────────────────────────────────────────────────

async function context(ctx: CliContext, ref: string, needSubject: boolean) {
  const parsed = parseSubjectRef(ref, needSubject);
  const api = ctx.api();
  const network = await resolveNetwork(api, parsed.network);
  return { api, backups: api.backups, network, subject: parsed.subject };
}

function policiesOf(all: readonly BackupPolicy[], subject: string | null): BackupPolicy[] {
  return subject ? all.filter((p) => p.subjectName === subject) : [...all];
}

/** `backup status [network]`: the network's table, or without one your own devices (the family view). */
export async function backupStatusCommand(ctx: CliContext, ref: string | undefined): Promise<ExitCode> {
  if (!ref) {
    const view = await ctx.api().backups.mine();
    ctx.print(view, () => renderFamily(view, ctx.now(), ctx.paint));
    return view.items.some((d) => d.state !== 'safe') ? ExitCode.TaskFailed : ExitCode.Ok;
  }
  const c = await context(ctx, ref, false);
  const status = await c.backups.status(c.network.id);
  const subjects = c.subject ? status.subjects.filter((s) => s.name === c.subject) : status.subjects;
  if (c.subject && !subjects.length) throw new CliError(`Network ${c.network.name} has no machine or device named "${c.subject}".`);
  ctx.print({ ...status, subjects }, () => renderStatus(c.network.name, subjects, ctx.now(), ctx.paint));
  // Scripts (and monitoring) can tell at a glance: 4 when something is not backed up.
  return subjects.some((s) => s.coverage === 'not-protected' || s.freshness !== 'ok') ? ExitCode.TaskFailed : ExitCode.Ok;
}

/** `backup list <network[/subject]>`: snapshots, newest first, from every repository the policies use. */
export async function backupListCommand(ctx: CliContext, ref: string): Promise<void> {
  const c = await context(ctx, ref, false);
  const [{ items: policies }, { items: repos }] = await Promise.all([
    c.backups.policies(c.network.id),
    c.backups.repositories(c.network.id),
  ]);
  const names = new Map(repos.map((r) => [r.id, r.name]));
  const wanted = policiesOf(policies, c.subject);
  if (c.subject && !wanted.length) throw new CliError(`${c.network.name}/${c.subject} has no backup policy.`);
  const all: (BackupSnapshot & { repository: string; repositoryId: string })[] = [];
  const sources = c.subject
    ? wanted.map((p) => ({ repositoryId: p.repositoryId, policyId: p.id }))
    : repos.map((r) => ({ repositoryId: r.id, policyId: undefined }));
  for (const s of sources) {
    const { items } = await c.backups.snapshots(c.network.id, s.repositoryId, s.policyId);
    all.push(...items.map((i) => ({ ...i, repository: names.get(s.repositoryId) ?? '?', repositoryId: s.repositoryId })));
  }
  all.sort((a, b) => b.time.localeCompare(a.time));
  ctx.print({ items: all, total: all.length }, () => renderSnapshots(all, ctx.now()));
}

/** `backup run <network/subject>`: backs up every panel-run policy of the subject, following each task. */
export async function backupRunCommand(ctx: CliContext, ref: string, options: WaitOption & { policy?: string }): Promise<ExitCode> {
  const c = await context(ctx, ref, true);
  const label = `${c.network.name}/${c.subject}`;
  let mine = policiesOf((await c.backups.policies(c.network.id)).items, c.subject).filter((p) => p.enabled && p.runner === 'panel');
  const prefix = options.policy?.toLowerCase();
  if (prefix) mine = mine.filter((p) => p.id.startsWith(prefix));
  if (!mine.length) {
    throw new CliError(
      `${label} has no enabled backup policy the panel runs${options.policy ? ` matching --policy ${options.policy}` : ''}; devices that back themselves up run restic on the device.`,
    );
  }
  let code: ExitCode = ExitCode.Ok;
  for (const p of mine) {
    const started = await c.backups.run(c.network.id, p.id);
    const task = await awaitStartedTask(ctx, c.api, started, `Backing up ${label} to ${p.repositoryName}`, options.wait !== false);
    const result = finishTask(ctx, task);
    if (task?.status === 'succeeded' && !ctx.json) {
      const r = task.result ?? {};
      ctx.note(
        `Snapshot ${String(r['snapshotId'] ?? '—')}: ${String(r['filesNew'] ?? 0)} new, ${String(r['filesChanged'] ?? 0)} changed files, ${formatBytes(Number(r['bytesAdded'] ?? 0))} added.`,
      );
    }
    if (result !== ExitCode.Ok) code = result;
  }
  return code;
}

/** Restoring in place overwrites files, so it asks first (`--yes` for scripts). */
async function confirmRestore(ctx: CliContext, what: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!ctx.deps.stdinIsTTY) throw new UsageError(`Restoring ${what}; pass --yes to confirm without a terminal`);
  const answer = (await ctx.deps.prompt(`This restores ${what}. Continue? [y/N] `)).trim();
  if (!/^y(es)?$/i.test(answer)) throw new UsageError('Nothing restored: answer "y" to confirm, or pass --yes.');
}

/** `backup restore <network/subject> <snapshot> <path> [--target dir]`. */
export async function backupRestoreCommand(
  ctx: CliContext,
  ref: string,
  snapshotText: string,
  pathText: string,
  options: WaitOption & { target?: string; yes?: boolean },
): Promise<ExitCode> {
  parseSubjectRef(ref, true);
  const snapshot = checkSnapshotId(snapshotText);
  const path = checkAbsolute('<path>', pathText);
  const target = options.target === undefined ? undefined : checkAbsolute('--target', options.target);
  const c = await context(ctx, ref, true);
  const policies = policiesOf((await c.backups.policies(c.network.id)).items, c.subject);
  if (!policies.length) throw new CliError(`${c.network.name}/${c.subject} has no backup policy.`);
  let found: { repositoryId: string; snapshot: BackupSnapshot } | null = null;
  for (const repositoryId of new Set(policies.map((p) => p.repositoryId))) {
    const { items } = await c.backups.snapshots(c.network.id, repositoryId);
    const hit = items.find((s) => s.id.startsWith(snapshot));
    if (hit) {
      found = { repositoryId, snapshot: hit };
      break;
    }
  }
  if (!found)
    throw new CliError(
      `No snapshot ${snapshot} of ${c.network.name}/${c.subject}; \`clanctl backup list ${c.network.name}/${c.subject}\` shows them.`,
    );
  await confirmRestore(
    ctx,
    target ? `${path} under ${target}` : `${path} to where it was (existing files are overwritten)`,
    options.yes || Boolean(target),
  );
  const started = await c.backups.restore(c.network.id, found.repositoryId, found.snapshot.id, path, target);
  const task = await awaitStartedTask(
    ctx,
    c.api,
    started,
    `Restoring ${path} from snapshot ${found.snapshot.shortId}`,
    options.wait !== false,
  );
  return finishTask(ctx, task);
}
