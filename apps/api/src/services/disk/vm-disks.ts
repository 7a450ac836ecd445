import { chmod, copyFile, cp, mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { isStorePath } from '../nix/store-path';
import { ProcessRunner } from '../process/process-runner';
import { VmLayout } from './vm-layout';

/** One file for a secrets disk: a relative path such as `mesh/wireguard.key`, and its content (a secret: never logged). */
export interface SecretFile {
  path: string;
  content: string;
}

const SEGMENT = /^[A-Za-z0-9._-]{1,64}$/;

/** A relative path of plain segments, so nothing can land outside the disk's root. */
export function secretPathProblem(path: string): string | null {
  const segments = path.split('/');
  if (segments.length > 4 || !segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) {
    return `The secret file path ${JSON.stringify(path)} must be 1 to 4 segments of letters, digits, ".", "_" and "-".`;
  }
  return null;
}

/** The filesystem label of the store disk the guest mounts as /nix/store. */
export const STORE_DISK_LABEL = 'clan-store';

const GiB = 1024 ** 3;

/**
 * The filesystem adapter of the VM manager (Immich's StorageRepository): a
 * VM's directory (`VmLayout`), its boot files, disk images (state, store,
 * secrets), the export of a revision's files and the archive of a removed
 * VM. Images are made with e2fsprogs through the ProcessRunner. The VM
 * manager's decisions never touch the filesystem themselves, so tests give
 * them a fake of this class.
 */
@Injectable()
export class VmDisks {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'stateDir'>,
    private readonly proc: ProcessRunner,
  ) {}

  layout(networkId: string, machine: string): VmLayout {
    return new VmLayout(this.config.stateDir, networkId, machine);
  }

  /** A scratch directory under the state directory (`<stateDir>/tmp/<name>`), emptied. */
  async scratch(name: string): Promise<string> {
    const dir = join(this.config.stateDir, 'tmp', name);
    await rm(dir, { recursive: true, force: true });
    return dir;
  }

  async remove(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
  }

  async exists(path: string): Promise<boolean> {
    try {
      await stat(path);
      return true;
    } catch {
      return false;
    }
  }

  /** A small text file (a system's kernel-params), or null when it is not there. */
  async readText(path: string): Promise<string | null> {
    return readFile(path, 'utf8').catch(() => null);
  }

  /** The VM's directories (and generation `n`'s), traversable by qemu. */
  async ensureDirs(layout: VmLayout, n?: number): Promise<void> {
    await layout.ensure(n);
  }

  /** The display directory, owned by the user libvirt runs qemu as. */
  async ensureDisplayDir(layout: VmLayout, owner: { uid: number; gid: number } | null): Promise<void> {
    await layout.ensureDisplayDir(owner);
  }

  /** Copies of a system's kernel and initrd for generation `n` (libvirt chowns what it boots); skips what is there. */
  async copyBootFiles(layout: VmLayout, n: number, storePath: string): Promise<void> {
    await layout.ensure(n);
    for (const f of ['kernel', 'initrd'] as const) {
      const dest = f === 'kernel' ? layout.kernel(n) : layout.initrd(n);
      if (await this.exists(dest)) continue;
      await copyFile(join(storePath, f), dest + '.tmp');
      await rename(dest + '.tmp', dest);
    }
  }

  /**
   * The persistent state disk: created sparse on first use, grown (never
   * shrunk) when asked for more. Returns what it did.
   */
  async ensureStateDisk(layout: VmLayout, gib: number): Promise<'created' | 'grown' | 'unchanged'> {
    await layout.ensure();
    const want = gib * GiB;
    const current = (await this.exists(layout.stateDisk)) ? (await stat(layout.stateDisk)).size : -1;
    if (current >= want) return 'unchanged';
    const fh = await open(layout.stateDisk, current < 0 ? 'wx' : 'r+', 0o600);
    try {
      await fh.truncate(want);
    } finally {
      await fh.close();
    }
    return current < 0 ? 'created' : 'grown';
  }

  /**
   * The VM's view of /nix/store: an ext4 image whose root holds exactly the
   * given store paths (a system's closure), made with `mke2fs -d` (e2fsprogs)
   * as `image.tmp` and renamed over `image`. Attached read-only, so the guest
   * sees its own closure and nothing else.
   */
  async makeStoreDisk(paths: string[], image: string, scratch: string, signal?: AbortSignal): Promise<{ bytes: number }> {
    const bad = paths.find((p) => !isStorePath(p));
    if (bad) throw new Error(`not a store path: ${bad}`);
    const staging = join(scratch, 'store');
    const tmp = image + '.tmp';
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    try {
      for (const p of paths) {
        signal?.throwIfAborted();
        await cp(p, join(staging, basename(p)), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      }
      const { bytes, inodes } = await walk(staging);
      // Room for ext4 metadata and the journal-less filesystem's tables.
      const sizeKiB = Math.ceil((bytes * 1.15 + 16 * 1024 * 1024) / 1024 / 4) * 4;
      await rm(tmp, { force: true });
      await this.proc.run(
        'mke2fs',
        [
          ...['-q', '-F', '-t', 'ext4', '-O', '^has_journal', '-L', STORE_DISK_LABEL],
          ...['-N', String(Math.ceil(inodes * 1.2) + 1024), '-E', 'root_owner=0:0', '-d', staging, tmp, `${sizeKiB}K`],
        ],
        { signal },
      );
      await rename(tmp, image);
      return { bytes: sizeKiB * 1024 };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /**
   * A secrets disk: a small ext4 image (made with `mke2fs -d`) whose
   * directories are 0700 and files 0400, all owned by root. The files are
   * staged in a 0700 temporary directory under `scratchDir` that is removed
   * whatever happens; the image is written as a 0600 file beside `image` and
   * renamed over it, so a running VM keeps reading the old one.
   */
  async makeSecretsDisk(
    files: SecretFile[],
    image: string,
    opts: { scratchDir: string; label: string; signal?: AbortSignal },
  ): Promise<{ files: number }> {
    for (const f of files) {
      const problem = secretPathProblem(f.path);
      if (problem) throw new Error(problem);
    }
    await mkdir(opts.scratchDir, { recursive: true, mode: 0o700 });
    const staging = await mkdtemp(join(opts.scratchDir, 'secrets-'));
    const tmp = `${image}.tmp`;
    try {
      await chmod(staging, 0o700);
      let bytes = 0;
      for (const f of files) {
        const target = join(staging, ...f.path.split(posix.sep));
        await mkdir(dirname(target), { recursive: true, mode: 0o700 });
        await writeFile(target, f.content, { mode: 0o400, flag: 'wx' });
        // The mode is what mke2fs copies into the image: make sure no umask or earlier file changed it.
        await chmod(target, 0o400);
        bytes += Buffer.byteLength(f.content) + 4096;
      }
      // Created 0600 before mke2fs writes it, so the key is never readable by others, not even briefly.
      await rm(tmp, { force: true });
      await (await open(tmp, 'wx', 0o600)).close();
      const sizeKiB = Math.max(1024, Math.ceil((bytes * 2 + 512 * 1024) / 1024));
      await this.proc.run(
        'mke2fs',
        [
          ...['-q', '-F', '-t', 'ext4', '-O', '^has_journal', '-L', opts.label],
          ...['-N', '64', '-E', 'root_owner=0:0', '-d', staging, tmp, `${sizeKiB}K`],
        ],
        { signal: opts.signal },
      );
      // mke2fs gives the root directory 0755; root only, like everything inside.
      await this.proc.run('debugfs', ['-w', '-R', 'set_inode_field / mode 040700', tmp], { signal: opts.signal });
      await chmod(tmp, 0o600);
      await rename(tmp, image);
      return { files: files.length };
    } finally {
      await rm(staging, { recursive: true, force: true });
      await rm(tmp, { force: true });
    }
  }

  /** Writes the files of a tar archive (a revision's `git archive`) into `dir`. */
  async extractTar(tar: Buffer, dir: string, signal?: AbortSignal): Promise<void> {
    await mkdir(dir, { recursive: true });
    await this.proc.run('tar', ['-x', '-C', dir], { input: tar, signal, discardStdout: true });
  }

  /** Removes the boot files and store disk of generation `n`. */
  async removeGeneration(layout: VmLayout, n: number): Promise<void> {
    await rm(layout.genDir(n), { recursive: true, force: true });
  }

  /**
   * Moves what is left of a removed machine's VM directory (state disk,
   * serial log) to `<stateDir>/vms-removed/<network>/<machine>-<time>`;
   * returns where, or null when there was nothing. Its secrets are deleted,
   * not kept.
   */
  async archiveVmDir(layout: VmLayout): Promise<string | null> {
    if (!(await this.exists(layout.dir))) return null;
    await rm(layout.secretsDisk, { force: true });
    await rm(layout.secretsScratch, { recursive: true, force: true });
    const dest = join(
      this.config.stateDir,
      'vms-removed',
      layout.networkId,
      `${layout.machine}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    );
    await mkdir(dirname(dest), { recursive: true });
    await rename(layout.dir, dest);
    return dest;
  }

  /** The last `tail` bytes of a file (a serial log); empty when it does not exist. */
  async readTail(file: string, tail: number): Promise<{ text: string; size: number; truncated: boolean }> {
    const size = await stat(file).then(
      (s) => s.size,
      () => -1,
    );
    if (size < 0) return { text: '', size: 0, truncated: false };
    const start = Math.max(0, size - tail);
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(size - start);
      const { bytesRead } = await fh.read(buf, 0, buf.length, start);
      return { text: buf.subarray(0, bytesRead).toString('utf8'), size, truncated: start > 0 };
    } finally {
      await fh.close();
    }
  }
}

async function walk(dir: string): Promise<{ bytes: number; inodes: number }> {
  let bytes = 0;
  let inodes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    inodes++;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = await walk(p);
      bytes += sub.bytes + 4096;
      inodes += sub.inodes;
    } else if (entry.isFile()) {
      bytes += Math.ceil((await stat(p)).size / 4096) * 4096;
    } else bytes += 4096;
  }
  return { bytes, inodes };
}
