import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { HostAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { CreateUserDto, ListUsersQuery, UserIdParams, UserListDto, UserSummaryDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

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
