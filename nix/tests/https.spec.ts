/**
 * HTTPS inside the mesh (docs/https.md), offline: lib.https.settings gives
 * nginx the certificate from the secrets disk, one virtual host per app at
 * <app>.<machine>.<network>.clan proxying to the app on loopback, 443/80 on
 * the mesh interface only, and the phonebook as resolver for the network's
 * zone on that interface.
 */
import { evalLib, evalLibError, requireNix, Scratch } from './support/nix';

let scratch: Scratch;
beforeAll(() => {
  requireNix();
  scratch = new Scratch();
});
afterAll(() => scratch.remove());

interface Settings {
  services: {
    nginx: {
      virtualHosts: Record<
        string,
        {
          forceSSL: boolean;
          sslCertificate: string;
          sslCertificateKey: string;
          locations: Record<string, { proxyPass?: string; return?: string }>;
        }
      >;
    };
    resolved?: { enable: boolean };
  };
  networking: { firewall: { interfaces: Record<string, { allowedTCPPorts: number[] }>; allowedTCPPorts?: number[] } };
  systemd: { services: Record<string, { unitConfig?: { RequiresMountsFor: string[] }; script?: string }> };
}

const settings = (data: unknown) => evalLib<Settings>(scratch, 'lib.https.settings data', data);

describe('lib.https.settings', () => {
  let s: Settings;
  beforeAll(() => {
    s = settings({
      domain: 'files.family.clan',
      meshInterface: 'clan-wg',
      apps: { nextcloud: 8080, vaultwarden: 8222 },
      nameservers: ['10.100.3.1', 'fd3c:8a21:9f04::1'],
    });
  });

  it('serves each app at https://<app>.<machine>.<network>.clan with the certificate on the secrets disk, proxied to loopback', () => {
    const hosts = s.services.nginx.virtualHosts;
    expect(Object.keys(hosts).sort()).toEqual(['files.family.clan', 'nextcloud.files.family.clan', 'vaultwarden.files.family.clan']);
    for (const host of Object.values(hosts)) {
      expect(host).toMatchObject({
        forceSSL: true,
        sslCertificate: '/run/clan-secrets/tls/cert.pem',
        sslCertificateKey: '/run/clan-secrets/tls/key.pem',
      });
    }
    expect(hosts['nextcloud.files.family.clan'].locations['/'].proxyPass).toBe('http://127.0.0.1:8080');
    expect(hosts['vaultwarden.files.family.clan'].locations['/'].proxyPass).toBe('http://127.0.0.1:8222');
    expect(s.systemd.services['nginx'].unitConfig?.RequiresMountsFor).toEqual(['/run/clan-secrets/tls']);
  });

  it('opens 443 (and 80, which redirects) on the mesh interface only', () => {
    expect(s.networking.firewall.interfaces).toEqual({ 'clan-wg': { allowedTCPPorts: [80, 443] } });
    expect(s.networking.firewall.allowedTCPPorts).toBeUndefined();
  });

  it("resolves the network's zone through the phonebook on the mesh interface", () => {
    expect(s.services.resolved).toEqual({ enable: true });
    const script = s.systemd.services['clan-mesh-dns'].script ?? '';
    expect(script).toContain('resolvectl dns clan-wg 10.100.3.1 fd3c:8a21:9f04::1');
    expect(script).toContain("resolvectl domain clan-wg '~family.clan'");
  });

  it('an app entry may ask for its loopback address as Host, or bring its own virtual host (TLS only); anything else is refused', () => {
    const t = settings({
      domain: 'files.family.clan',
      meshInterface: 'clan-ygg',
      apps: { syncthing: { port: 8384, loopbackHostHeader: true }, nextcloud: { port: 80, ownVirtualHost: true } },
    });
    expect(t.services.nginx.virtualHosts['syncthing.files.family.clan'].locations['/']).toEqual({
      proxyPass: 'http://127.0.0.1:8384',
      proxyWebsockets: true,
      recommendedProxySettings: false,
      extraConfig: 'proxy_set_header Host 127.0.0.1:8384;\n',
    });
    expect(t.services.nginx.virtualHosts['nextcloud.files.family.clan']).toEqual({
      forceSSL: true,
      sslCertificate: '/run/clan-secrets/tls/cert.pem',
      sslCertificateKey: '/run/clan-secrets/tls/key.pem',
    });
    // No phonebook addresses: no resolver unit.
    expect(t.services.resolved).toBeUndefined();
    expect(
      evalLibError(scratch, 'lib.https.settings data', { domain: 'files.family.clan', meshInterface: 'clan-wg', apps: { x: { prt: 1 } } }),
    ).toBe('clan: https.apps.x must be a port or { port; loopbackHostHeader; ownVirtualHost; }.');
  });

  it('refuses a domain that is not <machine>.<network>.clan', () => {
    expect(evalLibError(scratch, 'lib.https.settings data', { domain: 'files.example.com', meshInterface: 'clan-wg' })).toBe(
      'clan: https.domain "files.example.com" is not <machine>.<network>.clan.',
    );
  });
});
