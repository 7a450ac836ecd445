import { ErrorCode } from '@clan/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, type Repository } from 'typeorm';
import { conflict, DomainError, notFound } from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { JobName } from '../../services/queue/queue.catalogue';
import { TasksService } from '../../tasks/tasks.service';
import { HostEntity } from '../host.entity';
import {
  type ClevisPolicy,
  policyProblems,
  type PolicyProblem,
  renderSssConfig,
  type SssConfig,
  sssConfigText,
  type TangPinSource,
} from './clevis-policy';
import { ClevisPolicyEntity } from './clevis-policy.entity';
import { type ColdStart, coldStart, unlockMatrix, type UnlockMatrix, type UnlockNode } from './dependency-matrix';
import { sealForHost } from './host-sealing';
import { TangServerEntity } from './tang-server.entity';
import { UnlockSecretEntity } from './unlock-secret.entity';

/** A passphrase waits this long for its bind task; then it is deleted unread. */
const SECRET_TTL_MS = 15 * 60_000;

export interface UnlockHostView {
  hostId: string;
  name: string;
  role: HostEntity['role'];
  online: boolean;
  tang: { enabled: boolean; url: string | null; thumbprints: string[]; reportedAt: string | null; rotatedAt: string | null };
  policy: {
    threshold: number;
    tangHostIds: string[];
    tpm: boolean;
    device: string | null;
    /** What keeps it from being bound now ([]: it can be bound). */
    problems: PolicyProblem[];
    bound: { at: string; slot: number | null; device: string | null; config: string; current: boolean } | null;
  } | null;
}

export interface UnlockOverview {
  hosts: UnlockHostView[];
  matrix: UnlockMatrix;
  coldStart: ColdStart;
}

export interface ClevisConfigView {
  hostId: string;
  /** The configuration `clevis luks bind … sss '<text>'` gets; null while the policy has problems. */
  config: SssConfig | null;
  text: string | null;
  problems: PolicyProblem[];
}

/** The panel's side of unattended unlock: policies, the matrix, and the tasks that act on hosts (docs/fleet-unlock.md). */
@Injectable()
export class UnlockService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(HostEntity) private readonly hosts: Repository<HostEntity>,
    @InjectRepository(TangServerEntity) private readonly tang: Repository<TangServerEntity>,
    @InjectRepository(ClevisPolicyEntity) private readonly policies: Repository<ClevisPolicyEntity>,
    @InjectRepository(UnlockSecretEntity) private readonly secrets: Repository<UnlockSecretEntity>,
    private readonly tasks: TasksService,
  ) {}

  private async host(hostId: string): Promise<HostEntity> {
    const host = await this.hosts.findOneBy({ id: hostId });
    if (!host) throw notFound(`Host ${hostId}`);
    return host;
  }

  /** Every host's Tang server as a pin source. */
  private async pinSources(): Promise<Map<string, TangPinSource>> {
    const [hosts, rows] = await Promise.all([this.hosts.find(), this.tang.find()]);
    const byHost = new Map(rows.map((r) => [r.hostId, r]));
    return new Map(
      hosts.map((h) => {
        const row = byHost.get(h.id);
        return [
          h.id,
          { hostId: h.id, hostName: h.name, enabled: row?.enabled ?? false, url: row?.url ?? null, thumbprints: row?.thumbprints ?? [] },
        ];
      }),
    );
  }

  private static policyOf(row: ClevisPolicyEntity): ClevisPolicy {
    return { threshold: row.threshold, tangHostIds: row.tangHostIds, tpm: row.tpm, device: row.device };
  }

  /** Problems of a policy, and of the Tang servers it needs not having reported yet. */
  private problemsOf(hostId: string, policy: ClevisPolicy, sources: ReadonlyMap<string, TangPinSource>): PolicyProblem[] {
    const problems = policyProblems(hostId, policy, sources);
    if (problems.length) return problems;
    try {
      renderSssConfig(policy, sources);
    } catch (err) {
      problems.push({ field: 'tangHostIds', message: (err as Error).message });
    }
    return problems;
  }

  async overview(): Promise<UnlockOverview> {
    const [hosts, rows, policies, sources] = await Promise.all([
      this.hosts.find({ order: { createdAt: 'ASC', name: 'ASC' } }),
      this.tang.find(),
      this.policies.find(),
      this.pinSources(),
    ]);
    const tangOf = new Map(rows.map((r) => [r.hostId, r]));
    const policyOf = new Map(policies.map((p) => [p.hostId, p]));
    const offlineAfter = this.config.fleet.heartbeatSeconds * 3000;
    const views: UnlockHostView[] = hosts.map((h) => {
      const t = tangOf.get(h.id);
      const p = policyOf.get(h.id);
      let rendered: string | null = null;
      if (p) {
        try {
          rendered = sssConfigText(renderSssConfig(UnlockService.policyOf(p), sources));
        } catch {
          rendered = null;
        }
      }
      return {
        hostId: h.id,
        name: h.name,
        role: h.role,
        online: !!h.heartbeatAt && Date.now() - h.heartbeatAt.getTime() <= offlineAfter,
        tang: {
          enabled: t?.enabled ?? false,
          url: t?.url ?? null,
          thumbprints: t?.thumbprints ?? [],
          reportedAt: t?.reportedAt?.toISOString() ?? null,
          rotatedAt: t?.rotatedAt?.toISOString() ?? null,
        },
        policy: p
          ? {
              threshold: p.threshold,
              tangHostIds: p.tangHostIds,
              tpm: p.tpm,
              device: p.device,
              problems: this.problemsOf(h.id, UnlockService.policyOf(p), sources),
              bound:
                p.boundAt && p.boundConfig
                  ? {
                      at: p.boundAt.toISOString(),
                      slot: p.boundSlot,
                      device: p.boundDevice,
                      config: p.boundConfig,
                      current: p.boundConfig === rendered,
                    }
                  : null,
            }
          : null,
      };
    });
    const nodes: UnlockNode[] = hosts.map((h) => {
      const p = policyOf.get(h.id);
      return {
        hostId: h.id,
        tangServing: tangOf.get(h.id)?.enabled ?? false,
        policy: p ? { threshold: p.threshold, tangHostIds: p.tangHostIds, tpm: p.tpm } : null,
      };
    });
    return { hosts: views, matrix: unlockMatrix(nodes), coldStart: coldStart(nodes) };
  }

  async clevisConfig(hostId: string): Promise<ClevisConfigView> {
    await this.host(hostId);
    const row = await this.policies.findOneBy({ hostId });
    if (!row)
      return {
        hostId,
        config: null,
        text: null,
        problems: [{ field: 'policy', message: 'This host has no Clevis policy yet: set one first.' }],
      };
    const sources = await this.pinSources();
    const policy = UnlockService.policyOf(row);
    const problems = this.problemsOf(hostId, policy, sources);
    if (problems.length) return { hostId, config: null, text: null, problems };
    const config = renderSssConfig(policy, sources);
    return { hostId, config, text: sssConfigText(config), problems: [] };
  }

  async setPolicy(hostId: string, policy: ClevisPolicy): Promise<UnlockHostView> {
    await this.host(hostId);
    const problems = policyProblems(hostId, policy, await this.pinSources());
    if (problems.length) throw new DomainError(ErrorCode.ValidationFailed, problems.map((p) => p.message).join(' '), problems);
    await this.policies.upsert({ hostId, ...policy }, ['hostId']);
    return this.view(hostId);
  }

  async deletePolicy(hostId: string): Promise<void> {
    await this.host(hostId);
    const { affected } = await this.policies.delete({ hostId });
    if (!affected) throw notFound(`The Clevis policy of host ${hostId}`);
  }

  private async view(hostId: string): Promise<UnlockHostView> {
    const found = (await this.overview()).hosts.find((h) => h.hostId === hostId);
    if (!found) throw notFound(`Host ${hostId}`);
    return found;
  }

  /** Records the admin's wish and has the host start or stop its Tang server. */
  async setTang(userId: string, hostId: string, enabled: boolean): Promise<{ taskId: string }> {
    await this.host(hostId);
    if (!enabled) {
      const users = await this.dependents(hostId);
      if (users.length)
        throw conflict(
          `The policies of ${users.map((u) => u.name).join(', ')} use this host's Tang server: change them before turning it off.`,
        );
    }
    await this.tang.createQueryBuilder().insert().values({ hostId, enabled, thumbprints: [] }).orUpdate(['enabled'], ['host_id']).execute();
    return this.tasks.start(JobName.TangApply, {}, { userId, hostId });
  }

  /** Hosts whose policy holds a pin on `tangHostId`'s Tang server. */
  async dependents(tangHostId: string): Promise<{ hostId: string; name: string; bound: boolean }[]> {
    const rows = await this.policies
      .createQueryBuilder('p')
      .where(`p.tang_host_ids @> :id::jsonb`, { id: JSON.stringify([tangHostId]) })
      .getMany();
    if (!rows.length) return [];
    const names = new Map((await this.hosts.findBy({ id: In(rows.map((r) => r.hostId)) })).map((h) => [h.id, h.name]));
    return rows.map((r) => ({ hostId: r.hostId, name: names.get(r.hostId) ?? r.hostId, bound: r.boundAt !== null }));
  }

  /** Rotates a host's Tang keys; the rotation task then rebinds every bound host whose policy uses it. */
  async rotate(
    userId: string,
    hostId: string,
  ): Promise<{ taskId: string; rebinds: { hostId: string; name: string }[]; notBound: { hostId: string; name: string }[] }> {
    await this.host(hostId);
    const row = await this.tang.findOneBy({ hostId });
    if (!row?.enabled) throw conflict('This host does not run a Tang server: enable it before rotating its keys.');
    const users = await this.dependents(hostId);
    const { taskId } = await this.tasks.start(JobName.TangRotate, {}, { userId, hostId });
    return {
      taskId,
      rebinds: users.filter((u) => u.bound).map(({ hostId: id, name }) => ({ hostId: id, name })),
      notBound: users.filter((u) => !u.bound).map(({ hostId: id, name }) => ({ hostId: id, name })),
    };
  }

  /** Seals the admin's passphrase to the host and starts its bind task; the passphrase goes nowhere else. */
  async bind(userId: string, hostId: string, passphrase: string): Promise<{ taskId: string }> {
    await this.host(hostId);
    const config = await this.clevisConfig(hostId);
    if (config.problems.length)
      throw conflict(`This host's policy cannot be bound yet: ${config.problems.map((p) => p.message).join(' ')}`);
    const key = (await this.tang.findOneBy({ hostId }))?.sealingKey;
    if (!key) throw conflict('This host has not published its sealing key yet: its worker has not started since it was enrolled.');
    await this.secrets.delete({ expiresAt: LessThan(new Date()) });
    const secret = await this.secrets.save(
      this.secrets.create({ hostId, sealed: sealForHost(key, passphrase), expiresAt: new Date(Date.now() + SECRET_TTL_MS) }),
    );
    return this.tasks.start(JobName.ClevisBind, { secretId: secret.id, reason: 'bind' }, { userId, hostId });
  }
}
