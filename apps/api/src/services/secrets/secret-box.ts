import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) for secrets at rest: TOTP secrets,
 * later VPN private keys and backup passwords. Format: `v1:<iv>:<tag>:<data>` (base64).
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  /**
   * A MAC (HMAC-SHA256, base64url) of `message` with a key derived from the
   * master key for `purpose` alone, so a signature made for one purpose (a
   * signed download link) is worthless for another.
   */
  mac(purpose: string, message: string): string {
    const key = Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `clan-mac:${purpose}`, 32));
    return createHmac('sha256', key).update(message, 'utf8').digest('base64url');
  }

  /** Whether `signature` is `mac(purpose, message)`, compared in constant time. */
  verifyMac(purpose: string, message: string, signature: string): boolean {
    const want = Buffer.from(this.mac(purpose, message), 'utf8');
    const got = Buffer.from(signature, 'utf8');
    return got.length === want.length && timingSafeEqual(got, want);
  }

  open(sealed: string): string {
    const [v, iv, tag, data] = sealed.split(':');
    if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('Not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}
