import {
  DEFAULT_REACHABILITY_RULES,
  type MachineAllowance,
  planReachability,
  type ReachabilityInput,
  type ReachabilityMachine,
  type ReachabilityRule,
  type ReachabilitySource,
  type ServicePort,
} from '@clan/vpn';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { invalid } from '../common/errors/domain-error';
import { ConfigReader } from '../configs/config-reader.service';
import { machineAppPorts } from './machine-app-ports';
import { MeshChanges } from './mesh-changes';
import { MeshModel } from './mesh-model.service';
import { MeshNetworkEntity } from './mesh-network.entity';
import { fromVpnError } from './mesh-support';

/** Reachability rules of a network (docs/vpn.md, "Firewall: reachability rules"): who may reach which machine or agent device and port. */
@Injectable()
export class MeshRules {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly model: MeshModel,
    private readonly changes: MeshChanges,
    private readonly reader: ConfigReader,
  ) {}

  /** The network's reachability rules, what they allow per machine, and whether they are the defaults. */
  async rules(
    networkId: string,
  ): Promise<{ rules: ReachabilityRule[]; isDefault: boolean; allowances: Record<string, MachineAllowance[]> }> {
    const ranges = await this.model.ranges(networkId);
    const rules = (ranges.rules as ReachabilityRule[] | null) ?? [...DEFAULT_REACHABILITY_RULES];
    const allowances = planReachability(await this.reachabilityInput(networkId, rules));
    return { rules, isDefault: ranges.rules === null, allowances: Object.fromEntries(allowances) };
  }

  /** Replaces the rules after checking them against the network's peers and machines (400 listing every problem). */
  async setRules(networkId: string, rules: unknown[]): Promise<void> {
    await this.model.ranges(networkId);
    rules.forEach((rule, i) => {
      const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
      const lists = (v: unknown) => isObject(v) && Object.values(v).every((x) => Array.isArray(x) && x.every((y) => typeof y === 'string'));
      if (!isObject(rule) || !lists(rule['from']) || !lists(rule['to']) || !Array.isArray(rule['ports']))
        throw invalid(
          `rules[${i}]`,
          'a rule is { id, from: { roles?, groups?, peers?, kinds? }, to: { machines?, groups? }, ports: [...] } with lists of names.',
        );
    });
    try {
      planReachability(await this.reachabilityInput(networkId, rules as ReachabilityRule[]));
    } catch (error) {
      fromVpnError(error, 'rules');
    }
    await this.ds.getRepository(MeshNetworkEntity).update({ networkId }, { rules: rules as object[] });
    const revision = await this.model.bumpRevision(networkId);
    await this.changes.emit({ networkId, revision, reason: 'reachability rules changed' });
  }

  /**
   * Sources (active peers with their owner's role and groups, addresses from the network's layer) and targets (machines and
   * agent devices, with their groups) for the reachability planner.
   */
  async reachabilityInput(networkId: string, rules: ReachabilityRule[]): Promise<ReachabilityInput> {
    const { peers, mesh, layer } = await this.model.model(networkId);
    const roles: { user_id: string; role: string }[] = await this.ds.query(
      'SELECT user_id, role FROM network_members WHERE network_id = $1',
      [networkId],
    );
    const roleOf = new Map(roles.map((r) => [r.user_id, r.role]));
    const sources: ReachabilitySource[] = peers
      .filter((p) => p.kind !== 'host' && p.index !== null)
      .map((p) => ({
        name: p.name,
        kind: p.kind === 'machine' ? 'machine' : 'device',
        role: p.ownerUserId ? (roleOf.get(p.ownerUserId) ?? null) : null,
        groups: p.groups ?? [],
        addresses: layer.layer.addressesOf(mesh, p.name),
      }));
    const ports = await this.appPorts(networkId);
    // Targets: machines, and devices that run the agent (they apply their own inbound table; other devices apply nothing).
    const machines: ReachabilityMachine[] = peers
      .filter((p) => p.kind === 'machine' || (p.kind === 'device' && p.agentTokenHash !== null))
      .map((p) => ({ name: p.name, groups: p.groups ?? [], appPorts: ports.get(p.name) ?? [] }));
    return { sources, machines, rules };
  }

  /** The machines' app ports at the head; none when the configuration cannot be read (the rules still apply to SSH). */
  private async appPorts(networkId: string): Promise<Map<string, ServicePort[]>> {
    try {
      return machineAppPorts((await this.reader.head(networkId)).layers.effective);
    } catch {
      return new Map();
    }
  }
}
