import { DEFAULT_MESH_LISTEN_PORT, MESH_INTERFACES, type MachineMesh } from '@clan/nix-schema';
import type { MeshNetwork } from '../mesh';
import { renderWireGuardNixos } from './nixos';
import { planWireGuardMesh, wireGuardPeerPlan } from './plan';

interface NixosPeer {
  publicKey: string;
  allowedIPs: string[];
  endpoint?: string;
  persistentKeepalive?: number;
}
interface NixosInterface {
  ips: string[];
  listenPort?: number;
  privateKeyFile: string;
  peers: NixosPeer[];
}

/**
 * The `mesh` section of configs.json for each of `machines` (peers of the
 * network), rendered from one plan of the whole mesh with the NixOS renderer:
 * its addresses (IPv4 with the range's prefix, IPv6 /64), listen port, the
 * other peers it has a section for (devices, machines, the host), and the key
 * *file*. Nothing here can carry key material: the renderer only takes a file
 * path outside the Nix store. Throws VpnError when the mesh is not valid.
 */
export function wireGuardMachineSections(
  mesh: MeshNetwork,
  machines: readonly string[],
  options: { privateKeyFile: string },
): Record<string, MachineMesh> {
  if (machines.length === 0) return {};
  const plan = planWireGuardMesh(mesh);
  const sections: Record<string, MachineMesh> = {};
  for (const machine of machines) {
    const nixos = renderWireGuardNixos(wireGuardPeerPlan(plan, machine), { privateKeyFile: options.privateKeyFile });
    // The renderer's documented shape (nixos.ts), read back as data.
    const networking = nixos['networking'] as unknown as { wireguard: { interfaces: Record<string, NixosInterface> } };
    const iface = networking.wireguard.interfaces[MESH_INTERFACES.wireguard];
    // Machines are never relays (the panel host is), so the renderer's relay sysctls never apply here.
    sections[machine] = {
      enable: true,
      addresses: [...iface.ips],
      // A machine nobody dials (no endpoint) still needs a port; the NixOS module opens it.
      listenPort: iface.listenPort ?? DEFAULT_MESH_LISTEN_PORT,
      privateKeyFile: iface.privateKeyFile,
      // Its phonebook name; the phonebook's addresses are the panel's to add (it knows whether it runs one).
      domain: `${machine}.${mesh.name}.clan`,
      nameservers: [],
      peers: iface.peers.map((p) => ({
        publicKey: p.publicKey,
        endpoint: p.endpoint ?? null,
        allowedIPs: [...p.allowedIPs],
        persistentKeepalive: p.persistentKeepalive ?? null,
      })),
    };
  }
  return sections;
}
