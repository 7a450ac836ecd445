import { ErrorCode, Privilege } from '@clan/contracts';
import { type MachineConfig, validateMachineConfig } from '@clan/nix-schema';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { AccessService } from '../common/authz/access.service';
import type { Principal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';
import { DEFAULT_PAGE_SIZE, type PagingQueryDto } from '../common/http/paging.dto';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { UserEntity } from '../users/user.entity';
import {
  addMachineMessage,
  changeMachineMessage,
  changeOverridesMessage,
  removeMachineMessage,
  revokeOverrideMessage,
} from './commit-messages';
import { ConfigReader } from './config-reader.service';
import { ConfigWriter, invalidConfig, type WriteOptions, type WriteResult } from './config-writer.service';
import {
  type MachineAccess,
  type Refusal,
  localLayerRefusal,
  networkLayerRefusal,
  networkOnlyFieldsRefusal,
  type Writer,
} from './control-modes';
import type {
  CreateMachineDto,
  MachineDto,
  MachineListDto,
  MachineSummaryDto,
  MachineWriteResultDto,
  RevokeOverridesQueryDto,
  UpdateMachineDto,
  UpdateOverridesDto,
  WriteQueryDto,
} from './dto/config.dto';
import { activeApps, isPlainObject, type JsonObject, type Layers, parseOverridePath, same, type ValidLayers, withoutPath } from './layers';
import type { RepoState } from './repo-state';
import type { WriteBase } from './write-base';

export const machineNotFound = (name: string) => new DomainError(ErrorCode.NotFound, `This network has no machine named "${name}".`);

function refuse(r: Refusal | null): void {
  if (r) throw new DomainError(r.kind === 'conflict' ? ErrorCode.Conflict : ErrorCode.Forbidden, r.message);
}

function layersOf(state: RepoState): Layers {
  if (!state.configs) {
    throw invalidConfig(
      state.configsErrors,
      `configs.json at ${state.head.slice(0, 8)} (repair it with the raw editor or a revert)`,
      ErrorCode.Conflict,
    );
  }
  return {
    configs: { ...state.configs },
    overrides: { ...state.overrides },
    localAdmins: { ...state.localAdmins },
    marketplace: state.marketplace,
  };
}

function existing(state: RepoState, name: string): { config: MachineConfig; access: MachineAccess } {
  const config = state.configs?.[name];
  if (!config) throw machineNotFound(name);
  return { config, access: { name, adminMode: config.adminMode, localAdmins: state.localAdmins[name] ?? [] } };
}

/** `config` from a request: the network layer, with the panel's `localAdmins` split off. */
function splitConfig(config: Record<string, unknown> | undefined): { network: JsonObject; localAdmins: unknown } {
  const network: JsonObject = {};
  let localAdmins: unknown;
  for (const [k, v] of Object.entries(config ?? {})) {
    if (k === 'localAdmins') localAdmins = v;
    else Object.defineProperty(network, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return { network, localAdmins };
}

/** The machines of a network: its entries in configs.json, their local layers and control modes. */
@Injectable()
export class MachinesService {
  constructor(
    private readonly reader: ConfigReader,
    private readonly writer: ConfigWriter,
    private readonly access: AccessService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(NetworkMemberEntity) private readonly members: Repository<NetworkMemberEntity>,
  ) {}

  async list(networkId: string, paging: PagingQueryDto): Promise<MachineListDto> {
    const view = await this.reader.headForReading(networkId);
    const names = Object.keys(view.layers.configs).sort();
    const page = names.slice(paging.offset ?? 0, (paging.offset ?? 0) + (paging.limit ?? DEFAULT_PAGE_SIZE));
    const status = await this.reader.machineStatus(networkId, view, page);
    const items = page.map((name): MachineSummaryDto => {
      const effective = view.layers.effective[name];
      return {
        name,
        system: effective.system,
        adminMode: view.layers.configs[name].adminMode,
        networkLayer: effective.networkLayer,
        apps: activeApps(effective),
        resources: { ...effective.resources },
        localAdmins: view.layers.localAdmins[name] ?? [],
        drift: status.get(name)?.drift ?? 'not-deployed',
      };
    });
    return { items, total: names.length };
  }

  async get(networkId: string, name: string): Promise<MachineDto> {
    const view = await this.reader.head(networkId);
    if (!view.layers.configs[name]) throw machineNotFound(name);
    const status = (await this.reader.machineStatus(networkId, view, [name])).get(name);
    return toMachineDto(name, view.head, view.layers, status ?? { revision: null, deployedRevision: null, drift: 'not-deployed' });
  }

  async create(principal: Principal, networkId: string, dto: CreateMachineDto): Promise<MachineWriteResultDto> {
    const { network, localAdmins } = splitConfig(dto.config);
    const result = await this.writer.write(
      networkId,
      principal,
      async (state) => {
        const layers = layersOf(state);
        if (layers.configs[dto.name]) throw new DomainError(ErrorCode.Conflict, `This network already has a machine named "${dto.name}".`);
        layers.configs[dto.name] = network;
        if (localAdmins !== undefined) {
          layers.localAdmins[dto.name] = localAdmins as string[];
          await this.checkNewLocalAdmins(networkId, dto.name, localAdmins, []);
        }
        const parsed = this.previewMachine(layers, dto.name);
        return { kind: 'layers', layers, message: parsed ? addMachineMessage(dto.name, parsed) : `Add machine ${dto.name}` };
      },
      options(dto),
    );
    return { ...strip(result), machine: await this.machineAfter(networkId, dto.name, result) };
  }

  async update(principal: Principal, networkId: string, name: string, dto: UpdateMachineDto): Promise<WriteResult> {
    const writer = await this.writerFor(principal, networkId);
    const { network, localAdmins } = splitConfig(dto.config);
    const result = await this.writer.write(
      networkId,
      principal,
      async (state) => {
        const { config: before, access } = existing(state, name);
        refuse(networkLayerRefusal(writer, access));
        // Omitted: unchanged, so a form that does not show them cannot reset them by accident.
        if (!('adminMode' in network)) network['adminMode'] = before.adminMode;
        // The panel's mesh section stays unless the request names it (the panel rewrites it after any commit anyway).
        if (!('mesh' in network) && before.mesh !== undefined) network['mesh'] = before.mesh;
        const admins = localAdmins === undefined ? access.localAdmins : localAdmins;
        const adminsChanged = !same(admins, access.localAdmins);
        refuse(
          networkOnlyFieldsRefusal(writer, access, { adminMode: network['adminMode'] !== before.adminMode, localAdmins: adminsChanged }),
        );
        if (adminsChanged) await this.checkNewLocalAdmins(networkId, name, admins, access.localAdmins);
        const layers = layersOf(state);
        layers.configs[name] = network;
        layers.localAdmins[name] = admins as string[];
        const after = this.previewMachine(layers, name);
        return { kind: 'layers', layers, message: changeMachineMessage(name, before, after ?? network, adminsChanged) };
      },
      options(dto, { revision: dto.baseRevision, scope: { kind: 'machine', name } }),
    );
    return strip(result);
  }

  async remove(principal: Principal, networkId: string, name: string, query: WriteQueryDto): Promise<WriteResult> {
    const result = await this.writer.write(
      networkId,
      principal,
      (state) => {
        existing(state, name);
        const layers = layersOf(state);
        delete layers.configs[name];
        delete layers.overrides[name];
        delete layers.localAdmins[name];
        return { kind: 'layers', layers, message: removeMachineMessage(name) };
      },
      options(query, query.baseRevision ? { revision: query.baseRevision, scope: { kind: 'machine', name } } : undefined),
    );
    return strip(result);
  }

  async putOverrides(principal: Principal, networkId: string, name: string, dto: UpdateOverridesDto): Promise<WriteResult> {
    const writer = await this.writerFor(principal, networkId);
    const result = await this.writer.write(
      networkId,
      principal,
      (state) => {
        const { access } = existing(state, name);
        refuse(localLayerRefusal(writer, access));
        const layers = layersOf(state);
        const before = layers.overrides[name] ?? {};
        layers.overrides[name] = dto.overrides;
        return { kind: 'layers', layers, message: changeOverridesMessage(name, before, dto.overrides) };
      },
      options(dto, { revision: dto.baseRevision, scope: { kind: 'overrides', name } }),
    );
    return strip(result);
  }

  async revokeOverrides(principal: Principal, networkId: string, name: string, query: RevokeOverridesQueryDto): Promise<WriteResult> {
    const segments = query.path === undefined ? null : parseOverridePath(query.path);
    if (query.path !== undefined && !segments) {
      throw new DomainError(ErrorCode.ValidationFailed, 'path must be a dotted key path such as applications.syncthing.', [
        { field: 'path', message: 'must be a dotted key path such as applications.syncthing' },
      ]);
    }
    const writer = await this.writerFor(principal, networkId);
    const result = await this.writer.write(
      networkId,
      principal,
      (state) => {
        const { access } = existing(state, name);
        refuse(localLayerRefusal(writer, access));
        const layers = layersOf(state);
        const current = layers.overrides[name] ?? {};
        if (segments) {
          const next = withoutPath(current, segments);
          if (!next) throw new DomainError(ErrorCode.NotFound, `${name} has no local override at ${query.path}.`);
          layers.overrides[name] = next;
        } else layers.overrides[name] = {};
        return { kind: 'layers', layers, message: revokeOverrideMessage(name, query.path ?? null) };
      },
      options(query, query.baseRevision ? { revision: query.baseRevision, scope: { kind: 'overrides', name } } : undefined),
    );
    return strip(result);
  }

  private async writerFor(principal: Principal, networkId: string): Promise<Writer> {
    return {
      username: principal.username,
      isHostAdmin: principal.isHostAdmin,
      isNetworkAdmin: await this.access.can(principal, Privilege.MachineConfig, networkId),
    };
  }

  /** The machine's network layer with defaults, for commit messages (the writer validates for real). */
  private previewMachine(layers: Layers, name: string): MachineConfig | null {
    const result = validateMachineConfig(layers.configs[name], undefined, { marketplace: layers.marketplace });
    return result.ok ? result.value : null;
  }

  /**
   * Newly named local admins must be users of this network, so a typo does not
   * silently grant nothing; names kept from before may have left since.
   */
  private async checkNewLocalAdmins(networkId: string, machine: string, admins: unknown, before: readonly string[]): Promise<void> {
    if (!Array.isArray(admins)) return; // validateLayers reports the shape with its path
    const added = admins.map((a, i) => [a, i] as const).filter(([a]) => typeof a === 'string' && !before.includes(a));
    if (added.length === 0) return;
    const users = await this.users.find({
      where: { username: In(added.map(([a]) => a as string)) },
      select: { id: true, username: true, isHostAdmin: true },
    });
    const byName = new Map(users.map((u) => [u.username, u]));
    const memberIds = new Set(
      (await this.members.find({ where: { networkId, userId: In(users.map((u) => u.id)) }, select: { userId: true } })).map(
        (m) => m.userId,
      ),
    );
    const errors = added.flatMap(([a, i]) => {
      const user = byName.get(a as string);
      const path = `$.${machine}.localAdmins[${i}]`;
      if (!user) return [{ path, message: `No panel user is named ${a as string}.` }];
      if (!user.isHostAdmin && !memberIds.has(user.id))
        return [{ path, message: `${user.username} is not a member of this network; add them first.` }];
      return [];
    });
    if (errors.length) throw invalidConfig(errors);
  }

  private async machineAfter(
    networkId: string,
    name: string,
    result: WriteResult & { layers: ValidLayers; head: string },
  ): Promise<MachineDto> {
    const status = result.committed
      ? (await this.reader.machineStatus(networkId, await this.reader.head(networkId), [name])).get(name)
      : undefined;
    return toMachineDto(name, result.head, result.layers, status ?? { revision: null, deployedRevision: null, drift: 'not-deployed' });
  }
}

function options(dto: { dryRun?: boolean; message?: string }, base?: WriteBase): WriteOptions {
  return { dryRun: dto.dryRun === true, message: dto.message, base };
}

function strip(result: WriteResult): WriteResult {
  return { revision: result.revision, diff: result.diff, committed: result.committed, basedOn: result.basedOn };
}

export function toMachineDto(
  name: string,
  head: string,
  layers: ValidLayers,
  status: { revision: string | null; deployedRevision: string | null; drift: MachineDto['drift'] },
): MachineDto {
  const config = layers.configs[name];
  const localAdmins = layers.localAdmins[name] ?? [];
  return {
    name,
    head,
    config: { ...config, localAdmins },
    overrides: isPlainObject(layers.overrides[name]) ? layers.overrides[name] : {},
    effective: { ...layers.effective[name] },
    adminMode: config.adminMode,
    localAdmins,
    revision: status.revision,
    deployedRevision: status.deployedRevision,
    drift: status.drift,
  };
}
