import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { QueryOf, Schemas } from './types';

export type MeshConfigFormat = NonNullable<QueryOf<'getMeshDeviceConfig'>['format']>;

/** The mesh routes (tag `mesh`, docs/vpn.md): the network's mesh, invites, devices and their configs. */
export class MeshApi {
  constructor(private readonly client: ClanClient) {}

  get(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/mesh', { params: { path: { networkId } } }));
  }

  invite(networkId: string, body: Schemas['CreateInviteDto']) {
    return unwrap(this.client.POST('/api/networks/{networkId}/mesh/invites', { params: { path: { networkId } }, body }));
  }

  revokeDevice(networkId: string, device: string) {
    return unwrap(this.client.DELETE('/api/networks/{networkId}/mesh/devices/{device}', { params: { path: { networkId, device } } }));
  }

  /** A device's configuration file as text, in a format the mesh layer offers. */
  deviceConfig(networkId: string, device: string, format: MeshConfigFormat): Promise<string> {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/mesh/devices/{device}/config', {
        params: { path: { networkId, device }, query: { format } },
        parseAs: 'text',
      }),
    );
  }
}
