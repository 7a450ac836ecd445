import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppCredentialEntity } from './app-credential.entity';
import { AppCredentialsController } from './app-credentials.controller';
import { AppCredentialsService } from './app-credentials.service';

/**
 * App credentials (docs/apps.md): each catalog app's first admin secret per
 * machine, sealed at rest, delivered on the secrets disk (a VmSecrets source),
 * shown to the network's admins and rotatable.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AppCredentialEntity])],
  controllers: [AppCredentialsController],
  providers: [AppCredentialsService],
  exports: [AppCredentialsService],
})
export class AppCredentialsModule {}
