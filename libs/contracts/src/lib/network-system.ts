/**
 * What a network's machines run. `nixos`: real NixOS systems built by the cLAN
 * flake (needs nixpkgs). `demo`: the busybox test system the panel ships
 * (nix/test-system), for hosts without nixpkgs, so build → boot → console →
 * health → rollback can still be tried; it is not NixOS and runs no apps.
 */
export enum NetworkSystem {
  Nixos = 'nixos',
  Demo = 'demo',
}

export const NETWORK_SYSTEMS: readonly NetworkSystem[] = Object.values(NetworkSystem);

/** How people see the choice, everywhere a network is shown. */
export const NETWORK_SYSTEM_LABELS: Readonly<Record<NetworkSystem, string>> = {
  [NetworkSystem.Nixos]: 'NixOS',
  [NetworkSystem.Demo]: 'Demo system (not NixOS)',
};
