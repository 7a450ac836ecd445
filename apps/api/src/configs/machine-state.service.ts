import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { MachineStateEntity } from './machine-state.entity';

/**
 * Runtime state of machines (Postgres), beside the declarative config (git).
 * The VM manager records deployments with setDeployedRevision.
 */
@Injectable()
export class MachineStateService {
  constructor(@InjectRepository(MachineStateEntity) private readonly rows: Repository<MachineStateEntity>) {}

  /** Rows for machines the configuration now has; rows of removed machines stay (their VMs may still run). */
  async ensureRows(networkId: string, names: string[]): Promise<void> {
    if (names.length === 0) return;
    await this.rows
      .createQueryBuilder()
      .insert()
      .values(names.map((name) => ({ networkId, name, deployedRevision: null })))
      .orIgnore()
      .execute();
  }

  async deployedRevisions(networkId: string, names: string[]): Promise<Map<string, string | null>> {
    if (names.length === 0) return new Map();
    const rows = await this.rows.find({ where: { networkId, name: In(names) }, select: { name: true, deployedRevision: true } });
    return new Map(rows.map((r) => [r.name, r.deployedRevision]));
  }

  /** Records that `name` now runs the configuration of `revision` (a commit of the network repository). */
  async setDeployedRevision(networkId: string, name: string, revision: string | null): Promise<void> {
    await this.rows.upsert({ networkId, name, deployedRevision: revision }, ['networkId', 'name']);
  }
}
