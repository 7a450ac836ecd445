import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretBox } from '../../services/secrets/secret-box';

/**
 * One-time secrets for one host (docs/fleet-unlock.md, "The passphrase"): the admin's LUKS
 * passphrase travels from the panel to the host that binds, through the database, sealed to that
 * host's X25519 key. Each host keeps its private key in its own state directory, so neither the
 * database nor a task payload nor another host can read the passphrase; the panel only needs the
 * host's public key. Format: `x25519:v1:<ephemeral public key, base64>:<SecretBox of the text>`.
 */

const INFO = 'clan-unlock-secret';

export interface HostSealingKey {
  /** The raw 32-byte X25519 public key, base64: published in the host's tang_servers row. */
  publicKey: string;
  privateKey: KeyObject;
}

const rawPublic = (key: KeyObject): Buffer => Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
const publicFromRaw = (raw: Buffer): KeyObject =>
  createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });

function boxFor(shared: Buffer, ephemeral: Buffer, recipient: Buffer): SecretBox {
  return new SecretBox(Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), INFO, 32)));
}

/** This host's sealing key, `<stateDir>/secrets/unlock-x25519.pem` (0600), made on first use. */
export function loadOrCreateSealingKey(stateDir: string): HostSealingKey {
  const dir = join(stateDir, 'secrets');
  const file = join(dir, 'unlock-x25519.pem');
  let privateKey: KeyObject;
  if (existsSync(file)) privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  else {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    privateKey = generateKeyPairSync('x25519').privateKey;
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  return { publicKey: rawPublic(createPublicKey(privateKey)).toString('base64'), privateKey };
}

/** Seals `plain` so that only the host holding the private key of `publicKey` can open it. */
export function sealForHost(publicKey: string, plain: string): string {
  const recipient = Buffer.from(publicKey, 'base64');
  if (recipient.length !== 32) throw new Error('not an X25519 public key');
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralRaw = rawPublic(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicFromRaw(recipient) });
  return `x25519:v1:${ephemeralRaw.toString('base64')}:${boxFor(shared, ephemeralRaw, recipient).seal(plain)}`;
}

/** Opens what sealForHost sealed to this host; throws when it was sealed to another key or changed. */
export function openSealed(key: HostSealingKey, sealed: string): string {
  const [scheme, version, ephemeral, ...box] = sealed.split(':');
  if (scheme !== 'x25519' || version !== 'v1' || !ephemeral || !box.length) throw new Error('not a sealed host secret');
  const ephemeralRaw = Buffer.from(ephemeral, 'base64');
  const shared = diffieHellman({ privateKey: key.privateKey, publicKey: publicFromRaw(ephemeralRaw) });
  return boxFor(shared, ephemeralRaw, Buffer.from(key.publicKey, 'base64')).open(box.join(':'));
}
