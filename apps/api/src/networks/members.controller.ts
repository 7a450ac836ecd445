import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { NetworkAccess } from '../common/authz/access.decorator';
import type { Principal } from '../common/authz/principal';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import { AddMemberDto, MemberDto, MemberListDto, UpdateMemberDto } from './dto/member.dto';
import { PagingQueryDto } from './dto/paging.dto';
import { IdParamPipe } from '../common/http/id-param.pipe';
import { MembersService } from './members.service';
import { NetworkId } from '../common/http/route-params';

const UserId = () => Param('userId', new IdParamPipe('userId', 'user'));

const RULES =
  'Nobody can grant a role above their own (the host admin can grant any); admins cannot change or remove owners; ' +
  'the last owner can never be demoted or removed (409).';

@ApiTags('networks')
@ApiParam({ name: 'networkId', format: 'uuid' })
@Controller('networks/:networkId/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'listNetworkMembers', summary: "A network's members with their roles" })
  @ApiOkResponse({ type: MemberListDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  list(@NetworkId() networkId: string, @Query() paging: PagingQueryDto): Promise<MemberListDto> {
    return this.members.list(networkId, paging);
  }

  @Post()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'addNetworkMember', summary: 'Add an existing user to the network', description: RULES })
  @ApiCreatedResponse({ type: MemberDto })
  @ApiNotFoundResponse({ description: 'No such network, or no user with that name.' })
  @ApiConflictResponse({ description: 'The user is already a member.' })
  add(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @Body() body: AddMemberDto): Promise<MemberDto> {
    return this.members.add(principal, networkId, body);
  }

  @Patch(':userId')
  @ApiParam({ name: 'userId', format: 'uuid' })
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'updateNetworkMember', summary: "Change a member's role", description: RULES })
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ description: 'No such network, or the user is not a member.' })
  @ApiConflictResponse({ description: 'That would leave the network without an owner.' })
  update(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @UserId() userId: string,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberDto> {
    return this.members.changeRole(principal, networkId, userId, body.role);
  }

  @Delete(':userId')
  @ApiParam({ name: 'userId', format: 'uuid' })
  @HttpCode(204)
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'removeNetworkMember', summary: 'Remove a member from the network', description: RULES })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFoundResponse({ description: 'No such network, or the user is not a member.' })
  @ApiConflictResponse({ description: 'That would leave the network without an owner.' })
  remove(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @UserId() userId: string): Promise<void> {
    return this.members.remove(principal, networkId, userId);
  }
}
