import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { QueryOf, Schemas } from './types';

export type MeshConfigFormat = NonNullable<QueryOf<'getMeshDeviceConfig'>['format']>;
/** A reachability rule as the OpenAPI document types it (a free object; docs/vpn.md gives its shape). */
export type MeshRuleBody = Schemas['MeshRulesDto']['rules'][number];

/**
 * The mesh routes (tag `mesh`, docs/vpn.md), whatever the network's mesh layer:
 * the mesh, its devices and their configs, invites, reachability rules, and the
 * invite link's public side (the token is the credential).
 */
export class MeshApi {
  constructor(private readonly client: ClanClient) {}

  get(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/mesh', { params: { path: { networkId } } }));
  }

  // — devices —

  /** Adds a device: the lowest free address, and a key pair unless the body brings its public key. */
  createDevice(networkId: string, body: Schemas['CreateDeviceDto']) {
    return unwrap(this.client.POST('/api/networks/{networkId}/mesh/devices', { params: { path: { networkId } }, body }));
  }

  /** Removes a device; the answer's `cut` says how far the removal reached (host, device agents). */
  revokeDevice(networkId: string, device: string) {
    return unwrap(this.client.DELETE('/api/networks/{networkId}/mesh/devices/{device}', { params: { path: { networkId, device } } }));
  }

  /** Blocks a device: out of the mesh everywhere, address and key kept for an unblock. */
  blockDevice(networkId: string, device: string) {
    return unwrap(this.client.POST('/api/networks/{networkId}/mesh/devices/{device}/block', { params: { path: { networkId, device } } }));
  }

  unblockDevice(networkId: string, device: string) {
    return unwrap(this.client.POST('/api/networks/{networkId}/mesh/devices/{device}/unblock', { params: { path: { networkId, device } } }));
  }

  /** Sets the groups of a device or machine (reachability rules may name them). */
  updatePeer(networkId: string, peer: string, body: Schemas['UpdatePeerDto']) {
    return unwrap(this.client.PATCH('/api/networks/{networkId}/mesh/peers/{peer}', { params: { path: { networkId, peer } }, body }));
  }

  // — device agents —

  /** Enrols a device agent owned by the caller (Member.Manage); the answer carries its token once. */
  createAgent(networkId: string, body: Schemas['CreateMeshAgentDto']) {
    return unwrap(this.client.POST('/api/networks/{networkId}/mesh/agents', { params: { path: { networkId } }, body }));
  }

  /** A device's configuration file as text, in a form the mesh layer offers (omitted: the layer's default). */
  deviceConfig(networkId: string, device: string, format?: MeshConfigFormat): Promise<string> {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/mesh/devices/{device}/config', {
        params: { path: { networkId, device }, query: format === undefined ? {} : { format } },
        parseAs: 'text',
      }),
    );
  }

  /** The device's config in the layer's default form as a QR code: SVG text (it carries the private key). */
  deviceQr(networkId: string, device: string): Promise<string> {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/mesh/devices/{device}/qr', { params: { path: { networkId, device } }, parseAs: 'text' }),
    );
  }

  // — invites —

  /** The network's invites, newest first (their tokens are never shown again). */
  invites(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/mesh/invites', { params: { path: { networkId } } }));
  }

  /** Creates a single-use, expiring invite link for one device; the answer carries the token once. */
  invite(networkId: string, body: Schemas['CreateInviteDto']) {
    return unwrap(this.client.POST('/api/networks/{networkId}/mesh/invites', { params: { path: { networkId } }, body }));
  }

  cancelInvite(networkId: string, inviteId: string) {
    return unwrap(this.client.DELETE('/api/networks/{networkId}/mesh/invites/{inviteId}', { params: { path: { networkId, inviteId } } }));
  }

  // — reachability rules —

  rules(networkId: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/mesh/rules', { params: { path: { networkId } } }));
  }

  /** Replaces the rules; the machines' firewalls follow. */
  putRules(networkId: string, rules: MeshRuleBody[]) {
    return unwrap(this.client.PUT('/api/networks/{networkId}/mesh/rules', { params: { path: { networkId } }, body: { rules } }));
  }

  // — the invite link's side: public, the token is the credential —

  /** What an invite link is for: network, suggested name, expiry, mesh layer. */
  previewInvite(token: string) {
    return unwrap(this.client.GET('/api/mesh/invites/{token}', { params: { path: { token } } }));
  }

  /** Enrols a device agent with an invite (no account): the device's own public key; the answer carries the agent token once. */
  enrolAgent(body: Schemas['EnrolMeshAgentDto']) {
    return unwrap(this.client.POST('/api/mesh/agents/enrol', { body }));
  }

  /** Joins with one device: its own public key when given (preferred), else a panel-made key pair. */
  acceptInvite(token: string, name: string, publicKey?: string) {
    return unwrap(
      this.client.POST('/api/mesh/invites/{token}/accept', {
        params: { path: { token } },
        body: publicKey ? { name, publicKey } : { name },
      }),
    );
  }
}
