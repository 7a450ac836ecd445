import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';

export interface GitAuthor {
  name: string;
  email: string;
}

export interface GitCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  date: string;
  subject: string;
  body: string;
}

export interface GitFileChange {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'GitError';
  }
}

const SHA_OR_REF = /^(?:[0-9a-f]{4,40}|HEAD(?:~\d{1,4})?)$/;
const FIELD = '\x1f';
const RECORD = '\x1e';

/**
 * A network's configuration repository, driven through the `git` CLI (the
 * same tool members clone with). Paths are validated to stay inside the
 * repository; revisions must be shas or HEAD~n, never arbitrary arguments.
 */
export class GitRepo {
  constructor(readonly dir: string) {}

  private run(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      // Variables are set through env(1) so this module never reads the panel's environment (config owns that).
      const vars = { HOME: this.dir, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env };
      const child = execFile(
        'env',
        [...Object.entries(vars).map(([k, v]) => `${k}=${v}`), 'git', ...args],
        { cwd: this.dir, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) {
            const missing = (err as { code?: number }).code === 127;
            reject(
              new GitError(
                missing ? 'git not found: install the Debian package git' : `git ${args[0]} failed: ${String(stderr).trim()}`,
                String(stderr),
              ),
            );
          } else resolve(String(stdout));
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  }

  static assertRevision(rev: string): string {
    if (!SHA_OR_REF.test(rev)) throw new GitError(`"${rev}" is not a revision (expected a commit sha)`);
    return rev;
  }

  private safePath(path: string): string {
    const n = normalize(path);
    if (n.startsWith('..') || n.startsWith(sep) || n.includes(`${sep}..${sep}`) || n === '.git' || n.startsWith(`.git${sep}`)) {
      throw new GitError(`path "${path}" leaves the repository`);
    }
    return n;
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o750 });
    await this.run(['init', '--quiet', '--initial-branch=main']);
    await this.run(['config', 'core.autocrlf', 'false']);
    await this.run(['config', 'commit.gpgsign', 'false']);
  }

  async head(): Promise<string | null> {
    try {
      return (await this.run(['rev-parse', '--verify', '--quiet', 'HEAD'])).trim() || null;
    } catch {
      return null;
    }
  }

  /** Replaces the given files (null = delete) and commits; returns the new sha, or null when nothing changed. */
  async commit(files: Record<string, string | null>, message: string, author: GitAuthor): Promise<string | null> {
    for (const [path, contents] of Object.entries(files)) {
      const p = join(this.dir, this.safePath(path));
      if (contents === null) await rm(p, { force: true });
      else {
        await mkdir(dirname(p), { recursive: true });
        await writeFile(p, contents);
      }
    }
    await this.run(['add', '--all']);
    const status = await this.run(['status', '--porcelain']);
    if (!status.trim()) return null;
    const env = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: 'cLAN panel',
      GIT_COMMITTER_EMAIL: 'panel@clan.invalid',
    };
    await this.run(['commit', '--quiet', '--no-verify', '-F', '-'], { input: message, env });
    await this.run(['update-server-info']); // keeps dumb-HTTP clones working too
    return this.head();
  }

  async readFile(path: string, rev?: string): Promise<string | null> {
    if (!rev) {
      try {
        return await readFile(join(this.dir, this.safePath(path)), 'utf8');
      } catch {
        return null;
      }
    }
    try {
      return await this.run(['show', `${GitRepo.assertRevision(rev)}:${this.safePath(path)}`]);
    } catch {
      return null;
    }
  }

  async log(options: { limit: number; offset: number; path?: string }): Promise<{ items: GitCommit[]; total: number }> {
    if (!(await this.head())) return { items: [], total: 0 };
    const pathArgs = options.path ? ['--', this.safePath(options.path)] : [];
    const total = Number((await this.run(['rev-list', '--count', 'HEAD', ...pathArgs])).trim());
    const format = ['%H', '%P', '%an', '%ae', '%aI', '%s', '%b'].join(FIELD) + RECORD;
    const out = await this.run([
      'log',
      `--format=${format}`,
      `--skip=${options.offset}`,
      `--max-count=${options.limit}`,
      'HEAD',
      ...pathArgs,
    ]);
    const items = out
      .split(RECORD)
      .map((r) => r.replace(/^\n/, ''))
      .filter((r) => r.length > 0)
      .map((r) => {
        const [sha, parents, authorName, authorEmail, date, subject, body] = r.split(FIELD);
        return { sha, parents: parents ? parents.split(' ') : [], authorName, authorEmail, date, subject, body: (body ?? '').trim() };
      });
    return { items, total };
  }

  /** Unified diff between two revisions (`from` null = the empty tree). */
  async diff(from: string | null, to: string): Promise<{ patch: string; files: GitFileChange[] }> {
    const base = from ? GitRepo.assertRevision(from) : (await this.run(['hash-object', '-t', 'tree', '/dev/null'])).trim();
    const target = GitRepo.assertRevision(to);
    const patch = await this.run(['diff', '--no-color', '--no-ext-diff', base, target]);
    const names = await this.run(['diff', '--name-status', '--no-renames', base, target]);
    const files = names
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [s, path] = l.split('\t');
        const status: GitFileChange['status'] = s === 'A' ? 'added' : s === 'D' ? 'deleted' : s.startsWith('R') ? 'renamed' : 'modified';
        return { path, status };
      });
    return { patch, files };
  }

  /** Files at a revision, as a map path → contents. */
  async snapshot(rev: string): Promise<Record<string, string>> {
    const r = GitRepo.assertRevision(rev);
    const list = (await this.run(['ls-tree', '-r', '--name-only', r])).split('\n').filter(Boolean);
    const files: Record<string, string> = {};
    for (const p of list) files[p] = await this.run(['show', `${r}:${p}`]);
    return files;
  }

  /** Makes the working tree equal to `rev` as a new commit on top of HEAD (history is never rewritten). */
  async revertTo(rev: string, message: string, author: GitAuthor): Promise<string | null> {
    const target = await this.snapshot(rev);
    const current = (await this.run(['ls-files'])).split('\n').filter(Boolean);
    const files: Record<string, string | null> = { ...target };
    for (const p of current) if (!(p in target)) files[p] = null;
    return this.commit(files, message, author);
  }

  /** Whether `rev` is a commit of this repository. */
  async hasCommit(rev: string): Promise<boolean> {
    try {
      await this.run(['cat-file', '-e', `${GitRepo.assertRevision(rev)}^{commit}`]);
      return true;
    } catch {
      return false;
    }
  }
}
