import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { run } from './host-commands';
import { isStorePath } from './nix-ops';

export const STORE_DISK_LABEL = 'clan-store';

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

/**
 * The VM's view of /nix/store: an ext4 image whose root holds exactly the
 * given store paths (a system's closure), made with `mke2fs -d` (e2fsprogs).
 * Attached read-only, so the guest sees its own closure and nothing else.
 */
export async function makeStoreDisk(
  paths: string[],
  image: string,
  scratch: string,
  opts: { signal?: AbortSignal; env?: Record<string, string> } = {},
): Promise<{ bytes: number }> {
  const { signal, env } = opts;
  const bad = paths.find((p) => !isStorePath(p));
  if (bad) throw new Error(`not a store path: ${bad}`);
  const staging = join(scratch, 'store');
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
    await rm(image, { force: true });
    await run(
      'mke2fs',
      [
        '-q',
        '-F',
        '-t',
        'ext4',
        '-O',
        '^has_journal',
        '-L',
        STORE_DISK_LABEL,
        '-N',
        String(Math.ceil(inodes * 1.2) + 1024),
        '-E',
        'root_owner=0:0',
        '-d',
        staging,
        image,
        `${sizeKiB}K`,
      ],
      { signal, pkg: 'e2fsprogs', env },
    );
    return { bytes: sizeKiB * 1024 };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
