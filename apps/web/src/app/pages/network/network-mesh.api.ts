import { Injectable, inject } from '@angular/core';
import type { components } from '@clan/api-client';
import { Api } from '../../core/api/api';
import type { MeshRule, RuleAllowance } from './network-mesh-rules';

type Schemas = components['schemas'];
export type MeshView = Schemas['MeshDto'];
export type MeshPeerView = Schemas['MeshPeerDto'];
export type MeshHostView = Schemas['MeshHostDto'];
export type MeshRemovalView = Schemas['MeshRemovalDto'];
export type CreateDeviceRequest = Schemas['CreateDeviceDto'];
export type CreateInviteRequest = Schemas['CreateInviteDto'];
export type InviteView = Schemas['InviteDto'];
export type CreatedInviteView = Schemas['CreatedInviteDto'];
export type InvitePreviewView = Schemas['InvitePreviewDto'];
export type AcceptedInviteView = Schemas['AcceptedInviteDto'];
/** One of the layer's config forms (MeshView.layer.configFormats); omitted: the layer's default. */
export type ConfigFormat = string;

/** GET/PUT …/mesh/rules with the rule and allowance shapes the OpenAPI document leaves as free objects. */
export interface MeshRulesView {
  rules: MeshRule[];
  isDefault: boolean;
  allowances: Record<string, RuleAllowance[]>;
}

/**
 * The mesh routes (tag `mesh`, docs/vpn.md) through the generated client.
 * Kept beside the pages that use them (the Mesh tab and the join page) so the
 * shared ClanApi stays as it is; same rules: one method per route, typed.
 */
@Injectable({ providedIn: 'root' })
export class MeshApi {
  private readonly api = inject(Api);
  private readonly client = this.api.client;

  mesh(networkId: string): Promise<MeshView> {
    return this.api.call(this.client.GET('/api/networks/{networkId}/mesh', { params: { path: { networkId } } }));
  }

  createDevice(networkId: string, body: CreateDeviceRequest): Promise<MeshPeerView> {
    return this.api.call(this.client.POST('/api/networks/{networkId}/mesh/devices', { params: { path: { networkId } }, body }));
  }

  revokeDevice(networkId: string, device: string): Promise<MeshPeerView> {
    return this.api.call(
      this.client.DELETE('/api/networks/{networkId}/mesh/devices/{device}', { params: { path: { networkId, device } } }),
    );
  }

  /** The config as text (it carries the private key when the panel holds it). */
  deviceConfig(networkId: string, device: string, format?: ConfigFormat): Promise<string> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/mesh/devices/{device}/config', {
        params: { path: { networkId, device }, query: format === undefined ? {} : { format } },
        parseAs: 'text',
      }),
    );
  }

  /** The config's QR code: SVG text, to be shown as an image (never as markup). */
  deviceQr(networkId: string, device: string): Promise<string> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/mesh/devices/{device}/qr', { params: { path: { networkId, device } }, parseAs: 'text' }),
    );
  }

  invites(networkId: string): Promise<InviteView[]> {
    return this.api.call(this.client.GET('/api/networks/{networkId}/mesh/invites', { params: { path: { networkId } } }));
  }

  createInvite(networkId: string, body: CreateInviteRequest): Promise<CreatedInviteView> {
    return this.api.call(this.client.POST('/api/networks/{networkId}/mesh/invites', { params: { path: { networkId } }, body }));
  }

  cancelInvite(networkId: string, inviteId: string): Promise<InviteView> {
    return this.api.call(
      this.client.DELETE('/api/networks/{networkId}/mesh/invites/{inviteId}', { params: { path: { networkId, inviteId } } }),
    );
  }

  async rules(networkId: string): Promise<MeshRulesView> {
    return (await this.api.call(
      this.client.GET('/api/networks/{networkId}/mesh/rules', { params: { path: { networkId } } }),
    )) as unknown as MeshRulesView;
  }

  async putRules(networkId: string, rules: MeshRule[]): Promise<MeshRulesView> {
    const body = { rules: rules as unknown as Record<string, unknown>[] };
    return (await this.api.call(
      this.client.PUT('/api/networks/{networkId}/mesh/rules', { params: { path: { networkId } }, body }),
    )) as unknown as MeshRulesView;
  }

  // — the invite link's side: public, the token is the credential —
  previewInvite(token: string): Promise<InvitePreviewView> {
    return this.api.call(this.client.GET('/api/mesh/invites/{token}', { params: { path: { token } } }));
  }

  acceptInvite(token: string, name: string, publicKey?: string): Promise<AcceptedInviteView> {
    return this.api.call(
      this.client.POST('/api/mesh/invites/{token}/accept', {
        params: { path: { token } },
        body: publicKey ? { name, publicKey } : { name },
      }),
    );
  }
}
