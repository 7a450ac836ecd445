/**
 * The mesh device agent's protocol (docs/mesh-agent.md): `clanctl mesh up`
 * on a laptop or server holds one WebSocket to the panel and applies every
 * change of its network's mesh. JSON text frames, one message each.
 *
 * Order on every connection: the agent sends `hello`; the panel answers with
 * `config` (or `removed`) before anything else; the agent applies it and
 * answers `applied` before it sends anything else (so a device that was
 * offline during a removal drops the removed key before any other exchange).
 * After that the panel pushes `config` on every change of the network's mesh
 * and the agent sends `status` every STATUS_INTERVAL_MS.
 */

/** Where the agent's WebSocket is served (the panel's HTTP port, and the host's mesh address). */
export const MESH_AGENT_WS_PATH = '/api/mesh/agent';

/** Bumped when a message changes incompatibly; the panel refuses an agent that speaks another one. */
export const MESH_AGENT_PROTOCOL = 1;

/** How often an agent reports its interface's state. */
export const MESH_AGENT_STATUS_INTERVAL_MS = 15_000;

/** The WebSocket close code the panel uses when the device was removed or blocked (the agent stops retrying). */
export const MESH_AGENT_CLOSE_REMOVED = 4403;
/** Close code for a bad or unknown agent token (the agent stops retrying and says so). */
export const MESH_AGENT_CLOSE_UNAUTHORIZED = 4401;

/** Layers an agent can run (libs/vpn MeshLayerKind). */
export type MeshAgentLayer = 'wireguard' | 'yggdrasil';

/** What the panel answers on enrolment (an invite or an API token): everything the agent stores. */
export interface MeshAgentEnrolment {
  networkId: string;
  /** The network's name: `<peer>.<network>.clan`. */
  network: string;
  /** The device's peer name. */
  peer: string;
  layer: MeshAgentLayer;
  /** Secret: sent as `Authorization: Bearer …` on the agent's WebSocket. Shown once; only its hash is stored. */
  agentToken: string;
  /**
   * Where the agent may reach the panel, in the order to try: the URL it enrolled
   * with, then the panel inside the mesh (`http://<host mesh address>:<port>`),
   * usable once the interface is up.
   */
  panelUrls: string[];
}

/** panel → agent: the whole state the device must have now. */
export interface MeshAgentConfigMessage {
  type: 'config';
  /** The network's mesh revision this config is. */
  revision: number;
  network: string;
  peer: string;
  layer: MeshAgentLayer;
  /**
   * The layer's config for this device without its private key: WireGuard a
   * `wg syncconf` file with `PrivateKey = {{PRIVATE_KEY}}`; Yggdrasil the
   * JSON config without `PrivateKey`. The agent fills in its own key.
   */
  config: string;
  /** Interface addresses with prefix length ("10.100.3.7/24", "fd…::7/64"); empty when the layer derives its own (Yggdrasil). */
  addresses: string[];
  /** The port the interface listens on, or null to let the system pick. */
  listenPort: number | null;
  /** The panel host's public key: the one peer the agent keeps while it has not heard from the panel (it carries the panel's mesh address). */
  hostPublicKey: string | null;
  /** Resolvers and the search domain for `<name>.<network>.clan`; null when the host runs no phonebook. */
  dns: { servers: string[]; domain: string } | null;
  /** `nft -f` script of the device's own inbound reachability rules on its mesh interface (table inet clan_reach), or null for none. */
  firewall: string | null;
  /** See MeshAgentEnrolment.panelUrls: the panel inside the mesh, for the next reconnect. */
  panelUrls: string[];
}

/** panel → agent: this device was removed or blocked; tear the interface down and stop. */
export interface MeshAgentRemovedMessage {
  type: 'removed';
  reason: 'removed' | 'blocked';
  /** A sentence for the person at the device. */
  message: string;
}

export type MeshAgentServerMessage = MeshAgentConfigMessage | MeshAgentRemovedMessage;

/** agent → panel, first on every connection. */
export interface MeshAgentHelloMessage {
  type: 'hello';
  protocol: number;
  /** clanctl's version. */
  version: string;
  /** The revision the interface runs now (0 when none). */
  revision: number;
  /** The interface the agent runs (clan-wg, clan-ygg or one given with --interface). */
  interfaceName: string;
  /** "linux", "darwin", … */
  platform: string;
}

/** agent → panel, after every `config`. */
export interface MeshAgentAppliedMessage {
  type: 'applied';
  revision: number;
  /** Why the config could not be applied (the interface keeps its previous state), or null. */
  error: string | null;
  /** Milliseconds from receiving the config to its being applied. */
  ms: number;
}

/** One peer as the agent's interface sees it. */
export interface MeshAgentPeerState {
  publicKey: string;
  /** Unix seconds of the last handshake, or null when never. */
  latestHandshake: number | null;
  endpoint: string | null;
  rxBytes: number;
  txBytes: number;
}

/** agent → panel, every MESH_AGENT_STATUS_INTERVAL_MS and after each apply. */
export interface MeshAgentStatusMessage {
  type: 'status';
  revision: number;
  peers: MeshAgentPeerState[];
}

export type MeshAgentClientMessage = MeshAgentHelloMessage | MeshAgentAppliedMessage | MeshAgentStatusMessage;
