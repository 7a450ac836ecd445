import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';
import { loadOrCreateKey } from './state-keys';

@Global()
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SecretBox(loadOrCreateKey(config.stateDir, 'master')),
    },
  ],
  exports: [SecretBox],
})
export class SecretsModule {}
