import {
  base64ToBytes,
  base64UrlToBase64,
  bytesToBase64,
  DEVICE_KEY_MAKERS,
  deviceKeyMaker,
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

describe('a key maker per layer algorithm', () => {
  it('knows X25519 (WireGuard) and Ed25519 (Yggdrasil), and nothing else', () => {
    expect(deviceKeyMaker('X25519')).toBe(DEVICE_KEY_MAKERS['X25519']);
    expect(deviceKeyMaker('Ed25519')).toBe(DEVICE_KEY_MAKERS['Ed25519']);
    for (const unknown of ['RSA', 'toString', '', null, undefined]) expect(deviceKeyMaker(unknown)).toBeNull();
  });

  it('makes an Ed25519 pair in Yggdrasil form whose seed signs what the public key verifies', async () => {
    const maker = DEVICE_KEY_MAKERS['Ed25519'];
    expect(await maker.supported()).toBe(true);
    const pair = await maker.generate();
    expect(pair.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.privateKey).toMatch(/^[0-9a-f]{128}$/);
    expect(pair.privateKey.slice(64)).toBe(pair.publicKey);
    expect(maker.privateKeyProblem(pair.privateKey)).toBeNull();

    const hex = (text: string) => new Uint8Array(text.match(/../g)!.map((b) => parseInt(b, 16)));
    const b64url = (bytes: Uint8Array) => bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const jwk = { kty: 'OKP', crv: 'Ed25519', d: b64url(hex(pair.privateKey.slice(0, 64))), x: b64url(hex(pair.publicKey)) };
    const signer = await subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['sign']);
    const verifier = await subtle.importKey('raw', hex(pair.publicKey), { name: 'Ed25519' }, false, ['verify']);
    const message = new TextEncoder().encode('join');
    expect(await subtle.verify({ name: 'Ed25519' }, verifier, await subtle.sign({ name: 'Ed25519' }, signer, message), message)).toBe(true);
  });

  it("fills a config with the maker's kind of key only", async () => {
    const ygg = DEVICE_KEY_MAKERS['Ed25519'];
    const { privateKey } = await ygg.generate();
    const json = `{\n  "PrivateKey": "${PRIVATE_KEY_PLACEHOLDER}"\n}\n`;
    expect(fillPrivateKey(json, privateKey, ygg)).toBe(json.replace(PRIVATE_KEY_PLACEHOLDER, privateKey));
    expect(() => fillPrivateKey(json, 'YPsjQ0RuDtXYGe2Gva3ud4u5uZEWqW1tSFyF3rwkF2A=', ygg)).toThrow('not a Yggdrasil key');
  });
});
