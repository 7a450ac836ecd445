import {
  type MarketplaceAppPin,
  type MarketplaceApps,
  marketplaceAppDefaults,
  marketplaceAppJsonSchema,
  marketplaceInputName,
  marketplaceInputUrl,
  type OptionSpec,
} from '@clan/nix-schema';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, type Repository } from 'typeorm';
import type { Principal } from '../../common/authz/principal';
import { conflict, invalid, notFound } from '../../common/errors/domain-error';
import { ErrorCode } from '@clan/contracts';
import { ConfigReader } from '../../configs/config-reader.service';
import { ConfigWriter, invalidConfig, type WritePlan } from '../../configs/config-writer.service';
import type { RepoState } from '../../configs/repo-state';
import { NetworkRepoService } from '../../configs/network-repo.service';
import { MarketplaceEntryEntity } from '../marketplace-entry.entity';
import { MarketplaceGit, MirrorError } from '../marketplace-git';
import type { MarketplaceAppData } from '../marketplace-index';
import { MarketplaceNix, MarketplaceNixError } from '../marketplace-nix';
import { MarketplaceSourceEntity } from '../marketplace-source.entity';
import { MarketplaceReviewEntity } from './marketplace-review.entity';
import { removeLockInput, setLockInput } from './marketplace-lock';
import type {
  AcceptMarketplaceReviewDto,
  CreateMarketplaceReviewDto,
  MarketplaceReviewDto,
  MarketplaceReviewSummaryDto,
  NetworkMarketplaceDto,
} from './network-marketplace.dto';

const LOCK_FILE = 'flake.lock';
const RECENT_REVIEWS = 20;
const short = (rev: string) => rev.slice(0, 12);

/**
 * Third-party apps in a network (docs/marketplace.md, "Install and update"):
 * every install and every update is a review first — the network repository's
 * diff and the source's Nix diff against the pinned revision — and only an
 * accepted review pins the app: marketplace.json, the flake.nix input and its
 * flake.lock node, in one commit. Builds read the repository, so an app that
 * was not accepted (or a revision that was not) is never built.
 */
@Injectable()
export class NetworkMarketplaceService {
  private readonly log = new Logger('NetworkMarketplace');

  constructor(
    @InjectRepository(MarketplaceReviewEntity) private readonly reviews: Repository<MarketplaceReviewEntity>,
    @InjectRepository(MarketplaceEntryEntity) private readonly entries: Repository<MarketplaceEntryEntity>,
    @InjectRepository(MarketplaceSourceEntity) private readonly sources: Repository<MarketplaceSourceEntity>,
    private readonly reader: ConfigReader,
    private readonly writer: ConfigWriter,
    private readonly repos: NetworkRepoService,
    private readonly git: MarketplaceGit,
    private readonly nix: MarketplaceNix,
  ) {}

  async overview(networkId: string): Promise<NetworkMarketplaceDto> {
    const { state } = await this.reader.head(networkId);
    const pins = Object.entries(state.marketplace);
    const sourceIds = [...new Set(pins.map(([, p]) => p.source.id))];
    const [sources, entries, reviews] = await Promise.all([
      sourceIds.length ? this.sources.find({ where: { id: In(sourceIds) } }) : [],
      sourceIds.length ? this.entries.find({ where: { sourceId: In(sourceIds), kind: 'app' } }) : [],
      this.listReviews(networkId),
    ]);
    const pending = reviews.filter((r) => r.status === 'pending');
    const apps = pins
      .map(([key, pin]) => {
        const entry = entries.find((e) => e.sourceId === pin.source.id && e.key === key);
        const source = sources.find((s) => s.id === pin.source.id);
        const newer = entry && entry.revision !== pin.rev ? entry.revision : null;
        return {
          key,
          title: pin.title,
          description: pin.description,
          source: { id: pin.source.id, name: source?.name ?? pin.source.name, url: source?.url ?? pin.source.url },
          rev: pin.rev,
          narHash: pin.narHash,
          acceptedAt: pin.acceptedAt,
          acceptedBy: pin.acceptedBy,
          schema: marketplaceAppJsonSchema(key, pin),
          defaults: marketplaceAppDefaults(pin),
          machines: Object.keys(state.configs ?? {})
            .filter((m) => key in (state.configs?.[m]?.applications ?? {}))
            .sort(),
          update: newer ? { rev: newer, reviewId: pending.find((r) => r.app === key && r.toRev === newer)?.id ?? null } : null,
        };
      })
      .sort((a, b) => a.title.localeCompare(b.title));
    return { apps, reviews: reviews.map((r) => this.summary(r)), problems: state.marketplaceProblems };
  }

  async review(networkId: string, reviewId: string): Promise<MarketplaceReviewDto> {
    return this.dto(await this.findReview(networkId, reviewId));
  }

  /**
   * A review of installing `app` (not pinned yet) or of updating it to the
   * source's indexed revision. The same request while such a review is pending
   * answers that review.
   */
  async createReview(principal: Principal, networkId: string, body: CreateMarketplaceReviewDto): Promise<MarketplaceReviewDto> {
    const source = await this.sources.findOne({ where: { id: body.sourceId } });
    if (!source) throw notFound('The marketplace source');
    const entry = await this.entries.findOne({ where: { sourceId: source.id, kind: 'app', key: body.app } });
    if (!entry?.data.app)
      throw notFound(`The app ${body.app} of source ${source.name} (refresh the source if it was added to the repository lately)`);
    const { state } = await this.reader.head(networkId);
    const current = state.marketplace[body.app];
    if (current && current.source.id !== source.id)
      throw conflict(
        `${current.title} (${body.app}) is installed from the source ${current.source.name}; remove it from this network before installing the app of the same name from ${source.name}.`,
      );
    if (current && current.rev === entry.revision) {
      throw conflict(
        body.machine
          ? `${current.title} is pinned at revision ${short(current.rev)} already; add it to ${body.machine} in that machine's settings.`
          : `${current.title} is pinned at revision ${short(current.rev)} already, the newest the source has; there is nothing to review.`,
      );
    }
    const machine = body.machine ?? null;
    if (machine !== null) {
      if (current) throw invalid('machine', 'An update pins a new revision for every machine; leave machine out.');
      if (!state.configs || !(machine in state.configs)) throw invalid('machine', `The network has no machine ${machine}.`);
    }
    return this.dto(
      await this.makeReview(principal, networkId, source, entry, current ?? null, machine === null ? null : { [machine]: {} }),
    );
  }

  /**
   * An install review that adds the app to several machines with their own settings (a template's):
   * the app must not be pinned in the network yet.
   */
  async reviewInstall(
    principal: Principal,
    networkId: string,
    source: MarketplaceSourceEntity,
    entry: MarketplaceEntryEntity,
    assignments: Record<string, Record<string, unknown>>,
  ): Promise<MarketplaceReviewSummaryDto> {
    return this.summary(await this.makeReview(principal, networkId, source, entry, null, assignments));
  }

  private async makeReview(
    principal: Principal,
    networkId: string,
    source: MarketplaceSourceEntity,
    entry: MarketplaceEntryEntity,
    current: MarketplaceAppPin | null,
    assignments: Record<string, Record<string, unknown>> | null,
  ): Promise<MarketplaceReviewEntity> {
    if (!entry.data.app) throw notFound(`The app ${entry.key} of source ${source.name}`);
    const machines = assignments ? Object.keys(assignments).sort() : [];
    const machine = machines.length === 1 ? machines[0] : null;
    const existing = await this.reviews.findOne({
      where: { networkId, app: entry.key, toRev: entry.revision, status: 'pending', sourceId: source.id },
      order: { createdAt: 'DESC' },
    });
    if (existing && existing.fromRev === (current?.rev ?? null) && sameAssignments(existing.assignments, assignments)) return existing;
    if (!(await this.git.has(source.id, entry.revision)))
      throw conflict(`The panel's mirror of ${source.name} does not hold revision ${short(entry.revision)}; refresh the source.`);

    const pin = this.pinOf(source, entry.key, entry.revision, entry.narHash, entry.data.title, entry.data.description, entry.data.app);
    const [preview, sourceDiff] = await Promise.all([
      // The preview shows the reviewer as the one accepting, now; the accept writes who and when it really was.
      this.writer.write(
        networkId,
        principal,
        (s) =>
          this.plan(networkId, s, { ...pin, acceptedAt: new Date().toISOString(), acceptedBy: principal.username }, assignments, 'preview'),
        { dryRun: true },
      ),
      this.git.diff(source.id, current?.rev ?? null, entry.revision).catch((err: unknown) => {
        if (err instanceof MirrorError) throw conflict(`The source's changes could not be read from the panel's mirror: ${err.message}`);
        throw err;
      }),
    ]);
    const saved = await this.reviews.save(
      this.reviews.create({
        networkId,
        sourceId: source.id,
        app: entry.key,
        kind: current ? 'update' : 'install',
        fromRev: current?.rev ?? null,
        toRev: entry.revision,
        machine,
        assignments,
        status: 'pending',
        pin,
        configDiff: preview.diff.patch,
        sourceDiff,
        createdBy: principal.username,
        decidedAt: null,
        decidedBy: null,
        commit: null,
      }),
    );
    this.log.log(`${principal.username} asked to ${saved.kind} ${saved.app} at ${short(saved.toRev)} in network ${networkId}`);
    return saved;
  }

  /** Pins the reviewed revision (and adds the app to the review's machine): one commit; machines build it when deployed. */
  async accept(principal: Principal, networkId: string, reviewId: string): Promise<AcceptMarketplaceReviewDto> {
    const review = await this.findReview(networkId, reviewId);
    if (review.status !== 'pending') throw conflict(`This review was ${review.status} already; start a new one to change the app.`);
    const pin: MarketplaceAppPin = { ...review.pin, acceptedAt: new Date().toISOString(), acceptedBy: principal.username };
    let stale = false;
    let result;
    try {
      result = await this.writer.write(
        networkId,
        principal,
        (state) => {
          const now = state.marketplace[review.app]?.rev ?? null;
          if (now !== review.fromRev) {
            stale = true;
            throw conflict(
              `${review.pin.title} is pinned at ${now ? `revision ${short(now)}` : 'no revision'} now, not at the one this review started from; start a new review.`,
            );
          }
          const gone = Object.keys(review.assignments ?? {}).filter((m) => !(state.configs && m in state.configs));
          if (gone.length) {
            throw conflict(`The machine ${gone.join(', ')} is not in the network any more; start a new review without it.`);
          }
          return this.plan(networkId, state, pin, review.assignments, 'accept');
        },
        // A new pin changes what machines build from; they show "not in sync" until an admin deploys them.
        { autoDeploy: false },
      );
    } catch (err) {
      if (stale) await this.reviews.update({ id: review.id }, { status: 'stale' });
      throw err;
    }
    const decidedAt = new Date();
    await this.reviews.save({ ...review, status: 'accepted', decidedAt, decidedBy: principal.username, commit: result.revision, pin });
    // Other pending reviews of the app started from the pin that was just replaced.
    await this.reviews.update({ networkId, app: review.app, status: 'pending', id: Not(review.id) }, { status: 'stale' });
    this.log.log(`${principal.username} pinned ${review.app} at ${short(review.toRev)} in network ${networkId}`);
    return {
      review: await this.review(networkId, review.id),
      commit: result.revision ?? result.head,
      machine: review.machine,
    };
  }

  async reject(principal: Principal, networkId: string, reviewId: string): Promise<MarketplaceReviewDto> {
    const review = await this.findReview(networkId, reviewId);
    if (review.status !== 'pending') throw conflict(`This review was ${review.status} already.`);
    await this.reviews.update({ id: review.id }, { status: 'rejected', decidedAt: new Date(), decidedBy: principal.username });
    return this.review(networkId, review.id);
  }

  /** Unpins an app no machine lists any more: marketplace.json, the flake.nix input and its lock node go in one commit. */
  async remove(principal: Principal, networkId: string, key: string): Promise<void> {
    await this.writer.write(
      networkId,
      principal,
      async (state) => {
        const pin = state.marketplace[key];
        if (!pin) throw notFound(`The Marketplace app ${key} of this network`);
        const users = Object.keys(state.configs ?? {}).filter((m) => key in (state.configs?.[m]?.applications ?? {}));
        if (users.length)
          throw conflict(
            `${pin.title} is still on ${users.sort().join(', ')}; remove it from ${users.length === 1 ? 'that machine' : 'those machines'} first.`,
          );
        const marketplace: MarketplaceApps = { ...state.marketplace };
        delete marketplace[key];
        const lock = removeLockInput(await this.lockText(networkId, state), pin.input);
        return {
          kind: 'layers',
          layers: { configs: state.configs ?? {}, overrides: state.overrides, localAdmins: state.localAdmins, marketplace },
          message: `Remove ${pin.title} (${key}, from the Marketplace source ${pin.source.name})`,
          extraFiles: { [LOCK_FILE]: lock },
        };
      },
      { autoDeploy: false },
    );
    await this.reviews.update({ networkId, app: key, status: 'pending' }, { status: 'stale' });
  }

  private async plan(
    networkId: string,
    state: RepoState,
    pin: MarketplaceAppPin,
    assignments: Record<string, Record<string, unknown>> | null,
    purpose: 'preview' | 'accept',
  ): Promise<WritePlan> {
    const key = pin.input.slice('app-'.length);
    if (!state.configs) throw invalidConfig(state.configsErrors, `configs.json at ${state.head.slice(0, 8)}`, ErrorCode.Conflict);
    const marketplace: MarketplaceApps = { ...state.marketplace, [key]: pin };
    const configs: Record<string, unknown> = { ...state.configs };
    for (const [machine, settings] of Object.entries(assignments ?? {})) {
      const config = state.configs[machine];
      // The defaults, then the settings asked for (a template's); a required setting without either is the validation's sentence.
      const options: Record<string, unknown> = { ...(marketplaceAppDefaults(pin) ?? {}), ...settings };
      if (pin.enabledBy === 'enable') options['enable'] = true;
      configs[machine] = { ...config, applications: { ...config.applications, [key]: options } };
    }
    const machines = Object.keys(assignments ?? {}).sort();
    let node;
    try {
      node = await this.nix.lockNode(pin.url);
    } catch (err) {
      if (err instanceof MarketplaceNixError) throw conflict(err.message);
      throw err;
    }
    if (node.locked['narHash'] !== pin.narHash)
      throw conflict(
        `The panel's mirror gives revision ${short(pin.rev)} another hash (${String(node.locked['narHash'])}) than when it was indexed (${pin.narHash}); nothing was pinned.`,
      );
    const lock = setLockInput(await this.lockText(networkId, state), pin.input, node);
    const what = `${pin.title} (${key}) from the Marketplace source ${pin.source.name} at ${short(pin.rev)}`;
    const current = state.marketplace[key];
    const message =
      purpose === 'preview' || !current
        ? `Install ${what}${machines.length ? ` on ${machines.join(', ')}` : ''}`
        : `Update ${what} (was ${short(current.rev)})`;
    return {
      kind: 'layers',
      layers: { configs, overrides: state.overrides, localAdmins: state.localAdmins, marketplace },
      message,
      extraFiles: { [LOCK_FILE]: lock },
    };
  }

  private async lockText(networkId: string, state: RepoState): Promise<string | null> {
    const entry = state.entries.get(LOCK_FILE);
    if (!entry) return null;
    return (await this.repos.repo(networkId).readObjects([entry.sha]))[0] ?? null;
  }

  /** What marketplace.json records for the app at this revision. */
  private pinOf(
    source: MarketplaceSourceEntity,
    key: string,
    rev: string,
    narHash: string,
    title: string,
    description: string,
    app: MarketplaceAppData,
  ): MarketplaceAppPin {
    const spec: Record<string, OptionSpec> = app.optionSpec;
    // The option that sets a port: the one port option whose default is that port (the index applied the defaults).
    const optionFor = (port: number): string | undefined => {
      const names = Object.entries(spec)
        .filter(([, s]) => s.type === 'port' && s.default === port)
        .map(([n]) => n);
      return names.length === 1 ? names[0] : undefined;
    };
    const withOption = <T extends { port: number }>(p: T) => {
      const option = optionFor(p.port);
      return option ? { ...p, option } : p;
    };
    return {
      input: marketplaceInputName(key),
      url: marketplaceInputUrl(this.git.mirrorDir(source.id), rev),
      source: { id: source.id, name: source.name, url: source.url },
      rev,
      narHash,
      title,
      description,
      enabledBy: app.enabledBy,
      options: spec,
      ports: app.ports.map(withOption),
      web: app.web ? withOption(app.web) : null,
      statePaths: app.state.paths,
      acceptedAt: '',
      acceptedBy: null,
    };
  }

  private async listReviews(networkId: string): Promise<MarketplaceReviewEntity[]> {
    const [pending, decided] = await Promise.all([
      this.reviews.find({ where: { networkId, status: 'pending' }, order: { createdAt: 'DESC' } }),
      this.reviews.find({ where: { networkId, status: Not('pending') }, order: { createdAt: 'DESC' }, take: RECENT_REVIEWS }),
    ]);
    return [...pending, ...decided];
  }

  private async findReview(networkId: string, reviewId: string): Promise<MarketplaceReviewEntity> {
    const review = await this.reviews.findOne({ where: { id: reviewId, networkId } });
    if (!review) throw notFound('The review');
    return review;
  }

  private summary(r: MarketplaceReviewEntity): MarketplaceReviewSummaryDto {
    return {
      id: r.id,
      app: r.app,
      title: r.pin.title,
      kind: r.kind,
      fromRev: r.fromRev,
      toRev: r.toRev,
      machine: r.machine,
      machines: Object.keys(r.assignments ?? {}).sort(),
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
    };
  }

  private dto(r: MarketplaceReviewEntity): MarketplaceReviewDto {
    return {
      ...this.summary(r),
      source: { id: r.pin.source.id, name: r.pin.source.name, url: r.pin.source.url },
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decidedBy: r.decidedBy,
      configDiff: r.configDiff,
      sourceDiff: r.sourceDiff,
    };
  }
}

function sameAssignments(a: Record<string, unknown> | null, b: Record<string, unknown> | null): boolean {
  return JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([k, x]) => [k, sortDeep(x)]),
    );
  return v;
}
