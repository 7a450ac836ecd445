import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const a = box.seal('JBSWY3DPEHPK3PXP');
    const b = box.seal('JBSWY3DPEHPK3PXP');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(a)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('detects tampering and wrong keys', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('other!').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
  });

  it('makes MACs that depend on purpose, message and key, and verifies them in constant time', () => {
    const mac = box.mac('ca-link', 'net/pem/1');
    expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(box.mac('ca-link', 'net/pem/1')).toBe(mac);
    expect(box.mac('other', 'net/pem/1')).not.toBe(mac);
    expect(box.mac('ca-link', 'net/pem/2')).not.toBe(mac);
    expect(new SecretBox(randomBytes(32)).mac('ca-link', 'net/pem/1')).not.toBe(mac);
    expect(box.verifyMac('ca-link', 'net/pem/1', mac)).toBe(true);
    expect(box.verifyMac('ca-link', 'net/pem/1', mac.slice(1))).toBe(false);
    expect(box.verifyMac('ca-link', 'net/pem/2', mac)).toBe(false);
  });
});
