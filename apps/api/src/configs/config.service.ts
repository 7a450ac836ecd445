import { ErrorCode } from '@clan/contracts';
import { formatNetworkLink, locateJsonError, renderConfigsJson, validateConfigs } from '@clan/nix-schema';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';
import type { PreparedJson } from '../common/http/prepared-json';
import { ReadModelCache } from '../common/read-model/read-model-cache';
import { DEFAULT_PAGE_SIZE } from '../common/http/paging.dto';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { rawEditMessage, revertMessage } from './commit-messages';
import { ConfigReader } from './config-reader.service';
import { ConfigWriter, invalidConfig, type WriteResult } from './config-writer.service';
import type {
  ConfigStatusDto,
  DiffDto,
  DiffQueryDto,
  HistoryDto,
  HistoryQueryDto,
  PutRawConfigDto,
  RawConfigDto,
  RevertDto,
} from './dto/config.dto';
import { validateLayers } from './layers';
import { NetworkRepoService } from './network-repo.service';
import { keepPanelSections } from './panel-sections';
import { CONFIGS_FILE, readRepoState } from './repo-state';
import type { WriteBase } from './write-base';

/** The raw editor's sentence for text JSON.parse refused: what is wrong and where. */
export function jsonParseProblem(content: string, err: unknown): string {
  const where = locateJsonError(content);
  if (where)
    return `configs.json is not valid JSON: ${where.message} at line ${where.line}, column ${where.column} (position ${where.position}).`;
  return `configs.json is not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
}

/** The raw editor and revert replace the whole configuration: any commit since their base is a conflict. */
function networkBase(revision: string | undefined): WriteBase | undefined {
  return revision ? { revision, scope: { kind: 'network' } } : undefined;
}

/**
 * A repository the panel serves (`api/…`, without a leading slash) as an http(s) git URL and a
 * `nix://https-<panel host>/…` link (`http-` for a panel served over http), from CLAN_ORIGIN (its
 * scheme and path prefix included), else the request's host. Null where there is no usable host
 * (an IPv6 literal has no link; no host at all has neither): the UI shows what there is.
 */
export function panelRepository(
  origin: string | undefined,
  hostHeader: string | undefined,
  path: string,
): { gitUrl: string | null; link: string | null } {
  let base: URL;
  try {
    base = new URL(origin ?? `http://${hostHeader ?? ''}`);
  } catch {
    return { gitUrl: null, link: null };
  }
  const full = [base.pathname.replace(/^\/+|\/+$/g, ''), path].filter(Boolean).join('/');
  try {
    const link = formatNetworkLink({
      kind: base.protocol === 'http:' ? 'http' : 'https',
      host: base.hostname,
      port: base.port ? Number(base.port) : undefined,
      path: full,
    });
    return { gitUrl: `${base.protocol}//${base.host}/${full}`, link };
  } catch {
    return { gitUrl: `${base.protocol}//${base.host}/${full}`, link: null };
  }
}

/** The repository link members clone with: `nix://https-<panel host>/api/networks/<id>/config.git`. */
export function repositoryLink(origin: string | undefined, hostHeader: string | undefined, networkId: string): string | null {
  return panelRepository(origin, hostHeader, `api/networks/${networkId}/config.git`).link;
}

/** History, diffs, the raw configs.json editor, revert and deployment status of a network's configuration. */
@Injectable()
export class ConfigService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repos: NetworkRepoService,
    private readonly reader: ConfigReader,
    private readonly writer: ConfigWriter,
    private readonly readModels: ReadModelCache,
  ) {}

  async history(networkId: string, query: HistoryQueryDto): Promise<HistoryDto> {
    if (query.path?.split('/').some((s) => s === '.' || s === '..')) {
      throw new DomainError(ErrorCode.ValidationFailed, 'path must not contain "." or ".." segments.', [
        { field: 'path', message: 'must not contain "." or ".." segments' },
      ]);
    }
    await this.reader.headOf(networkId);
    return this.repos.repo(networkId).log({ limit: query.limit ?? DEFAULT_PAGE_SIZE, offset: query.offset ?? 0, path: query.path });
  }

  async diff(networkId: string, query: DiffQueryDto): Promise<DiffDto> {
    const { tree, head } = await this.reader.headOf(networkId);
    const to = query.to ? await this.reader.resolve(tree, query.to) : head;
    const from = query.from ? await this.reader.resolve(tree, query.from) : await tree.firstParent(to);
    return this.repos.repo(networkId).diff(from, to);
  }

  async raw(networkId: string, revision: string | undefined): Promise<RawConfigDto> {
    const { tree, head } = await this.reader.headOf(networkId);
    const sha = revision ? await this.reader.resolve(tree, revision) : head;
    const [content] = await tree.readObjects([`${sha}:${CONFIGS_FILE}`]);
    if (content === null) throw new DomainError(ErrorCode.NotFound, `configs.json does not exist at revision ${sha.slice(0, 8)}.`);
    return { revision: sha, content };
  }

  async putRaw(principal: Principal, networkId: string, dto: PutRawConfigDto): Promise<WriteResult> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(dto.content);
    } catch (err) {
      const problem = jsonParseProblem(dto.content, err);
      throw new DomainError(ErrorCode.ValidationFailed, problem, [{ field: '$', message: problem }]);
    }
    const result = await this.writer.write(
      networkId,
      principal,
      (state) => {
        const valid = validateConfigs(parsed, { marketplace: state.marketplace });
        const message = valid.ok ? rawEditMessage(state.configs ?? {}, valid.value) : 'Edit configs.json';
        return {
          kind: 'layers',
          layers: { configs: parsed as Record<string, unknown>, overrides: state.overrides, localAdmins: state.localAdmins },
          message,
        };
      },
      { dryRun: dto.dryRun === true, message: dto.message, base: networkBase(dto.baseRevision) },
    );
    return { revision: result.revision, diff: result.diff, committed: result.committed, basedOn: result.basedOn };
  }

  async revert(principal: Principal, networkId: string, dto: RevertDto): Promise<WriteResult> {
    const result = await this.writer.write(
      networkId,
      principal,
      async (state) => {
        const tree = this.repos.repo(networkId);
        const sha = await this.reader.resolve(tree, dto.revision);
        const target = await readRepoState(tree, sha);
        const what = `The configuration of ${sha.slice(0, 8)}`;
        if (!target.configs) throw invalidConfig(target.configsErrors, what);
        // The panel's own sections (the machines' mesh) stay as they are now: the preview shows no removal the panel would undo.
        const kept = state.configs ? keepPanelSections(target.configs, state.configs) : { configs: target.configs, changed: false };
        const valid = validateLayers({
          configs: kept.configs,
          overrides: target.overrides,
          localAdmins: target.localAdmins,
          marketplace: target.marketplace,
        });
        if (!valid.ok) throw invalidConfig(valid.errors, what);
        const subject = await tree.subject(sha);
        const treeSha = kept.changed
          ? await tree.buildTree(sha, target.entries, { [CONFIGS_FILE]: renderConfigsJson(valid.value.configs) })
          : await tree.treeOf(sha);
        return { kind: 'tree', tree: treeSha, layers: valid.value, message: revertMessage(sha, subject || null) };
      },
      { dryRun: dto.dryRun === true, message: dto.message, base: networkBase(dto.baseRevision) },
    );
    return { revision: result.revision, diff: result.diff, committed: result.committed, basedOn: result.basedOn };
  }

  /**
   * Kept per head commit (the configuration, each machine's last revision and drift follow from it
   * and the deployed revisions) until the next write to the machines table (a deployment) or networks.
   */
  async status(networkId: string, hostHeader: string | undefined): Promise<PreparedJson<ConfigStatusDto>> {
    const { head } = await this.reader.headOf(networkId);
    const key = `config-status:${networkId}:${head}:${hostHeader ?? ''}`;
    return this.readModels.json(key, ['machines', 'networks'], async () => {
      const view = await this.reader.headForReading(networkId);
      const names = Object.keys(view.layers.configs).sort();
      const status = await this.reader.machineStatus(networkId, view, names);
      return {
        head: view.head,
        link: repositoryLink(this.config.origin, hostHeader, networkId),
        machines: names.map((name) => {
          const s = status.get(name);
          return { name, revision: s?.revision ?? null, deployedRevision: s?.deployedRevision ?? null, drift: s?.drift ?? 'not-deployed' };
        }),
      };
    });
  }
}
