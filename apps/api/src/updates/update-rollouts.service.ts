import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/authz/principal';
import type { JobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { JobName } from '../services/queue/queue.catalogue';
import type {
  RolloutStartedDto,
  StartRolloutDto,
  UpdateRolloutDto,
  UpdateRolloutListDto,
  UpdateSettingsDto,
  UpdateWindowDto,
} from './dto/rollout.dto';

/**
 * Rollouts of a previewed update (docs/updates.md, "Rollout"; docs/decisions/0017 §4):
 * the lock commit, then machine by machine in waves, canary first, each gated on
 * health and app checks for a soak time; a failed gate rolls back and halts.
 */
@Injectable()
export class UpdateRollouts {
  async start(_principal: Principal, _networkId: string, _body: StartRolloutDto): Promise<RolloutStartedDto> {
    throw new Error('UpdateRollouts.start is being built');
  }

  async list(_networkId: string, _limit: number, _offset: number): Promise<UpdateRolloutListDto> {
    return { items: [], total: 0 };
  }

  async get(_networkId: string, _rolloutId: string): Promise<UpdateRolloutDto> {
    throw new Error('UpdateRollouts.get is being built');
  }

  /** The rollout running or halted now, else the latest one; null: none. */
  async current(_networkId: string): Promise<UpdateRolloutDto | null> {
    return null;
  }

  /** Retry the machine that halted the rollout, then go on. */
  async resume(_principal: Principal, _networkId: string, _rolloutId: string): Promise<RolloutStartedDto> {
    throw new Error('UpdateRollouts.resume is being built');
  }

  /** Leave the machine that halted the rollout on what it ran before, then go on. */
  async skip(_principal: Principal, _networkId: string, _rolloutId: string, _machine: string): Promise<RolloutStartedDto> {
    throw new Error('UpdateRollouts.skip is being built');
  }

  /** Take every updated machine back to the generation it ran before, and put the old lock back. */
  async abort(_principal: Principal, _networkId: string, _rolloutId: string): Promise<RolloutStartedDto> {
    throw new Error('UpdateRollouts.abort is being built');
  }

  async settings(_networkId: string): Promise<{ autoUpdate: boolean; window: UpdateWindowDto | null }> {
    return { autoUpdate: false, window: null };
  }

  async setSettings(_networkId: string, _body: UpdateSettingsDto): Promise<void> {
    throw new Error('UpdateRollouts.setSettings is being built');
  }

  @JobHandler(JobName.UpdateRollout)
  async run(_ctx: JobContext<JobName.UpdateRollout>): Promise<Record<string, unknown>> {
    throw new Error('update.rollout is being built');
  }

  @JobHandler(JobName.UpdateAbort)
  async runAbort(_ctx: JobContext<JobName.UpdateAbort>): Promise<Record<string, unknown>> {
    throw new Error('update.abort is being built');
  }
}
