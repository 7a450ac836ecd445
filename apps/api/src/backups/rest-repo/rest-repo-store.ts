import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { link, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OBJECT_NAME, objectRelativePath, type ObjectType } from './rest-repo-request';

/** Uploads are written here first (inside the repository, so the final link stays on one filesystem). */
const UPLOADS = '.uploads';

export type CreateResult = 'created' | 'exists' | 'hash-mismatch' | 'too-large';

/** A body larger than the limit: the upload is abandoned and its temporary file removed. */
class TooLarge extends Error {}

/**
 * One machine repository on disk, in restic's local layout (so the panel runs
 * `restic -r <dir>` on it directly). The filesystem edge of the REST server:
 * files are created exclusively (temporary file, fsync, hard link, which
 * fails when the name exists) and never rewritten.
 */
export class RepoStore {
  constructor(readonly dir: string) {}

  pathOf(target: { kind: 'config' } | { kind: 'object'; type: ObjectType; name: string }): string {
    return target.kind === 'config' ? join(this.dir, 'config') : join(this.dir, objectRelativePath(target.type, target.name));
  }

  /** Size of a file, or null when it does not exist. */
  async size(path: string): Promise<number | null> {
    try {
      const s = await stat(path);
      return s.isFile() ? s.size : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  read(path: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(path, range);
  }

  /** The files of one type; files that are not restic's (leftovers, foreign names) are not listed. */
  async list(type: ObjectType): Promise<{ name: string; size: number }[]> {
    const base = join(this.dir, type);
    const dirs = type === 'data' ? (await this.entries(base)).filter((d) => /^[0-9a-f]{2}$/.test(d)).map((d) => join(base, d)) : [base];
    const out: { name: string; size: number }[] = [];
    for (const d of dirs) {
      for (const name of await this.entries(d)) {
        if (!OBJECT_NAME.test(name)) continue;
        const size = await this.size(join(d, name));
        if (size !== null) out.push({ name, size });
      }
    }
    return out;
  }

  /**
   * Streams `body` to a temporary file, checks its SHA-256 against `expectedHash`
   * (when given) and its size against `maxBytes`, then links it to `path`
   * unless something is there already. Never holds more than a chunk in memory.
   */
  async create(path: string, body: Readable, opts: { expectedHash?: string; maxBytes: number }): Promise<CreateResult> {
    if ((await this.size(path)) !== null) return 'exists';
    const uploads = join(this.dir, UPLOADS);
    await mkdir(uploads, { recursive: true, mode: 0o700 });
    const tmp = join(uploads, `${randomBytes(12).toString('hex')}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      const out = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
      try {
        await pipeline(
          body,
          async function* (chunks: AsyncIterable<Buffer>) {
            for await (const chunk of chunks) {
              bytes += chunk.length;
              if (bytes > opts.maxBytes) throw new TooLarge();
              hash.update(chunk);
              yield chunk;
            }
          },
          out,
        );
      } catch (error) {
        if (error instanceof TooLarge) return 'too-large';
        throw error;
      }
      if (opts.expectedHash !== undefined && hash.digest('hex') !== opts.expectedHash) return 'hash-mismatch';
      await this.fsync(tmp);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      try {
        await link(tmp, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
        throw error;
      }
      await this.fsync(dirname(path));
      return 'created';
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  /** Removes a file; false when it did not exist. */
  async remove(path: string): Promise<boolean> {
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  private async entries(dir: string): Promise<string[]> {
    try {
      return await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private async fsync(path: string): Promise<void> {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
