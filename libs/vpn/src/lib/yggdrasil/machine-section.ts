import { DEFAULT_MESH_LISTEN_PORT, type MachineMesh } from '@clan/nix-schema';
import { checkPrivateKeyFile, findPeer, type MeshNetwork } from '../mesh';
import { yggdrasilAddress } from './address';
import { validateYggdrasilNetwork, yggdrasilPeerUri, yggdrasilUpstreams } from './config';

/**
 * The `mesh` section of configs.json for each Yggdrasil machine of the
 * network. nix/lib/mesh.nix turns it into `services.yggdrasil`: `Peers` are
 * the endpoints listed here (only the peers this machine dials — the relays,
 * as yggdrasilUpstreams chooses), `AllowedPublicKeys` every listed key, and
 * the member firewall (the `clan_ygg_members` table) the listed `allowedIPs`:
 * each member's address, derived from its key (Nix cannot derive it). No
 * `addresses`: Yggdrasil sets its own from the key. Names the key file, never
 * holds a key. Throws VpnError when the mesh is not valid.
 */
export function yggdrasilMachineSections(
  mesh: MeshNetwork,
  machines: readonly string[],
  options: { privateKeyFile: string },
): Record<string, MachineMesh> {
  if (machines.length === 0) return {};
  validateYggdrasilNetwork(mesh);
  checkPrivateKeyFile(options.privateKeyFile);
  const sections: Record<string, MachineMesh> = {};
  for (const machine of machines) {
    const self = findPeer(mesh, machine);
    const dials = new Set(yggdrasilUpstreams(mesh, self));
    const others = mesh.peers.filter((p) => p !== self).sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1));
    sections[machine] = {
      enable: true,
      addresses: [],
      // A machine nobody dials still gets a port; the NixOS module listens (members only) and opens it.
      listenPort: self.listenPort ?? DEFAULT_MESH_LISTEN_PORT,
      privateKeyFile: options.privateKeyFile,
      domain: `${machine}.${mesh.name}.clan`,
      nameservers: [],
      peers: others.map((p) => ({
        publicKey: p.publicKey,
        endpoint: dials.has(p) ? yggdrasilPeerUri(p.endpoint as string) : null,
        allowedIPs: [`${yggdrasilAddress(p.publicKey)}/128`],
        persistentKeepalive: null,
      })),
    };
  }
  return sections;
}
