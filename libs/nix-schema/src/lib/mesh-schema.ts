import { z } from 'zod';
import {
  absolutePathSchema,
  booleanField,
  type FieldText,
  integerSchema,
  patternSchema,
  portField,
  quoteValue,
  strictObject,
  textSchema,
  uniqueListField,
} from './fields';
import { parseIPv6 } from './network-link';

/**
 * A machine's `mesh` section in configs.json: the NixOS form of its place in
 * the network's mesh VPN (nix/lib/mesh.nix reads it). The panel writes it from
 * the mesh it keeps (addresses, peers, key file) and rewrites it whenever the
 * mesh changes, so hand edits do not last. It never holds key material:
 * `privateKeyFile` names a file outside the Nix store that the panel delivers
 * to the machine.
 */

export const DEFAULT_MESH_LISTEN_PORT = 51820;
export const MESH_ADDRESSES_MAX = 8;
export const MESH_PEERS_MAX = 1024;
export const MESH_ALLOWED_IPS_MAX = 256;

const CIDR_EXAMPLE = 'e.g. "10.100.0.2/24" or "fd42::2/64"';

/** Why `text` is not an address with prefix length (IPv4 /0–32, IPv6 /0–128): the end of a sentence "<field> …", or null. */
export function cidrProblem(text: string): string | null {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!match) return `must be an address with prefix length, ${CIDR_EXAMPLE} (got ${quoteValue(text)})`;
  const [, address, bits] = match;
  const prefix = Number(bits);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) {
    if (address.split('.').some((octet) => Number(octet) > 255 || (octet.length > 1 && octet.startsWith('0'))))
      return `must be an address with prefix length, ${CIDR_EXAMPLE}: ${quoteValue(address)} is not an IPv4 address`;
    return prefix <= 32 ? null : `has the IPv4 prefix length /${prefix}; it must be 0 to 32`;
  }
  if (parseIPv6(address) === null)
    return `must be an address with prefix length, ${CIDR_EXAMPLE}: ${quoteValue(address)} is neither an IPv4 nor an IPv6 address`;
  return prefix <= 128 ? null : `has the IPv6 prefix length /${prefix}; it must be 0 to 128`;
}

function cidrSchema(text: FieldText) {
  return textSchema(text, { maxLength: 64 }).superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `${text.title} ${problem}.` });
  });
}

/** Mirrors nix/lib/formats.nix `secretFile`: the store is world-readable, so a key file must live elsewhere. */
function secretFileSchema(text: FieldText) {
  return absolutePathSchema(text).refine((path) => !path.startsWith('/nix/store'), {
    error: (iss) => `${text.title} must be a file outside the Nix store, which is world-readable (got ${quoteValue(iss.input)}).`,
  });
}

/** host:port, [v6]:port, or a Yggdrasil peer URI such as tls://host:port (nix/lib/formats.nix `endpoint`). */
const ENDPOINT_PATTERN = /^([a-z]+:\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}(\?[!-~]*)?$/;
/** A WireGuard (base64) or Yggdrasil (hex) public key (nix/lib/formats.nix `publicKey`). */
const PUBLIC_KEY_PATTERN = /^[A-Za-z0-9+/=]+$/;

const publicKeyText: FieldText = { title: 'Public key', description: "The peer's public key: WireGuard base64 or Yggdrasil hex." };
const endpointText: FieldText = {
  title: 'Endpoint',
  description: 'Where this machine reaches the peer ("host:port", "[v6]:port" or a Yggdrasil peer URI); null when the peer dials in.',
};
const allowedIpsText: FieldText = {
  title: 'Allowed IPs',
  description:
    'Mesh addresses routed to this peer and accepted from it (WireGuard), with prefix length; ' +
    "for Yggdrasil the peer's own address /128, which the member firewall accepts.",
};
const keepaliveText: FieldText = {
  title: 'Persistent keepalive',
  description: 'Seconds between keepalives (WireGuard), for peers behind NAT; null for none.',
};

export const meshPeerSchema = strictObject('A mesh peer', {
  publicKey: patternSchema(publicKeyText, PUBLIC_KEY_PATTERN, 'be a base64 (WireGuard) or hex (Yggdrasil) public key', 128).meta({
    ...publicKeyText,
  }),
  endpoint: patternSchema(
    endpointText,
    ENDPOINT_PATTERN,
    'be "host:port", "[v6-address]:port" or a peer URI such as "tls://host:port"',
    300,
  )
    .nullable()
    .default(null)
    .meta({ ...endpointText }),
  allowedIPs: uniqueListField(
    allowedIpsText,
    cidrSchema({ title: 'Allowed IP', description: allowedIpsText.description }),
    MESH_ALLOWED_IPS_MAX,
  ),
  persistentKeepalive: integerSchema(keepaliveText, 1, 65535)
    .nullable()
    .default(null)
    .meta({ ...keepaliveText }),
});

const addressesText: FieldText = {
  title: 'Addresses',
  description:
    "This machine's mesh addresses with prefix length: its IPv4 address in the network's /24 and its IPv6 address in the /64 " +
    '(WireGuard; empty for Yggdrasil, which derives its address from the key).',
};
const privateKeyFileText: FieldText = {
  title: 'Private key file',
  description:
    'The file holding the private key on the machine, outside the Nix store (the panel delivers /run/clan-secrets/mesh/wireguard.key, ' +
    'or mesh/yggdrasil.key: JSON with PrivateKey). null: WireGuard generates one at /var/lib/clan/mesh/wireguard.key on first boot; ' +
    'Yggdrasil keeps a generated key.',
};

const domainText: FieldText = {
  title: 'Mesh name',
  description:
    "This machine's name in the phonebook, <machine>.<network>.clan. With it the machine serves its apps over HTTPS at " +
    'https://<app>.<domain> with the certificate the panel delivers (docs/https.md); null: no HTTPS.',
};
const nameserversText: FieldText = {
  title: 'Name servers',
  description: "The phonebook's mesh addresses (the panel host, .1 of the network); names under <network>.clan are resolved there.",
};
/** Mirrors nix/lib/formats.nix `meshDomain`. */
export const MESH_DOMAIN_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.clan$/;

const isIPv4Address = (value: string) =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(value) &&
  value.split('.').every((octet) => Number(octet) <= 255 && !(octet.length > 1 && octet.startsWith('0')));

function ipAddressSchema(text: FieldText) {
  return textSchema(text, { maxLength: 45 }).refine((value) => isIPv4Address(value) || parseIPv6(value) !== null, {
    error: (iss) =>
      `${text.title} must be an IPv4 or IPv6 address without prefix length, e.g. "10.42.0.1" or "fd42::1" (got ${quoteValue(iss.input)}).`,
  });
}

export const meshSchema = strictObject('The mesh settings', {
  enable: booleanField(
    { title: 'Join the mesh', description: 'Create the mesh interface with the addresses, key file and peers below.' },
    false,
  ),
  addresses: uniqueListField(addressesText, cidrSchema({ title: 'Address', description: addressesText.description }), MESH_ADDRESSES_MAX),
  listenPort: portField(
    {
      title: 'Listen port',
      description: 'Port the mesh listens on (UDP for WireGuard, TCP for Yggdrasil); opened on every interface.',
    },
    DEFAULT_MESH_LISTEN_PORT,
  ),
  privateKeyFile: secretFileSchema(privateKeyFileText)
    .nullable()
    .default(null)
    .meta({ ...privateKeyFileText }),
  domain: patternSchema(domainText, MESH_DOMAIN_PATTERN, 'be <machine>.<network>.clan in lower case, e.g. "files.family.clan"', 253)
    .nullable()
    .default(null)
    .meta({ ...domainText }),
  nameservers: uniqueListField(nameserversText, ipAddressSchema({ title: 'Name server', description: nameserversText.description }), 4),
  peers: z
    .array(meshPeerSchema, { error: (iss) => (iss.input === undefined ? 'Peers is required.' : 'Peers must be a list.') })
    .max(MESH_PEERS_MAX, { error: `Peers may list at most ${MESH_PEERS_MAX} entries.` })
    .superRefine((peers, ctx) => {
      const seen = new Set<string>();
      peers.forEach((peer, index) => {
        if (seen.has(peer.publicKey)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'publicKey'],
            message: `Peers lists the public key ${quoteValue(peer.publicKey)} more than once; WireGuard would merge the two.`,
          });
        }
        seen.add(peer.publicKey);
      });
    })
    .default(() => [])
    .meta({ title: 'Peers', description: 'The other members of the mesh this machine talks to, and what each one carries.' }),
});

export const MESH_SECTION_TEXT: FieldText = {
  title: 'Mesh (managed by the panel)',
  description:
    "The machine's place in the network's mesh VPN. The panel writes this section from the network's mesh and rewrites it whenever " +
    'a device or machine joins or leaves; edits made by hand are replaced. It never holds a private key.',
};

export type MeshSection = z.output<typeof meshSchema>;
export type MeshPeerSection = z.output<typeof meshPeerSchema>;
