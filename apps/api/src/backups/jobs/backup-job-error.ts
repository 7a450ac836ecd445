import type { BackupRunSummary } from '../backup-run.entity';
import type { ResticErrorClass } from '../restic/restic-errors';
import { ResticError } from '../restic/restic.service';

/** A backup job's failure with its class (docs/backups.md, "Errors"). */
export class BackupJobError extends Error {
  constructor(
    readonly errorClass: ResticErrorClass,
    message: string,
    readonly summary: BackupRunSummary = {},
  ) {
    super(message);
    this.name = 'BackupJobError';
  }
}

/** The class of a job's failure: cancelled when its signal fired, else what restic or the job said. */
export function classOf(err: unknown, signal: AbortSignal): ResticErrorClass {
  if (signal.aborted) return 'cancelled';
  if (err instanceof ResticError || err instanceof BackupJobError) return err.errorClass;
  return 'other';
}
