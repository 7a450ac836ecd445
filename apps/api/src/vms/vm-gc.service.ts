import { Injectable } from '@nestjs/common';
import { VmDisks } from '../services/disk/vm-disks';
import { NixService } from '../services/nix/nix.service';
import { type GenerationEntity, GenerationStatus } from './generation.entity';
import { GenerationsStore } from './generations.service';
import { MachineStateService } from './machine-state.service';
import { VmTasks } from './vm-tasks.service';

/** The generations GC keeps: the last `keep`, plus every one still referenced. */
export function generationsToCollect(live: Pick<GenerationEntity, 'number'>[], keep: number, referenced: ReadonlySet<number>): number[] {
  const newestFirst = [...live].sort((a, b) => b.number - a.number);
  return newestFirst
    .slice(Math.max(0, keep))
    .map((g) => g.number)
    .filter((n) => !referenced.has(n));
}

/**
 * Garbage collection of one machine's generations (docs/vms.md,
 * "Generations"): referenced = the one defined in libvirt, the last healthy
 * one (the rollback target) and any a queued or running deployment names.
 * Collecting removes the profile generation (the GC root), the boot files and
 * store disk, then deletes the store paths nothing else keeps alive.
 */
@Injectable()
export class VmGc {
  constructor(
    private readonly generations: GenerationsStore,
    private readonly state: MachineStateService,
    private readonly nix: NixService,
    private readonly disks: VmDisks,
    private readonly vmTasks: VmTasks,
  ) {}

  async referenced(networkId: string, machine: string): Promise<Set<number>> {
    const row = await this.state.get(networkId, machine);
    const refs = new Set<number>();
    if (row?.currentGeneration != null) refs.add(row.currentGeneration);
    if (row?.healthyGeneration != null) refs.add(row.healthyGeneration);
    for (const t of await this.vmTasks.active(networkId, machine)) {
      const g = (t.payload as { generation?: unknown }).generation;
      if (typeof g === 'number') refs.add(g);
    }
    return refs;
  }

  async collect(networkId: string, machine: string, keep: number, log: (text: string) => Promise<void>): Promise<number> {
    const live = await this.generations.live(networkId, machine);
    const doomed = generationsToCollect(live, keep, await this.referenced(networkId, machine));
    if (doomed.length === 0) return 0;
    const profile = this.nix.profile(networkId, machine);
    const current = await this.nix.currentGeneration(profile).catch(() => null);
    await this.nix.deleteProfileGenerations(
      profile,
      doomed.filter((n) => n !== current),
    );
    for (const n of doomed) {
      const g = live.find((x) => x.number === n);
      if (!g) continue;
      await this.disks.removeGeneration(this.disks.layout(networkId, machine), n);
      await this.generations.patch(g.id, { status: GenerationStatus.Collected });
    }
    const stillLive = new Set(live.filter((g) => !doomed.includes(g.number)).map((g) => g.storePath));
    await this.nix.deleteIfDead(live.filter((g) => doomed.includes(g.number) && !stillLive.has(g.storePath)).map((g) => g.storePath));
    await log(`${machine}: collected generation${doomed.length > 1 ? 's' : ''} ${doomed.sort((a, b) => a - b).join(', ')}.`);
    return doomed.length;
  }
}
