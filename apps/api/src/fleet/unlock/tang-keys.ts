import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The members of a public JWK that its RFC 7638 thumbprint covers, by key type. */
const THUMBPRINT_MEMBERS: Record<string, string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
};

export interface Jwk {
  kty: string;
  key_ops?: string[];
  [member: string]: unknown;
}

/** The RFC 7638 SHA-256 thumbprint (base64url): what tangd-keygen names key files by and clevis pins as `thp`. */
export function jwkThumbprint(jwk: Jwk): string {
  const members = THUMBPRINT_MEMBERS[jwk.kty];
  if (!members) throw new Error(`unsupported key type ${jwk.kty}`);
  // Members in lexicographic order, no whitespace: JSON.stringify keeps insertion order.
  const canonical = JSON.stringify(Object.fromEntries(members.map((m) => [m, jwk[m]])));
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

/**
 * Thumbprints of the signing keys a Tang key directory advertises: the `*.jwk` files that may
 * sign (files starting with "." are rotated-out keys tangd still uses to recover old bindings,
 * but no longer advertises). Sorted, so the answer does not depend on the directory order.
 */
export async function advertisedThumbprints(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.jwk') && !n.startsWith('.'));
  const thumbprints: string[] = [];
  for (const name of names) {
    const jwk = JSON.parse(await readFile(join(dir, name), 'utf8')) as Jwk;
    if (jwk.key_ops?.includes('sign') || jwk.key_ops?.includes('verify')) thumbprints.push(jwkThumbprint(jwk));
  }
  return thumbprints.sort();
}

/** Whether the directory holds advertised keys at all (else tangd-keygen makes the first pair). */
export async function hasKeys(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).some((n) => n.endsWith('.jwk') && !n.startsWith('.'));
  } catch {
    return false;
  }
}
