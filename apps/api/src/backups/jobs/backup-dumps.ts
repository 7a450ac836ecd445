import { Injectable } from '@nestjs/common';
import type { JobContext } from '../../services/queue/job-context';
import { BackupHooks, describeHookOutcome, hookSucceeded } from '../backup-hooks';
import { type BackupSummary, parseBackupLine } from '../restic/restic-output';
import { type ResticRepo, ResticService } from '../restic/restic.service';
import { BackupJobError } from './backup-job-error';

/** What one dump hook left: its own snapshot (file /<name>) and how big the dump was. */
export interface DumpOutcome {
  name: string;
  snapshotId: string | null;
  bytes: number;
}

/**
 * Dump hooks (a command whose stdout is the backup, e.g. pg_dump), each into
 * its own snapshot. restic ≥ 0.17 runs the command itself
 * (--stdin-from-command) and fails when it fails; older restic reads our pipe
 * (the hook started through BackupHooks, its stdout piped into
 * `restic backup --stdin`), so a failed command's partial snapshot is forgotten.
 */
@Injectable()
export class BackupDumps {
  constructor(
    private readonly restic: ResticService,
    private readonly hooks: BackupHooks,
  ) {}

  async dump(
    ctx: JobContext,
    restic: ResticRepo,
    hook: { name: string; command: string[] },
    tags: string[],
    fromCommand: boolean,
  ): Promise<DumpOutcome> {
    let summary: BackupSummary | null = null;
    const onStdoutLine = (line: string) => {
      const parsed = parseBackupLine(line);
      if (parsed.kind === 'summary') summary = parsed.summary;
    };
    const stderrLines: string[] = [];
    const onStderrLine = (line: string) => {
      if (line.trim()) stderrLines.push(line);
    };
    if (fromCommand) {
      const r = await this.restic.run(
        restic,
        ['backup', ...tags, '--stdin-filename', hook.name, '--stdin-from-command', '--', ...hook.command],
        {
          signal: ctx.signal,
          onStdoutLine,
          onStderrLine,
        },
      );
      if (r.exitCode !== 0) {
        const err = await this.restic.failure(r, `dump hook "${hook.name}"`, ctx.signal);
        throw new BackupJobError(err.errorClass === 'other' ? 'hook-failed' : err.errorClass, err.message);
      }
    } else {
      const started = this.hooks.start(
        { name: hook.name, command: hook.command },
        {
          signal: ctx.signal,
          pipeStdout: true,
          onLine: (l) => void ctx.log('info', `  ${l}`),
        },
      );
      const [r, o] = await Promise.all([
        this.restic.run(restic, ['backup', ...tags, '--stdin', '--stdin-filename', hook.name], {
          signal: ctx.signal,
          stdin: started.stdout,
          onStdoutLine,
          onStderrLine,
        }),
        started.done,
      ]);
      const written = (summary as BackupSummary | null)?.snapshotId ?? null;
      if (!hookSucceeded(o)) {
        if (written) {
          // restic saved whatever the command printed before it failed: not a dump anyone should restore.
          const forgot = await this.restic.run(restic, ['forget', written], { signal: ctx.signal });
          await ctx.log(
            forgot.exitCode === 0 ? 'info' : 'warn',
            `Forgot the partial dump snapshot ${written}${forgot.exitCode === 0 ? '' : ' (failed; forget it by hand)'}.`,
          );
        }
        throw new BackupJobError('hook-failed', `Dump ${describeHookOutcome(hook, o)}; its snapshot was discarded.`);
      }
      if (r.exitCode !== 0) throw await this.restic.failure(r, `restic backup of dump "${hook.name}"`, ctx.signal);
    }
    const s = summary as BackupSummary | null;
    return { name: hook.name, snapshotId: s?.snapshotId ?? null, bytes: s?.totalBytesProcessed ?? 0 };
  }
}
