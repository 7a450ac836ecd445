/**
 * A WireGuard key pair made in the browser (WebCrypto X25519), so only the
 * public key reaches the panel. WireGuard keys are the 32 raw bytes in base64
 * (44 characters); X25519 clamps the private scalar itself, so any 32 bytes
 * WebCrypto hands out are a valid WireGuard private key for the public key
 * WebCrypto derives.
 */

/** What the panel writes where the private key goes when the device brought its own key (libs/vpn). */
export const PRIVATE_KEY_PLACEHOLDER = '{{PRIVATE_KEY}}';

const WG_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export interface DeviceKeyPair {
  publicKey: string;
  privateKey: string;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** JWK fields are base64url without padding; WireGuard wants standard base64 with it. */
export function base64UrlToBase64(text: string): string {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return standard + '='.repeat((4 - (standard.length % 4)) % 4);
}

/** A 32-byte key in WireGuard's base64 form (the last character carries 4 bits, hence the narrow class). */
export function isWireGuardKey(text: string): boolean {
  return WG_KEY.test(text);
}

function subtleOf(subtle?: SubtleCrypto): SubtleCrypto | undefined {
  return subtle ?? globalThis.crypto?.subtle;
}

/**
 * Whether this browser can make an X25519 pair (Chromium 133+, Firefox 130+,
 * Safari 17+; never on plain-http LAN addresses, where `crypto.subtle` is
 * missing). Tries it rather than guessing from the user agent.
 */
export async function supportsX25519(subtle?: SubtleCrypto): Promise<boolean> {
  const s = subtleOf(subtle);
  if (!s) return false;
  try {
    await s.generateKey({ name: 'X25519' }, true, ['deriveBits']);
    return true;
  } catch {
    return false;
  }
}

export async function generateDeviceKeyPair(subtle?: SubtleCrypto): Promise<DeviceKeyPair> {
  const s = subtleOf(subtle);
  if (!s) throw new Error('This browser cannot make keys here (no WebCrypto; the page needs https or localhost).');
  const pair = (await s.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
  const publicRaw = new Uint8Array(await s.exportKey('raw', pair.publicKey));
  const jwk = await s.exportKey('jwk', pair.privateKey);
  if (publicRaw.length !== 32 || !jwk.d) throw new Error('The browser made an X25519 key of an unexpected form.');
  const privateKey = base64UrlToBase64(jwk.d);
  if (base64ToBytes(privateKey).length !== 32) throw new Error('The browser made an X25519 key of an unexpected form.');
  return { publicKey: bytesToBase64(publicRaw), privateKey };
}

/**
 * Puts the device's private key into the config the panel rendered for its
 * public key. Refuses a config without the placeholder (the panel made the key,
 * or the text is not what it sent) and anything but a WireGuard key.
 */
export function fillPrivateKey(config: string, privateKey: string): string {
  if (!isWireGuardKey(privateKey)) throw new Error('The private key is not a WireGuard key (44 characters of base64).');
  if (!config.includes(PRIVATE_KEY_PLACEHOLDER)) throw new Error(`The config has no ${PRIVATE_KEY_PLACEHOLDER} to fill.`);
  return config.split(PRIVATE_KEY_PLACEHOLDER).join(privateKey);
}
