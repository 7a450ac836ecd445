import { type ClanClient, type ClanClientOptions, createClanClient } from './client';
import { AuthApi, HealthApi, SetupApi, TokensApi, UsersApi } from './groups/access';
import { BackupsApi } from './groups/backups';
import { CatalogApi, ConfigApi, MachinesApi } from './groups/configs';
import { ConsolesApi, RecordingsApi } from './groups/consoles';
import { HomeApi } from './groups/home';
import { LogsApi } from './groups/logs';
import { MarketplaceApi } from './groups/marketplace';
import { MeshApi } from './groups/mesh';
import { AuditApi, MembersApi, NetworksApi } from './groups/networks';
import { NotificationsApi } from './groups/notifications';
import { TasksApi } from './groups/tasks';
import { UpdatesApi } from './groups/updates';
import { HostApi, MetricsApi, VmsApi } from './groups/vms';

/**
 * The one way the web app and the CLI call the panel: every REST route they
 * use, grouped by resource, over the client generated from the committed
 * OpenAPI document. Each method answers the API's data or throws ClanApiError
 * (explainError / errorSentence turn it into words). Authentication is an
 * option of the client: a bearer token (CLI, scripts) or the browser session's
 * CSRF token on writes.
 */
export class ClanApi {
  readonly health: HealthApi;
  readonly setup: SetupApi;
  readonly auth: AuthApi;
  readonly users: UsersApi;
  readonly tokens: TokensApi;
  readonly networks: NetworksApi;
  readonly members: MembersApi;
  readonly audit: AuditApi;
  readonly tasks: TasksApi;
  readonly host: HostApi;
  readonly catalog: CatalogApi;
  readonly machines: MachinesApi;
  readonly config: ConfigApi;
  readonly vms: VmsApi;
  readonly metrics: MetricsApi;
  readonly consoles: ConsolesApi;
  readonly recordings: RecordingsApi;
  readonly logs: LogsApi;
  readonly backups: BackupsApi;
  readonly mesh: MeshApi;
  readonly notifications: NotificationsApi;
  readonly home: HomeApi;
  readonly updates: UpdatesApi;
  readonly marketplace: MarketplaceApi;

  /** The generated client underneath, for a route the facade does not have yet. */
  readonly client: ClanClient;

  constructor(readonly options: ClanClientOptions) {
    const client = (this.client = createClanClient(options));
    this.health = new HealthApi(client);
    this.setup = new SetupApi(client);
    this.auth = new AuthApi(client);
    this.users = new UsersApi(client);
    this.tokens = new TokensApi(client);
    this.networks = new NetworksApi(client);
    this.members = new MembersApi(client);
    this.audit = new AuditApi(client);
    this.tasks = new TasksApi(client);
    this.host = new HostApi(client);
    this.catalog = new CatalogApi(client);
    this.machines = new MachinesApi(client);
    this.config = new ConfigApi(client);
    this.vms = new VmsApi(client);
    this.metrics = new MetricsApi(client);
    this.consoles = new ConsolesApi(client);
    this.recordings = new RecordingsApi(client);
    this.logs = new LogsApi(client);
    this.backups = new BackupsApi(client);
    this.mesh = new MeshApi(client);
    this.notifications = new NotificationsApi(client);
    this.home = new HomeApi(client);
    this.updates = new UpdatesApi(client);
    this.marketplace = new MarketplaceApi(client);
  }

  /** The panel's origin, as given. */
  get baseUrl(): string {
    return this.options.baseUrl;
  }
}
