import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Nix's base-32 alphabet (no e, o, u, t). */
const NIX32 = '0123456789abcdfghijklmnpqrsvwxyz';

/** A hash in Nix's base-32, as narinfo files and signatures write it. */
export function toNix32(hash: Buffer): string {
  const len = Math.ceil((hash.length * 8) / 5);
  let out = '';
  for (let n = len - 1; n >= 0; n--) {
    const b = n * 5;
    const i = Math.floor(b / 8);
    const j = b % 8;
    const c = (hash[i] >> j) | (i >= hash.length - 1 ? 0 : (hash[i + 1] << (8 - j)) & 0xff);
    out += NIX32[c & 0x1f];
  }
  return out;
}

/** `sha256-<base64>` (what `nix path-info --json` prints) → `sha256:<nix32>`. */
export function narHashNix32(sri: string): string {
  const m = /^sha256[-:](.+)$/.exec(sri);
  if (!m) throw new Error(`unexpected narHash ${sri}`);
  if (/^[0-9a-df-np-sv-z]{52}$/.test(m[1])) return `sha256:${m[1]}`;
  return `sha256:${toNix32(Buffer.from(m[1], 'base64'))}`;
}

/** What Nix signs for a store path (libstore: ValidPathInfo::fingerprint). */
export function fingerprint(path: string, narHash: string, narSize: number, references: readonly string[]): string {
  return `1;${path};${narHash};${narSize};${references.join(',')}`;
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The panel's binary-cache signing key, in Nix's format (`<name>:<base64 of
 * the 32-byte seed and 32-byte public key>`), made on first use under
 * `<stateDir>/secrets/nix-cache.key` (mode 0600). Workers trust its public
 * half (`<name>:<base64 public key>`), handed over at enrolment.
 */
export class CacheSigningKey {
  readonly name: string;
  private readonly seed: Buffer;
  readonly publicKey: Buffer;

  private constructor(name: string, seed: Buffer, publicKey: Buffer) {
    this.name = name;
    this.seed = seed;
    this.publicKey = publicKey;
  }

  static loadOrCreate(stateDir: string, name: string): CacheSigningKey {
    const dir = join(stateDir, 'secrets');
    const file = join(dir, 'nix-cache.key');
    if (existsSync(file)) {
      const [keyName, b64] = readFileSync(file, 'utf8').trim().split(':');
      const raw = Buffer.from(b64 ?? '', 'base64');
      if (!keyName || raw.length !== 64) throw new Error(`${file} is not a Nix signing key; delete it to make a new one`);
      return new CacheSigningKey(keyName, raw.subarray(0, 32), raw.subarray(32));
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519.length);
    const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    writeFileSync(file, `${name}:${Buffer.concat([seed, pub]).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return new CacheSigningKey(name, seed, pub);
  }

  /** `<name>:<base64>`: what `trusted-public-keys` takes. */
  get trusted(): string {
    return `${this.name}:${this.publicKey.toString('base64')}`;
  }

  /** A narinfo `Sig:` value for the fingerprint. */
  sign(fp: string): string {
    const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, this.seed]), format: 'der', type: 'pkcs8' });
    // The public half must match the seed (a corrupted file would sign with a key nobody trusts).
    const derived = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32);
    if (!derived.equals(this.publicKey)) throw new Error('the cache signing key does not match its public half');
    return `${this.name}:${sign(null, Buffer.from(fp), key).toString('base64')}`;
  }
}
