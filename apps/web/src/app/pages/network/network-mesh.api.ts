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

/** How far a removal or block reached (docs/mesh-agent.md "Removal that cuts"): the host and every online agent. */
export type MeshCutView = Schemas['MeshCutDto'];
/** The peer after a removal, block or unblock, with its `cut`. */
export type MeshPeerChangeView = Schemas['MeshPeerChangeDto'];
export type UpdatePeerRequest = Schemas['UpdatePeerDto'];
/** One of the layer's config forms (MeshView.layer.configFormats); omitted: the layer's default. */
export type ConfigFormat = string;

/** GET/PUT …/mesh/rules with the rule and allowance shapes the OpenAPI document leaves as free objects. */
export interface MeshRulesView {
  rules: MeshRule[];
  isDefault: boolean;
  allowances: Record<string, RuleAllowance[]>;
}

/** The mesh routes (tag `mesh`, docs/vpn.md) as the Mesh tab and the join page use them: calls of the shared facade's `mesh` group. */
@Injectable({ providedIn: 'root' })
export class MeshApi {
  private readonly api = inject(Api);
  private readonly meshes = this.api.facade.mesh;

  mesh(networkId: string): Promise<MeshView> {
    return this.api.run(this.meshes.get(networkId));
  }

  createDevice(networkId: string, body: CreateDeviceRequest): Promise<MeshPeerView> {
    return this.api.run(this.meshes.createDevice(networkId, body));
  }

  /** Removes the device; the answer says how far the cut reached (`cut.summary`). */
  revokeDevice(networkId: string, device: string): Promise<MeshPeerChangeView> {
    return this.api.run(this.meshes.revokeDevice(networkId, device));
  }

  /** Takes the device out of the mesh at once, everywhere; it keeps its address and key. */
  blockDevice(networkId: string, device: string): Promise<MeshPeerChangeView> {
    return this.api.run(this.meshes.blockDevice(networkId, device));
  }

  unblockDevice(networkId: string, device: string): Promise<MeshPeerChangeView> {
    return this.api.run(this.meshes.unblockDevice(networkId, device));
  }

  /** Replaces a peer's (device's or machine's) groups. */
  updatePeer(networkId: string, peer: string, body: UpdatePeerRequest): Promise<MeshPeerView> {
    return this.api.run(this.meshes.updatePeer(networkId, peer, body));
  }

  /** The config as text (it carries the private key when the panel holds it). */
  deviceConfig(networkId: string, device: string, format?: ConfigFormat): Promise<string> {
    return this.api.run(this.meshes.deviceConfig(networkId, device, format));
  }

  /** The config's QR code: SVG text, to be shown as an image (never as markup). */
  deviceQr(networkId: string, device: string): Promise<string> {
    return this.api.run(this.meshes.deviceQr(networkId, device));
  }

  invites(networkId: string): Promise<InviteView[]> {
    return this.api.run(this.meshes.invites(networkId));
  }

  createInvite(networkId: string, body: CreateInviteRequest): Promise<CreatedInviteView> {
    return this.api.run(this.meshes.invite(networkId, body));
  }

  cancelInvite(networkId: string, inviteId: string): Promise<InviteView> {
    return this.api.run(this.meshes.cancelInvite(networkId, inviteId));
  }

  async rules(networkId: string): Promise<MeshRulesView> {
    return (await this.api.run(this.meshes.rules(networkId))) as unknown as MeshRulesView;
  }

  async putRules(networkId: string, rules: MeshRule[]): Promise<MeshRulesView> {
    const body = rules as unknown as Schemas['MeshRulesDto']['rules'];
    return (await this.api.run(this.meshes.putRules(networkId, body))) as unknown as MeshRulesView;
  }

  // — the invite link's side: public, the token is the credential —
  previewInvite(token: string): Promise<InvitePreviewView> {
    return this.api.run(this.meshes.previewInvite(token));
  }

  acceptInvite(token: string, name: string, publicKey?: string): Promise<AcceptedInviteView> {
    return this.api.run(this.meshes.acceptInvite(token, name, publicKey));
  }
}
