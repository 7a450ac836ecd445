import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, IsNull } from 'typeorm';
import { MeshNetworkEntity } from '../../mesh/mesh-network.entity';
import { MeshPeerEntity } from '../../mesh/mesh-peer.entity';
import { APP_CONFIG, type AppConfig } from '../../services/config/app-config';
import { SecretBox } from '../../services/secrets/secret-box';
import type { SecretFile } from '../../vms/secrets-disk';
import { VmSecrets } from '../../vms/vm-secrets';
import { ResticService } from '../restic/restic.service';
import { BACKUP_REPO_AUTH_PURPOSE, BACKUP_REPO_KEY_PURPOSE, passwordVerifier, type RepoCredential } from './rest-repo-auth';
import { hostMeshAddresses, machineRepositoryUrl } from './repo-address';
import { parseRepoPath, repoRelativeDir } from './rest-repo-request';

/** Where the guest finds its repository settings: /run/clan-secrets/backup/env (systemd EnvironmentFile syntax). */
export const BACKUP_ENV_FILE = 'backup/env';

/** A machine repository as the panel itself opens it: restic's local backend on the directory. */
export interface PanelRepository {
  dir: string;
  /** RESTIC_REPOSITORY (the directory) and RESTIC_PASSWORD, for the panel's own restic (prune, check, restore, copy). */
  env: { RESTIC_REPOSITORY: string; RESTIC_PASSWORD: string };
}

/**
 * Each machine's private, append-only backup repository
 * (docs/backups.md, "Machine repositories"): its directory under
 * `<stateDir>/machine-backups/<networkId>/<machine>`, created by the panel
 * with restic init; the machine reaches it over the mesh through the REST
 * server (rest-repo-server.ts) with credentials from its secrets disk.
 * Both passwords are MACs of the panel's key, so nothing new is stored.
 */
@Injectable()
export class MachineRepositories implements OnModuleInit {
  private readonly creating = new Map<string, Promise<PanelRepository>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly box: SecretBox,
    private readonly restic: ResticService,
    private readonly vmSecrets: VmSecrets,
  ) {}

  onModuleInit(): void {
    this.vmSecrets.register('backup', (networkId, machine) => this.machineFiles(networkId, machine));
  }

  /** The root of all machine repositories (what the REST server serves). */
  get root(): string {
    return join(this.config.stateDir, 'machine-backups');
  }

  dir(networkId: string, machine: string): string {
    if (!parseRepoPath(`/${networkId}/${machine}/`)) {
      throw new Error(`"${networkId}/${machine}" is not a network id and machine name, so it has no backup repository.`);
    }
    return join(this.root, repoRelativeDir(networkId, machine));
  }

  /** The machine's HTTP password for its repository. */
  authPassword(networkId: string, machine: string): string {
    return this.box.mac(BACKUP_REPO_AUTH_PURPOSE, `${networkId}/${machine}`);
  }

  /** The repository's encryption password (restic's key), known to the machine and the panel. */
  keyPassword(networkId: string, machine: string): string {
    return this.box.mac(BACKUP_REPO_KEY_PURPOSE, `${networkId}/${machine}`);
  }

  /**
   * The machine's repository, created (restic init on the directory) when it
   * does not exist yet. Safe to call concurrently and repeatedly.
   */
  ensure(networkId: string, machine: string): Promise<PanelRepository> {
    const dir = this.dir(networkId, machine);
    const pending = this.creating.get(dir);
    if (pending) return pending;
    const created = this.create(networkId, machine, dir).finally(() => this.creating.delete(dir));
    this.creating.set(dir, created);
    return created;
  }

  private async create(networkId: string, machine: string, dir: string): Promise<PanelRepository> {
    const repo = { dir, env: { RESTIC_REPOSITORY: dir, RESTIC_PASSWORD: this.keyPassword(networkId, machine) } };
    if (existsSync(join(dir, 'config'))) return repo;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const location = { location: dir, password: repo.env.RESTIC_PASSWORD };
    const r = await this.restic.run(location, ['init']);
    // Another panel process may have created it meanwhile: what init wants is there.
    if (r.exitCode !== 0 && !/config file already exists|already initialized/i.test(r.stderr)) {
      throw await this.restic.failure(r, `creating the backup repository of ${machine}`);
    }
    return repo;
  }

  /** RESTIC_REPOSITORY (the REST URL on the host's mesh address, with the machine's credentials) and RESTIC_PASSWORD. */
  async machineEnv(networkId: string, machine: string): Promise<Record<string, string> | null> {
    const mesh = await this.ds
      .getRepository(MeshNetworkEntity)
      .findOne({ where: { networkId }, select: { layer: true, ipv4Cidr: true, ipv6Prefix: true } });
    if (!mesh) return null;
    // Only a machine in the mesh reaches the host's mesh address (and the server knows only those: credentials()).
    const inMesh = await this.ds
      .getRepository(MeshPeerEntity)
      .exists({ where: { networkId, name: machine, kind: 'machine', revokedAt: IsNull() } });
    if (!inMesh) return null;
    // The host's address by the network's layer (BackupRepoHost serves there): .1, or its Yggdrasil address.
    const host = await this.ds.getRepository(MeshPeerEntity).findOne({
      where: { networkId, kind: 'host', revokedAt: IsNull() },
      select: { name: true, publicKey: true, index: true },
    });
    const [address] = hostMeshAddresses({ layer: mesh.layer, ipv4Cidr: mesh.ipv4Cidr, ipv6Prefix: mesh.ipv6Prefix, host });
    if (address === undefined) return null;
    const url = machineRepositoryUrl(address, this.config.mesh.backupRepoPort, networkId, machine, this.authPassword(networkId, machine));
    return { RESTIC_REPOSITORY: url, RESTIC_PASSWORD: this.keyPassword(networkId, machine) };
  }

  /** backup/env on the machine's secrets disk (0400, like every file there); nothing when the machine is not in its network's mesh. */
  async machineFiles(networkId: string, machine: string): Promise<SecretFile[]> {
    const env = await this.machineEnv(networkId, machine);
    if (!env) return [];
    const content = Object.entries(env)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('');
    return [{ path: BACKUP_ENV_FILE, content }];
  }

  /** Who may reach which repository, as the REST server keeps it: every active machine of every mesh. */
  async credentials(): Promise<RepoCredential[]> {
    const rows: { network_id: string; name: string }[] = await this.ds.query(
      `SELECT network_id, name FROM mesh_peers WHERE kind = 'machine' AND revoked_at IS NULL ORDER BY network_id, name`,
    );
    return rows
      .filter((r) => parseRepoPath(`/${r.network_id}/${r.name}/`))
      .map((r) => ({ networkId: r.network_id, machine: r.name, verifier: passwordVerifier(this.authPassword(r.network_id, r.name)) }));
  }
}
