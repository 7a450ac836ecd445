import { Injectable } from '@nestjs/common';
import { argon2id, hash, needsRehash, verify } from 'argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): safe, and cheap enough for a 2-core host. */
const PARAMS = { type: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id password hashing. Never logs or returns the password. */
@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password, PARAMS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash is a failed check, not a 500
    }
  }

  /** True when a stored hash used weaker parameters than today's. */
  isOutdated(passwordHash: string): boolean {
    return needsRehash(passwordHash, PARAMS);
  }

  /**
   * Burns the same time as a real check, so unknown usernames cannot be told
   * apart from wrong passwords by timing.
   */
  async verifyDummy(password: string): Promise<void> {
    this.dummy ??= this.hash('dummy password that never matches anything');
    await this.verify(await this.dummy, password);
  }
}
