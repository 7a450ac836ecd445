import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { NotificationsService } from '../../notifications/notifications.service';
import type { UpdateRolloutEntity } from '../update-rollout.entity';

/** Who did it: a person, or null for the panel itself (a task, the schedule). */
export type RolloutActor = { userId: string; username: string; tokenId?: string | null } | null;

export type RolloutAction = 'start' | 'halt' | 'resume' | 'skip' | 'abort' | 'finish';

/** The audit entries (`update.rollout.<action>`) and notifications of rollouts. */
@Injectable()
export class RolloutEvents {
  private readonly logger = new Logger('UpdateRollouts');

  constructor(
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async record(
    action: RolloutAction,
    r: Pick<UpdateRolloutEntity, 'id' | 'networkId'>,
    actor: RolloutActor,
    correlationId: string,
    details: Record<string, unknown>,
    result: 'success' | 'failure' = 'success',
  ): Promise<void> {
    await this.audit.record({
      at: new Date(),
      userId: actor?.userId ?? null,
      username: actor?.username ?? 'panel',
      tokenId: actor?.tokenId ?? null,
      ip: null,
      action: `update.rollout.${action}`,
      method: 'TASK',
      path: `/api/networks/${r.networkId}/updates/rollouts/${r.id}`,
      targetType: 'update-rollout',
      targetId: r.id,
      networkId: r.networkId,
      statusCode: 200,
      result,
      errorCode: null,
      correlationId,
      details: { rolloutId: r.id, ...details },
    });
  }

  /** One notification per change of the rollout's state (`state` names it: halted on a machine, succeeded, aborted). */
  async notify(
    r: Pick<UpdateRolloutEntity, 'id' | 'networkId'>,
    severity: 'info' | 'warning' | 'critical',
    state: string,
    title: string,
    message: string,
  ): Promise<void> {
    await this.notifications
      .emit({
        kind: 'update.rollout',
        severity,
        networkId: r.networkId,
        subject: `update-rollout:${r.id}`,
        state: state.slice(0, 64),
        title,
        message,
        link: `/networks/${r.networkId}/updates`,
      })
      .catch((err: unknown) => this.logger.warn(`notification not sent: ${(err as Error).message}`));
  }
}
