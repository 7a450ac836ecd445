import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, type Repository } from 'typeorm';
import { ConfigCommits } from '../configs/config-commits';
import { DeployedRevisions } from '../configs/deployed-revisions';
import { type MachineDomain, MachineDomains } from '../services/libvirt/machine-domains';
import { MachineStateEntity } from './machine-state.entity';

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
    | 'hostId'
  >
>;

/**
 * The one owner of a machine's runtime state (the `machines` table: deployed
 * revision, domain, current and last healthy generation, VM state, health).
 * Nothing else writes it; the configuration reads deployed revisions through
 * the DeployedRevisions port and the consoles read domains through the
 * MachineDomains port, both provided by this service (machine-state.module.ts).
 */
@Injectable()
export class MachineStateService implements DeployedRevisions, MachineDomains, OnModuleInit {
  constructor(
    @InjectRepository(MachineStateEntity) private readonly rows: Repository<MachineStateEntity>,
    private readonly commits: ConfigCommits,
  ) {}

  /** A row for every machine a commit adds or changes (rows of removed machines stay: their VMs may still run). */
  onModuleInit(): void {
    this.commits.onCommit((e) => this.ensureRows(e.networkId, e.changed));
  }

  async get(networkId: string, name: string): Promise<MachineStateEntity | null> {
    return this.rows.findOneBy({ networkId, name });
  }

  /** The machine's row, created when missing (a machine deployed before any write recorded it). */
  async ensure(networkId: string, name: string): Promise<MachineStateEntity> {
    await this.ensureRows(networkId, [name]);
    const row = await this.get(networkId, name);
    if (!row) throw new Error(`machine row ${networkId}/${name} vanished`);
    return row;
  }

  async ensureRows(networkId: string, names: string[]): Promise<void> {
    if (names.length === 0) return;
    await this.rows
      .createQueryBuilder()
      .insert()
      .values(names.map((name) => ({ networkId, name, deployedRevision: null })))
      .orIgnore()
      .execute();
  }

  async patch(networkId: string, name: string, patch: MachinePatch): Promise<void> {
    await this.rows.update({ networkId, name }, patch);
  }

  /** Records that `name` now runs the configuration of `revision` (a commit of the network repository). */
  async setDeployedRevision(networkId: string, name: string, revision: string | null): Promise<void> {
    await this.rows.upsert({ networkId, name, deployedRevision: revision }, ['networkId', 'name']);
  }

  /** Every machine whose row names a domain. */
  async withDomain(): Promise<MachineStateEntity[]> {
    return this.rows.find({ where: { domainName: Not(IsNull()) } });
  }

  async deployedRevisions(networkId: string, names: string[]): Promise<Map<string, string | null>> {
    if (names.length === 0) return new Map();
    const rows = await this.rows.find({ where: { networkId, name: In(names) }, select: { name: true, deployedRevision: true } });
    return new Map(rows.map((r) => [r.name, r.deployedRevision]));
  }

  async domainOf(networkId: string, machine: string): Promise<string | null> {
    const row = await this.rows.findOne({ where: { networkId, name: machine }, select: { domainName: true, networkId: true, name: true } });
    return row?.domainName ?? null;
  }

  async machinesOf(domainNames: string[]): Promise<MachineDomain[]> {
    if (domainNames.length === 0) return [];
    const rows = await this.rows.find({ where: { domainName: In(domainNames) } });
    return rows.map((r) => ({ networkId: r.networkId, machine: r.name, domainName: r.domainName as string }));
  }
}
