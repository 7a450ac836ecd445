import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, type Repository } from 'typeorm';
import { MachineStateEntity } from '../configs/machine-state.entity';
import { GenerationEntity, GenerationStatus } from './generation.entity';

export type MachinePatch = Partial<
  Pick<
    MachineStateEntity,
    | 'deployedRevision'
    | 'domainName'
    | 'currentGeneration'
    | 'healthyGeneration'
    | 'vmState'
    | 'vmStateAt'
    | 'bootedAt'
    | 'health'
    | 'healthAt'
  >
>;

/** The `generations` and `machines` rows of the VM manager. */
@Injectable()
export class GenerationsStore {
  constructor(
    @InjectRepository(GenerationEntity) readonly generations: Repository<GenerationEntity>,
    @InjectRepository(MachineStateEntity) readonly machines: Repository<MachineStateEntity>,
  ) {}

  async machine(networkId: string, name: string): Promise<MachineStateEntity | null> {
    return this.machines.findOneBy({ networkId, name });
  }

  /** The machine's row, created when missing (a machine deployed before any write recorded it). */
  async ensureMachine(networkId: string, name: string): Promise<MachineStateEntity> {
    await this.machines.createQueryBuilder().insert().values({ networkId, name, deployedRevision: null }).orIgnore().execute();
    const row = await this.machine(networkId, name);
    if (!row) throw new Error(`machine row ${networkId}/${name} vanished`);
    return row;
  }

  async patchMachine(networkId: string, name: string, patch: MachinePatch): Promise<void> {
    await this.machines.update({ networkId, name }, patch);
  }

  async get(networkId: string, machine: string, number: number): Promise<GenerationEntity | null> {
    return this.generations.findOneBy({ networkId, machine, number });
  }

  async latest(networkId: string, machine: string): Promise<GenerationEntity | null> {
    return this.generations.findOne({ where: { networkId, machine }, order: { number: 'DESC' } });
  }

  async list(networkId: string, machine: string, limit: number, offset: number): Promise<{ items: GenerationEntity[]; total: number }> {
    const [items, total] = await this.generations.findAndCount({
      where: { networkId, machine },
      order: { number: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  async live(networkId: string, machine: string): Promise<GenerationEntity[]> {
    return this.generations.find({ where: { networkId, machine, status: Not(GenerationStatus.Collected) }, order: { number: 'DESC' } });
  }

  /** Inserts generation `number` unless it exists (a re-run of the same build); returns the row. */
  async record(
    g: Omit<GenerationEntity, 'id' | 'network' | 'bootedAt' | 'healthyAt' | 'rolledBackAt' | 'note'>,
  ): Promise<GenerationEntity> {
    await this.generations.createQueryBuilder().insert().values(g).orIgnore().execute();
    const row = await this.get(g.networkId, g.machine, g.number);
    if (!row) throw new Error(`generation ${g.number} of ${g.machine} was not recorded`);
    return row;
  }

  async patch(id: string, patch: Partial<Pick<GenerationEntity, 'status' | 'bootedAt' | 'healthyAt' | 'rolledBackAt' | 'note'>>) {
    await this.generations.update({ id }, patch);
  }

  /** Every machine with at least one live generation (for a host-wide GC). */
  async machinesWithGenerations(): Promise<{ networkId: string; machine: string }[]> {
    return this.generations
      .createQueryBuilder('g')
      .select('g.network_id', 'networkId')
      .addSelect('g.machine', 'machine')
      .where('g.status <> :collected', { collected: GenerationStatus.Collected })
      .groupBy('g.network_id')
      .addGroupBy('g.machine')
      .getRawMany<{ networkId: string; machine: string }>();
  }
}
