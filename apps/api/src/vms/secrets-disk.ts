import { chmod, mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { run } from './host-commands';

/** The serial number of the secrets disk: the guest finds it at /dev/disk/by-id/virtio-clan-secrets (nix/modules/vm-guest.nix). */
export const SECRETS_DISK_SERIAL = 'clan-secrets';
export const SECRETS_DISK_LABEL = 'clan-secrets';
/** Where the guest mounts it: a file `mesh/wireguard.key` on the disk is `/run/clan-secrets/mesh/wireguard.key` there. */
export const SECRETS_MOUNT_POINT = '/run/clan-secrets';

/** One file for the disk: a relative path such as `mesh/wireguard.key`, and its content (a secret: never logged). */
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

/**
 * The VM's secrets, outside the Nix store: a small ext4 image (made with
 * `mke2fs -d`, e2fsprogs) whose directories are 0700 and files 0400, all
 * owned by root, attached read-only and mounted by the guest at
 * /run/clan-secrets. The files are staged in a 0700 temporary directory that
 * is removed whatever happens; the image is written as a 0600 file beside
 * `image` and renamed over it, so a running VM keeps reading the old one.
 */
export async function makeSecretsDisk(
  files: SecretFile[],
  image: string,
  opts: { scratchDir: string; env?: Record<string, string>; signal?: AbortSignal },
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
    const env = opts.env;
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
        SECRETS_DISK_LABEL,
        '-N',
        '64',
        '-E',
        'root_owner=0:0',
        '-d',
        staging,
        tmp,
        `${sizeKiB}K`,
      ],
      { signal: opts.signal, pkg: 'e2fsprogs', env },
    );
    // mke2fs gives the root directory 0755; root only, like everything inside.
    await run('debugfs', ['-w', '-R', 'set_inode_field / mode 040700', tmp], { signal: opts.signal, pkg: 'e2fsprogs', env });
    await chmod(tmp, 0o600);
    await rename(tmp, image);
    return { files: files.length };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(tmp, { force: true });
  }
}
