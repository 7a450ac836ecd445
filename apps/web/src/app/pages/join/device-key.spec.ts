import {
  base64ToBytes,
  base64UrlToBase64,
  bytesToBase64,
  fillPrivateKey,
  generateDeviceKeyPair,
  isWireGuardKey,
  PRIVATE_KEY_PLACEHOLDER,
  supportsX25519,
} from './device-key';

const subtle = globalThis.crypto.subtle;

/** PKCS#8 wrapper of a raw X25519 private key (RFC 8410): what `wg`'s 32 bytes look like to WebCrypto. */
const PKCS8_X25519_PREFIX = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);

async function importRawPrivate(privateKey: string): Promise<CryptoKey> {
  const raw = base64ToBytes(privateKey);
  const der = new Uint8Array(PKCS8_X25519_PREFIX.length + raw.length);
  der.set(PKCS8_X25519_PREFIX);
  der.set(raw, PKCS8_X25519_PREFIX.length);
  return subtle.importKey('pkcs8', der, { name: 'X25519' }, false, ['deriveBits']);
}

async function importRawPublic(publicKey: string): Promise<CryptoKey> {
  return subtle.importKey('raw', base64ToBytes(publicKey), { name: 'X25519' }, true, []);
}

async function shared(privateKey: CryptoKey, publicKey: CryptoKey): Promise<string> {
  return bytesToBase64(new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: publicKey }, privateKey, 256)));
}

const CONFIG = `[Interface]
PrivateKey = ${PRIVATE_KEY_PLACEHOLDER}
Address = 10.100.0.3/24, fd3c:8a21:9f04::3/64

[Peer]
# panel
PublicKey = YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=
AllowedIPs = 10.100.0.0/24, fd3c:8a21:9f04::/64
Endpoint = panel.example.org:51823
PersistentKeepalive = 25
`;

describe('base64 for WireGuard keys', () => {
  it('round-trips bytes and turns JWK base64url into padded standard base64', () => {
    const bytes = new Uint8Array(Array.from({ length: 32 }, (_, i) => (i * 37 + 250) % 256));
    const text = bytesToBase64(bytes);
    expect(text).toHaveLength(44);
    expect(base64ToBytes(text)).toEqual(bytes);
    const url = text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(base64UrlToBase64(url)).toBe(text);
    expect(base64UrlToBase64('AQID')).toBe('AQID');
    expect(base64UrlToBase64('AQ')).toBe('AQ==');
  });

  it('recognises a 32-byte key in base64 and nothing else', () => {
    expect(isWireGuardKey('YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=')).toBe(true);
    expect(isWireGuardKey(bytesToBase64(new Uint8Array(32).fill(255)))).toBe(true);
    expect(isWireGuardKey('YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2B=')).toBe(false); // stray bits in the last character
    expect(isWireGuardKey(bytesToBase64(new Uint8Array(31)))).toBe(false);
    expect(isWireGuardKey('')).toBe(false);
  });
});

describe('a key pair made with WebCrypto', () => {
  it('is supported here (Node and Chromium have X25519), and not without WebCrypto', async () => {
    expect(await supportsX25519()).toBe(true);
    const broken = { generateKey: () => Promise.reject(new Error('NotSupportedError')) } as unknown as SubtleCrypto;
    expect(await supportsX25519(broken)).toBe(false);
  });

  it('gives two WireGuard keys that belong together: the 32 private bytes re-imported agree with the public key', async () => {
    const pair = await generateDeviceKeyPair();
    expect(isWireGuardKey(pair.publicKey)).toBe(true);
    expect(isWireGuardKey(pair.privateKey)).toBe(true);
    expect(pair.privateKey).not.toBe(pair.publicKey);

    // The panel side: another pair. Both sides must derive the same secret, which only holds
    // when our private bytes are the scalar behind our public key.
    const other = (await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
    const ours = await importRawPrivate(pair.privateKey);
    const fromUs = await shared(ours, other.publicKey);
    const fromThem = await shared(other.privateKey, await importRawPublic(pair.publicKey));
    expect(fromUs).toBe(fromThem);
  });

  it('is new every time', async () => {
    const [a, b] = await Promise.all([generateDeviceKeyPair(), generateDeviceKeyPair()]);
    expect(a.privateKey).not.toBe(b.privateKey);
    expect(a.publicKey).not.toBe(b.publicKey);
  });
});

describe('filling the placeholder', () => {
  it('puts the private key where the panel left {{PRIVATE_KEY}}, changing nothing else', async () => {
    const { privateKey } = await generateDeviceKeyPair();
    const filled = fillPrivateKey(CONFIG, privateKey);
    expect(filled).not.toContain(PRIVATE_KEY_PLACEHOLDER);
    expect(filled).toBe(CONFIG.replace(PRIVATE_KEY_PLACEHOLDER, privateKey));
    expect(filled.split('\n')[1]).toBe(`PrivateKey = ${privateKey}`);
  });

  it('refuses a config without the placeholder and a value that is not a key', () => {
    const key = 'YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=';
    expect(() => fillPrivateKey(CONFIG.replace(PRIVATE_KEY_PLACEHOLDER, key), key)).toThrow('no {{PRIVATE_KEY}} to fill');
    expect(() => fillPrivateKey(CONFIG, 'not a key')).toThrow('not a WireGuard key');
  });
});
