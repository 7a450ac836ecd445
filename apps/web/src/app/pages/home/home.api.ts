import { Injectable, inject } from '@angular/core';
import type { components } from '@clan/api-client';
import { Api } from '../../core/api/api';

type Schemas = components['schemas'];
export type HomeView = Schemas['HomeDto'];
export type HomeNetworkView = Schemas['HomeNetworkDto'];
export type HomeAppView = Schemas['HomeAppDto'];
export type HomeMachineView = Schemas['HomeMachineDto'];
export type HomeDeviceView = Schemas['HomeDeviceDto'];
export type HomeBackupView = Schemas['HomeBackupDto'];
export type HomeCaView = Schemas['HomeCaDto'];

/** The home routes (docs/api.md, "Home") as the page uses them: calls of the facade's `home` group. */
@Injectable({ providedIn: 'root' })
export class HomeApi {
  private readonly api = inject(Api);

  get(): Promise<HomeView> {
    return this.api.run(this.api.facade.home.get());
  }

  /** The API's sentence saying who was told. */
  async askForHelp(networkId: string, message: string): Promise<string> {
    return (await this.api.run(this.api.facade.home.askForHelp(networkId, message))).message;
  }
}
