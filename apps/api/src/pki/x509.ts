// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect polyfill loaded first (the app loads it too).
import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, id_ce_nameConstraints, NameConstraints } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';

/**
 * The certificate work of the per-network CA (docs/https.md), without the
 * database: key pairs, the CA certificate, machine certificates, renewal and
 * the file formats members install. @peculiar/x509 on Node's WebCrypto.
 */
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600_000;
export const CA_VALIDITY_DAYS = 3650;
export const LEAF_VALIDITY_DAYS = 365;
/** A machine certificate with fewer days left than this is replaced at the next deployment. */
export const RENEW_BEFORE_DAYS = 30;

export interface KeyAndCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

/** The DNS zone a network's CA may vouch for: `<network>.clan`. */
export const networkZone = (network: string) => `${network}.clan`;

/** `files.family.clan` and `*.files.family.clan` (each app at `<app>.files.family.clan`). */
export function machineDnsNames(machine: string, network: string): string[] {
  const host = `${machine}.${networkZone(network)}`;
  return [host, `*.${host}`];
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f; // positive
  return bytes.toString('hex');
}

async function keyPair(): Promise<CryptoKeyPair> {
  return await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decode(pem)[0];
  return await webcrypto.subtle.importKey('pkcs8', der, ALG, false, ['sign']);
}

/**
 * The name-constraints extension (critical): the CA can only vouch for names
 * under `<network>.clan` and, when given, addresses in the mesh ranges. A
 * member who installs it trusts it for the mesh and nothing else (browsers
 * enforce constraints on user-installed roots: Chrome, Firefox, Safari).
 */
function nameConstraints(zone: string, ipRanges: readonly string[]): x509.Extension {
  const permitted = new GeneralSubtrees([
    new GeneralSubtree({ base: new GeneralName({ dNSName: zone }) }),
    ...ipRanges.map((cidr) => new GeneralSubtree({ base: new GeneralName({ iPAddress: cidr }) })),
  ]);
  const value = AsnConvert.serialize(new NameConstraints({ permittedSubtrees: permitted }));
  return new x509.Extension(id_ce_nameConstraints, true, value);
}

/** A network's CA: self-signed, P-256, 10 years, path length 0, constrained to `<network>.clan` (and the mesh ranges). */
export async function createNetworkCa(network: string, ipRanges: readonly string[], now: Date): Promise<KeyAndCertificate> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=cLAN ${network} network CA, O=cLAN`,
    notBefore: new Date(now.getTime() - 3600_000),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      nameConstraints(networkZone(network), ipRanges),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificatePem: cert.toString('pem'), privateKeyPem: await privateKeyPem(keys.privateKey) };
}

export interface LeafRequest {
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
}

/** A machine's certificate, signed by the network's CA: its names and mesh addresses, 1 year, server auth only. */
export async function issueMachineCertificate(ca: KeyAndCertificate, request: LeafRequest, now: Date): Promise<KeyAndCertificate> {
  const caCert = new x509.X509Certificate(ca.certificatePem);
  const keys = await keyPair();
  const notAfter = new Date(Math.min(now.getTime() + LEAF_VALIDITY_DAYS * DAY_MS, caCert.notAfter.getTime()));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${request.dnsNames[0]}`,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 3600_000),
    notAfter,
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: await importPrivateKey(ca.privateKeyPem),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...request.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...request.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certificatePem: cert.toString('pem'), privateKeyPem: await privateKeyPem(keys.privateKey) };
}

/** The request as one comparable string: a machine whose names or addresses changed gets a new certificate. */
export function sanKey(request: LeafRequest): string {
  return [...request.dnsNames.map((n) => `dns:${n}`), ...request.ipAddresses.map((a) => `ip:${a}`)].sort().join(',');
}

/** Whether a machine certificate must be replaced: missing, for other names, or fewer than RENEW_BEFORE_DAYS days left. */
export function needsRenewal(current: { notAfter: Date; sanKey: string } | null, wanted: LeafRequest, now: Date): boolean {
  if (!current) return true;
  if (current.sanKey !== sanKey(wanted)) return true;
  return current.notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS;
}

export function notAfterOf(certificatePem: string): Date {
  return new x509.X509Certificate(certificatePem).notAfter;
}

/** DER bytes (the `.crt` Android and Windows install). */
export function pemToDer(pem: string): Buffer {
  return Buffer.from(x509.PemConverter.decode(pem)[0]);
}

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An Apple configuration profile (iOS, iPadOS, macOS) carrying the CA as a
 * root certificate payload. Unsigned: the device shows it as "Not Verified";
 * it is installed from Settings → Profile Downloaded, then trusted in
 * Settings → General → About → Certificate Trust Settings (docs/https.md).
 */
export function mobileConfig(caPem: string, network: string): string {
  const der = pemToDer(caPem).toString('base64');
  const fingerprint = createHash('sha256').update(pemToDer(caPem)).digest('hex');
  const id = `clan.${network}.ca`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadCertificateFileName</key>
      <string>${xml(network)}-clan-ca.crt</string>
      <key>PayloadContent</key>
      <data>${der}</data>
      <key>PayloadDisplayName</key>
      <string>${xml(`cLAN ${network} network CA`)}</string>
      <key>PayloadIdentifier</key>
      <string>${xml(`${id}.root`)}</string>
      <key>PayloadType</key>
      <string>com.apple.security.root</string>
      <key>PayloadUUID</key>
      <string>${uuidFrom(`${fingerprint}:root`)}</string>
      <key>PayloadVersion</key>
      <integer>1</integer>
    </dict>
  </array>
  <key>PayloadDescription</key>
  <string>${xml(`Lets this device open the apps of the ${network} network at https://….${network}.clan.`)}</string>
  <key>PayloadDisplayName</key>
  <string>${xml(`cLAN ${network} network`)}</string>
  <key>PayloadIdentifier</key>
  <string>${xml(id)}</string>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadUUID</key>
  <string>${uuidFrom(`${fingerprint}:profile`)}</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
`;
}

/** The names a CA may vouch for (its permitted subtrees: `dns:family.clan`, `ip:10.100.3.0/24`), and whether the constraint is critical; null without one. */
export function permittedNames(caPem: string): { critical: boolean; names: string[] } | null {
  const ext = new x509.X509Certificate(caPem).getExtension(id_ce_nameConstraints);
  if (!ext) return null;
  const parsed = AsnConvert.parse(ext.value, NameConstraints);
  const names = (parsed.permittedSubtrees ?? []).map(({ base }) => (base.dNSName ? `dns:${base.dNSName}` : `ip:${base.iPAddress ?? '?'}`));
  return { critical: ext.critical, names };
}
