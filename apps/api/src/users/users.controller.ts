import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { HostAccess, Public } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { PasswordResets } from './password-resets.service';
import {
  CreateUserDto,
  ListUsersQuery,
  NewPasswordDto,
  OneTimeLinkDto,
  PasswordResetDoneDto,
  PasswordResetPreviewDto,
  UpdateUserDto,
  UserIdParams,
  UserListDto,
  UserSummaryDto,
} from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly resets: PasswordResets,
  ) {}

  @Get()
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'listUsers', summary: 'All panel users' })
  @ApiOkResponse({ type: UserListDto })
  list(@Query() q: ListUsersQuery): Promise<UserListDto> {
    return this.users.list(q.limit, q.offset);
  }

  @Post()
  @HostAccess(Privilege.SysModify)
  @ApiOperation({ operationId: 'createUser', summary: 'Create a panel user' })
  @ApiCreatedResponse({ type: UserSummaryDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: `fields` names the bad input.' })
  @ApiConflictResponse({ description: 'The username is taken.' })
  async create(@Body() dto: CreateUserDto): Promise<UserSummaryDto> {
    const user = await this.users.create(dto);
    return this.users.summary(user.id);
  }

  @Patch(':userId')
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Rename, make or remove a host admin, disable or re-enable a user',
    description: 'Never disables yourself; the last enabled host admin stays a host admin and enabled. Disabling ends the sessions.',
  })
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: `fields` names the bad input.' })
  @ApiNotFoundResponse({ description: 'No such user.' })
  @ApiConflictResponse({ description: 'Disabling yourself, or demoting or disabling the last host admin.' })
  update(@Param() p: UserIdParams, @Body() dto: UpdateUserDto, @CurrentPrincipal() caller: Principal): Promise<UserSummaryDto> {
    return this.users.update(caller, p.userId, dto);
  }

  @Post(':userId/password-reset')
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'createPasswordReset',
    summary: 'A one-time link (24 h) with which the person sets a new password; shown once, replaces earlier unused links',
  })
  @ApiCreatedResponse({ type: OneTimeLinkDto })
  @ApiNotFoundResponse({ description: 'No such user.' })
  createPasswordReset(@Param() p: UserIdParams, @CurrentPrincipal() caller: Principal, @Req() req: Request): Promise<OneTimeLinkDto> {
    return this.resets.create(caller, p.userId, req.headers.host);
  }

  @Delete(':userId')
  @HttpCode(204)
  @HostAccess(Privilege.SysModify)
  @ApiOperation({ operationId: 'deleteUser', summary: 'Remove a user (not yourself, not the last host admin); ends their sessions' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFoundResponse({ description: 'No such user.' })
  @ApiConflictResponse({ description: 'Yourself, or the last host admin.' })
  async remove(@Param() p: UserIdParams, @CurrentPrincipal() caller: Principal): Promise<void> {
    await this.users.remove(caller, p.userId);
  }
}

const TOKEN_PARAM = { name: 'token', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$' } } as const;

/** The password-reset link's side: public, the link is the credential. */
@ApiTags('users')
@Controller('password-reset/:token')
export class PasswordResetLinkController {
  constructor(private readonly resets: PasswordResets) {}

  @Get()
  @Public()
  @ApiParam(TOKEN_PARAM)
  @ApiOperation({ operationId: 'previewPasswordReset', summary: 'Whose password a reset link sets (username, name, expiry)' })
  @ApiOkResponse({ type: PasswordResetPreviewDto })
  @ApiNotFoundResponse({ description: 'No such link.' })
  @ApiGoneResponse({ description: 'Used or expired.' })
  preview(@Param('token') token: string): Promise<PasswordResetPreviewDto> {
    return this.resets.preview(token);
  }

  @Post()
  @HttpCode(200)
  @Public()
  @ApiParam(TOKEN_PARAM)
  @ApiOperation({ operationId: 'usePasswordReset', summary: "Set a new password with a reset link (once); ends the person's sessions" })
  @ApiOkResponse({ type: PasswordResetDoneDto })
  @ApiBadRequestResponse({ description: 'The password is too short or too long.' })
  @ApiNotFoundResponse({ description: 'No such link.' })
  @ApiGoneResponse({ description: 'Used or expired.' })
  use(@Param('token') token: string, @Body() dto: NewPasswordDto): Promise<PasswordResetDoneDto> {
    return this.resets.use(token, dto.password);
  }
}
