import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NetworkMemberEntity } from '../networks/network-member.entity';
import { TokensModule } from '../tokens/tokens.module';
import { UserEntity } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';
import { LoginRateLimiter } from './login-rate-limiter';
import { SetupController } from './setup.controller';
import { SetupService } from './setup.service';
import { TotpService } from './totp.service';

/** Identity: first-run setup, sign-in, sessions, TOTP; brings in users and API tokens. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, NetworkMemberEntity]), UsersModule, TokensModule],
  controllers: [SetupController, AuthController],
  providers: [AuthService, TotpService, SetupService, LoginRateLimiter, LocalStrategy],
})
export class AuthModule {}
