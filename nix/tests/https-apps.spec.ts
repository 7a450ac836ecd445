/**
 * Apps served by their mesh name (docs/https.md), offline: lib.machineSettings
 * of a machine whose mesh section has a domain (files.family.clan) serves
 * every enabled app with a web interface at https://<label>.files.family.clan
 * through nginx. The app then listens on loopback, its web port is no longer
 * open on the mesh (443 is), the virtual host proxies to exactly the port the
 * app listens on, the app's own base URL or trusted domains carry the name,
 * and nothing answers without a sign-in. Without a mesh domain nothing of
 * this happens (lib.appSettings' values, as before).
 */
import { evalExpr, evalLib, NIX_DIR, requireNix, Scratch } from './support/nix';

const DOMAIN = 'files.family.clan';
const MESH = { enable: true, addresses: ['10.100.3.2/24'], domain: DOMAIN, nameservers: ['10.100.3.1'] };

interface Location {
  proxyPass?: string;
  proxyWebsockets?: boolean;
  recommendedProxySettings?: boolean;
  extraConfig?: string;
  return?: string;
}
interface VirtualHost {
  forceSSL: boolean;
  sslCertificate: string;
  sslCertificateKey: string;
  default?: boolean;
  locations?: Record<string, Location>;
}
type AnyRecord = Record<string, unknown>;
interface Settings {
  services: AnyRecord & { nginx?: { virtualHosts: Record<string, VirtualHost> } };
  networking: {
    firewall: {
      interfaces?: Record<string, { allowedTCPPorts?: number[]; allowedUDPPorts?: number[] }>;
      allowedTCPPorts?: number[];
    };
  };
  systemd?: { services: Record<string, AnyRecord> };
}

let scratch: Scratch;
beforeAll(() => {
  requireNix();
  scratch = new Scratch();
});
afterAll(() => scratch.remove());

const machineSettings = (machine: unknown) => evalLib<Settings>(scratch, 'lib.machineSettings data', machine);
const withMesh = (applications: AnyRecord, extra: AnyRecord = {}) => machineSettings({ applications, mesh: MESH, ...extra });

/** Every string anywhere in a value, with its path. */
function strings(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

const get = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as AnyRecord)[key] : undefined), value);

/**
 * Per app: where it says which address and port it listens on, and where its
 * base URL or trusted names are. Jellyfin has no listen option in nixpkgs
 * (it listens everywhere; the firewall keeps 8096 off the mesh).
 */
const APPS: Record<
  string,
  { label: string; port: number; listen?: [string, string]; named: Record<string, unknown>; closed?: Record<string, unknown> }
> = {
  syncthing: {
    label: 'syncthing',
    port: 8384,
    listen: ['syncthing.guiAddress', ''],
    named: {},
  },
  forgejo: {
    label: 'forgejo',
    port: 3000,
    listen: ['forgejo.settings.server.HTTP_ADDR', 'forgejo.settings.server.HTTP_PORT'],
    named: {
      'forgejo.settings.server.ROOT_URL': 'https://forgejo.files.family.clan/',
      'forgejo.settings.server.DOMAIN': 'forgejo.files.family.clan',
    },
    closed: { 'forgejo.settings.service.DISABLE_REGISTRATION': true },
  },
  vaultwarden: {
    label: 'vaultwarden',
    port: 8222,
    listen: ['vaultwarden.config.ROCKET_ADDRESS', 'vaultwarden.config.ROCKET_PORT'],
    // Quoted for systemd's EnvironmentFile (lib/encode.nix).
    named: { 'vaultwarden.config.DOMAIN': "'https://vaultwarden.files.family.clan'" },
    closed: { 'vaultwarden.config.SIGNUPS_ALLOWED': false },
  },
  paperless: {
    label: 'paperless',
    port: 28981,
    listen: ['paperless.address', 'paperless.port'],
    named: { 'paperless.settings.PAPERLESS_URL': 'https://paperless.files.family.clan' },
    closed: { 'paperless.settings.PAPERLESS_AUTO_LOGIN_USERNAME': undefined },
  },
  homeAssistant: {
    label: 'home-assistant',
    port: 8123,
    listen: ['home-assistant.config.http.server_host', 'home-assistant.config.http.server_port'],
    // It accepts the proxy's X-Forwarded-For from loopback only.
    named: { 'home-assistant.config.http.use_x_forwarded_for': true, 'home-assistant.config.http.trusted_proxies': ['127.0.0.1'] },
  },
  jellyfin: { label: 'jellyfin', port: 8096, named: {} },
};

describe('a machine with a mesh name serves each web app at https://<label>.<machine>.<network>.clan', () => {
  let credentials: Record<string, { dir: string; files: string[] }>;
  let webInterfaces: Record<string, { label: string }>;
  beforeAll(() => {
    credentials = evalLib(scratch, 'lib.appCredentials');
    webInterfaces = evalLib(scratch, 'builtins.mapAttrs (_: w: { inherit (w) label; }) lib.webInterfaces');
  });

  it('covers every catalog app with a web interface', () => {
    expect(Object.keys(webInterfaces).sort()).toEqual([...Object.keys(APPS), 'nextcloud'].sort());
    for (const [app, spec] of Object.entries(APPS)) expect(webInterfaces[app].label).toBe(spec.label);
  });

  it.each(Object.keys(APPS))('%s: listens on loopback, only 443 on the mesh, proxied to exactly its port, named, signed in', (app) => {
    const spec = APPS[app];
    const s = withMesh({ [app]: { enable: true } });
    const host = `${spec.label}.${DOMAIN}`;

    // Loopback (Jellyfin: no listen option, the firewall is what keeps it off the mesh).
    if (spec.listen) {
      const [addressPath, portPath] = spec.listen;
      const address = get(s.services, addressPath);
      if (portPath === '') expect(address).toBe(`127.0.0.1:${spec.port}`);
      else expect({ address, port: get(s.services, portPath) }).toEqual({ address: '127.0.0.1', port: spec.port });
    }

    // The mesh admits 443 (and 80, which redirects), not the web port.
    const mesh = s.networking.firewall.interfaces?.['clan-wg'];
    expect(mesh?.allowedTCPPorts).toEqual(expect.arrayContaining([80, 443]));
    expect(mesh?.allowedTCPPorts).not.toContain(spec.port);
    expect(s.networking.firewall.allowedTCPPorts).toBeUndefined();

    // nginx: the app's name, the certificate from the secrets disk, exactly its port.
    const vhost = s.services.nginx?.virtualHosts[host];
    expect(vhost).toMatchObject({
      forceSSL: true,
      sslCertificate: '/run/clan-secrets/tls/cert.pem',
      sslCertificateKey: '/run/clan-secrets/tls/key.pem',
    });
    expect(vhost?.locations?.['/'].proxyPass).toBe(`http://127.0.0.1:${spec.port}`);
    expect(Object.keys(s.services.nginx?.virtualHosts ?? {}).sort()).toEqual([DOMAIN, host]);

    // Its own idea of its name.
    for (const [path, value] of Object.entries(spec.named)) expect({ path, value: get(s.services, path) }).toEqual({ path, value });

    // Nothing answers without signing in: the panel's credential is read from the secrets disk…
    const cred = credentials[app];
    const secretPaths = cred.files.map((f) => `/run/clan-secrets/apps/${cred.dir}/${f}`);
    const all = strings(s);
    expect(all.some((x) => secretPaths.some((p) => x.value.includes(p)))).toBe(true);
    expect(all.filter((x) => x.value.includes('/nix/store'))).toEqual([]);
    // …and sign-ups stay closed.
    for (const [path, value] of Object.entries(spec.closed ?? {})) expect({ path, value: get(s.services, path) }).toEqual({ path, value });
  });

  it('Syncthing: nginx hands it its loopback address as Host (it refuses other names on loopback)', () => {
    const location = withMesh({ syncthing: { enable: true, guiPort: 8385 } }).services.nginx?.virtualHosts[`syncthing.${DOMAIN}`]
      .locations?.['/'];
    expect(location).toEqual({
      proxyPass: 'http://127.0.0.1:8385',
      proxyWebsockets: true,
      recommendedProxySettings: false,
      extraConfig: 'proxy_set_header Host 127.0.0.1:8385;\n',
    });
  });

  it('Nextcloud: its own nginx virtual host is the mesh name, with the certificate; links are https, the name is trusted', () => {
    const s = withMesh({ nextcloud: { enable: true, hostName: 'cloud' } });
    const host = `nextcloud.${DOMAIN}`;
    expect(s.services['nextcloud']).toMatchObject({
      hostName: host,
      https: true,
      settings: { overwriteprotocol: 'https', trusted_domains: [host] },
      config: { adminpassFile: '/run/clan-secrets/apps/nextcloud/admin-password' },
    });
    // nixpkgs' nextcloud module defines the virtual host (root, PHP); we add TLS only, no proxy.
    expect(s.services.nginx?.virtualHosts[host]).toEqual({
      forceSSL: true,
      sslCertificate: '/run/clan-secrets/tls/cert.pem',
      sslCertificateKey: '/run/clan-secrets/tls/key.pem',
    });
    expect(s.networking.firewall.interfaces?.['clan-wg']).toEqual({ allowedTCPPorts: [80, 443] });
  });

  it("the machine's own name lists its apps; the phonebook resolves the network's names", () => {
    const s = withMesh({ nextcloud: { enable: true }, vaultwarden: { enable: true }, mumbleServer: { enable: true } });
    expect(s.services.nginx?.virtualHosts[DOMAIN].locations?.['/'].return).toBe(
      `200 'https://nextcloud.${DOMAIN}/\\nhttps://vaultwarden.${DOMAIN}/\\n'`,
    );
    // Mumble has no web interface: its ports stay open on the mesh, as before.
    expect(s.networking.firewall.interfaces?.['clan-wg']).toEqual({ allowedTCPPorts: [64738, 80, 443], allowedUDPPorts: [64738] });
    expect(s.systemd?.services['clan-mesh-dns']['script']).toContain("resolvectl domain clan-wg '~family.clan'");
  });

  it('a published web port keeps listening on every address (publish opens it beyond the mesh); the proxy still serves it', () => {
    const s = withMesh({ vaultwarden: { enable: true }, forgejo: { enable: true } }, { publish: [{ app: 'vaultwarden', port: 8222 }] });
    expect(get(s.services, 'vaultwarden.config.ROCKET_ADDRESS')).toBe('0.0.0.0');
    expect(get(s.services, 'forgejo.settings.server.HTTP_ADDR')).toBe('127.0.0.1');
    expect(s.networking.firewall.allowedTCPPorts).toEqual([8222]);
    expect(s.services.nginx?.virtualHosts[`vaultwarden.${DOMAIN}`].locations?.['/'].proxyPass).toBe('http://127.0.0.1:8222');
  });

  it('Vaultwarden: a domain the user set wins over the mesh name', () => {
    const s = withMesh({ vaultwarden: { enable: true, domain: 'https://vault.example.org' } });
    expect(get(s.services, 'vaultwarden.config.DOMAIN')).toBe("'https://vault.example.org'");
  });
});

describe('without a mesh name: as before', () => {
  it.each([...Object.keys(APPS), 'nextcloud'])('%s: the values lib.appSettings gives, no nginx, no loopback', (app) => {
    const plain = evalLib<Settings>(scratch, `lib.appSettings.${app} { enable = true; } "clan-wg"`);
    for (const mesh of [
      { ...MESH, domain: null },
      { ...MESH, enable: false },
    ]) {
      const s = machineSettings({ applications: { [app]: { enable: true } }, mesh });
      expect(s).toEqual(plain);
    }
    expect(machineSettings({ applications: { [app]: { enable: true } } })).toEqual(plain);
    expect(strings(plain).filter((x) => x.value.startsWith('127.0.0.1'))).toEqual([]);
  });
});

describe('the family-server example with its mesh section and a mesh name', () => {
  it('evaluates: every web app behind nginx, the published Nextcloud port open beyond the mesh', () => {
    const out = evalExpr<{ hosts: string[]; published: number[]; nextcloud: string }>(
      `{ nixDir }: let
        lib = import (nixDir + "/lib");
        configs = builtins.fromJSON (builtins.readFile (nixDir + "/examples/configs.json"));
        override = (import (nixDir + "/examples/overrides/family-server.nix") { }).clan.mesh;
        s = lib.machineSettings (configs.family-server // { mesh = override; });
      in {
        hosts = builtins.attrNames s.services.nginx.virtualHosts;
        published = s.networking.firewall.allowedTCPPorts;
        nextcloud = s.services.nextcloud.hostName;
      }`,
      { nixDir: NIX_DIR },
    );
    const domain = 'family-server.home.clan';
    expect(out.hosts.sort()).toEqual([domain, ...['forgejo', 'nextcloud', 'syncthing', 'vaultwarden'].map((l) => `${l}.${domain}`)].sort());
    expect(out.published).toEqual([80]);
    expect(out.nextcloud).toBe(`nextcloud.${domain}`);
  });
});
