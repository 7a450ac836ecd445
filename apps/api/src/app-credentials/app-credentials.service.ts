import { ErrorCode } from '@clan/contracts';
import { appKeys, type MachineConfig } from '@clan/nix-schema';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { ConfigCommits } from '../configs/config-commits';
import { ConfigReader } from '../configs/config-reader.service';
import { activeApps } from '../configs/layers';
import { machineNotFound } from '../configs/machines.service';
import { SecretBox } from '../services/secrets/secret-box';
import { SECRETS_MOUNT_POINT, type SecretFile } from '../vms/secrets-disk';
import { VmSecrets } from '../vms/vm-secrets';
import { AppCredentialEntity } from './app-credential.entity';
import { type AppCredentialSpec, credentialPath, credentialSpec } from './app-credential-specs';
import type { AppCredentialDto, AppCredentialListDto, RevealedAppCredentialDto, RotatedAppCredentialDto } from './dto/app-credential.dto';

/** 24 random bytes, base64url: 32 characters safe in env files, shells, JSON and URLs. */
export function newAppSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The first admin credential of every catalog app on a machine (docs/apps.md):
 * generated when a commit adds the app to a machine (or, at the latest, when
 * the machine is listed or deployed), sealed at rest, put on the machine's
 * secrets disk at `apps/<app>/<file>`, shown to the network's admins and
 * rotatable. Only apps that are on in the machine's configuration at the
 * head get files; the credential row of an app switched off stays, so
 * switching it back on keeps the password people already use.
 */
@Injectable()
export class AppCredentialsService implements OnModuleInit {
  private readonly logger = new Logger('AppCredentials');

  constructor(
    @InjectRepository(AppCredentialEntity) private readonly rows: Repository<AppCredentialEntity>,
    private readonly box: SecretBox,
    private readonly vmSecrets: VmSecrets,
    private readonly reader: ConfigReader,
    private readonly commits: ConfigCommits,
  ) {}

  onModuleInit(): void {
    this.vmSecrets.register('app-credentials', (networkId, machine) => this.secretFiles(networkId, machine));
    this.commits.onCommit(async (e) => {
      if (e.changed.length === 0) return;
      try {
        const view = await this.reader.headForReading(e.networkId);
        for (const machine of e.changed) {
          const config = view.layers.effective[machine];
          if (config) await this.ensure(e.networkId, machine, credentialApps(config));
        }
      } catch (error) {
        // The list and the deployment generate what is missing; a failure here only delays that.
        this.logger.warn(`credentials for the commit ${e.revision.slice(0, 12)} of ${e.networkId}: ${(error as Error).message}`);
      }
    });
  }

  /** The credentials of the machine's active apps, created when missing. */
  async list(networkId: string, machine: string): Promise<AppCredentialListDto> {
    const config = await this.machineConfig(networkId, machine);
    const apps = credentialApps(config);
    const rows = await this.ensure(networkId, machine, apps);
    return { items: apps.map((app) => view(config, rowOf(rows, app))) };
  }

  /**
   * The secret (the POST is audited like every write). The first time it is
   * shown needs nothing more; showing it again needs `confirmed`.
   */
  async reveal(networkId: string, machine: string, app: string, confirmed: boolean): Promise<RevealedAppCredentialDto> {
    const config = await this.machineConfig(networkId, machine);
    const row = await this.activeRow(networkId, machine, app, config);
    const firstReveal = row.revealedAt === null;
    if (!firstReveal && !confirmed) {
      throw new DomainError(
        ErrorCode.Conflict,
        `The ${app} credential of ${machine} was already shown (${row.revealedAt?.toISOString()}); send confirm: true to show it again — each showing is recorded in the audit log.`,
        [{ field: 'confirm', message: 'confirm must be true to show an already shown credential again' }],
      );
    }
    const now = new Date();
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ revealedAt: () => 'COALESCE("revealed_at", :now)', revealCount: () => '"reveal_count" + 1' })
      .setParameter('now', now)
      .where({ id: row.id })
      .execute();
    const after = { ...row, revealedAt: row.revealedAt ?? now, revealCount: row.revealCount + 1 };
    return { ...view(config, after), secret: this.box.open(row.secretSealed), firstReveal };
  }

  /** A new secret; the machine gets it with its next deployment. */
  async rotate(networkId: string, machine: string, app: string): Promise<RotatedAppCredentialDto> {
    const config = await this.machineConfig(networkId, machine);
    const row = await this.activeRow(networkId, machine, app, config);
    const patch = { secretSealed: this.box.seal(newAppSecret()), rotatedAt: new Date(), revealedAt: null, revealCount: 0 };
    await this.rows.update({ id: row.id }, patch);
    const credential = view(config, { ...row, ...patch });
    const message =
      credential.applies === 'every-deploy'
        ? `The new secret reaches ${app} on ${machine} with the next deployment; until then the old one still works.`
        : `The new secret reaches ${machine} with the next deployment, but ${app} takes it only when it is set up afresh; on a machine where it is set up already, change the password in ${app} too.`;
    return { credential, message };
  }

  /** The secrets-disk files of the machine's active apps (a VmSecrets source), creating missing credentials. */
  async secretFiles(networkId: string, machine: string): Promise<SecretFile[]> {
    const config = (await this.reader.headForReading(networkId)).layers.effective[machine];
    if (!config) return [];
    const apps = credentialApps(config);
    const rows = await this.ensure(networkId, machine, apps);
    return apps.flatMap((app) => {
      const spec = credentialSpec(app) as AppCredentialSpec;
      const secret = this.box.open(rowOf(rows, app).secretSealed);
      return spec.files(secret).map((f) => ({ path: credentialPath(spec, f.name), content: f.content }));
    });
  }

  /** Rows for `apps`, inserting the missing ones (concurrent callers: the unique index keeps the first). */
  private async ensure(networkId: string, machine: string, apps: string[]): Promise<AppCredentialEntity[]> {
    if (apps.length === 0) return [];
    const existing = await this.rows.find({ where: { networkId, machine, app: In(apps) } });
    const missing = apps.filter((app) => !existing.some((r) => r.app === app));
    if (missing.length === 0) return existing;
    await this.rows
      .createQueryBuilder()
      .insert()
      .values(missing.map((app) => ({ networkId, machine, app, secretSealed: this.box.seal(newAppSecret()) })))
      .orIgnore()
      .execute();
    return this.rows.find({ where: { networkId, machine, app: In(apps) } });
  }

  private async machineConfig(networkId: string, machine: string): Promise<MachineConfig> {
    const config = (await this.reader.headForReading(networkId)).layers.effective[machine];
    if (!config) throw machineNotFound(machine);
    return config;
  }

  private async activeRow(networkId: string, machine: string, app: string, config: MachineConfig): Promise<AppCredentialEntity> {
    const apps = credentialApps(config);
    if (!apps.includes(app)) {
      const known = apps.length ? `; it has credentials for ${apps.join(', ')}` : '; it runs no app with a credential';
      throw new DomainError(
        ErrorCode.NotFound,
        `Machine "${machine}" has no credential for the app "${String(app).slice(0, 64)}"${known}.`,
        [{ field: 'app', message: 'app must be an active app of the machine that has a credential' }],
      );
    }
    return rowOf(await this.ensure(networkId, machine, [app]), app);
  }
}

/** The machine's active apps that need a credential, in catalog order. */
function credentialApps(config: MachineConfig): string[] {
  const active = activeApps(config);
  return appKeys.filter((app) => active.includes(app) && credentialSpec(app) !== undefined);
}

function rowOf(rows: AppCredentialEntity[], app: string): AppCredentialEntity {
  const row = rows.find((r) => r.app === app);
  if (!row) throw new Error(`credential row for ${app} vanished`);
  return row;
}

function view(config: MachineConfig, row: AppCredentialEntity): AppCredentialDto {
  const spec = credentialSpec(row.app) as AppCredentialSpec;
  const options = ((config.applications as Record<string, unknown>)[row.app] ?? {}) as Record<string, unknown>;
  return {
    app: row.app,
    kind: spec.kind,
    username: spec.username(options),
    usage: spec.usage,
    applies: spec.applies,
    files: spec.files('').map((f) => `${SECRETS_MOUNT_POINT}/${credentialPath(spec, f.name)}`),
    // A machine in the mesh serves the app at https://<app>.<machine>.<network>.clan (docs/https.md).
    url: config.mesh?.enable && config.mesh.domain ? `https://${spec.dir}.${config.mesh.domain}${spec.signInPath ?? '/'}` : null,
    createdAt: row.createdAt.toISOString(),
    rotatedAt: row.rotatedAt?.toISOString() ?? null,
    revealedAt: row.revealedAt?.toISOString() ?? null,
    revealCount: row.revealCount,
  };
}
