import { execFileSync } from 'node:child_process';
import { generateWireGuardKeyPair, isWireGuardKey, wireGuardPublicKey } from './keys';

describe('WireGuard keys', () => {
  it('generates valid, distinct key pairs whose public key derives from the private one', () => {
    const a = generateWireGuardKeyPair();
    const b = generateWireGuardKeyPair();
    expect(isWireGuardKey(a.privateKey)).toBe(true);
    expect(isWireGuardKey(a.publicKey)).toBe(true);
    expect(a.privateKey).not.toBe(b.privateKey);
    expect(wireGuardPublicKey(a.privateKey)).toBe(a.publicKey);
  });

  it('agrees with the RFC 7748 X25519 test vector', () => {
    // Alice's private/public key from RFC 7748 §6.1.
    const priv = Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex').toString('base64');
    const pub = Buffer.from('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a', 'hex').toString('base64');
    expect(wireGuardPublicKey(priv)).toBe(pub);
  });

  it('agrees with `wg pubkey` (needs Debian wireguard-tools)', () => {
    const pair = generateWireGuardKeyPair();
    let fromWg: string;
    try {
      fromWg = execFileSync('wg', ['pubkey'], { input: pair.privateKey + '\n' })
        .toString()
        .trim();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('`wg` not found: install the Debian package wireguard-tools');
      throw err;
    }
    expect(fromWg).toBe(pair.publicKey);
  });

  it('rejects malformed keys', () => {
    expect(isWireGuardKey('not a key')).toBe(false);
    expect(() => wireGuardPublicKey('AAAA')).toThrow(/32 bytes/);
  });
});
