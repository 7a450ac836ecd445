import { Injectable, inject } from '@angular/core';
import type { components } from '@clan/api-client';
import { Api } from '../../core/api/api';

type Schemas = components['schemas'];
export type UpdatesView = Schemas['UpdatesDto'];
export type UpdateInputView = Schemas['UpdateInputDto'];
export type UpdatePreviewView = Schemas['UpdatePreviewDto'];
export type PreviewMachineView = Schemas['PreviewMachineDto'];
export type PreviewPackageView = Schemas['PreviewPackageDto'];
export type UpdateRolloutView = Schemas['UpdateRolloutDto'];
export type RolloutMachineView = Schemas['RolloutMachineDto'];
export type RolloutMachineState = RolloutMachineView['state'];
export type UpdateWindowView = Schemas['UpdateWindowDto'];
export type UpdateSettingsRequest = Schemas['UpdateSettingsDto'];
export type StartRolloutRequest = Schemas['StartRolloutDto'];

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

  /** Automatic updates and the maintenance window; answers the whole view. */
  setSettings(networkId: string, body: UpdateSettingsRequest): Promise<UpdatesView> {
    return this.api.run(this.updates.setSettings(networkId, body));
  }

  /** Starts a preview of the upstream's newest revision (nothing is deployed). */
  preview(networkId: string): Promise<{ taskId: string; previewId: string }> {
    return this.api.run(this.updates.preview(networkId));
  }

  startRollout(networkId: string, body: StartRolloutRequest): Promise<{ taskId: string; rolloutId: string }> {
    return this.api.run(this.updates.startRollout(networkId, body));
  }

  listRollouts(networkId: string, limit = 20): Promise<{ items: UpdateRolloutView[]; total: number }> {
    return this.api.run(this.updates.listRollouts(networkId, { limit }));
  }

  resume(networkId: string, rolloutId: string): Promise<{ taskId: string; rolloutId: string }> {
    return this.api.run(this.updates.resume(networkId, rolloutId));
  }

  skip(networkId: string, rolloutId: string, machine: string): Promise<{ taskId: string; rolloutId: string }> {
    return this.api.run(this.updates.skip(networkId, rolloutId, machine));
  }

  abort(networkId: string, rolloutId: string): Promise<{ taskId: string; rolloutId: string }> {
    return this.api.run(this.updates.abort(networkId, rolloutId));
  }
}
