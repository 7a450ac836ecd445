import { randomBytes } from 'node:crypto';
import { statfs } from 'node:fs/promises';
import { ErrorCode } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Principal } from '../common/authz/principal';
import { conflict, DomainError, invalid } from '../common/errors/domain-error';
import { SecretBox } from '../services/secrets/secret-box';
import { BackupPolicyEntity } from './backup-policy.entity';
import { BackupRepositoryEntity } from './backup-repository.entity';
import type {
  BackupRepositoryDto,
  CreateBackupRepositoryDto,
  CreatedBackupRepositoryDto,
  UpdateBackupRepositoryDto,
} from './dto/repository.dto';
import { requireHostAdmin } from './host-power';
import { integrityOf } from './backup-status';
import { type BackupRepositoryKind, type RepositoryCredentials, repositoryKind } from './repository-kinds';
import type { ResticRepo } from './restic/restic.service';

const toNumber = (v: string | null): number | null => (v === null ? null : Number(v));

/** The location without a "user:password@" part, for lists and logs. */
export function displayLocation(location: string): string {
  return location.replace(/\/\/[^/@\s]*@/, '//');
}

/** A new repository password: 32 characters of base64url (192 random bits), easy to copy. */
export function generatedRepositoryPassword(): string {
  return randomBytes(24).toString('base64url');
}

export const repositoryNotFound = () => new DomainError(ErrorCode.NotFound, 'This network has no such backup repository.');

/** Backup targets (restic repositories) of a network: CRUD, secrets, storage figures. */
@Injectable()
export class BackupRepositories {
  constructor(
    @InjectRepository(BackupRepositoryEntity) readonly rows: Repository<BackupRepositoryEntity>,
    @InjectRepository(BackupPolicyEntity) private readonly policies: Repository<BackupPolicyEntity>,
    private readonly box: SecretBox,
  ) {}

  async require(networkId: string, id: string): Promise<BackupRepositoryEntity> {
    const row = await this.rows.findOneBy({ id, networkId });
    if (!row) throw repositoryNotFound();
    return row;
  }

  /** The decrypted location and secrets, for the restic child's environment only. */
  open(row: BackupRepositoryEntity): ResticRepo {
    const creds = row.credentialsEncrypted ? (JSON.parse(this.box.open(row.credentialsEncrypted)) as RepositoryCredentials) : null;
    return {
      location: this.box.open(row.locationEncrypted),
      password: this.box.open(row.passwordEncrypted),
      credentialsEnv: repositoryKind(row.kind).env(creds),
    };
  }

  /** The host directory of a repository whose kind lies on the host (for statfs), else null. */
  localPath(row: BackupRepositoryEntity): string | null {
    return repositoryKind(row.kind).hostPath(this.box.open(row.locationEncrypted));
  }

  async list(networkId: string): Promise<BackupRepositoryDto[]> {
    const rows = await this.rows.find({ where: { networkId }, order: { name: 'ASC' } });
    const counts = await this.policyCounts(networkId);
    return rows.map((r) => this.toDto(r, counts.get(r.id) ?? 0));
  }

  async get(networkId: string, id: string): Promise<BackupRepositoryDto> {
    const row = await this.require(networkId, id);
    return this.toDto(row, (await this.policyCounts(networkId)).get(id) ?? 0);
  }

  /**
   * Adds a repository. Without a password one is generated (192 random bits)
   * and answered this once; it is never logged, and only its sealed form is kept.
   */
  async create(principal: Principal, networkId: string, dto: CreateBackupRepositoryDto): Promise<CreatedBackupRepositoryDto> {
    const kind = repositoryKind(dto.kind);
    // Who may comes first: a network admin asking for a host directory gets the 403, whatever the path.
    if (kind.hostAdminTo) requireHostAdmin(principal, kind.hostAdminTo);
    const problem = kind.locationProblem(dto.location);
    if (problem) throw invalid('location', problem);
    const generated = dto.password === undefined ? generatedRepositoryPassword() : null;
    this.checkCredentials(dto.kind, dto.s3);
    await this.assertNameFree(networkId, dto.name);
    const row = await this.rows.save(
      this.rows.create({
        networkId,
        name: dto.name,
        kind: dto.kind,
        locationEncrypted: this.box.seal(dto.location),
        displayLocation: displayLocation(dto.location),
        passwordEncrypted: this.box.seal(dto.password ?? generated ?? ''),
        credentialsEncrypted: dto.s3 ? this.sealCredentials(dto.s3) : null,
        initializedAt: null,
        lastCheckAt: null,
        lastCheckOk: null,
        lastCheckError: null,
        polledAt: null,
        pollError: null,
        pollErrorClass: null,
        sizeBytes: null,
        freeBytes: null,
      }),
    );
    return { ...this.toDto(row, 0), password: generated };
  }

  async update(networkId: string, id: string, dto: UpdateBackupRepositoryDto): Promise<BackupRepositoryDto> {
    const row = await this.require(networkId, id);
    if (dto.name !== undefined && dto.name !== row.name) {
      await this.assertNameFree(networkId, dto.name);
      row.name = dto.name;
    }
    if (dto.s3) {
      this.checkCredentials(row.kind, dto.s3);
      row.credentialsEncrypted = this.sealCredentials(dto.s3);
    }
    await this.rows.save(row);
    return this.get(networkId, id);
  }

  /** Forgets the repository in the panel; its data is left where it is. */
  async remove(networkId: string, id: string): Promise<BackupRepositoryDto> {
    const row = await this.require(networkId, id);
    const used = await this.policies.countBy({ repositoryId: id });
    if (used > 0)
      throw conflict(`${used} backup polic${used === 1 ? 'y uses' : 'ies use'} the repository "${row.name}"; delete or move them first.`);
    const dto = this.toDto(row, 0);
    await this.rows.delete({ id });
    return dto;
  }

  /** Free bytes on the file system of a local repository (its nearest existing ancestor), or null. */
  async freeBytes(row: BackupRepositoryEntity): Promise<number | null> {
    let path = this.localPath(row);
    while (path) {
      try {
        const s = await statfs(path);
        return Number(s.bavail) * Number(s.bsize);
      } catch {
        if (path === '/') return null;
        path = path.replace(/\/[^/]*$/, '') || '/';
      }
    }
    return null;
  }

  toDto(r: BackupRepositoryEntity, policies: number): BackupRepositoryDto {
    return {
      id: r.id,
      networkId: r.networkId,
      name: r.name,
      kind: r.kind,
      location: r.displayLocation,
      hasCredentials: r.credentialsEncrypted !== null,
      initializedAt: r.initializedAt?.toISOString() ?? null,
      check: { at: r.lastCheckAt?.toISOString() ?? null, result: integrityOf(r), error: r.lastCheckError },
      polledAt: r.polledAt?.toISOString() ?? null,
      pollError: r.pollError,
      pollErrorClass: r.pollErrorClass,
      sizeBytes: toNumber(r.sizeBytes),
      freeBytes: toNumber(r.freeBytes),
      policies,
      createdAt: r.createdAt.toISOString(),
    };
  }

  private async policyCounts(networkId: string): Promise<Map<string, number>> {
    const rows = await this.policies
      .createQueryBuilder('p')
      .select('p.repository_id', 'id')
      .addSelect('COUNT(*)', 'n')
      .where('p.network_id = :networkId', { networkId })
      .groupBy('p.repository_id')
      .getRawMany<{ id: string; n: string }>();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** Keys where the kind needs them, none where it takes none. */
  private checkCredentials(kind: BackupRepositoryKind, s3: unknown): void {
    const k = repositoryKind(kind);
    if (k.credentials === 'required' && !s3) throw invalid('s3', `${k.called} needs s3.accessKeyId and s3.secretAccessKey`);
    if (k.credentials === 'none' && s3) throw invalid('s3', `${k.called} takes no S3 keys`);
  }

  private async assertNameFree(networkId: string, name: string): Promise<void> {
    if (await this.rows.existsBy({ networkId, name })) throw conflict(`This network already has a backup repository named "${name}".`);
  }

  private sealCredentials(s3: { accessKeyId: string; secretAccessKey: string; region?: string }): string {
    return this.box.seal(JSON.stringify({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region ?? null }));
  }
}
