import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DomainSpec, PushBackupPlan } from '@clan/libvirt-client';
import type { VmNic } from '../../services/config/config.schema';

/**
 * A running machine that cannot back itself up through the mesh
 * (docs/backups.md, "Machines: where the data is"): the panel copies its
 * state disk with a libvirt push-mode backup job while it runs, next to the
 * state disk image, and saves that copy like a stopped machine's image.
 */

/** Why a running machine cannot reach its repository over the mesh, decided before it is asked. */
export type MeshGap = 'no-vm-network' | 'not-in-mesh';

/**
 * `no-vm-network` when this host gives its VMs no NIC (CLAN_VM_BRIDGE and
 * CLAN_VM_NETWORK unset), `not-in-mesh` when the machine gets no backup/env
 * on its secrets disk (it is not in its network's mesh); null when it can
 * back itself up through its controller.
 */
export function meshGap(o: { vmNic: VmNic | undefined; hasBackupEnv: boolean }): MeshGap | null {
  if (!o.vmNic) return 'no-vm-network';
  if (!o.hasBackupEnv) return 'not-in-mesh';
  return null;
}

/** The task log's one sentence on why the live copy is taken. */
export function liveCopyReason(machine: string, gap: MeshGap): string {
  const why =
    gap === 'no-vm-network'
      ? 'this host gives its VMs no network; see docs/vms.md "Network"'
      : 'it is not in its network\'s mesh, so it has no repository settings; see docs/backups.md "Machine repositories"';
  return `${machine} cannot reach its backup repository over the mesh (${why}): the panel copies its state disk while it runs, after its dump hooks.`;
}

/** Copies are named so a sweep knows them: `state-live-copy-<time>.img` in the VM's directory. */
const LIVE_COPY = /^state-live-copy-[0-9A-Za-z-]+\.img$/;

export function liveCopyName(now = new Date()): string {
  return `state-live-copy-${now.toISOString().replace(/[:.]/g, '-')}.img`;
}

export function isLiveCopyName(name: string): boolean {
  return LIVE_COPY.test(name);
}

/** Removes every live copy left in `dir` (a run that died); returns their names. Call it holding the machine's lease. */
export async function sweepLiveCopies(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter(isLiveCopyName);
  for (const n of names) await rm(join(dir, n), { force: true });
  return names;
}

/** The backup job's disks: the one whose image is `stateDisk` into `file`, every other disk not. */
export function liveCopyPlan(spec: Pick<DomainSpec, 'disks'>, stateDisk: string, file: string): PushBackupPlan | null {
  const disk = spec.disks.find((d) => d.source === stateDisk);
  if (!disk) return null;
  return { target: disk.target, file, others: spec.disks.filter((d) => d !== disk).map((d) => d.target) };
}
