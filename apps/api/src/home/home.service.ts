import { randomUUID } from 'node:crypto';
import { ErrorCode, NetworkRole, TaskStatus } from '@clan/contracts';
import { APP_CATALOG, appKeys, appWeb, type AppKey, type MachineConfig } from '@clan/nix-schema';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Repository } from 'typeorm';
import { BackupPolicyEntity } from '../backups/backup-policy.entity';
import { BackupVerifications } from '../backups/verify/backup-verifications.store';
import type { Principal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';
import { ConfigReader } from '../configs/config-reader.service';
import { activeApps } from '../configs/layers';
import { MeshPeerEntity } from '../mesh/mesh-peer.entity';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { NetworkEntity } from '../networks/network.entity';
import { networkNotFound } from '../networks/networks.service';
import { NotificationsService } from '../notifications/notifications.service';
import { JobName } from '../services/queue/queue.catalogue';
import { TaskEntity } from '../tasks/task.entity';
import { UserEntity } from '../users/user.entity';
import { MachineStateEntity } from '../vms/machine-state.entity';
import type { HelpRequestResultDto, HomeAdminDto, HomeAppDto, HomeDto, HomeMachineDto, HomeNetworkDto } from './dto/home.dto';
import { caLinks, signedCaLinks } from '../pki/ca-links';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { SecretBox } from '../services/secrets/secret-box';
import { appUrl, backupWords, httpsAppUrl, machineState, meshName } from './home-words';

/** Tasks that mean "the machine is being (re)built": its state reads "building" meanwhile. */
const BUILDING_JOBS: string[] = [JobName.MachineBuild, JobName.VmDeploy];
const ADMIN_ROLES = [NetworkRole.Owner, NetworkRole.Admin];
/** At most this many help requests per person and network in an hour: enough to add a detail, never a flood of e-mails. */
export const HELP_REQUESTS_PER_HOUR = 3;

const nameOf = (u: Pick<UserEntity, 'displayName' | 'username'>) => u.displayName.trim() || u.username;

/** "Bob", "Bob and Carol", "Bob, Carol and Dan". */
function listOf(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A member's landing page (docs/api.md, "Home"): only the caller's own
 * networks (by membership, host admins included), their own devices there,
 * and the network's services. Read-only, except for asking for help.
 */
@Injectable()
export class HomeService {
  private readonly logger = new Logger('Home');

  constructor(
    private readonly configs: ConfigReader,
    private readonly notifications: NotificationsService,
    @InjectDataSource() private readonly ds: DataSource,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    @InjectRepository(NetworkMemberEntity) private readonly members: Repository<NetworkMemberEntity>,
    @InjectRepository(MeshPeerEntity) private readonly peers: Repository<MeshPeerEntity>,
    @InjectRepository(BackupPolicyEntity) private readonly policies: Repository<BackupPolicyEntity>,
    @InjectRepository(MachineStateEntity) private readonly machineStates: Repository<MachineStateEntity>,
    @InjectRepository(TaskEntity) private readonly tasks: Repository<TaskEntity>,
    private readonly box: SecretBox,
    private readonly verifications: BackupVerifications,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'verifyDays'>,
  ) {}

  async home(principal: Principal): Promise<HomeDto> {
    const user = await this.users.findOneOrFail({
      where: { id: principal.userId },
      select: { id: true, username: true, displayName: true },
    });
    const memberships = await this.members.find({ where: { userId: principal.userId }, relations: { network: true } });
    memberships.sort((a, b) => (a.network?.name ?? '').localeCompare(b.network?.name ?? ''));
    const now = new Date();
    const networks: HomeNetworkDto[] = [];
    for (const m of memberships) {
      if (m.network) networks.push(await this.network(m.network, m.role, principal.userId, now));
    }
    return { displayName: nameOf(user), networks };
  }

  private async network(network: NetworkEntity, role: NetworkRole, userId: string, now: Date): Promise<HomeNetworkDto> {
    const [admins, policies, devices, machineRows, building, configs] = await Promise.all([
      this.admins(network.id),
      this.policies.find({ where: { networkId: network.id } }),
      this.peers.find({
        where: { networkId: network.id, kind: 'device', ownerUserId: userId, revokedAt: IsNull() },
        select: { name: true },
        order: { name: 'ASC' },
      }),
      this.machineStates.find({ where: { networkId: network.id }, select: { name: true, vmState: true } }),
      this.tasks.find({
        where: { networkId: network.id, type: In(BUILDING_JOBS), status: In([TaskStatus.Queued, TaskStatus.Running]) },
        select: { machine: true },
      }),
      this.machinesOf(network.id),
    ]);
    // A machine policy's latest verified restore; device policies have none (their devices are never booted).
    const proofs = await this.verifications.latest(policies.filter((p) => p.subjectKind === 'machine').map((p) => p.id));
    const policiesOf = (kind: 'machine' | 'device', name: string) =>
      policies
        .filter((p) => p.subjectKind === kind && p.subjectName === name)
        .map((p) => (kind === 'machine' ? { ...p, verification: proofs.get(p.id) ?? null } : p));
    const vmStates = new Map(machineRows.map((r) => [r.name, r.vmState]));
    const busy = new Set(building.map((t) => t.machine));

    const machines: HomeMachineDto[] = [];
    const apps: HomeAppDto[] = [];
    for (const [name, config] of Object.entries(configs.machines).sort(([a], [b]) => a.localeCompare(b))) {
      const host = meshName(name, network.name);
      const keys = activeApps(config) as AppKey[];
      for (const key of keys) {
        const options = (config.applications as Record<string, unknown>)[key];
        // The app's web interface (catalog `web`): its label under the machine's name and its port.
        const web = appWeb(key, options as never);
        const entry = APP_CATALOG[key];
        // In the mesh with a mesh name, the machine serves its apps over HTTPS by name.
        const domain = config.mesh?.enable ? config.mesh.domain : null;
        apps.push({
          app: key,
          title: entry.title,
          description: entry.description,
          machine: name,
          meshName: host,
          url: web === null ? null : domain ? httpsAppUrl(web.label, domain) : appUrl(host, web.port),
        });
      }
      const state = machineState(vmStates.get(name) ?? null, busy.has(name));
      machines.push({
        name,
        meshName: host,
        state: state.state,
        stateWords: state.words,
        apps: keys.map((k) => APP_CATALOG[k].title),
        backup: backupWords(policiesOf('machine', name), now, this.config.verifyDays),
      });
    }
    const order = (app: string) => appKeys.indexOf(app as AppKey);
    apps.sort((a, b) => order(a.app) - order(b.app) || a.machine.localeCompare(b.machine));

    return {
      id: network.id,
      name: network.name,
      description: network.description,
      role,
      system: network.system,
      apps,
      machines,
      devices: devices.map((d) => ({
        name: d.name,
        meshName: meshName(d.name, network.name),
        backup: backupWords(policiesOf('device', d.name), now),
      })),
      admins,
      ca: { ...caLinks(network.id), signed: signedCaLinks(this.box, network.id, now) },
      problem: configs.problem,
    };
  }

  /** The machines of the configuration at its head; a configuration that cannot be read is a sentence, not an error. */
  private async machinesOf(networkId: string): Promise<{ machines: Record<string, MachineConfig>; problem: string | null }> {
    try {
      return { machines: (await this.configs.head(networkId)).layers.effective, problem: null };
    } catch (error) {
      this.logger.debug(`no machines for ${networkId}: ${(error as Error).message}`);
      return { machines: {}, problem: "The network's services cannot be listed right now; the admins can see why." };
    }
  }

  private async admins(networkId: string): Promise<HomeAdminDto[]> {
    const rows = await this.members.find({
      where: { networkId, role: In(ADMIN_ROLES) },
      relations: { user: true },
      select: { role: true, userId: true, user: { id: true, username: true, displayName: true } },
    });
    return rows
      .filter((r) => r.user)
      .map((r) => ({ name: nameOf(r.user as UserEntity), role: r.role }))
      .sort((a, b) => ADMIN_ROLES.indexOf(a.role) - ADMIN_ROLES.indexOf(b.role) || a.name.localeCompare(b.name));
  }

  /**
   * "<name> asks for remote help: <message>" as a notification of the
   * network (its admins read it in their notifications and delivery
   * targets); the request itself is in the audit log like every write.
   */
  async askForHelp(principal: Principal, networkId: string, message: string): Promise<HelpRequestResultDto> {
    const network = await this.networks.findOne({ where: { id: networkId }, select: { id: true, name: true } });
    if (!network) throw networkNotFound(networkId);
    const user = await this.users.findOneOrFail({
      where: { id: principal.userId },
      select: { id: true, username: true, displayName: true },
    });
    const who = nameOf(user);
    await this.assertNotTooOften(principal.userId, networkId);
    const id = randomUUID();
    await this.notifications.emit({
      kind: 'help.request',
      severity: 'warning',
      networkId,
      // A new subject per request (every request is news, never "unchanged"), naming who asked for the rate limit.
      subject: `help:${principal.userId}:${id}`,
      state: 'asked',
      title: `${who} asks for remote help`,
      message: `${who} asks for remote help: ${message}`,
      link: `/networks/${networkId}/members`,
    });
    const admins = (await this.admins(networkId)).map((a) => a.name);
    const told = admins.length ? `${listOf(admins)} ${admins.length === 1 ? 'has' : 'have'} been told` : "The panel's admin has been told";
    return { id, message: `${told}; they will get in touch with you.` };
  }

  /** 429 once the caller has asked HELP_REQUESTS_PER_HOUR times in this network within the hour. */
  private async assertNotTooOften(userId: string, networkId: string): Promise<void> {
    const [{ count }] = await this.ds.query<{ count: number }[]>(
      `SELECT count(*)::int AS "count" FROM "notifications"
        WHERE "kind" = 'help.request' AND "network_id" = $1 AND "subject" LIKE $2 AND "created_at" > now() - interval '1 hour'`,
      [networkId, `help:${userId}:%`],
    );
    if (count >= HELP_REQUESTS_PER_HOUR) {
      throw new DomainError(
        ErrorCode.RateLimited,
        `You asked for help ${count} times in the last hour; the admins have your messages. Ask again in an hour if nobody got in touch.`,
        undefined,
        { 'Retry-After': '3600' },
      );
    }
  }
}
