import { randomInt } from 'node:crypto';
import { hashToken, TOKEN_PREFIX } from '../common/authz/access.service';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 40 base62 characters ≈ 238 bits: unguessable, so a fast hash (sha256) is enough at rest. */
export const TOKEN_SECRET_LENGTH = 40;
/** Shown in lists so people can tell their tokens apart; reveals ~41 bits, leaving ~197 secret. */
export const TOKEN_DISPLAY_PREFIX_LENGTH = 12;
export const API_TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${TOKEN_SECRET_LENGTH}}$`);

export interface NewApiToken {
  /** The secret, shown to its owner once. */
  token: string;
  prefix: string;
  /** What is stored. */
  secretHash: string;
}

export function generateApiToken(): NewApiToken {
  let secret = '';
  // randomInt is uniform (rejection sampling), so every character is equally likely.
  for (let i = 0; i < TOKEN_SECRET_LENGTH; i++) secret += BASE62[randomInt(BASE62.length)];
  const token = TOKEN_PREFIX + secret;
  return { token, prefix: token.slice(0, TOKEN_DISPLAY_PREFIX_LENGTH), secretHash: hashToken(token) };
}
