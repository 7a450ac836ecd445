import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A WireGuard key pair in WireGuard's base64 format. The private key is a secret. */
export interface WireGuardKeyPair {
  privateKey: string;
  publicKey: string;
}

// PKCS#8 / SPKI DER prefixes for a raw 32-byte X25519 key (RFC 8410).
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function rawPublic(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519_PREFIX.length);
}

/** A fresh X25519 key pair (what `wg genkey | wg pubkey` produces). */
export function generateWireGuardKeyPair(): WireGuardKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const rawPrivate = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_X25519_PREFIX.length);
  return { privateKey: rawPrivate.toString('base64'), publicKey: rawPublic(publicKey).toString('base64') };
}

/** The public key for a base64 WireGuard private key (what `wg pubkey` does). */
export function wireGuardPublicKey(privateKeyBase64: string): string {
  const raw = Buffer.from(privateKeyBase64, 'base64');
  if (raw.length !== 32) throw new Error('A WireGuard private key is 32 bytes of base64');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  return rawPublic(createPublicKey(key)).toString('base64');
}

/** True for a syntactically valid WireGuard key (44 base64 chars, 32 bytes). */
export function isWireGuardKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(value) && Buffer.from(value, 'base64').length === 32;
}
