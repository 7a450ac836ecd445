import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { VmDisks } from '../../services/disk/vm-disks';
import { CommandError, type ProcessRunner } from '../../services/process/process-runner';
import type { JobContext } from '../../services/queue/job-context';
import type { BackupRepositories } from '../backup-repositories.service';
import type { BackupRepositoryEntity } from '../backup-repository.entity';
import type { SnapshotInfo } from '../restic/restic-output';
import type { ResticService } from '../restic/restic.service';
import { isStateDiskImage, stateDiskKiB, stateImageName } from '../verify/verify-plan';

export interface StateDiskImageDeps {
  restic: ResticService;
  disks: VmDisks;
  processes: ProcessRunner;
}

/**
 * A machine's state disk image from one of its snapshots, without mounting
 * anything (shared by the verified restore and the whole-machine restore):
 * `restic restore` into `workDir/restore`; a state-disk snapshot is the image
 * itself; a file snapshot becomes an ext4 image (`mke2fs -d`, label
 * clan-state) with demo paths under /state at the disk's root. `fail` makes
 * the caller's error for a snapshot that cannot become a disk.
 */
export async function buildStateDiskImage(
  deps: StateDiskImageDeps,
  ctx: JobContext,
  restic: ReturnType<BackupRepositories['open']>,
  repo: BackupRepositoryEntity,
  snapshot: SnapshotInfo,
  machine: string,
  workDir: string,
  image: string,
  fail: (message: string) => Error,
): Promise<void> {
  const files = join(workDir, 'restore');
  await rm(files, { recursive: true, force: true });
  await mkdir(files, { recursive: true, mode: 0o700 });
  const args = [
    'restore',
    snapshot.id,
    '--target',
    files,
    ...(isStateDiskImage(snapshot) ? ['--include', `/${stateImageName(machine)}`] : []),
  ];
  await ctx.log('info', `restic ${args.join(' ')}`);
  await deps.restic.ok(restic, args, `restic restore of snapshot ${snapshot.shortId} from ${repo.name}`, {
    signal: ctx.signal,
    onStdoutLine: (l) => void (l.trim() && ctx.log('info', `  ${l.trim()}`)),
  });
  if (isStateDiskImage(snapshot)) {
    const from = join(files, stateImageName(machine));
    if (!(await deps.disks.exists(from))) {
      throw fail(`Snapshot ${snapshot.shortId} holds no ${stateImageName(machine)} (the state disk image it should hold).`);
    }
    await rename(from, image);
    await ctx.log('info', `State disk: the image from snapshot ${snapshot.shortId} (${mib((await stat(image)).size)}).`);
  } else {
    // Demo guests mount the state disk at /state: its files go to the disk's root (verify-plan.ts diskPathOf).
    const demoState = join(files, 'state');
    if (await deps.disks.exists(demoState)) {
      for (const name of await readdir(demoState)) {
        await rm(join(files, name), { recursive: true, force: true });
        await rename(join(demoState, name), join(files, name));
      }
      await rm(demoState, { recursive: true, force: true });
    }
    const bytes = await du(files);
    const kib = stateDiskKiB(bytes);
    try {
      await deps.processes.run(
        'mke2fs',
        ['-q', '-F', '-t', 'ext4', '-L', 'clan-state', '-E', 'root_owner=0:0', '-d', files, image, `${kib}K`],
        { signal: ctx.signal, pkg: 'e2fsprogs' },
      );
    } catch (err) {
      if (err instanceof CommandError) throw fail(`The state disk could not be made from snapshot ${snapshot.shortId}: ${err.message}`);
      throw err;
    }
    await ctx.log('info', `State disk: ext4 image of ${mib(bytes)} of restored files (${mib(kib * 1024)} image, label clan-state).`);
  }
  await rm(files, { recursive: true, force: true });
}

async function du(dir: string): Promise<number> {
  let bytes = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) bytes += 4096 + (await du(p));
    else bytes += Math.ceil((await lstat(p)).size / 4096) * 4096 + 4096;
  }
  return bytes;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
