import { parseConfigs, validateConfigs, type ConfigError } from './config-schema';
import { machineJsonSchema } from './json-schema';
import { cidrProblem } from './mesh-schema';

const KEY_A = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const KEY_B = 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=';

/** A mesh section as the panel writes it. */
const section = {
  enable: true,
  addresses: ['10.100.0.2/24', 'fd3c:8a21:9f04::2/64'],
  listenPort: 51820,
  privateKeyFile: '/run/clan-secrets/mesh/wireguard.key',
  domain: 'files.family.clan',
  nameservers: ['10.100.0.1', 'fd3c:8a21:9f04::1'],
  peers: [
    { publicKey: KEY_A, endpoint: '203.0.113.7:51820', allowedIPs: ['10.100.0.3/32', 'fd3c:8a21:9f04::3/128'], persistentKeepalive: 25 },
    { publicKey: KEY_B, endpoint: null, allowedIPs: ['10.100.0.0/24', 'fd3c:8a21:9f04::/64'], persistentKeepalive: null },
  ],
};

function errorsOf(mesh: unknown, extra: Record<string, unknown> = {}): ConfigError[] {
  const result = validateConfigs({ m: { ...extra, mesh } });
  if (result.ok) throw new Error(`expected the mesh section ${JSON.stringify(mesh)} to be invalid`);
  return result.errors;
}

describe('the mesh section of a machine', () => {
  it('is absent by default and stays absent (a machine joins when the panel writes it)', () => {
    expect(parseConfigs({ m: {} })['m']).not.toHaveProperty('mesh');
  });

  it('keeps what the panel writes, unchanged, and validates to itself', () => {
    const m = parseConfigs({ m: { mesh: section } })['m'];
    expect(m.mesh).toEqual(section);
    expect(parseConfigs({ m })['m']).toEqual(m);
  });

  it('fills the defaults of a partial section and of its peers', () => {
    expect(parseConfigs({ m: { mesh: { addresses: ['10.0.0.2/24'], peers: [{ publicKey: KEY_A }] } } })['m'].mesh).toEqual({
      enable: false,
      addresses: ['10.0.0.2/24'],
      listenPort: 51820,
      privateKeyFile: null,
      domain: null,
      nameservers: [],
      peers: [{ publicKey: KEY_A, endpoint: null, allowedIPs: [], persistentKeepalive: null }],
    });
  });

  it.each([
    [{ ...section, privateKey: 'c2VjcmV0' }, '$.m.mesh', /unknown setting "privateKey"; known settings are enable, addresses/],
    [
      { ...section, privateKeyFile: '/nix/store/abc-wireguard.key' },
      '$.m.mesh.privateKeyFile',
      'Private key file must be a file outside the Nix store, which is world-readable (got "/nix/store/abc-wireguard.key").',
    ],
    [{ ...section, privateKeyFile: 'wireguard.key' }, '$.m.mesh.privateKeyFile', /must be an absolute path/],
    [
      { ...section, addresses: ['10.100.0.2'] },
      '$.m.mesh.addresses[0]',
      'Address must be an address with prefix length, e.g. "10.100.0.2/24" or "fd42::2/64" (got "10.100.0.2").',
    ],
    [{ ...section, domain: 'Files.family.clan' }, '$.m.mesh.domain', /must be <machine>\.<network>\.clan in lower case/],
    [{ ...section, domain: 'files.clan' }, '$.m.mesh.domain', /must be <machine>\.<network>\.clan/],
    [
      { ...section, nameservers: ['10.100.0.1/24'] },
      '$.m.mesh.nameservers[0]',
      'Name server must be an IPv4 or IPv6 address without prefix length, e.g. "10.42.0.1" or "fd42::1" (got "10.100.0.1/24").',
    ],
    [{ ...section, addresses: ['10.100.0.256/24'] }, '$.m.mesh.addresses[0]', /"10\.100\.0\.256" is not an IPv4 address\.$/],
    [{ ...section, addresses: ['10.100.0.2/33'] }, '$.m.mesh.addresses[0]', 'Address has the IPv4 prefix length /33; it must be 0 to 32.'],
    [{ ...section, addresses: ['fd::1::2/64'] }, '$.m.mesh.addresses[0]', /neither an IPv4 nor an IPv6 address\.$/],
    [{ ...section, enable: true, addresses: [] }, '$.m.mesh.addresses', /at least one address for the WireGuard mesh/],
    [{ ...section, listenPort: 0 }, '$.m.mesh.listenPort', 'Listen port must be a port number from 1 to 65535.'],
    [{ ...section, peers: [{ publicKey: 'k"ey' }] }, '$.m.mesh.peers[0].publicKey', /must be a base64 \(WireGuard\) or hex/],
    [{ ...section, peers: [{ publicKey: KEY_A, endpoint: 'nowhere' }] }, '$.m.mesh.peers[0].endpoint', /must be "host:port"/],
    [{ ...section, peers: [{ publicKey: KEY_A, persistentKeepalive: 0 }] }, '$.m.mesh.peers[0].persistentKeepalive', /from 1 to 65535/],
    [
      { ...section, peers: [{ publicKey: KEY_A }, { publicKey: KEY_A }] },
      '$.m.mesh.peers[1].publicKey',
      /more than once; WireGuard would merge/,
    ],
    [{ ...section, peers: 'all' }, '$.m.mesh.peers', 'Peers must be a list.'],
    ['on', '$.m.mesh', 'The mesh settings must be an object of settings (got string "on").'],
  ])('refuses %j with a sentence at its path', (mesh, path, message) => {
    const errors = errorsOf(mesh);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(path);
    if (typeof message === 'string') expect(errors[0].message).toBe(message);
    else expect(errors[0].message).toMatch(message);
  });

  it('needs no addresses while it is disabled, or on Yggdrasil (whose address comes from its key)', () => {
    expect(validateConfigs({ m: { mesh: { enable: false } } }).ok).toBe(true);
    expect(validateConfigs({ m: { networkLayer: 'yggdrasil', mesh: { enable: true } } }).ok).toBe(true);
  });

  it('is documented as managed by the panel (read-only in generated forms)', () => {
    const mesh = (machineJsonSchema()['properties'] as Record<string, Record<string, unknown>>)['mesh'];
    expect(mesh).toMatchObject({ title: 'Mesh (managed by the panel)', readOnly: true });
    expect(mesh['description']).toMatch(/never holds a private key/);
  });
});

describe('cidrProblem', () => {
  it.each(['10.100.0.2/24', '0.0.0.0/0', 'fd3c:8a21:9f04::2/64', '::/0', '2001:db8::1/128'])('accepts %s', (cidr) => {
    expect(cidrProblem(cidr)).toBeNull();
  });
  it.each(['10.100.0.2', '10.1.2/24', '010.1.2.3/8', 'fd::/129', 'x/8', '/24', '10.0.0.1/24/1'])('refuses %s', (cidr) => {
    expect(cidrProblem(cidr)).toEqual(expect.any(String));
  });
});
