import { ErrorCode } from '@clan/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { builtInEntries } from './builtin-source';
import { MarketplaceEntryEntity } from './marketplace-entry.entity';
import { INCOMING_REF, MarketplaceGit, MirrorError, type SignatureCheck } from './marketplace-git';
import { indexMarketplace, MarketplaceIndexError } from './marketplace-index';
import { MarketplaceNix, MarketplaceNixError } from './marketplace-nix';
import { MarketplaceRevisionEntity } from './marketplace-revision.entity';
import { MarketplaceSourceEntity } from './marketplace-source.entity';
import type {
  CreateMarketplaceSourceDto,
  MarketplaceEntriesQuery,
  MarketplaceEntryDto,
  MarketplaceSourceDetailDto,
  MarketplaceSourceDto,
  UpdateMarketplaceSourceDto,
} from './marketplace.dto';
import { parseSigners, verifiedProblem } from './source-signers';
import { BUILT_IN_SOURCE, sourceNameProblem, sourceRefProblem, sourceUrlProblem } from './source-url';

function invalidField(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.ValidationFailed, message, [{ field, message }]);
}

/** A verified source's fetched revision is not signed by a key it trusts: it is not indexed. */
class UntrustedRevision extends Error {
  constructor(
    readonly rev: string,
    readonly check: Extract<SignatureCheck, { trusted: false }>,
  ) {
    super(check.detail);
    this.name = 'UntrustedRevision';
  }
}

/** `verified` and `signers` as they would be after `dto`, checked; a 400 naming the field otherwise. */
function trustOf(dto: { verified?: boolean; signers?: string[] }, current: { verified: boolean; signers: string[] }) {
  let signers = current.signers;
  if (dto.signers !== undefined) {
    const parsed = parseSigners(dto.signers);
    if ('problem' in parsed) throw invalidField('signers', parsed.problem);
    signers = parsed.keys;
  }
  const verified = dto.verified ?? current.verified;
  const problem = verifiedProblem(verified, signers);
  if (problem) throw invalidField('signers', problem);
  return { verified, signers };
}

/**
 * Marketplace sources and their entries (docs/marketplace.md): add, refresh
 * (fetch into the mirror, evaluate `clanMarketplace` of the fetched revision,
 * index it, pin it), delete; browse the built-in apps with the indexed ones.
 * A refresh runs in the request, bounded by git's and Nix's timeouts; one at
 * a time per source.
 */
@Injectable()
export class MarketplaceService {
  private readonly log = new Logger('Marketplace');
  private readonly refreshing = new Set<string>();

  constructor(
    @InjectRepository(MarketplaceSourceEntity) private readonly sources: Repository<MarketplaceSourceEntity>,
    @InjectRepository(MarketplaceEntryEntity) private readonly entries: Repository<MarketplaceEntryEntity>,
    @InjectRepository(MarketplaceRevisionEntity) private readonly revisions: Repository<MarketplaceRevisionEntity>,
    private readonly dataSource: DataSource,
    private readonly git: MarketplaceGit,
    private readonly nix: MarketplaceNix,
  ) {}

  async list(): Promise<MarketplaceSourceDto[]> {
    const rows = await this.sources.find({ order: { name: 'ASC' } });
    const counts = await this.entryCounts();
    return rows.map((s) => this.toDto(s, counts.get(s.id) ?? 0));
  }

  async get(id: string): Promise<MarketplaceSourceDetailDto> {
    const source = await this.find(id);
    const [count, revisions, pins] = await Promise.all([
      this.entries.count({ where: { sourceId: id } }),
      this.revisions.find({ where: { sourceId: id }, order: { indexedAt: 'DESC' } }),
      this.git.pins(id).catch(() => [] as string[]),
    ]);
    const pinned = new Set(pins);
    return {
      ...this.toDto(source, count),
      revisions: revisions.map((r) => ({
        revision: r.revision,
        narHash: r.narHash,
        committedAt: r.committedAt.toISOString(),
        indexedAt: r.indexedAt.toISOString(),
        pinned: pinned.has(r.revision),
      })),
    };
  }

  async create(dto: CreateMarketplaceSourceDto): Promise<MarketplaceSourceDetailDto> {
    const nameProblem = sourceNameProblem(dto.name);
    if (nameProblem) throw invalidField('name', nameProblem);
    const urlProblem = sourceUrlProblem(dto.url);
    if (urlProblem) throw invalidField('url', urlProblem);
    const refProblem = sourceRefProblem(dto.ref);
    if (refProblem) throw invalidField('ref', refProblem);
    const trust = trustOf(dto, { verified: false, signers: [] });
    if (await this.sources.exists({ where: { name: dto.name } }))
      throw conflict(`A source named ${dto.name} exists already; choose another name.`);
    const source = await this.sources.save(
      this.sources.create({ name: dto.name, url: dto.url, ref: dto.ref ?? null, ...trust, refreshedAt: null, lastError: null }),
    );
    // The source stays when its first refresh fails: lastError says why, and a refresh tries again.
    return this.refresh(source.id);
  }

  /**
   * Changes whether the source is verified and its signer keys; nothing else.
   * What is indexed now stays: the next refresh checks the fetched revision
   * against the new keys, even when it is the indexed one.
   */
  async update(id: string, dto: UpdateMarketplaceSourceDto): Promise<MarketplaceSourceDetailDto> {
    const source = await this.find(id);
    const trust = trustOf(dto, source);
    await this.sources.update({ id }, trust);
    this.log.log(`Marketplace source ${source.name}: verified ${trust.verified}, ${trust.signers.length} signer key(s).`);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const source = await this.find(id);
    if (this.refreshing.has(id)) throw conflict(`Source ${source.name} is being refreshed; delete it when that is done.`);
    await this.sources.delete({ id });
    await this.git.remove(id);
  }

  /** Fetches the source's ref, indexes and pins the revision; a failure is recorded on the source, the last index stays. */
  async refresh(id: string): Promise<MarketplaceSourceDetailDto> {
    const source = await this.find(id);
    if (this.refreshing.has(id)) throw conflict(`Source ${source.name} is already being refreshed.`);
    this.refreshing.add(id);
    try {
      await this.fetchAndIndex(source);
    } finally {
      this.refreshing.delete(id);
    }
    return this.get(id);
  }

  private async fetchAndIndex(source: MarketplaceSourceEntity): Promise<void> {
    const now = new Date();
    let stage = 'fetch';
    try {
      const rev = await this.git.fetch(source.id, source.url, source.ref);
      if (source.verified) {
        stage = 'verify';
        const check = await this.git.verifySignature(source.id, rev, source.signers);
        if (!check.trusted) throw new UntrustedRevision(rev, check);
        this.log.log(`Marketplace source ${source.name}: revision ${rev} is signed by ${check.principal} (${check.key}).`);
      }
      stage = 'index';
      const flakeRef = MarketplaceNix.flakeRef(this.git.mirrorDir(source.id), INCOMING_REF, rev);
      const meta = await this.nix.metadata(flakeRef);
      if (meta.rev !== rev) throw new MarketplaceNixError(`Nix read revision ${meta.rev} where git fetched ${rev}.`);
      const indexed = indexMarketplace(await this.nix.marketplace(flakeRef));
      await this.git.pin(source.id, rev);
      await this.dataSource.transaction(async (m) => {
        await m.delete(MarketplaceEntryEntity, { sourceId: source.id });
        await m.save(
          indexed.map((e) =>
            m.create(MarketplaceEntryEntity, {
              sourceId: source.id,
              kind: e.kind,
              key: e.key,
              revision: rev,
              narHash: meta.narHash,
              data: e.data,
            }),
          ),
        );
        await m
          .createQueryBuilder()
          .insert()
          .into(MarketplaceRevisionEntity)
          .values({ sourceId: source.id, revision: rev, narHash: meta.narHash, committedAt: meta.lastModified, indexedAt: now })
          .orIgnore()
          .execute();
        await m.update(
          MarketplaceSourceEntity,
          { id: source.id },
          { revision: rev, narHash: meta.narHash, refreshedAt: now, lastError: null },
        );
      });
    } catch (err) {
      if (!(
        err instanceof MirrorError ||
        err instanceof MarketplaceNixError ||
        err instanceof MarketplaceIndexError ||
        err instanceof UntrustedRevision
      ))
        throw err;
      const what = source.ref ? `ref ${source.ref}` : 'the default branch';
      let sentence =
        stage === 'fetch'
          ? `git could not fetch ${what} of the source: ${err.message.replace(/\.?$/, '.')}`
          : stage === 'verify'
            ? `The signature of the fetched revision could not be checked, so it was not indexed: ${err.message.replace(/\.?$/, '.')}`
            : `The fetched revision was not indexed: ${err.message.replace(/\.?$/, '.')}`;
      let kept = source.revision ? ` Entries of revision ${source.revision.slice(0, 12)} stay listed.` : '';
      if (err instanceof UntrustedRevision) {
        const short = err.rev.slice(0, 12);
        sentence =
          err.rev === source.revision
            ? `Revision ${short}, the one indexed now, is not signed by a key this source trusts (verified source; ${err.check.detail}).`
            : `Revision ${short} is not signed by a key this source trusts (verified source; ${err.check.detail}); it was not indexed.`;
        // The indexed revision was indexed before the source was verified (or its keys changed): it stays until a signed one replaces it.
        if (err.rev === source.revision) kept = ' Its entries stay listed until a signed revision replaces them.';
      }
      this.log.warn(`Refreshing marketplace source ${source.name} failed: ${sentence}`);
      await this.sources.update({ id: source.id }, { refreshedAt: now, lastError: sentence + kept });
    }
  }

  async browse(q: MarketplaceEntriesQuery): Promise<MarketplaceEntryDto[]> {
    const rows = await this.entries.find({ relations: { source: true } });
    const thirdParty = rows
      .map((r) => this.entryDto(r))
      .sort((a, b) => a.source.localeCompare(b.source) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title));
    const words = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return [...builtInEntries(), ...thirdParty].filter((e) => {
      if (q.kind && e.kind !== q.kind) return false;
      if (q.category && e.category !== q.category) return false;
      const haystack = `${e.key} ${e.title} ${e.description} ${e.author} ${e.source} ${e.category ?? ''}`.toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
  }

  async entry(source: string, kind: 'app' | 'template', key: string): Promise<MarketplaceEntryDto> {
    const what = `The ${kind} ${key} of source ${source}`;
    if (source === BUILT_IN_SOURCE) {
      const found = builtInEntries().find((e) => e.kind === kind && e.key === key);
      if (!found) throw notFound(what);
      return found;
    }
    const row = await this.entries.findOne({ where: { kind, key, source: { name: source } }, relations: { source: true } });
    if (!row) throw notFound(what);
    return this.entryDto(row);
  }

  private entryDto(row: MarketplaceEntryEntity): MarketplaceEntryDto {
    const d = row.data;
    return {
      source: row.source?.name ?? '',
      sourceId: row.sourceId,
      thirdParty: true,
      kind: row.kind,
      key: row.key,
      title: d.title,
      description: d.description,
      category: d.category,
      author: d.author,
      licence: d.licence,
      icon: d.icon,
      revision: row.revision,
      narHash: row.narHash,
      options: d.app?.options ?? null,
      ports: d.app?.ports ?? [],
      state: d.app?.state ?? null,
      nixosModule: d.app?.nixosModule ?? null,
      template: d.template ? { configs: d.template.configs, apps: d.template.apps, sources: d.template.sources ?? {} } : null,
    };
  }

  private async find(id: string): Promise<MarketplaceSourceEntity> {
    const source = await this.sources.findOne({ where: { id } });
    if (!source) throw notFound('The marketplace source');
    return source;
  }

  private async entryCounts(): Promise<Map<string, number>> {
    const rows = await this.entries
      .createQueryBuilder('e')
      .select('e.source_id', 'sourceId')
      .addSelect('COUNT(*)::int', 'count')
      .groupBy('e.source_id')
      .getRawMany<{ sourceId: string; count: number }>();
    return new Map(rows.map((r) => [r.sourceId, Number(r.count)]));
  }

  private toDto(s: MarketplaceSourceEntity, entries: number): MarketplaceSourceDto {
    return {
      id: s.id,
      name: s.name,
      url: s.url,
      ref: s.ref,
      verified: s.verified,
      signers: s.signers,
      createdAt: s.createdAt.toISOString(),
      refreshedAt: s.refreshedAt?.toISOString() ?? null,
      lastError: s.lastError,
      revision: s.revision,
      narHash: s.narHash,
      entries,
    };
  }
}
