import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { SessionEntity } from './session.entity';
import { TypeOrmSessionStore } from './session.store';

/** Provides the session store to express-session (create-app) and to code that ends sessions. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity])],
  providers: [
    {
      provide: TypeOrmSessionStore,
      inject: [getRepositoryToken(SessionEntity), APP_CONFIG],
      useFactory: (repo: Repository<SessionEntity>, config: AppConfig) => new TypeOrmSessionStore(repo, config.sessionTtlHours * 3600_000),
    },
  ],
  exports: [TypeOrmSessionStore],
})
export class SessionModule implements OnApplicationShutdown {
  constructor(private readonly store: TypeOrmSessionStore) {}

  onApplicationShutdown(): void {
    this.store.close();
  }
}
