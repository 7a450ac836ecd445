import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSealingKey, openSealed, sealForHost } from './host-sealing';

describe('host sealing', () => {
  const dirs: string[] = [];
  const stateDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sealing-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('round-trips a passphrase to the host that owns the key, and to no other', () => {
    const dir = stateDir();
    const host = loadOrCreateSealingKey(dir);
    expect(statSync(join(dir, 'secrets/unlock-x25519.pem')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSealingKey(dir).publicKey).toBe(host.publicKey);
    const sealed = sealForHost(host.publicKey, 'correct horse: battery staple');
    expect(sealed).not.toContain('horse');
    expect(openSealed(host, sealed)).toBe('correct horse: battery staple');
    expect(() => openSealed(loadOrCreateSealingKey(stateDir()), sealed)).toThrow();
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => openSealed(host, tampered)).toThrow();
  });

  it('refuses a public key that is not 32 bytes', () => {
    expect(() => sealForHost('c2hvcnQ=', 'x')).toThrow('not an X25519 public key');
  });
});
