import { runYggdrasil } from '../testing/yggdrasil-binary';
import { formatIpv6 } from '../ip';
import { yggdrasilAddress, yggdrasilSubnet } from './address';
import { generateYggdrasilKeyPair, yggdrasilPublicKey } from './keys';

/**
 * The derivation as the Yggdrasil developers' page describes it, written
 * independently of address.ts: with N the number of leading *zero* bits of
 * the key and REST the bits after the first 1, the address is
 * 0x02 ‖ N ‖ first 112 bits of NOT(REST).
 */
function referenceAddress(publicKeyHex: string): string {
  const key = BigInt(`0x${publicKeyHex}`);
  let zeros = 0;
  while (zeros < 256 && ((key >> BigInt(255 - zeros)) & 1n) === 0n) zeros++;
  const restLength = 256 - zeros - 1;
  const rest = restLength > 0 ? key & ((1n << BigInt(restLength)) - 1n) : 0n;
  const inverted = restLength > 0 ? ~rest & ((1n << BigInt(restLength)) - 1n) : 0n;
  const first112 = restLength >= 112 ? inverted >> BigInt(restLength - 112) : inverted << BigInt(112 - restLength);
  return formatIpv6((0x02n << 120n) | (BigInt(zeros & 0xff) << 112n) | first112);
}

describe('Yggdrasil address from the public key', () => {
  it("matches yggdrasil-go's own test vector (src/address/address_test.go)", () => {
    const key = Buffer.from([
      189, 186, 207, 216, 34, 64, 222, 61, 205, 18, 57, 36, 203, 181, 82, 86, 251, 141, 171, 8, 170, 152, 227, 5, 82, 138, 184, 79, 65, 158,
      110, 251,
    ]).toString('hex');
    const expected = Buffer.from([2, 0, 132, 138, 96, 79, 187, 126, 67, 132, 101, 219, 141, 182, 104, 149]).toString('hex');
    expect(yggdrasilAddress(key)).toBe(formatIpv6(BigInt(`0x${expected}`)));
    expect(yggdrasilAddress(key)).toBe('200:848a:604f:bb7e:4384:65db:8db6:6895');
    expect(yggdrasilSubnet(key)).toBe('300:848a:604f:bb7e::/64');
  });

  it('counts leading zero bits of the key into the second byte (hand-derived vectors)', () => {
    // 20 leading zero bits, then a 1; the rest of the key is 0xff… so NOT(rest) is all zero.
    expect(yggdrasilAddress(`00000f${'f'.repeat(58)}`)).toBe('214::');
    // 8 zero bits, a 1, then 0b0000000 0x00…: NOT gives 0b1111111 1…
    expect(yggdrasilAddress(`0080${'0'.repeat(60)}`)).toBe('208:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    // No leading zero: the first bit is the 1 that is dropped.
    expect(yggdrasilAddress(`80${'0'.repeat(62)}`)).toBe('200:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    // 0xff: the 1 is dropped, NOT(1111111 0…) = 0000000 1…, so the third byte is 0x01.
    expect(yggdrasilAddress(`ff${'0'.repeat(62)}`)).toBe('200:1ff:ffff:ffff:ffff:ffff:ffff:ffff');
    // All-zero key: 256 leading zeros wrap to 0 in the byte, as in Go; no bits remain.
    expect(yggdrasilAddress('0'.repeat(64))).toBe('200::');
  });

  it('agrees with the independent formulation on random keys', () => {
    for (let i = 0; i < 200; i++) {
      const { publicKey } = generateYggdrasilKeyPair();
      expect(yggdrasilAddress(publicKey)).toBe(referenceAddress(publicKey));
    }
  });

  it('agrees with the yggdrasil binary on keys it generated and keys we generated (needs Debian yggdrasil)', () => {
    for (let i = 0; i < 3; i++) {
      const config = JSON.parse(runYggdrasil(['-genconf', '-json'])) as { PublicKey: string; PrivateKey: string };
      expect(yggdrasilPublicKey(config.PrivateKey)).toBe(config.PublicKey);
      const conf = JSON.stringify({ PrivateKey: config.PrivateKey, PublicKey: config.PublicKey });
      expect(yggdrasilAddress(config.PublicKey)).toBe(runYggdrasil(['-useconf', '-address'], conf));
    }
    for (let i = 0; i < 3; i++) {
      const ours = generateYggdrasilKeyPair();
      const conf = JSON.stringify({ PrivateKey: ours.privateKey, PublicKey: ours.publicKey });
      expect(yggdrasilAddress(ours.publicKey)).toBe(runYggdrasil(['-useconf', '-address'], conf));
      expect(yggdrasilSubnet(ours.publicKey)).toBe(runYggdrasil(['-useconf', '-subnet'], conf));
    }
  });

  it('refuses what is not a public key', () => {
    expect(() => yggdrasilAddress('abc')).toThrow('"abc" is not a Yggdrasil public key (64 lower-case hex digits).');
    expect(() => yggdrasilAddress('A'.repeat(64))).toThrow('is not a Yggdrasil public key');
  });
});

describe('Yggdrasil keys', () => {
  it('generates ed25519 pairs in Yggdrasil hex form', () => {
    const a = generateYggdrasilKeyPair();
    const b = generateYggdrasilKeyPair();
    expect(a.privateKey).toMatch(/^[0-9a-f]{128}$/);
    expect(a.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(a.privateKey.slice(64)).toBe(a.publicKey);
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(yggdrasilPublicKey(a.privateKey)).toBe(a.publicKey);
    expect(yggdrasilPublicKey(a.privateKey.slice(0, 64))).toBe(a.publicKey);
  });

  it('matches the RFC 8032 Ed25519 test vector 1', () => {
    const seed = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
    expect(yggdrasilPublicKey(seed)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  });

  it('refuses malformed and inconsistent private keys', () => {
    const a = generateYggdrasilKeyPair();
    const b = generateYggdrasilKeyPair();
    expect(() => yggdrasilPublicKey('zz')).toThrow('A Yggdrasil private key is 128 lower-case hex digits');
    expect(() => yggdrasilPublicKey(a.privateKey.slice(0, 64) + b.publicKey)).toThrow('its second half is not the public key of its seed');
  });
});
