import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { RedactingTypeOrmLogger } from './redacting-logger';
import { MIGRATIONS } from './migrations';

/** One definition of the connection, used by the app, the migration tools and tests. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    logger: new RedactingTypeOrmLogger(),
    maxQueryExecutionTime: 2000,
    extra: { max: 8, connectionTimeoutMillis: 30_000 },
    uuidExtension: 'pgcrypto',
    ...extra,
  } as DataSourceOptions;
}
