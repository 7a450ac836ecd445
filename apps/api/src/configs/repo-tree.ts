import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GitError, type GitAuthor } from '../services/git/git-repo';

/** One file of a tree: its blob and mode. */
export interface TreeEntry {
  mode: string;
  sha: string;
}

/** `null` deletes the file. */
export type FileChanges = Record<string, string | null>;

const EMPTY_SHA = '0'.repeat(40);
const PANEL_COMMITTER = { GIT_COMMITTER_NAME: 'cLAN panel', GIT_COMMITTER_EMAIL: 'panel@clan.invalid' };
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** The sha git gives `content` as a blob, computed without spawning git. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * Low-level git for the configuration writer: builds trees in a private index
 * (never the working tree), so a preview is computed exactly like the commit it
 * previews, and moves the branch with compare-and-swap so two writers can never
 * silently overwrite each other. GitRepo (services/git) stays the reader.
 */
export class RepoTree {
  constructor(readonly dir: string) {}

  run(
    args: string[],
    options: { input?: string | Buffer; env?: Record<string, string>; okCodes?: number[] } = {},
  ): Promise<{ stdout: Buffer; code: number }> {
    return new Promise((resolve, reject) => {
      const vars = { HOME: this.dir, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env };
      const child = execFile(
        'env',
        [...Object.entries(vars).map(([k, v]) => `${k}=${v}`), 'git', ...args],
        { cwd: this.dir, maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' },
        (err, stdout, stderr) => {
          const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
          if (err && !(options.okCodes ?? []).includes(code)) {
            reject(
              new GitError(
                code === 127 ? 'git not found: install the Debian package git' : `git ${args[0]} failed: ${stderr.toString().trim()}`,
                stderr.toString(),
              ),
            );
          } else resolve({ stdout, code });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  }

  private async text(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<string> {
    return (await this.run(args, options)).stdout.toString('utf8');
  }

  static assertPath(path: string): string {
    // Plain relative names only: no "..", no absolute paths, nothing inside .git.
    const segments = path.split('/');
    if (segments.some((s) => !PATH_SEGMENT.test(s) || s === '.' || s === '..') || segments[0] === '.git') {
      throw new GitError(`"${path}" is not a repository path the panel writes`);
    }
    return path;
  }

  /** HEAD's commit, or null in an empty repository. */
  async head(): Promise<string | null> {
    if (!existsSync(join(this.dir, '.git'))) return null;
    const { stdout, code } = await this.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { okCodes: [1, 128] });
    return code === 0 ? stdout.toString().trim() : null;
  }

  /** The full sha of a commit given by a (possibly abbreviated) sha, or null when there is none. */
  async resolveCommit(rev: string): Promise<string | null> {
    if (!/^[0-9a-f]{4,40}$/.test(rev)) return null;
    const { stdout, code } = await this.run(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { okCodes: [1, 128] });
    return code === 0 ? stdout.toString().trim() : null;
  }

  async treeOf(commit: string): Promise<string> {
    return (await this.text(['rev-parse', `${commit}^{tree}`])).trim();
  }

  async firstParent(commit: string): Promise<string | null> {
    const { stdout, code } = await this.run(['rev-parse', '--verify', '--quiet', `${commit}^1`], { okCodes: [1, 128] });
    return code === 0 ? stdout.toString().trim() : null;
  }

  /** Every file of a commit's tree: path → blob. */
  async entries(commit: string | null): Promise<Map<string, TreeEntry>> {
    const out = new Map<string, TreeEntry>();
    if (!commit) return out;
    const text = await this.text(['ls-tree', '-r', '-z', '--full-tree', commit]);
    for (const record of text.split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [mode, type, sha] = record.slice(0, tab).split(' ');
      if (type === 'blob') out.set(record.slice(tab + 1), { mode, sha });
    }
    return out;
  }

  /**
   * Reads objects in one `git cat-file --batch`; names are shas or `rev:path`.
   * Missing objects come back as null.
   */
  async readObjects(names: string[]): Promise<(string | null)[]> {
    if (names.length === 0) return [];
    for (const n of names) if (/[\n\0]/.test(n)) throw new GitError('object names cannot contain line breaks');
    const child = spawn('env', [`HOME=${this.dir}`, 'GIT_CONFIG_NOSYSTEM=1', 'LC_ALL=C', 'git', 'cat-file', '--batch'], {
      cwd: this.dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    const done = new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new GitError(`git cat-file exited ${code}`))));
    });
    child.stdin.end(names.map((n) => `${n}\n`).join(''));
    await done;
    const buf = Buffer.concat(chunks);
    const results: (string | null)[] = [];
    let pos = 0;
    for (let i = 0; i < names.length; i++) {
      const eol = buf.indexOf(0x0a, pos);
      const header = buf.subarray(pos, eol).toString('utf8');
      pos = eol + 1;
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        results.push(null);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      results.push(buf.subarray(pos, pos + size).toString('utf8'));
      pos += size + 1; // contents are followed by a newline
    }
    return results;
  }

  /**
   * The tree `base` becomes with `changes` applied. Only changed blobs are
   * written; the index used is private and removed afterwards.
   */
  async buildTree(base: string | null, baseEntries: Map<string, TreeEntry>, changes: FileChanges): Promise<string> {
    const lines: string[] = [];
    for (const [path, content] of Object.entries(changes)) {
      RepoTree.assertPath(path);
      const current = baseEntries.get(path);
      if (content === null) {
        if (current) lines.push(`0 ${EMPTY_SHA}\t${path}`);
        continue;
      }
      const sha = blobSha(content);
      if (current?.sha === sha && current.mode === '100644') continue;
      const written = (await this.text(['hash-object', '-w', '--stdin'], { input: content })).trim();
      if (written !== sha) throw new GitError(`git stored ${path} as ${written}, expected ${sha}`);
      lines.push(`100644 ${sha}\t${path}`);
    }
    const index = join(this.dir, '.git', `clan-index-${randomBytes(6).toString('hex')}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      await this.run(base ? ['read-tree', base] : ['read-tree', '--empty'], { env });
      if (lines.length) await this.run(['update-index', '--index-info'], { env, input: `${lines.join('\n')}\n` });
      return (await this.text(['write-tree'], { env })).trim();
    } finally {
      await rm(index, { force: true });
    }
  }

  /**
   * Commits `tree` on top of `parent` and moves the branch only if it still
   * points at `parent`; returns null when another writer moved it first.
   */
  async commitTree(tree: string, parent: string | null, message: string, author: GitAuthor): Promise<string | null> {
    const env = { ...PANEL_COMMITTER, GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email };
    const sha = (await this.text(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], { env, input: message })).trim();
    const moved = await this.run(['update-ref', '-m', 'clan: commit', 'HEAD', sha, parent ?? EMPTY_SHA], { okCodes: [1, 128] });
    if (moved.code !== 0) return null;
    // Keep the checkout equal to HEAD: GitRepo reads and `git clone` users expect a clean tree.
    await this.run(['read-tree', '--reset', '-u', 'HEAD']);
    await this.run(['update-server-info']); // dumb-HTTP clones
    return sha;
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    if (!/^[0-9a-f]{4,40}$/.test(ancestor) || !/^[0-9a-f]{4,40}$/.test(descendant)) return false;
    const { code } = await this.run(['merge-base', '--is-ancestor', ancestor, descendant], { okCodes: [1, 128] });
    return code === 0;
  }

  /** Commits touching any of `paths`, newest first, each with the paths it touched. */
  async pathHistory(paths: string[], options: { skip: number; limit: number }): Promise<{ sha: string; files: string[] }[]> {
    const out = await this.text([
      'log',
      '--format=%x1e%H',
      '--name-only',
      '--no-renames',
      `--skip=${options.skip}`,
      `--max-count=${options.limit}`,
      'HEAD',
      '--',
      ...paths,
    ]);
    return out
      .split('\x1e')
      .filter((r) => r.trim())
      .map((r) => {
        const [sha, ...files] = r.trim().split('\n');
        return { sha: sha.trim(), files: files.map((f) => f.trim()).filter(Boolean) };
      });
  }
}
