import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, Public } from '../common/authz/access.decorator';
import type { Principal } from '../common/authz/principal';
import { SESSION_COOKIE } from '../services/secrets/session-secret';
import { toUserDto } from '../users/users.service';
import {
  ChangePasswordDto,
  LoginDto,
  MeDto,
  PasswordConfirmationDto,
  RecoveryCodesDto,
  SignedInDto,
  TotpCodeDto,
  TotpEnrolmentDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { clientAddress } from './client-address';
import { ensureCsrfToken } from './csrf';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import { authenticateLocal, endSession, establishSession } from './passport-session';
import { TotpService } from './totp.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly totp: TotpService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'login', summary: 'Sign in with username, password and, when enabled, a TOTP or recovery code' })
  @ApiOkResponse({ type: SignedInDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: `fields` names the bad input.' })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS, TOTP_REQUIRED (send totpCode or recoveryCode) or TOTP_INVALID.' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many failures for this account or address; see Retry-After.' })
  async login(@Body() _dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SignedInDto> {
    // _dto is validated by the pipe before passport reads the same body.
    const user = await authenticateLocal(req, res);
    const csrfToken = await establishSession(req, user);
    return { user: toUserDto(user), csrfToken };
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'logout', summary: 'End the session' })
  @ApiNoContentResponse({ description: 'Signed out.' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response, @CurrentPrincipal() caller: Principal): Promise<void> {
    if (caller.via === 'session') await endSession(req, res, SESSION_COOKIE);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ operationId: 'getMe', summary: 'The caller, their CSRF token and their network memberships' })
  @ApiOkResponse({ type: MeDto })
  async me(@Req() req: Request, @CurrentPrincipal() caller: Principal): Promise<MeDto> {
    const [user, memberships] = await Promise.all([this.auth.user(caller.userId), this.auth.memberships(caller.userId)]);
    const csrfToken = caller.via === 'session' ? ensureCsrfToken(req) : null;
    return { user: toUserDto(user), csrfToken, memberships };
  }

  @Post('password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'changePassword', summary: "Change the caller's password; ends their other sessions" })
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiBadRequestResponse({ description: 'currentPassword is wrong, or newPassword is too short.' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many wrong passwords.' })
  async changePassword(@Body() dto: ChangePasswordDto, @Req() req: Request, @CurrentPrincipal() caller: Principal): Promise<void> {
    const keep = caller.via === 'session' ? req.sessionID : undefined;
    await this.auth.changePassword(caller, dto.currentPassword, dto.newPassword, clientAddress(req), keep);
  }

  @Post('totp/enrol')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'enrolTotp', summary: 'Start setting up an authenticator app; pending until verified' })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  @ApiConflictResponse({ description: 'Two-factor sign-in is already on.' })
  enrolTotp(@CurrentPrincipal() caller: Principal): Promise<TotpEnrolmentDto> {
    return this.totp.enrol(caller.userId);
  }

  @Post('totp/verify')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ operationId: 'verifyTotp', summary: 'Confirm the authenticator with a code; turns two-factor sign-in on' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse({ description: 'The code does not match.' })
  @ApiConflictResponse({ description: 'Nothing is being set up, or two-factor sign-in is already on.' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many wrong codes (they count like failed sign-ins); see Retry-After.' })
  verifyTotp(@Body() dto: TotpCodeDto, @Req() req: Request, @CurrentPrincipal() caller: Principal): Promise<RecoveryCodesDto> {
    return this.totp.confirm(caller.userId, dto.code, clientAddress(req));
  }

  @Post('totp/disable')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ operationId: 'disableTotp', summary: 'Turn two-factor sign-in off (needs the password)' })
  @ApiNoContentResponse({ description: 'Turned off.' })
  @ApiBadRequestResponse({ description: 'The password is wrong.' })
  async disableTotp(@Body() dto: PasswordConfirmationDto, @CurrentPrincipal() caller: Principal): Promise<void> {
    await this.totp.disable(caller.userId, dto.password);
  }
}
