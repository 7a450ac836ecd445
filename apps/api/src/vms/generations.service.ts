import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, type Repository } from 'typeorm';
import { GenerationEntity, GenerationStatus } from './generation.entity';

/** The `generations` rows of the VM manager (a machine's runtime state is MachineStateService's). */
@Injectable()
export class GenerationsStore {
  constructor(@InjectRepository(GenerationEntity) private readonly generations: Repository<GenerationEntity>) {}

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
