import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/authz/principal';
import type { JobContext } from '../services/queue/job-context';
import { JobHandler } from '../services/queue/job-handler.decorator';
import { JobName } from '../services/queue/queue.catalogue';
import type { PreviewStartedDto, UpdatePreviewDto } from './dto/rollout.dto';

/**
 * Previews of an update (docs/updates.md, "Preview"; docs/decisions/0017 §3):
 * task `update.preview` locks the upstream's newest revision in a scratch
 * worktree, builds every machine from it and compares each candidate with the
 * system the machine runs. Nothing is deployed.
 */
@Injectable()
export class UpdatePreviews {
  /** POST …/updates/preview: a new preview of the upstream's newest revision, as a task. */
  async start(_principal: Principal, _networkId: string): Promise<PreviewStartedDto> {
    throw new Error('UpdatePreviews.start is being built');
  }

  /** The preview, 404 when it is not this network's. */
  async get(_networkId: string, _previewId: string): Promise<UpdatePreviewDto> {
    throw new Error('UpdatePreviews.get is being built');
  }

  /** The latest preview that is not superseded; null: none. */
  async latest(_networkId: string): Promise<UpdatePreviewDto | null> {
    return null;
  }

  @JobHandler(JobName.UpdatePreview)
  async build(_ctx: JobContext<JobName.UpdatePreview>): Promise<Record<string, unknown>> {
    throw new Error('update.preview is being built');
  }
}
