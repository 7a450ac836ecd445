import { ErrorCode, Privilege } from '@clan/contracts';
import { isAppKey, NetworkLinkError, parseNetworkLink, stableJson, validateConfigs } from '@clan/nix-schema';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Repository } from 'typeorm';
import { AccessService } from '../../common/authz/access.service';
import type { Principal } from '../../common/authz/principal';
import { conflict, DomainError, invalid, notFound } from '../../common/errors/domain-error';
import { ConfigReader } from '../../configs/config-reader.service';
import { panelRepository } from '../../configs/config.service';
import { ConfigWriter, invalidConfig } from '../../configs/config-writer.service';
import { PANEL_AUTHOR } from '../../configs/git-author';
import { PANEL_ONLY_KEYS } from '../../configs/layers';
import { NetworkEntity } from '../../networks/network.entity';
import { NetworksService } from '../../networks/networks.service';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { GitRepo } from '../../services/git/git-repo';
import { ProcessRunner } from '../../services/process/process-runner';
import { MarketplaceEntryEntity } from '../marketplace-entry.entity';
import { MarketplaceSourceEntity } from '../marketplace-source.entity';
import { BUILT_IN_SOURCE } from '../source-url';
import type { MarketplaceReviewSummaryDto } from './network-marketplace.dto';
import { NetworkMarketplaceService } from './network-marketplace.service';
import type {
  CreateFromTemplateDto,
  CreatedFromTemplateDto,
  PublishedTemplateDto,
  PublishTemplateDto,
  ResolvedLinkDto,
} from './marketplace-templates.dto';

/** The one file of a published template's flake that holds data; flake.nix reads it with builtins.fromJSON. */
const TEMPLATES_FILE = 'templates.json';
const PUBLISH_FILE = 'published.json';
const PUBLISHED_FLAKE = `# Published by a cLAN panel: a network as a template (docs/marketplace.md, "Publish").
# The panel rewrites this repository on every publish; what it shares is in
# templates.json, which this file reads with builtins.fromJSON.
{
  description = "A cLAN network template";

  outputs =
    { self }:
    {
      clanMarketplace = {
        apps = { };
        templates = builtins.fromJSON (builtins.readFile ./templates.json);
      };
    };
}
`;
const NETWORK_REPO_PATH = /^(?:.*\/)?api\/networks\/([0-9a-f-]{36})\/config\.git$/;

/** "my-home" → "myHome": a template key from a network name. */
function templateKey(name: string): string {
  const key = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return /^[a-z][a-zA-Z0-9]{0,62}$/.test(key) ? key : `network${key.replace(/[^a-zA-Z0-9]/g, '').slice(0, 50)}`;
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '').replace(/\.git$/, '') === b.replace(/\/+$/, '').replace(/\.git$/, '');

/**
 * Network templates (docs/marketplace.md, "Templates" and "Publish"):
 * - a network is created from a template: its machines with their built-in
 *   apps in one commit (the panel makes fresh keys and secrets as for any
 *   machine), and each third-party app becomes an install review;
 * - a network is published as a template into a repository the panel serves
 *   read-only (`/api/published/<id>.git`, a marketplace source like any
 *   other), with a `nix://` link; never keys, secrets, members or local changes;
 * - a `nix://` link is resolved to what it names here.
 */
@Injectable()
export class MarketplaceTemplates {
  private readonly log = new Logger('MarketplaceTemplates');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(MarketplaceEntryEntity) private readonly entries: Repository<MarketplaceEntryEntity>,
    @InjectRepository(MarketplaceSourceEntity) private readonly sources: Repository<MarketplaceSourceEntity>,
    @InjectRepository(NetworkEntity) private readonly networkRows: Repository<NetworkEntity>,
    private readonly networks: NetworksService,
    private readonly reader: ConfigReader,
    private readonly writer: ConfigWriter,
    private readonly marketplace: NetworkMarketplaceService,
    private readonly access: AccessService,
    private readonly runner: ProcessRunner,
  ) {}

  // ── create from a template ─────────────────────────────────────────────

  async createNetwork(principal: Principal, sourceName: string, key: string, body: CreateFromTemplateDto): Promise<CreatedFromTemplateDto> {
    if (sourceName === BUILT_IN_SOURCE) throw notFound(`The template ${key} of source ${sourceName}`);
    const entry = await this.entries.findOne({
      where: { kind: 'template', key, source: { name: sourceName } },
      relations: { source: true },
    });
    const template = entry?.data.template;
    if (!entry?.source || !template) throw notFound(`The template ${key} of source ${sourceName}`);

    // Built-in apps go into the first commit; third-party ones wait for a review each.
    const configs: Record<string, Record<string, unknown>> = {};
    const thirdParty = new Map<string, Record<string, Record<string, unknown>>>();
    for (const [machine, raw] of Object.entries(template.configs)) {
      // The panel writes mesh sections itself (fresh keys): a template's would be someone else's.
      const { applications, ...rest } = withoutMesh(raw) as Record<string, unknown> & {
        applications?: Record<string, Record<string, unknown>>;
      };
      const builtIn: Record<string, unknown> = {};
      for (const [app, settings] of Object.entries(applications ?? {})) {
        if (isAppKey(app)) builtIn[app] = settings;
        else thirdParty.set(app, { ...(thirdParty.get(app) ?? {}), [machine]: settings ?? {} });
      }
      configs[machine] = { ...rest, applications: builtIn };
    }
    // Checked before the network exists: a template written for another panel version says why, and leaves nothing behind.
    const valid = validateConfigs(configs);
    if (!valid.ok) throw invalidConfig(valid.errors, `The template ${entry.data.title}`, ErrorCode.Conflict);

    const network = await this.networks.create(principal, {
      name: body.name,
      description: body.description ?? entry.data.description.slice(0, 500),
      system: body.system,
    });
    await this.writer.write(
      network.id,
      principal,
      (state) => ({
        kind: 'layers',
        layers: { configs, overrides: state.overrides, localAdmins: state.localAdmins },
        message: `Create the machines of the template ${entry.data.title} (${sourceName}, revision ${entry.revision.slice(0, 12)})`,
      }),
      {},
    );

    const reviews: MarketplaceReviewSummaryDto[] = [];
    const skipped: { app: string; reason: string }[] = [];
    for (const [app, assignments] of [...thirdParty.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const found = await this.appEntry(entry.source, app, template.sources?.[app]?.url);
      if ('reason' in found) {
        skipped.push({ app, reason: found.reason });
        continue;
      }
      try {
        reviews.push(await this.marketplace.reviewInstall(principal, network.id, found.source, found.entry, assignments));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        skipped.push({ app, reason: `${found.entry.data.title} could not be put up for review: ${err.message}` });
      }
    }
    this.log.log(`${principal.username} created network ${network.name} from template ${sourceName}/${key}`);
    return { network, machines: Object.keys(configs).sort(), reviews, skipped };
  }

  /** The app a template names: the template's own source first, else the source here whose URL the template gives. */
  private async appEntry(
    own: MarketplaceSourceEntity,
    app: string,
    url: string | undefined,
  ): Promise<{ source: MarketplaceSourceEntity; entry: MarketplaceEntryEntity } | { reason: string }> {
    const mine = await this.entries.findOne({ where: { sourceId: own.id, kind: 'app', key: app } });
    if (mine) return { source: own, entry: mine };
    if (!url) return { reason: `${app} is not an app of ${own.name}, and the template does not say where it comes from.` };
    const source = await this.sourceByUrl(url);
    if (!source)
      return {
        reason: `${app} comes from ${url}, which is not a marketplace source here; a host admin can add it, then install ${app} from the Marketplace.`,
      };
    const entry = await this.entries.findOne({ where: { sourceId: source.id, kind: 'app', key: app } });
    if (!entry) return { reason: `The source ${source.name} (${url}) has no app ${app} at its indexed revision.` };
    return { source, entry };
  }

  // ── publish ────────────────────────────────────────────────────────────

  private publishedDir(networkId: string): string {
    return join(this.config.stateDir, 'published', `${networkId}.git`);
  }

  published(networkId: string): GitRepo | null {
    const dir = this.publishedDir(networkId);
    return existsSync(join(dir, '.git')) ? new GitRepo(dir, this.runner) : null;
  }

  async status(networkId: string, hostHeader: string | undefined): Promise<PublishedTemplateDto | null> {
    const repo = this.published(networkId);
    const head = await repo?.head();
    if (!repo || !head) return null;
    const [text] = await repo.readObjects([`${head}:${PUBLISH_FILE}`]);
    if (!text) return null;
    const meta = JSON.parse(text) as Omit<PublishedTemplateDto, 'revision' | 'gitUrl' | 'link'>;
    return { ...meta, revision: head, ...this.addresses(networkId, hostHeader) };
  }

  /** Writes (or rewrites) the network's template: machines and app settings, nothing else. */
  async publish(
    principal: Principal,
    networkId: string,
    body: PublishTemplateDto,
    hostHeader: string | undefined,
  ): Promise<PublishedTemplateDto> {
    const { state, layers } = await this.reader.head(networkId);
    const network = await this.networkRows.findOne({ where: { id: networkId } });
    if (!network) throw notFound('The network');
    const machines = Object.keys(layers.configs).sort();
    if (machines.length === 0) throw conflict('The network has no machines yet; add one before publishing it as a template.');
    const configs: Record<string, Record<string, unknown>> = {};
    const apps = new Set<string>();
    const sources: Record<string, { url: string }> = {};
    for (const machine of machines) {
      // The network layer only: local changes, local admins and the panel's mesh section (keys, addresses) stay here.
      const rest = withoutMesh(layers.configs[machine]);
      configs[machine] = rest;
      for (const app of Object.keys(layers.configs[machine].applications)) {
        apps.add(app);
        const pin = state.marketplace[app];
        if (pin) sources[app] = { url: pin.source.url };
      }
    }
    const key = templateKey(network.name);
    const templates = {
      [key]: {
        title: body.title,
        description: body.description,
        author: principal.displayName ?? principal.username,
        licence: body.licence ?? 'CC0-1.0',
        configs,
        ...(Object.keys(sources).length ? { sources } : {}),
      },
    };
    const omitted = [
      'Mesh sections (keys, addresses, peers): the panel makes fresh ones for every machine of a new network.',
      'Secrets and app credentials: they live on the machines and the panel, never in the configuration.',
      'Members, invites and local admins.',
      ...(Object.keys(layers.overrides).length ? ['Local changes of machines (their overrides).'] : []),
    ];
    const publishedAt = new Date().toISOString();
    const meta = {
      networkId,
      key,
      title: body.title,
      description: body.description,
      licence: body.licence ?? 'CC0-1.0',
      publishedAt,
      publishedBy: principal.username,
      machines,
      apps: [...apps].sort(),
      omitted,
    };
    const dir = this.publishedDir(networkId);
    const repo = new GitRepo(dir, this.runner);
    if (!existsSync(join(dir, '.git'))) await repo.init();
    const head = await repo.head();
    const entries = head ? await repo.entries(head) : new Map();
    const tree = await repo.buildTree(head, entries, {
      'flake.nix': PUBLISHED_FLAKE,
      [TEMPLATES_FILE]: stableJson(templates),
      [PUBLISH_FILE]: stableJson(meta),
      'README.md': `# ${body.title}\n\nA cLAN network template, published from the network ${network.name}. Open its nix:// link in a cLAN panel to create a network from it.\n`,
    });
    const sha = (await repo.commitTree(tree, head, `Publish ${body.title}`, PANEL_AUTHOR)) ?? head;
    if (!sha) throw new Error('the published repository has no commit');
    this.log.log(`${principal.username} published network ${network.name} as template ${key}`);
    return { ...meta, revision: sha, ...this.addresses(networkId, hostHeader) };
  }

  async unpublish(networkId: string): Promise<void> {
    if (!this.published(networkId)) throw notFound('A published template of this network');
    await rm(this.publishedDir(networkId), { recursive: true, force: true });
  }

  private addresses(networkId: string, hostHeader: string | undefined): { gitUrl: string; link: string | null } {
    const { gitUrl, link } = panelRepository(this.config.origin, hostHeader ?? 'localhost', `api/published/${networkId}.git`);
    return { gitUrl: gitUrl ?? `http://localhost/api/published/${networkId}.git`, link };
  }

  // ── nix:// links ───────────────────────────────────────────────────────

  async resolve(principal: Principal, text: string): Promise<ResolvedLinkDto> {
    let link;
    try {
      link = parseNetworkLink(text);
    } catch (err) {
      if (err instanceof NetworkLinkError) throw invalid('link', err.message);
      throw err;
    }
    if (link.kind !== 'https' && link.kind !== 'http')
      throw invalid('link', `${link.kind} links cannot be opened by this panel yet; use the https or http link of the network.`);
    const gitUrl = `${link.kind}://${link.host}${link.port ? `:${link.port}` : ''}/${link.path}`;
    const networkMatch = NETWORK_REPO_PATH.exec(link.path);
    if (networkMatch) {
      const row = await this.networkRows.findOne({ where: { id: networkMatch[1] } });
      const here = row && this.isThisPanel(link.host);
      return {
        kind: 'network',
        gitUrl,
        network: here ? { id: row.id, name: row.name, member: await this.access.can(principal, Privilege.NetworkAudit, row.id) } : null,
        source: null,
        templates: [],
      };
    }
    const source = await this.sourceByUrl(gitUrl);
    const templates = source
      ? (await this.entries.find({ where: { sourceId: source.id, kind: 'template' } })).map((e) => ({
          source: source.name,
          key: e.key,
          title: e.data.title,
        }))
      : [];
    return { kind: 'template', gitUrl, network: null, source: source ? { id: source.id, name: source.name } : null, templates };
  }

  /** The source here whose repository is `url` (a trailing slash or `.git` aside). */
  private async sourceByUrl(url: string): Promise<MarketplaceSourceEntity | null> {
    return (await this.sources.find()).find((s) => sameUrl(s.url, url)) ?? null;
  }

  /** A link names this panel when its host is the configured origin's (or, without one, any: the request came here). */
  private isThisPanel(host: string): boolean {
    if (!this.config.origin) return true;
    return new URL(this.config.origin).hostname.toLowerCase() === host.toLowerCase();
  }

  /** The published repository, for git's smart HTTP (read-only, no sign-in: a template holds nothing private). */
  servable(networkId: string): GitRepo {
    if (!PUBLISHED_ID.test(networkId)) throw notFound('The published template');
    const repo = this.published(networkId);
    if (!repo) throw notFound('The published template');
    return repo;
  }
}

const PUBLISHED_ID = /^[0-9a-f-]{36}$/;

/** A machine's configuration without the sections the panel writes itself (the mesh: keys, addresses, peers). */
function withoutMesh(config: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([k]) => !(PANEL_ONLY_KEYS as readonly string[]).includes(k)));
}
