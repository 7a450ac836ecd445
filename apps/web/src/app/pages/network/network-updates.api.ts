import { Injectable, inject } from '@angular/core';
import type { components } from '@clan/api-client';
import { Api } from '../../core/api/api';

type Schemas = components['schemas'];
export type UpdatesView = Schemas['UpdatesDto'];
export type UpdateInputView = Schemas['UpdateInputDto'];

/** The update routes (docs/updates.md) as the Updates tab uses them: calls of the shared facade's `updates` group. */
@Injectable({ providedIn: 'root' })
export class UpdatesApi {
  private readonly api = inject(Api);
  private readonly updates = this.api.facade.updates;

  get(networkId: string): Promise<UpdatesView> {
    return this.api.run(this.updates.get(networkId));
  }

  /** Follow a git flake (Nix locks it and the panel commits flake.nix and flake.lock), or stop following it (null). */
  setUpstream(networkId: string, upstream: string | null): Promise<UpdatesView> {
    return this.api.run(this.updates.setUpstream(networkId, upstream));
  }

  /** Starts an update check; answers the task's id. */
  async check(networkId: string): Promise<string> {
    return (await this.api.run(this.updates.check(networkId))).taskId;
  }
}
