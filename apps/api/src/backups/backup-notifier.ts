import { Injectable, Logger } from '@nestjs/common';
import { NotificationsService } from '../notifications/notifications.service';
import type { BackupPolicyEntity } from './backup-policy.entity';
import type { BackupRepositoryEntity } from './backup-repository.entity';
import { type Freshness, freshnessMessage, freshnessOf } from './backup-status';
import { ERROR_ADVICE, type ResticErrorClass } from './restic/restic-errors';

export const NOTIFY_KIND = {
  freshness: 'backup.freshness',
  run: 'backup.run',
  integrity: 'backup.integrity',
  verify: 'backup.verify',
} as const;

const FRESHNESS_SEVERITY: Record<Freshness | 'pending', 'info' | 'warning' | 'critical'> = {
  ok: 'info',
  pending: 'info',
  late: 'warning',
  never: 'warning',
  stale: 'critical',
};

/**
 * Backup events for the notifications module. It delivers only when a
 * subject's state changes, so these are emitted on every evaluation; the
 * subjects are stable keys (`backup:<policyId>`…).
 */
@Injectable()
export class BackupNotifier {
  private readonly logger = new Logger('BackupNotifier');

  constructor(private readonly notifications: NotificationsService) {}

  private link(networkId: string): string {
    return `/networks/${networkId}/backups`;
  }

  private async emit(event: Parameters<NotificationsService['emit']>[0]): Promise<void> {
    await this.notifications.emit(event).catch((err: unknown) => this.logger.warn(`notification not sent: ${(err as Error).message}`));
  }

  /**
   * Freshness of an enabled policy. A policy that never succeeded is
   * "pending" (not alarming) until its late threshold has passed since it was made.
   */
  async freshness(p: BackupPolicyEntity, now: Date): Promise<Freshness> {
    const f = freshnessOf(p, now);
    const pending = f === 'never' && now.getTime() - p.createdAt.getTime() <= p.lateAfterHours * 3600_000;
    const state = pending ? 'pending' : f;
    await this.emit({
      kind: NOTIFY_KIND.freshness,
      severity: FRESHNESS_SEVERITY[state],
      networkId: p.networkId,
      subject: `backup:${p.id}`,
      state,
      title: state === 'ok' || state === 'pending' ? `${p.subjectName} is backed up` : `${p.subjectName} is not backed up`,
      message: pending ? `${p.subjectName} waits for its first backup.` : freshnessMessage(p.subjectName, f, p.lastSuccessAt, now),
      link: this.link(p.networkId),
    });
    return f;
  }

  /** The outcome of the last run of a policy (a failure class is its own state, so a new kind of failure notifies again). */
  async runOutcome(p: BackupPolicyEntity, errorClass: ResticErrorClass | null, error: string | null): Promise<void> {
    await this.emit({
      kind: NOTIFY_KIND.run,
      severity: errorClass ? (errorClass === 'source-unreadable' ? 'warning' : 'critical') : 'info',
      networkId: p.networkId,
      subject: `backup-run:${p.id}`,
      state: errorClass ? `failed:${errorClass}` : 'ok',
      title: errorClass ? `The backup of ${p.subjectName} failed` : `The backup of ${p.subjectName} works`,
      message: errorClass
        ? `The backup of ${p.subjectName} failed: ${error ?? ERROR_ADVICE[errorClass]} ${ERROR_ADVICE[errorClass]}`.trim()
        : `The backup of ${p.subjectName} succeeded.`,
      link: this.link(p.networkId),
    });
  }

  async integrity(r: BackupRepositoryEntity): Promise<void> {
    if (r.lastCheckOk === null) return;
    await this.emit({
      kind: NOTIFY_KIND.integrity,
      severity: r.lastCheckOk ? 'info' : 'critical',
      networkId: r.networkId,
      subject: `backup-check:${r.id}`,
      state: r.lastCheckOk ? 'ok' : 'failed',
      title: r.lastCheckOk ? `Backup repository ${r.name} is intact` : `Backup repository ${r.name} has errors`,
      message: r.lastCheckOk
        ? `The integrity check of backup repository ${r.name} found no errors.`
        : `The integrity check of backup repository ${r.name} (${r.displayLocation}) failed: ${r.lastCheckError ?? 'see the task log'}`,
      link: this.link(r.networkId),
    });
  }

  /** A verified restore of a machine policy (verify/verify.job.ts): restorable, or "not restorable" with what failed. */
  async verification(p: BackupPolicyEntity, ok: boolean, detail: string): Promise<void> {
    await this.emit({
      kind: NOTIFY_KIND.verify,
      severity: ok ? 'info' : 'critical',
      networkId: p.networkId,
      subject: `backup-verify:${p.id}`,
      state: ok ? 'ok' : 'not-restorable',
      title: ok ? `The backup of ${p.subjectName} restores` : `The backup of ${p.subjectName} is not restorable`,
      message: ok ? detail : `${p.subjectName} is not restorable: ${detail}`,
      link: this.link(p.networkId),
    });
  }
}
