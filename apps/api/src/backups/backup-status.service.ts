import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { NetworkEntity } from '../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { BackupPolicies } from './backup-policies.service';
import type { BackupPolicyEntity, BackupSubjectKind } from './backup-policy.entity';
import { BackupRepositories } from './backup-repositories.service';
import type { BackupRepositoryEntity } from './backup-repository.entity';
import { BackupRuns } from './backup-runs.store';
import {
  backupWords,
  coverageOf,
  familyVerdict,
  type Freshness,
  freshnessOf,
  integrityOf,
  subjectStateOf,
  worstFreshness,
  worstRestorability,
} from './backup-status';
import { BackupSubjects } from './backup-subjects.service';
import type { BackupSubjectStatusDto, FamilyDeviceDto, FamilyViewDto, NetworkBackupStatusDto } from './dto/status.dto';
import type { BackupVerificationEntity } from './verify/backup-verification.entity';
import { BackupVerifications } from './verify/backup-verifications.store';
import { restorabilityOf } from './verify/verify-plan';

const RANK: Record<Freshness | 'not-protected', number> = { stale: 0, never: 1, late: 2, 'not-protected': 3, ok: 4 };
const INTEGRITY_RANK = { failed: 0, unknown: 1, ok: 2 } as const;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const ageSeconds = (d: Date | null, now: Date) => (d ? Math.max(0, Math.round((now.getTime() - d.getTime()) / 1000)) : null);

/** The status model per subject (docs/backups.md "Status"): the admin table and the family view. */
@Injectable()
export class BackupStatusService {
  constructor(
    private readonly policies: BackupPolicies,
    private readonly repositories: BackupRepositories,
    private readonly subjects: BackupSubjects,
    private readonly runs: BackupRuns,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    private readonly verifications: BackupVerifications,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'verifyDays'>,
  ) {}

  async network(networkId: string): Promise<NetworkBackupStatusDto> {
    const now = new Date();
    const [machines, devices, policies, repos] = await Promise.all([
      this.subjects.machines(networkId),
      this.subjects.devices(networkId),
      this.policies.rows.find({ where: { networkId } }),
      this.repositories.rows.find({ where: { networkId }, order: { name: 'ASC' } }),
    ]);
    const byId = new Map(repos.map((r) => [r.id, r]));
    const running = await this.runningBackups(policies);
    const verified = await this.verifications.latest(policies.map((p) => p.id));
    const keys = new Map<string, { kind: BackupSubjectKind; name: string }>();
    for (const name of Object.keys(machines)) keys.set(`machine/${name}`, { kind: 'machine', name });
    for (const name of devices) keys.set(`device/${name}`, { kind: 'device', name });
    for (const p of policies) keys.set(`${p.subjectKind}/${p.subjectName}`, { kind: p.subjectKind, name: p.subjectName });
    const subjects = [...keys.values()].map((s) =>
      this.subject(
        s.kind,
        s.name,
        policies.filter((p) => p.subjectKind === s.kind && p.subjectName === s.name),
        byId,
        now,
        running,
        verified,
      ),
    );
    subjects.sort(
      (a, b) =>
        RANK[a.freshness ?? 'not-protected'] - RANK[b.freshness ?? 'not-protected'] ||
        a.kind.localeCompare(b.kind) ||
        a.name.localeCompare(b.name),
    );
    const counts = new Map<string, number>();
    for (const p of policies) counts.set(p.repositoryId, (counts.get(p.repositoryId) ?? 0) + 1);
    return {
      networkId,
      evaluatedAt: now.toISOString(),
      subjects,
      repositories: repos.map((r) => this.repositories.toDto(r, counts.get(r.id) ?? 0)),
    };
  }

  subject(
    kind: BackupSubjectKind,
    name: string,
    all: BackupPolicyEntity[],
    repos: Map<string, BackupRepositoryEntity>,
    now: Date,
    running: ReadonlySet<string>,
    verified: ReadonlyMap<string, BackupVerificationEntity> = new Map(),
  ): BackupSubjectStatusDto {
    const state = subjectStateOf(
      all.map((p) => ({ ...p, running: running.has(p.id) })),
      now,
    );
    const enabled = all.filter((p) => p.enabled);
    const freshness = worstFreshness(enabled.map((p) => freshnessOf(p, now)));
    const successes = enabled.map((p) => p.lastSuccessAt);
    const oldest = successes.includes(null) ? null : (successes as Date[]).reduce<Date | null>((a, d) => (!a || d < a ? d : a), null);
    const used = [...new Set(enabled.map((p) => p.repositoryId))].flatMap((id) => repos.get(id) ?? []);
    const integrities = used.map((r) => ({ result: integrityOf(r), at: r.lastCheckAt }));
    const worst = integrities.reduce<'unknown' | 'ok' | 'failed'>(
      (a, i) => (INTEGRITY_RANK[i.result] < INTEGRITY_RANK[a] ? i.result : a),
      integrities.length ? 'ok' : 'unknown',
    );
    const verificationOf = (p: BackupPolicyEntity) =>
      p.subjectKind === 'machine' ? restorabilityOf(verified.get(p.id) ?? null, p.lastSuccessAt, this.config.verifyDays) : null;
    const restorability = worstRestorability(enabled.map(verificationOf));
    const verifiedAts = enabled.flatMap((p) => (p.subjectKind === 'machine' ? [verified.get(p.id)?.verifiedAt ?? null] : []));
    const verifiedAt =
      restorability === 'verified' && !verifiedAts.includes(null)
        ? (verifiedAts as Date[]).reduce<Date | null>((a, d) => (!a || d < a ? d : a), null)
        : null;
    const checkAts = integrities.map((i) => i.at);
    const oldestCheck = checkAts.includes(null) ? null : (checkAts as Date[]).reduce<Date | null>((a, d) => (!a || d < a ? d : a), null);
    return {
      kind,
      name,
      coverage: coverageOf(state),
      state,
      freshness,
      lastSuccessAt: iso(oldest),
      ageSeconds: ageSeconds(oldest, now),
      integrity: { result: worst, lastCheckAt: iso(oldestCheck), ageSeconds: ageSeconds(oldestCheck, now) },
      restorability,
      words: backupWords(coverageOf(state), restorability, verifiedAt),
      storage: used.map((r) => ({
        repositoryId: r.id,
        repositoryName: r.name,
        sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
        freeBytes: r.freeBytes === null ? null : Number(r.freeBytes),
      })),
      policies: all.map((p) => ({
        policyId: p.id,
        repositoryId: p.repositoryId,
        repositoryName: repos.get(p.repositoryId)?.name ?? '?',
        runner: p.runner,
        freshness: freshnessOf(p, now),
        lastSuccessAt: iso(p.lastSuccessAt),
        lastRunStatus: p.lastRunStatus,
        lastErrorClass: p.lastErrorClass,
        lastError: p.lastError,
        lateAfterHours: p.lateAfterHours,
        staleAfterHours: p.staleAfterHours,
        verification: verificationOf(p),
        verifiedAt: iso(verified.get(p.id)?.verifiedAt ?? null),
        verificationDetail: verified.get(p.id)?.detail ?? null,
      })),
    };
  }

  /** The signed-in member's devices (policies they own), across their networks. */
  async family(userId: string): Promise<FamilyViewDto> {
    const now = new Date();
    const owned = await this.policies.rows.find({ where: { ownerUserId: userId } });
    const networkIds = [...new Set(owned.map((p) => p.networkId))];
    const [networks, repos] = networkIds.length
      ? await Promise.all([
          this.networks.find({ where: { id: In(networkIds) }, select: { id: true, name: true } }),
          this.repositories.rows.find({ where: { networkId: In(networkIds) } }),
        ])
      : [[], []];
    const names = new Map(networks.map((n) => [n.id, n.name]));
    const running = await this.runningBackups(owned);
    const verified = await this.verifications.latest(owned.map((p) => p.id));
    const byId = new Map(repos.map((r) => [r.id, r]));
    const groups = new Map<string, BackupPolicyEntity[]>();
    for (const p of owned) {
      const key = `${p.networkId}/${p.subjectKind}/${p.subjectName}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const items: FamilyDeviceDto[] = [...groups.values()].map((ps) => {
      const first = ps[0];
      const s = this.subject(first.subjectKind, first.subjectName, ps, byId, now, running, verified);
      const enabledRunners = ps.filter((p) => p.enabled).map((p) => p.runner);
      const verdict = familyVerdict({
        subject: s.name,
        coverage: s.coverage,
        freshness: s.freshness,
        lastSuccessAt: s.lastSuccessAt ? new Date(s.lastSuccessAt) : null,
        integrity: s.integrity.result,
        lastErrorClass: ps.find((p) => p.lastErrorClass)?.lastErrorClass ?? null,
        runner: enabledRunners.includes('device') ? 'device' : (enabledRunners[0] ?? null),
        restorability: s.restorability,
      });
      const verifiedAts = s.policies.filter((p) => p.verification === 'verified').map((p) => p.verifiedAt as string);
      return {
        networkId: first.networkId,
        networkName: names.get(first.networkId) ?? '?',
        kind: first.subjectKind,
        name: first.subjectName,
        state: verdict.state,
        lastBackupAt: s.lastSuccessAt,
        freshness: s.freshness,
        restorability: s.restorability,
        verifiedAt: s.restorability === 'verified' ? (verifiedAts.sort()[0] ?? null) : null,
        words: s.words,
        advice: verdict.advice,
      };
    });
    items.sort((a, b) => (a.state === b.state ? a.name.localeCompare(b.name) : a.state === 'needs-attention' ? -1 : 1));
    return { items };
  }

  /** The policies with a backup running now (the "first backup running" state). */
  private async runningBackups(policies: readonly BackupPolicyEntity[]): Promise<Set<string>> {
    if (!policies.length) return new Set();
    const rows = await this.runs.rows.find({
      where: { policyId: In(policies.map((p) => p.id)), kind: 'backup', status: 'running' },
      select: { policyId: true },
    });
    return new Set(rows.flatMap((r) => r.policyId ?? []));
  }
}
