import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Loads a 32-byte key from `<stateDir>/secrets/<name>.key`, creating it
 * (mode 0600, directory 0700) on first use. Keys never leave the state dir.
 */
export function loadOrCreateKey(stateDir: string, name: string): Buffer {
  const dir = join(stateDir, 'secrets');
  const file = join(dir, `${name}.key`);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} is not a 32-byte base64 key; restore it from backup or delete it to start over`);
    return key;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
