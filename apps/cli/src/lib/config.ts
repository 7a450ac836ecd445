import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './errors';

export const DEFAULT_URL = 'http://localhost:8080';

/** What `clanctl login` remembers. The token is a secret: the file is 0600. */
export interface StoredConfig {
  url?: string;
  token?: string;
  /** Id of the stored token, so `logout` can revoke it. */
  tokenId?: string;
  username?: string;
}

/** `$XDG_CONFIG_HOME/clanctl/config.json`, falling back to `~/.config` as the XDG spec says. */
export function configPath(env: Record<string, string | undefined>): string {
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'clanctl', 'config.json');
}

export function readConfig(path: string): StoredConfig {
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliError(`The config file ${path} is not valid JSON (${(err as Error).message}); fix or delete it.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`The config file ${path} must hold a JSON object; fix or delete it.`);
  }
  const o = parsed as Record<string, unknown>;
  const str = (k: string): string | undefined => {
    const v = o[k];
    return typeof v === 'string' ? v : undefined;
  };
  return {
    url: str('url'),
    token: str('token'),
    tokenId: str('tokenId'),
    username: str('username'),
  };
}

/** Writes atomically (temp file + rename) and never lets the file be readable by others. */
export function writeConfig(path: string, config: StoredConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  const clean = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  writeFileSync(tmp, `${JSON.stringify(clean, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export function removeConfigToken(path: string): void {
  const current = readConfig(path);
  const { url, username } = current;
  if (url === undefined && username === undefined) {
    rmSync(path, { force: true });
    return;
  }
  writeConfig(path, { url, username });
}

export interface Connection {
  url: string;
  token: string | undefined;
  /** Where the token came from, for messages and for `logout`. */
  tokenSource: 'flag' | 'env' | 'config' | 'none';
}

/** Trailing slashes removed so paths join cleanly; http(s) only. */
export function normaliseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError(`"${url}" is not a URL (expected something like ${DEFAULT_URL})`, 2);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CliError(`"${url}" must start with http:// or https://`, 2);
  return url.replace(/\/+$/, '');
}

/**
 * Flags beat environment beats config file beats the default. The stored
 * token is only sent to the URL it was issued by, so `--url` pointing at
 * another panel never leaks it.
 */
export function resolveConnection(
  flags: { url?: string; token?: string },
  env: Record<string, string | undefined>,
  stored: StoredConfig,
): Connection {
  const url = normaliseUrl(flags.url || env['CLAN_URL'] || stored.url || DEFAULT_URL);
  if (flags.token) return { url, token: flags.token, tokenSource: 'flag' };
  if (env['CLAN_TOKEN']) return { url, token: env['CLAN_TOKEN'], tokenSource: 'env' };
  if (stored.token && stored.url && normaliseUrl(stored.url) === url) return { url, token: stored.token, tokenSource: 'config' };
  return { url, token: undefined, tokenSource: 'none' };
}
