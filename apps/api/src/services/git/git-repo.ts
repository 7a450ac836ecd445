import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, normalize, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { CommandError, type ProcessRunner } from '../process/process-runner';

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

/** One file of a tree: its blob and mode. */
export interface TreeEntry {
  mode: string;
  sha: string;
}

/** `null` deletes the file. */
export type FileChanges = Record<string, string | null>;

/** What `git http-backend` needs of an HTTP request (CGI variables). */
export interface GitHttpRequest {
  /** Path below the repository, e.g. `info/refs` or `git-upload-pack`. */
  gitPath: string;
  method: string;
  query: string;
  contentType: string;
  remoteUser: string;
  remoteAddr: string;
  contentEncoding?: string;
  gitProtocol?: string;
  /** The request body (POST); null for GET. */
  body: Readable | null;
}

/** Where `git http-backend`'s CGI answer goes (an express Response fits). */
export interface GitHttpResponse {
  readonly headersSent: boolean;
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
  write(chunk: Buffer): unknown;
  end(): unknown;
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
const SHA = /^[0-9a-f]{4,40}$/;
const FIELD = '\x1f';
const RECORD = '\x1e';
const EMPTY_SHA = '0'.repeat(40);
const PANEL_COMMITTER = { GIT_COMMITTER_NAME: 'cLAN panel', GIT_COMMITTER_EMAIL: 'panel@clan.invalid' };
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** The sha git gives `content` as a blob, computed without spawning git. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

interface GitRunOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  okCodes?: number[];
}

/**
 * The one git adapter: a network's configuration repository, driven through
 * the `git` CLI (the same tool members clone with) via the injectable
 * ProcessRunner. Readers (history, diff, files), the configuration writer's
 * plumbing (trees built in a private index — never the working tree — so a
 * preview is computed exactly like the commit it previews; the branch moved by
 * compare-and-swap so two writers can never silently overwrite each other) and
 * the smart-HTTP backend members clone from. Paths are validated to stay inside
 * the repository; revisions must be shas or HEAD~n, never arbitrary arguments.
 */
export class GitRepo {
  constructor(
    readonly dir: string,
    private readonly runner: ProcessRunner,
  ) {}

  /** The environment every git command gets besides the host-command one. */
  private vars(extra: Record<string, string> = {}): Record<string, string> {
    return { HOME: this.dir, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...extra };
  }

  /** Runs git in the repository; `okCodes` resolve instead of failing. */
  async run(args: string[], options: GitRunOptions = {}): Promise<{ stdout: Buffer; code: number }> {
    try {
      const r = await this.runner.runBuffer('git', args, {
        cwd: this.dir,
        env: this.vars(options.env),
        input: options.input,
        okCodes: options.okCodes,
      });
      return { stdout: r.stdout, code: r.code };
    } catch (err) {
      if (err instanceof CommandError) {
        throw new GitError(err.missing ? err.message : `git ${args[0]} failed: ${err.stderr.trim()}`, err.stderr);
      }
      throw err;
    }
  }

  private async text(args: string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.run(args, options)).stdout.toString('utf8');
  }

  static assertRevision(rev: string): string {
    if (!SHA_OR_REF.test(rev)) throw new GitError(`"${rev}" is not a revision (expected a commit sha)`);
    return rev;
  }

  /** Plain relative names only: no "..", no absolute paths, nothing inside .git (what the writer commits). */
  static assertPath(path: string): string {
    const segments = path.split('/');
    if (segments.some((s) => !PATH_SEGMENT.test(s) || s === '.' || s === '..') || segments[0] === '.git') {
      throw new GitError(`"${path}" is not a repository path the panel writes`);
    }
    return path;
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

  /** HEAD's commit, or null in an empty (or missing) repository. */
  async head(): Promise<string | null> {
    if (!existsSync(join(this.dir, '.git'))) return null;
    const loose = await this.looseHead();
    if (loose) return loose;
    const { stdout, code } = await this.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { okCodes: [1, 128] });
    return code === 0 ? stdout.toString().trim() || null : null;
  }

  /**
   * HEAD read from the files, without a git process (reads ask for it on every request): a symbolic
   * HEAD to a loose branch ref. git writes refs by rename, so a read sees the old or the new sha.
   * Null (ask git) for anything else: a packed or missing ref, a detached HEAD. Read synchronously:
   * two files of a few bytes in the page cache cost less than eight thread-pool round trips.
   */
  private async looseHead(): Promise<string | null> {
    try {
      const head = readFileSync(join(this.dir, '.git', 'HEAD'), 'utf8').trim();
      const ref = /^ref: (refs\/heads\/[A-Za-z0-9._/-]+)$/.exec(head)?.[1];
      if (!ref || ref.includes('..')) return null;
      const sha = readFileSync(join(this.dir, '.git', ref), 'utf8').trim();
      return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
    } catch {
      return null;
    }
  }

  /** Every commit reachable from `rev` (itself included), in one git call. */
  async ancestors(rev: string): Promise<Set<string>> {
    const out = await this.text(['rev-list', GitRepo.assertRevision(rev)]);
    return new Set(out.split('\n').filter((l) => l.length > 0));
  }

  // ---- working-tree commits (seeding, tests) --------------------------------

  /** Replaces the given files in the working tree (null = delete) and commits; the new sha, or null when nothing changed. */
  async commit(files: FileChanges, message: string, author: GitAuthor): Promise<string | null> {
    for (const [path, contents] of Object.entries(files)) {
      const p = join(this.dir, this.safePath(path));
      if (contents === null) await rm(p, { force: true });
      else {
        await mkdir(dirname(p), { recursive: true });
        await writeFile(p, contents);
      }
    }
    await this.run(['add', '--all']);
    const status = await this.text(['status', '--porcelain']);
    if (!status.trim()) return null;
    const env = { ...PANEL_COMMITTER, GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email };
    await this.run(['commit', '--quiet', '--no-verify', '-F', '-'], { input: message, env });
    await this.run(['update-server-info']); // keeps dumb-HTTP clones working too
    return this.head();
  }

  /**
   * After a crash: makes the checkout equal to HEAD again. A panel killed between moving the
   * branch and updating the checkout (commitTree) leaves the old tree in the index and the
   * working tree; one killed inside git leaves `index.lock` and our temporary indexes. Nothing
   * committed is lost: HEAD holds every answered write. Only at start-up, before any writer runs.
   * Returns what was repaired (empty when the checkout was clean).
   */
  async repairCheckout(): Promise<string[]> {
    const repaired: string[] = [];
    const gitDir = join(this.dir, '.git');
    if (!existsSync(gitDir)) return repaired;
    for (const name of await readdir(gitDir)) {
      if (name === 'index.lock' || name.startsWith('clan-index-')) {
        await rm(join(gitDir, name), { force: true });
        repaired.push(`removed .git/${name}`);
      }
    }
    if (!(await this.head())) return repaired;
    const status = await this.text(['status', '--porcelain', '--untracked-files=all']);
    if (status.trim()) {
      await this.run(['read-tree', '--reset', '-u', 'HEAD']);
      await this.run(['clean', '-fdq']);
      repaired.push(`checkout reset to HEAD (${status.trim().split('\n').length} paths differed)`);
    }
    return repaired;
  }

  /** Makes the working tree equal to `rev` as a new commit on top of HEAD (history is never rewritten). */
  async revertTo(rev: string, message: string, author: GitAuthor): Promise<string | null> {
    const target = await this.snapshot(rev);
    const current = (await this.text(['ls-files'])).split('\n').filter(Boolean);
    const files: FileChanges = { ...target };
    for (const p of current) if (!(p in target)) files[p] = null;
    return this.commit(files, message, author);
  }

  // ---- readers ---------------------------------------------------------------

  async readFile(path: string, rev?: string): Promise<string | null> {
    if (!rev) {
      try {
        return await readFile(join(this.dir, this.safePath(path)), 'utf8');
      } catch {
        return null;
      }
    }
    try {
      return await this.text(['show', `${GitRepo.assertRevision(rev)}:${this.safePath(path)}`]);
    } catch {
      return null;
    }
  }

  async log(options: { limit: number; offset: number; path?: string }): Promise<{ items: GitCommit[]; total: number }> {
    if (!(await this.head())) return { items: [], total: 0 };
    const pathArgs = options.path ? ['--', this.safePath(options.path)] : [];
    const total = Number((await this.text(['rev-list', '--count', 'HEAD', ...pathArgs])).trim());
    const format = ['%H', '%P', '%an', '%ae', '%aI', '%s', '%b'].join(FIELD) + RECORD;
    const out = await this.text([
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

  /** The subject line of a commit. */
  async subject(rev: string): Promise<string> {
    return (await this.text(['log', '-1', '--format=%s', GitRepo.assertRevision(rev)])).trim();
  }

  /** Unified diff between two revisions or trees (`from` null = the empty tree). */
  async diff(from: string | null, to: string): Promise<{ patch: string; files: GitFileChange[] }> {
    const base = from ? GitRepo.assertRevision(from) : (await this.text(['hash-object', '-t', 'tree', '/dev/null'])).trim();
    const target = GitRepo.assertRevision(to);
    const patch = await this.text(['diff', '--no-color', '--no-ext-diff', base, target]);
    const names = await this.text(['diff', '--name-status', '--no-renames', base, target]);
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
    const list = (await this.text(['ls-tree', '-r', '--name-only', r])).split('\n').filter(Boolean);
    const contents = await this.readObjects(list.map((p) => `${r}:${p}`));
    const files: Record<string, string> = {};
    list.forEach((p, i) => (files[p] = contents[i] ?? ''));
    return files;
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

  /** The full sha of a commit given by a (possibly abbreviated) sha, or null when there is none. */
  async resolveCommit(rev: string): Promise<string | null> {
    if (!SHA.test(rev)) return null;
    const { stdout, code } = await this.run(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { okCodes: [1, 128] });
    return code === 0 ? stdout.toString().trim() : null;
  }

  async treeOf(commit: string): Promise<string> {
    return (await this.text(['rev-parse', `${GitRepo.assertRevision(commit)}^{tree}`])).trim();
  }

  async firstParent(commit: string): Promise<string | null> {
    const { stdout, code } = await this.run(['rev-parse', '--verify', '--quiet', `${GitRepo.assertRevision(commit)}^1`], {
      okCodes: [1, 128],
    });
    return code === 0 ? stdout.toString().trim() : null;
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    if (!SHA.test(ancestor) || !SHA.test(descendant)) return false;
    const { code } = await this.run(['merge-base', '--is-ancestor', ancestor, descendant], { okCodes: [1, 128] });
    return code === 0;
  }

  /** The tree of a revision as a tar archive (what the VM builder reads). */
  async archive(rev: string): Promise<Buffer> {
    return (await this.run(['archive', '--format=tar', GitRepo.assertRevision(rev)])).stdout;
  }

  /** Every file of a commit's tree: path → blob. */
  async entries(commit: string | null): Promise<Map<string, TreeEntry>> {
    const out = new Map<string, TreeEntry>();
    if (!commit) return out;
    const text = await this.text(['ls-tree', '-r', '-z', '--full-tree', GitRepo.assertRevision(commit)]);
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
    const buf = (await this.run(['cat-file', '--batch'], { input: names.map((n) => `${n}\n`).join('') })).stdout;
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

  // ---- the writer's plumbing ----------------------------------------------------

  /**
   * The tree `base` becomes with `changes` applied. Only changed blobs are
   * written; the index used is private and removed afterwards.
   */
  async buildTree(base: string | null, baseEntries: Map<string, TreeEntry>, changes: FileChanges): Promise<string> {
    const lines: string[] = [];
    for (const [path, content] of Object.entries(changes)) {
      GitRepo.assertPath(path);
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
      await this.run(base ? ['read-tree', GitRepo.assertRevision(base)] : ['read-tree', '--empty'], { env });
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
    const sha = (
      await this.text(['commit-tree', GitRepo.assertRevision(tree), ...(parent ? ['-p', GitRepo.assertRevision(parent)] : []), '-F', '-'], {
        env,
        input: message,
      })
    ).trim();
    const moved = await this.run(['update-ref', '-m', 'clan: commit', 'HEAD', sha, parent ?? EMPTY_SHA], { okCodes: [1, 128] });
    if (moved.code !== 0) return null;
    // Keep the checkout equal to HEAD: readers of the working tree and `git clone` users expect a clean tree.
    await this.run(['read-tree', '--reset', '-u', 'HEAD']);
    await this.run(['update-server-info']); // dumb-HTTP clones
    return sha;
  }

  // ---- smart HTTP ----------------------------------------------------------------

  /**
   * Runs `git http-backend` (CGI) for this repository and streams its answer:
   * the CGI headers become response headers, the rest the body. The caller
   * decides what is served (the panel offers upload-pack only).
   */
  httpBackend(req: GitHttpRequest, res: GitHttpResponse): Promise<{ ok: boolean; stderr: string; code: number | null }> {
    const vars: Record<string, string> = {
      GIT_PROJECT_ROOT: dirname(this.dir),
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${basename(this.dir)}/${req.gitPath}`,
      REQUEST_METHOD: req.method,
      QUERY_STRING: req.query,
      CONTENT_TYPE: req.contentType,
      REMOTE_USER: req.remoteUser,
      REMOTE_ADDR: req.remoteAddr,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: this.dir,
    };
    if (req.contentEncoding) vars['HTTP_CONTENT_ENCODING'] = req.contentEncoding;
    if (req.gitProtocol) vars['GIT_PROTOCOL'] = req.gitProtocol;

    return new Promise((resolve) => {
      const child = this.runner.start('git', ['http-backend'], { env: vars, stdio: ['pipe', 'pipe', 'pipe'] });
      let headerBuf = Buffer.alloc(0);
      let headersDone = false;
      let stderr = '';
      child.stderr?.on('data', (d) => (stderr += d));
      child.stdout?.on('data', (chunk: Buffer) => {
        if (headersDone) {
          res.write(chunk);
          return;
        }
        headerBuf = Buffer.concat([headerBuf, chunk]);
        const end = headerBuf.indexOf('\r\n\r\n');
        if (end < 0) return;
        headersDone = true;
        for (const line of headerBuf.subarray(0, end).toString('latin1').split('\r\n')) {
          const i = line.indexOf(':');
          const name = line.slice(0, i).trim();
          const value = line.slice(i + 1).trim();
          if (name.toLowerCase() === 'status') res.status(Number(value.split(' ')[0]));
          else if (name) res.setHeader(name, value);
        }
        res.write(headerBuf.subarray(end + 4));
      });
      let settled = false;
      const finish = (code: number | null) => {
        if (settled) return;
        settled = true;
        if (headersDone) res.end();
        resolve({ ok: headersDone, stderr, code });
      };
      child.on('error', (err) => {
        stderr += err.message;
        finish(null);
      });
      child.on('close', (code) => finish(code));
      child.stdin?.on('error', () => undefined);
      if (req.body && child.stdin) req.body.pipe(child.stdin);
      else child.stdin?.end();
    });
  }
}
