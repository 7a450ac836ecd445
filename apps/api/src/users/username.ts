/** Usernames are stored lower-case so "Alice" and "alice" are one account. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

export const USERNAME_RULE = 'username must be 3–64 characters: lowercase letters, digits, "-", "_" or "."';

export const PASSWORD_MIN_LENGTH = 10;
/** argon2 accepts more, but nobody types this much and it bounds the work per request. */
export const PASSWORD_MAX_LENGTH = 1024;

export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isValidUsername(name: string): boolean {
  return USERNAME_PATTERN.test(name);
}
