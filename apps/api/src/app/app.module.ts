import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppCredentialsModule } from '../app-credentials/app-credentials.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { BackupsModule } from '../backups/backups.module';
import { SessionModule } from '../auth/session.module';
import { CatalogModule } from '../catalog/catalog.module';
import { AuthzModule } from '../common/authz/authz.module';
import { ConfigsModule } from '../configs/configs.module';
import { ConsolesModule } from '../consoles/consoles.module';
import { EventsModule } from '../events/events.module';
import { HealthModule } from '../health/health.module';
import { HomeModule } from '../home/home.module';
import { FleetCoreModule } from '../fleet/fleet-core.module';
import { FleetModule } from '../fleet/fleet.module';
import { HostModule } from '../host/host.module';
import { MarketplaceModule } from '../marketplace/marketplace.module';
import { MeshModule } from '../mesh/mesh.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NetworksModule } from '../networks/networks.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeopleModule } from '../people/people.module';
import { PkiModule } from '../pki/pki.module';
import { ConfigModule } from '../services/config/config.module';
import type { AppConfig } from '../services/config/config.schema';
import { dataSourceOptions } from '../services/database/data-source-options';
import { RedisModule } from '../services/redis/redis.module';
import { ProcessModule } from '../services/process/process.module';
import { SecretsModule } from '../services/secrets/secrets.module';
import { TasksModule } from '../tasks/tasks.module';
import { UpdatesModule } from '../updates/updates.module';
import { VmsModule } from '../vms/vms.module';

/**
 * The root module. `databaseUrl` is the resolved URL (the embedded PGlite's
 * when none is configured). Feature modules register themselves in FEATURES.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Embedded PGlite has one backend and its socket server interleaves the
        // extended-protocol messages of concurrent connections: use one connection.
        TypeOrmModule.forRoot(
          dataSourceOptions(databaseUrl, config.databaseUrl ? {} : { extra: { max: 1, connectionTimeoutMillis: 60_000 } }),
        ),
        RedisModule,
        SecretsModule,
        FleetCoreModule,
        ProcessModule,
        SessionModule,
        AuthzModule,
        HealthModule,
        AuthModule,
        NetworksModule,
        TasksModule,
        HostModule,
        EventsModule,
        ConfigsModule,
        CatalogModule,
        AuditModule,
        MetricsModule,
        VmsModule,
        ConsolesModule,
        MeshModule,
        BackupsModule,
        NotificationsModule,
        HomeModule,
        PeopleModule,
        PkiModule,
        AppCredentialsModule,
        UpdatesModule,
        MarketplaceModule,
        FleetModule,
      ],
    };
  }
}
