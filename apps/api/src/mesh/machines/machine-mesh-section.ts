import type { MachineMesh } from '@clan/nix-schema';
import { type MeshLayer, type MeshNetwork, WireGuardLayer } from '@clan/vpn';
import { SECRETS_MOUNT_POINT } from '../../vms/secrets-disk';

const WIREGUARD = new WireGuardLayer();

/** Where a machine's mesh private key is on its secrets disk (`mesh/<layer's file>`), and so on the machine (vm-guest mounts the disk there). */
export function meshKeyPath(layer: Pick<MeshLayer, 'machineKeyFileName'>): string {
  return `mesh/${layer.machineKeyFileName}`;
}

export function meshKeyFile(layer: Pick<MeshLayer, 'machineKeyFileName'>): string {
  return `${SECRETS_MOUNT_POINT}/${meshKeyPath(layer)}`;
}

/** The WireGuard key's path on the secrets disk and on the machine. */
export const MESH_KEY_PATH = meshKeyPath(WIREGUARD);
export const MESH_KEY_FILE = meshKeyFile(WIREGUARD);

/**
 * The `mesh` section of configs.json for each of `machines` (peers of the
 * network), rendered by the network's layer (default WireGuard) from one plan
 * of the whole mesh, naming the key file on the secrets disk. Nothing here can
 * carry key material: the renderers only take a file path outside the Nix
 * store. Each section also carries the machine's mesh name
 * (`<machine>.<network>.clan`, which turns on HTTPS for its apps,
 * docs/https.md) and the phonebook's addresses (`nameservers`, empty when the
 * panel runs no host interface). Throws VpnError when the mesh is not valid.
 */
export function machineMeshSections(
  mesh: MeshNetwork,
  machines: readonly string[],
  layer: MeshLayer = WIREGUARD,
  nameservers: readonly string[] = [],
): Record<string, MachineMesh> {
  const sections = layer.renderMachineSections(mesh, machines, { privateKeyFile: meshKeyFile(layer) }) as unknown as Record<
    string,
    MachineMesh
  >;
  for (const [machine, section] of Object.entries(sections)) {
    sections[machine] = { ...section, domain: `${machine}.${mesh.name}.clan`, nameservers: [...nameservers] };
  }
  return sections;
}
