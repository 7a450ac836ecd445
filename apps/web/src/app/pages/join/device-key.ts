/**
 * A device's key pair made in the browser, so only the public key reaches the
 * panel. The network's mesh layer says which (the invite preview's
 * `layer.keyAlgorithm`); each algorithm has a maker here (DEVICE_KEY_MAKERS):
 *
 * - X25519 (WireGuard): the 32 raw bytes in base64 (44 characters); X25519
 *   clamps the private scalar itself, so any 32 bytes WebCrypto hands out are
 *   a valid WireGuard private key for the public key WebCrypto derives.
 * - Ed25519 (Yggdrasil): as Yggdrasil's config writes them, the public key in
 *   64 hex digits, the private key 128 (the 32-byte seed, then the public key).
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

const YGGDRASIL_PRIVATE = /^[0-9a-f]{128}$/;

function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether this browser can make an Ed25519 pair (tried, as for X25519). */
export async function supportsEd25519(subtle?: SubtleCrypto): Promise<boolean> {
  const s = subtleOf(subtle);
  if (!s) return false;
  try {
    await s.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}

/** An Ed25519 pair in Yggdrasil's form: public key 64 hex digits, private key 128 (seed ‖ public key). */
export async function generateEd25519KeyPair(subtle?: SubtleCrypto): Promise<DeviceKeyPair> {
  const s = subtleOf(subtle);
  if (!s) throw new Error('This browser cannot make keys here (no WebCrypto; the page needs https or localhost).');
  const pair = await s.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const publicRaw = new Uint8Array(await s.exportKey('raw', pair.publicKey));
  const jwk = await s.exportKey('jwk', pair.privateKey);
  const seed = jwk.d ? base64ToBytes(base64UrlToBase64(jwk.d)) : new Uint8Array();
  if (publicRaw.length !== 32 || seed.length !== 32) throw new Error('The browser made an Ed25519 key of an unexpected form.');
  const publicKey = bytesToHex(publicRaw);
  return { publicKey, privateKey: bytesToHex(seed) + publicKey };
}

/** What the join page needs of a key algorithm: can this browser make one, make one, and check a private key. */
export interface DeviceKeyMaker {
  supported(subtle?: SubtleCrypto): Promise<boolean>;
  generate(subtle?: SubtleCrypto): Promise<DeviceKeyPair>;
  /** null for a private key of this kind, else a sentence. */
  privateKeyProblem(privateKey: string): string | null;
}

/** One maker per WebCrypto algorithm a mesh layer asks for (MeshLayerDto.keyAlgorithm). */
export const DEVICE_KEY_MAKERS: Readonly<Record<string, DeviceKeyMaker>> = {
  X25519: {
    supported: supportsX25519,
    generate: generateDeviceKeyPair,
    privateKeyProblem: (key) => (isWireGuardKey(key) ? null : 'The private key is not a WireGuard key (44 characters of base64).'),
  },
  Ed25519: {
    supported: supportsEd25519,
    generate: generateEd25519KeyPair,
    privateKeyProblem: (key) =>
      YGGDRASIL_PRIVATE.test(key) ? null : 'The private key is not a Yggdrasil key (128 lower-case hex digits).',
  },
};

/** The maker for a layer's key algorithm; null when this page knows none (the panel then makes the key). */
export function deviceKeyMaker(algorithm: string | null | undefined): DeviceKeyMaker | null {
  return (algorithm && Object.hasOwn(DEVICE_KEY_MAKERS, algorithm) ? DEVICE_KEY_MAKERS[algorithm] : null) ?? null;
}

/**
 * Puts the device's private key into the config the panel rendered for its
 * public key. Refuses a config without the placeholder (the panel made the key,
 * or the text is not what it sent) and anything but a key of the maker's kind
 * (default: WireGuard's).
 */
export function fillPrivateKey(config: string, privateKey: string, maker: DeviceKeyMaker = DEVICE_KEY_MAKERS['X25519']): string {
  const problem = maker.privateKeyProblem(privateKey);
  if (problem !== null) throw new Error(problem);
  if (!config.includes(PRIVATE_KEY_PLACEHOLDER)) throw new Error(`The config has no ${PRIVATE_KEY_PLACEHOLDER} to fill.`);
  return config.split(PRIVATE_KEY_PLACEHOLDER).join(privateKey);
}
