import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheSigningKey, fingerprint, narHashNix32, toNix32 } from './nix-cache';

describe('the panel’s binary cache: Nix formats', () => {
  it('writes hashes in Nix base-32 (as nix hash to-base32 does)', () => {
    // nix hash to-base32 --type sha256 sha256-RVyDGZsApsCu4ftUv9ef2iIIhhodpRVxswcd2R5IXWg=
    expect(narHashNix32('sha256-RVyDGZsApsCu4ftUv9ef2iIIhhodpRVxswcd2R5IXWg=')).toBe(
      'sha256:0s2x90gdj787ndqib98x3a30h8nskzbvym7vw6pc19h0kccq6p25',
    );
    // The empty string's sha256, a value Nix's own test suite lists.
    expect(toNix32(createHash('sha256').update('').digest())).toBe('0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73');
    expect(narHashNix32('sha256:0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73')).toBe(
      'sha256:0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73',
    );
  });

  it('signs the path fingerprint with an ed25519 key kept in Nix’s key format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cache-key-'));
    try {
      const key = CacheSigningKey.loadOrCreate(dir, 'clan-panel-test');
      const again = CacheSigningKey.loadOrCreate(dir, 'ignored');
      expect(again.trusted).toBe(key.trusted);
      expect(key.trusted).toMatch(/^clan-panel-test:[A-Za-z0-9+/]{43}=$/);
      const fp = fingerprint('/nix/store/abc-x', 'sha256:0mdq', 120, ['/nix/store/def-y']);
      expect(fp).toBe('1;/nix/store/abc-x;sha256:0mdq;120;/nix/store/def-y');
      const [name, sig] = key.sign(fp).split(':');
      expect(name).toBe('clan-panel-test');
      const pub = createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.publicKey]),
        format: 'der',
        type: 'spki',
      });
      expect(verify(null, Buffer.from(fp), pub, Buffer.from(sig, 'base64'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
