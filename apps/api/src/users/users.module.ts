import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from './password-hasher';
import { PasswordResetEntity } from './password-reset.entity';
import { PasswordResets } from './password-resets.service';
import { UserEntity } from './user.entity';
import { PasswordResetLinkController, UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, PasswordResetEntity])],
  controllers: [UsersController, PasswordResetLinkController],
  providers: [UsersService, PasswordHasher, PasswordResets],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
