import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { VpnError } from '../errors';

/**
 * Yggdrasil keys: ed25519, written as Yggdrasil's config does — the public key
 * as 64 hex digits, the private key as 128 hex digits (the 32-byte seed
 * followed by the public key, Go's ed25519.PrivateKey). The private key is a
 * secret.
 */
export interface YggdrasilKeyPair {
  privateKey: string;
  publicKey: string;
}

// PKCS#8 / SPKI DER prefixes for a raw 32-byte Ed25519 key (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function rawPublic(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
}

export function generateYggdrasilKeyPair(): YggdrasilKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519_PREFIX.length);
  const pub = rawPublic(publicKey);
  return { privateKey: Buffer.concat([seed, pub]).toString('hex'), publicKey: pub.toString('hex') };
}

export function isYggdrasilPublicKey(value: string): boolean {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** The public key of a private key (128 hex digits, or the 64-digit seed alone). */
export function yggdrasilPublicKey(privateKeyHex: string): string {
  if (typeof privateKeyHex !== 'string' || !/^([0-9a-f]{64}|[0-9a-f]{128})$/.test(privateKeyHex)) {
    throw new VpnError('INVALID_KEY', 'A Yggdrasil private key is 128 lower-case hex digits (seed and public key).');
  }
  const seed = Buffer.from(privateKeyHex.slice(0, 64), 'hex');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const pub = rawPublic(createPublicKey(key)).toString('hex');
  if (privateKeyHex.length === 128 && privateKeyHex.slice(64) !== pub) {
    throw new VpnError('INVALID_KEY', 'The Yggdrasil private key is inconsistent: its second half is not the public key of its seed.');
  }
  return pub;
}
