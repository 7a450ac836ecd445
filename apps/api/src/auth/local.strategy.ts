import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import type { UserEntity } from '../users/user.entity';
import { AuthService } from './auth.service';
import { clientAddress } from './client-address';

export const LOCAL_STRATEGY = 'local';

/** Username + password (+ second factor) sign-in. Failures surface as DomainErrors. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, LOCAL_STRATEGY) {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: Request, username: string, password: string): Promise<UserEntity> {
    // The body was already checked by LoginDto's validation before passport ran.
    const body = req.body as { totpCode?: string; recoveryCode?: string };
    return this.auth.verifyLogin({
      username,
      password,
      totpCode: body.totpCode,
      recoveryCode: body.recoveryCode,
      address: clientAddress(req),
    });
  }
}
