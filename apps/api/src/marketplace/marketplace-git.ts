import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { CommandError, missingCommandMessage, ProcessRunner } from '../services/process/process-runner';
import { allowedSignersFile } from './source-signers';
import { redactUrlCredentials } from './source-url';

const FETCH_TIMEOUT_MS = 2 * 60_000;
const LOCAL_TIMEOUT_MS = 30_000;
/** Where a refresh puts what it fetched, before it is indexed and pinned. */
export const INCOMING_REF = 'refs/clan/incoming';
const SHA = /^[0-9a-f]{40}$/;
/** git's empty tree: what a first install's source diff starts from. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** A review shows at most this much patch (the file list stays complete). */
const DIFF_MAX_BYTES = 512 * 1024;

/** git failed on a mirror; the message is a sentence without credentials. */
export class MirrorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MirrorError';
  }
}

/** What `verifySignature` found: a signer key that signed the revision, or why none did (a clause). */
export type SignatureCheck =
  { trusted: true; principal: string; key: string } | { trusted: false; signature: 'none' | 'other' | 'untrusted' | 'bad'; detail: string };

/** The ref that keeps an indexed (or pinned) revision in the mirror for good. */
export function pinRef(rev: string): string {
  if (!SHA.test(rev)) throw new MirrorError(`"${rev}" is not a full commit sha.`);
  return `refs/clan/pins/${rev}`;
}

/**
 * The panel's bare mirrors of marketplace sources
 * (`<stateDir>/marketplace/mirrors/<id>.git`). git runs without the host's or
 * the user's settings (HOME is an empty directory of the panel's, no system
 * config), never prompts, only speaks file, http and https, and is killed
 * after a timeout.
 */
@Injectable()
export class MarketplaceGit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'stateDir'>,
    private readonly proc: ProcessRunner,
  ) {}

  private get root(): string {
    return join(this.config.stateDir, 'marketplace');
  }

  mirrorDir(sourceId: string): string {
    return join(this.root, 'mirrors', `${sourceId}.git`);
  }

  /** git's environment: the panel's own empty HOME, no system config, no prompts, file/http/https only. */
  private async gitEnv(): Promise<Record<string, string>> {
    const home = join(this.root, 'git-home');
    await mkdir(home, { recursive: true, mode: 0o700 });
    return {
      HOME: home,
      XDG_CONFIG_HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '/bin/false',
      SSH_ASKPASS: '/bin/false',
      GIT_ALLOW_PROTOCOL: 'file:http:https',
      LC_ALL: 'C',
    };
  }

  private async git(dir: string, args: string[], timeoutMs = LOCAL_TIMEOUT_MS): Promise<string> {
    const env = await this.gitEnv();
    try {
      const { stdout } = await this.proc.run('git', args, { cwd: dir, timeoutMs, env });
      return stdout.trim();
    } catch (err) {
      if (err instanceof CommandError && !err.missing) {
        const said =
          err.code === null
            ? err.message
            : (err.stderr
                .split('\n')
                .map((l) => l.trim())
                .filter((l) => /^(fatal|error):/.test(l))
                .pop() ?? err.message);
        throw new MirrorError(redactUrlCredentials(said.replace(/^(fatal|error):\s*/, '')));
      }
      throw new MirrorError(redactUrlCredentials((err as Error).message));
    }
  }

  /** Creates the bare mirror when it is not there yet. */
  async ensure(sourceId: string): Promise<string> {
    const dir = this.mirrorDir(sourceId);
    await mkdir(dir, { recursive: true, mode: 0o750 });
    await this.git(dir, ['init', '--quiet', '--bare']);
    // Nothing a refresh fetched is ever collected while a pin names it.
    await this.git(dir, ['config', 'gc.pruneExpire', 'never']);
    return dir;
  }

  /**
   * Fetches `ref` (a branch or tag; null: the default branch) of `url` into
   * INCOMING_REF and returns its commit. Pins are never touched by a fetch.
   */
  async fetch(sourceId: string, url: string, ref: string | null): Promise<string> {
    const dir = await this.ensure(sourceId);
    const from = ref ?? 'HEAD';
    await this.git(
      dir,
      ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--', url, `+${from}:${INCOMING_REF}`],
      FETCH_TIMEOUT_MS,
    );
    const rev = await this.git(dir, ['rev-parse', '--verify', `${INCOMING_REF}^{commit}`]);
    if (!SHA.test(rev)) throw new MirrorError(`git named no commit for ${ref ?? 'the default branch'}.`);
    return rev;
  }

  /** Keeps `rev` in the mirror for good (refs/clan/pins/<rev>). */
  async pin(sourceId: string, rev: string): Promise<void> {
    await this.git(this.mirrorDir(sourceId), ['update-ref', pinRef(rev), rev]);
  }

  /** The pinned revisions the mirror holds. */
  async pins(sourceId: string): Promise<string[]> {
    if (!existsSync(this.mirrorDir(sourceId))) return [];
    const out = await this.git(this.mirrorDir(sourceId), ['for-each-ref', '--format=%(objectname)', 'refs/clan/pins/']);
    return out.split('\n').filter((l) => SHA.test(l));
  }

  /**
   * What changes in the source's tree from `from` (null: nothing, a first
   * install) to `to`: every file with its line counts, and the patch up to
   * `maxBytes` (cut at a line, `truncated` then).
   */
  async diff(
    sourceId: string,
    from: string | null,
    to: string,
    maxBytes = DIFF_MAX_BYTES,
  ): Promise<{
    files: { path: string; status: 'added' | 'modified' | 'deleted' | 'renamed'; additions: number; deletions: number }[];
    patch: string;
    truncated: boolean;
  }> {
    const dir = this.mirrorDir(sourceId);
    const base = from ?? EMPTY_TREE;
    if (from !== null && !SHA.test(from)) throw new MirrorError(`"${from}" is not a full commit sha.`);
    if (!SHA.test(to)) throw new MirrorError(`"${to}" is not a full commit sha.`);
    const range = [base, to];
    const [numstat, status, patch] = await Promise.all([
      this.git(dir, ['diff', '--numstat', '--no-renames', '-z', ...range]),
      this.git(dir, ['diff', '--name-status', '--no-renames', '-z', ...range]),
      this.git(dir, ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--no-renames', ...range], FETCH_TIMEOUT_MS),
    ]);
    const statusOf = new Map<string, 'added' | 'modified' | 'deleted' | 'renamed'>();
    const parts = status.split('\0').filter((p) => p !== '');
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const code = parts[i][0];
      statusOf.set(parts[i + 1], code === 'A' ? 'added' : code === 'D' ? 'deleted' : code === 'R' ? 'renamed' : 'modified');
    }
    const files = numstat
      .split('\0')
      .filter((l) => l !== '')
      .map((line) => {
        const [adds, dels, ...rest] = line.split('\t');
        const path = rest.join('\t');
        // Binary files: "-" for both counts.
        return { path, status: statusOf.get(path) ?? 'modified', additions: Number(adds) || 0, deletions: Number(dels) || 0 };
      });
    if (Buffer.byteLength(patch) <= maxBytes) return { files, patch, truncated: false };
    const cut = Buffer.from(patch).subarray(0, maxBytes).toString('utf8');
    return { files, patch: cut.slice(0, cut.lastIndexOf('\n') + 1), truncated: true };
  }

  /** Whether the mirror holds the commit (it always should for a pin; a hand-deleted mirror does not). */
  async has(sourceId: string, rev: string): Promise<boolean> {
    if (!SHA.test(rev) || !existsSync(this.mirrorDir(sourceId))) return false;
    try {
      await this.git(this.mirrorDir(sourceId), ['cat-file', '-e', `${rev}^{commit}`]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Whether `rev` (in the mirror) carries a good SSH signature by one of
   * `signers` (source-signers.ts): `git verify-commit` against an
   * allowed-signers file written from them. OpenPGP and X.509 signatures are
   * never accepted (their programs are replaced by `false`), so the host's
   * keyrings play no part. Throws a MirrorError only when the check could not
   * run (ssh-keygen missing, git failing otherwise).
   */
  async verifySignature(sourceId: string, rev: string, signers: readonly string[]): Promise<SignatureCheck> {
    if (!SHA.test(rev)) throw new MirrorError(`"${rev}" is not a full commit sha.`);
    const dir = this.mirrorDir(sourceId);
    const header = (await this.git(dir, ['cat-file', 'commit', rev])).split('\n\n')[0];
    const signature = /^gpgsig(?:-sha256)? (.*)$/m.exec(header)?.[1] ?? null;
    if (signature === null) return { trusted: false, signature: 'none', detail: 'the commit has no signature' };
    if (!signature.includes('BEGIN SSH SIGNATURE'))
      return {
        trusted: false,
        signature: 'other',
        detail: `it has ${signature.includes('BEGIN PGP') ? 'a GPG' : 'an X.509'} signature, and verified sources check SSH signatures only`,
      };
    const signersDir = join(this.root, 'allowed-signers');
    await mkdir(signersDir, { recursive: true, mode: 0o700 });
    const file = join(signersDir, sourceId);
    await writeFile(file, allowedSignersFile(signers), { mode: 0o600 });
    let result: { code: number; stderr: string };
    try {
      result = await this.proc.run(
        'git',
        [
          '-c',
          'gpg.format=ssh',
          '-c',
          `gpg.ssh.allowedSignersFile=${file}`,
          '-c',
          'gpg.openpgp.program=false',
          '-c',
          'gpg.x509.program=false',
          'verify-commit',
          rev,
        ],
        { cwd: dir, timeoutMs: LOCAL_TIMEOUT_MS, env: await this.gitEnv(), okCodes: [1] },
      );
    } catch (err) {
      if (err instanceof CommandError && /cannot run .*ssh-keygen/.test(err.stderr))
        throw new MirrorError(missingCommandMessage('ssh-keygen', 'openssh-client'));
      throw new MirrorError(redactUrlCredentials((err as Error).message));
    }
    const lines = result.stderr
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const good = lines.map((l) => /^Good "git" signature for (\S+) with (\S+) key (\S+)$/.exec(l)).find((m) => m);
    if (result.code === 0 && good) return { trusted: true, principal: good[1], key: `${good[2]} key ${good[3]}` };
    if (lines.some((l) => /cannot run .*ssh-keygen/.test(l))) throw new MirrorError(missingCommandMessage('ssh-keygen', 'openssh-client'));
    const unknown = lines.map((l) => /^Good "git" signature with (\S+) key (\S+)$/.exec(l)).find((m) => m);
    if (unknown && lines.includes('No principal matched.'))
      return {
        trusted: false,
        signature: 'untrusted',
        detail: `it is signed with ${unknown[1]} key ${unknown[2]}, which is not one of its signer keys`,
      };
    const said = lines.filter((l) => !/^Good "git" signature/.test(l)).pop();
    return { trusted: false, signature: 'bad', detail: `its signature does not verify${said ? ` (${said.replace(/\.$/, '')})` : ''}` };
  }

  async remove(sourceId: string): Promise<void> {
    await rm(this.mirrorDir(sourceId), { recursive: true, force: true });
    await rm(join(this.root, 'allowed-signers', sourceId), { force: true });
  }
}
