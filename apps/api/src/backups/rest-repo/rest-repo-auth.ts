import { createHash, timingSafeEqual } from 'node:crypto';
import type { RepoRequestPath } from './rest-repo-request';

/** SecretBox.mac purposes: the machine's HTTP password for its repository, and the repository's encryption password. */
export const BACKUP_REPO_AUTH_PURPOSE = 'backup-repo-auth';
export const BACKUP_REPO_KEY_PURPOSE = 'backup-repo-key';

/** Who may reach a repository: answers whether `password` is the machine's for that repository. */
export interface RepoCredentials {
  verify(networkId: string, machine: string, password: string): boolean;
}

/** What the server keeps instead of a password: its SHA-256 (the passwords are 256-bit MACs, so a plain hash suffices). */
export function passwordVerifier(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

export interface RepoCredential {
  networkId: string;
  machine: string;
  verifier: string;
}

/** Credentials as the worker holds them: verifiers only, never the panel's key or a password. */
export class VerifierTable implements RepoCredentials {
  private readonly byRepo: Map<string, Buffer>;

  constructor(entries: RepoCredential[]) {
    this.byRepo = new Map(entries.map((e) => [`${e.networkId}/${e.machine}`, Buffer.from(e.verifier, 'hex')]));
  }

  verify(networkId: string, machine: string, password: string): boolean {
    const want = this.byRepo.get(`${networkId}/${machine}`);
    if (!want) return false;
    const got = Buffer.from(passwordVerifier(password), 'hex');
    return got.length === want.length && timingSafeEqual(got, want);
  }
}

/** `Authorization: Basic …` as user and password, or null. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export type AuthResult = { ok: true } | { ok: false; status: 401 | 403; message: string };

/**
 * A machine reaches its own repository and nothing else. The credentials are
 * checked as the user's in the network the path names: valid there but for
 * another machine's path is 403; not valid is 401.
 */
export function authorize(path: RepoRequestPath, header: string | undefined, credentials: RepoCredentials): AuthResult {
  const basic = parseBasicAuth(header);
  if (!basic) return { ok: false, status: 401, message: 'This repository needs the machine name and password from its secrets disk.' };
  if (!credentials.verify(path.networkId, basic.user, basic.password)) {
    return { ok: false, status: 401, message: 'The machine name or password is wrong for this network.' };
  }
  if (basic.user !== path.machine) {
    return { ok: false, status: 403, message: `Machine ${basic.user} can only reach its own repository, not that of ${path.machine}.` };
  }
  return { ok: true };
}
