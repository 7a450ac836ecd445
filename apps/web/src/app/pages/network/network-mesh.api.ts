import { Injectable, inject } from '@angular/core';
import { unwrap, type components, type FetchResult } from '@clan/api-client';
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
export type MeshAgentView = Schemas['MeshAgentStateDto'];

/**
 * How far a removal or block reached (MeshCutDto, docs/mesh-agent.md "Removal
 * that cuts"). Written here until the generated client carries the routes
 * that answer it.
 */
export interface MeshCutView {
  /** The host's interface no longer has the key. */
  host: boolean;
  /** Agents connected when the change was made. */
  online: number;
  /** Online agents that confirmed the new config in time. */
  applied: number;
  /** Online agents that did not confirm in time or failed to apply. */
  pending: string[];
  /** Enrolled agents not connected now: they drop the key when they reconnect. */
  offline: string[];
  /** "Cut on 6 of 6 online devices, 1 offline (will be cut on reconnect)." */
  summary: string;
}

/** MeshPeerChangeDto: the peer after a removal, block or unblock, with how far the change reached. */
export type MeshPeerChangeView = MeshPeerView & { cut: MeshCutView };

/** UpdatePeerDto. */
export interface UpdatePeerRequest {
  groups: string[];
}

/** One of the layer's config forms (MeshView.layer.configFormats); omitted: the layer's default. */
export type ConfigFormat = string;

/** GET/PUT …/mesh/rules with the rule and allowance shapes the OpenAPI document leaves as free objects. */
export interface MeshRulesView {
  rules: MeshRule[];
  isDefault: boolean;
  allowances: Record<string, RuleAllowance[]>;
}

/**
 * The generated client for routes its schema may not list yet (peers' groups,
 * block and unblock): the same client with its auth and CSRF middleware, only
 * less strictly typed. The answers are typed by the methods below.
 */
interface UntypedRoutes {
  POST(path: string, init: { params: { path: Record<string, string> } }): Promise<FetchResult<unknown>>;
  PATCH(path: string, init: { params: { path: Record<string, string> }; body: unknown }): Promise<FetchResult<unknown>>;
}

/** The mesh routes (tag `mesh`, docs/vpn.md) as the Mesh tab and the join page use them: calls of the shared facade's `mesh` group. */
@Injectable({ providedIn: 'root' })
export class MeshApi {
  private readonly api = inject(Api);
  private readonly meshes = this.api.facade.mesh;
  private readonly untyped = this.api.facade.client as unknown as UntypedRoutes;

  mesh(networkId: string): Promise<MeshView> {
    return this.api.run(this.meshes.get(networkId));
  }

  createDevice(networkId: string, body: CreateDeviceRequest): Promise<MeshPeerView> {
    return this.api.run(this.meshes.createDevice(networkId, body));
  }

  /** Removes the device; the answer says how far the cut reached (`cut.summary`). */
  async revokeDevice(networkId: string, device: string): Promise<MeshPeerChangeView> {
    return (await this.api.run(this.meshes.revokeDevice(networkId, device))) as MeshPeerChangeView;
  }

  /** Takes the device out of the mesh at once, everywhere; it keeps its address and key. */
  async blockDevice(networkId: string, device: string): Promise<MeshPeerChangeView> {
    const call = this.untyped.POST('/api/networks/{networkId}/mesh/devices/{device}/block', { params: { path: { networkId, device } } });
    return (await this.api.run(unwrap(call))) as MeshPeerChangeView;
  }

  async unblockDevice(networkId: string, device: string): Promise<MeshPeerChangeView> {
    const call = this.untyped.POST('/api/networks/{networkId}/mesh/devices/{device}/unblock', { params: { path: { networkId, device } } });
    return (await this.api.run(unwrap(call))) as MeshPeerChangeView;
  }

  /** Replaces a peer's (device's or machine's) groups. */
  async updatePeer(networkId: string, peer: string, body: UpdatePeerRequest): Promise<MeshPeerView> {
    const call = this.untyped.PATCH('/api/networks/{networkId}/mesh/peers/{peer}', { params: { path: { networkId, peer } }, body });
    return (await this.api.run(unwrap(call))) as MeshPeerView;
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
