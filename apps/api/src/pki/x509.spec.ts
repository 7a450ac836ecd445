import { X509Certificate } from 'node:crypto';
import {
  createNetworkCa,
  issueMachineCertificate,
  machineDnsNames,
  mobileConfig,
  needsRenewal,
  notAfterOf,
  pemToDer,
  permittedNames,
  sanKey,
} from './x509';

const DAY = 24 * 3600_000;

describe('network CA (x509)', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  let ca: Awaited<ReturnType<typeof createNetworkCa>>;
  beforeAll(async () => {
    ca = await createNetworkCa('family', ['10.100.3.0/24', 'fd3c:8a21:9f04::/64'], now);
  });

  it('is a CA for 10 years, constrained to family.clan and the mesh ranges', () => {
    const cert = new X509Certificate(ca.certificatePem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toContain('CN=cLAN family network CA');
    expect(new Date(cert.validTo).getTime() - now.getTime()).toBeGreaterThan(3649 * DAY);
    expect(permittedNames(ca.certificatePem)).toEqual({
      critical: true,
      names: ['dns:family.clan', 'ip:10.100.3.0/24', 'ip:fd3c:8a21:9f04::/64'],
    });
    expect(ca.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("issues a machine certificate the CA verifies, for the machine's names and addresses, for a year", async () => {
    const leaf = await issueMachineCertificate(ca, { dnsNames: machineDnsNames('files', 'family'), ipAddresses: ['10.100.3.5'] }, now);
    const cert = new X509Certificate(leaf.certificatePem);
    const issuer = new X509Certificate(ca.certificatePem);
    expect(cert.checkIssued(issuer)).toBe(true);
    expect(cert.verify(issuer.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBe('DNS:files.family.clan, DNS:*.files.family.clan, IP Address:10.100.3.5');
    expect(cert.checkHost('nextcloud.files.family.clan')).toBe('*.files.family.clan');
    expect(cert.checkHost('files.family.clan')).toBe('files.family.clan');
    expect(cert.checkHost('files.work.clan')).toBeUndefined();
    const days = (notAfterOf(leaf.certificatePem).getTime() - now.getTime()) / DAY;
    expect(Math.round(days)).toBe(365);
  });

  it('renews when missing, when the names change, and within 30 days of the end', () => {
    const wanted = { dnsNames: ['a.family.clan'], ipAddresses: ['10.100.3.5'] };
    const key = sanKey(wanted);
    expect(needsRenewal(null, wanted, now)).toBe(true);
    expect(needsRenewal({ notAfter: new Date(now.getTime() + 200 * DAY), sanKey: key }, wanted, now)).toBe(false);
    expect(needsRenewal({ notAfter: new Date(now.getTime() + 29 * DAY), sanKey: key }, wanted, now)).toBe(true);
    expect(needsRenewal({ notAfter: new Date(now.getTime() + 200 * DAY), sanKey: key }, { ...wanted, ipAddresses: [] }, now)).toBe(true);
  });

  it('offers the CA as DER and as an Apple profile', () => {
    const der = pemToDer(ca.certificatePem);
    expect(new X509Certificate(der).fingerprint256).toBe(new X509Certificate(ca.certificatePem).fingerprint256);
    const profile = mobileConfig(ca.certificatePem, 'family');
    expect(profile).toContain('<string>com.apple.security.root</string>');
    expect(profile).toContain(`<data>${der.toString('base64')}</data>`);
    expect(profile).toBe(mobileConfig(ca.certificatePem, 'family'));
  });
});
