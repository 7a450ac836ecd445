import type { MeshAgentConfigMessage, MeshAgentLayer, MeshAgentPeerState } from '@clan/contracts';

/**
 * What the agent needs of a mesh layer on this device. The runtime (agent.ts)
 * decides *what* to apply and when; a driver only knows *how*: WireGuard
 * (wireguard-driver.ts) or Yggdrasil (yggdrasil-driver.ts).
 */
export interface MeshDriver {
  readonly layer: MeshAgentLayer;
  readonly interfaceName: string;
  /** True when the interface lives on after the agent (kernel, wireguard-go); Yggdrasil's ends with its process. */
  readonly outlivesAgent: boolean;
  /** Makes the interface match the config exactly (peers, addresses, firewall, DNS); throws with a sentence when it cannot. */
  apply(config: MeshAgentConfigMessage): Promise<void>;
  /**
   * The same config with only the panel host as peer (and no other member
   * reachable): what the interface runs at start-up until the panel has
   * spoken, so a key removed while the device was off is never trusted again.
   */
  hostOnly(config: MeshAgentConfigMessage): MeshAgentConfigMessage;
  /** How many peers the config trusts (for log lines). */
  peerCount(config: MeshAgentConfigMessage): number;
  /** The interface's peers as it sees them now. */
  status(): Promise<MeshAgentPeerState[]>;
  /** Removes the interface and what the agent added for it (firewall tables). */
  down(): Promise<void>;
  /** The agent stops (SIGTERM): child processes end; a kernel or wireguard-go interface stays (the runtime narrows it to the host first). */
  close(): Promise<void>;
}

/** A timestamped sentence on stderr (log.ts). */
export type AgentLog = (sentence: string) => void;

export interface DriverOptions {
  interfaceName: string;
  /** The state directory (config files with the private key are written here, 0600). */
  stateDir: string;
  privateKey: string;
  /** Write DNS here (nameserver/search lines) instead of asking systemd-resolved. */
  resolvConf?: string;
}
