import { ErrorCode, Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { establishSession } from '../auth/passport-session';
import { NetworkAccess, Public } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal, RequestWithPrincipal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { toUserDto } from '../users/users.service';
import {
  AcceptedPersonInviteDto,
  AcceptPersonInviteDto,
  CreatedPersonInviteDto,
  CreatePersonInviteDto,
  PersonInviteDto,
  PersonInviteListDto,
  PersonInvitePreviewDto,
} from './dto/person-invite.dto';
import { PersonInvites } from './person-invites.service';

const RULES = 'Nobody can invite with a role above their own (the host admin can invite with any).';

/** A network's person invites (docs/permissions.md, "Invite a person"): Member.Manage, like adding a member. */
@ApiTags('networks')
@Controller('networks/:networkId/person-invites')
export class PersonInvitesController {
  constructor(private readonly invites: PersonInvites) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({
    operationId: 'listPersonInvites',
    summary: "A network's person invites, newest first (their links are never shown again)",
  })
  @ApiOkResponse({ type: PersonInviteListDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  list(@NetworkId() networkId: string): Promise<PersonInviteListDto> {
    return this.invites.list(networkId);
  }

  @Post()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({
    operationId: 'createPersonInvite',
    summary: 'A one-time link with which a person creates their own account and joins this network with a role',
    description: RULES,
  })
  @ApiCreatedResponse({ type: CreatedPersonInviteDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: `fields` names the bad input.' })
  @ApiNotFoundResponse({ description: 'No such network.' })
  @ApiConflictResponse({ description: 'enrolDevice, but the network has no mesh this panel runs.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: CreatePersonInviteDto,
    @Req() req: RequestWithPrincipal,
  ): Promise<CreatedPersonInviteDto> {
    return this.invites.create(principal, networkId, body, req.headers.host);
  }

  @Delete(':inviteId')
  @NetworkIdDoc()
  @ApiParam({ name: 'inviteId', format: 'uuid' })
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({ operationId: 'revokePersonInvite', summary: 'Withdraw an unused person invite: its link stops working' })
  @ApiOkResponse({ type: PersonInviteDto })
  @ApiNotFoundResponse({ description: 'No such invitation in this network.' })
  @ApiConflictResponse({ description: 'The invitation was already used.' })
  revoke(
    @NetworkId() networkId: string,
    @Param('inviteId', new ParseUUIDPipe({ exceptionFactory: () => new DomainError(ErrorCode.NotFound, 'The invitation was not found.') }))
    inviteId: string,
  ): Promise<PersonInviteDto> {
    return this.invites.revoke(networkId, inviteId);
  }
}

const TOKEN_PARAM = { name: 'token', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{32}$' } } as const;

/** The invite link's side: no account yet, the link is the credential. */
@ApiTags('networks')
@Controller('person-invites/:token')
export class PersonInviteLinkController {
  constructor(private readonly invites: PersonInvites) {}

  @Get()
  @Public()
  @ApiParam(TOKEN_PARAM)
  @ApiOperation({ operationId: 'previewPersonInvite', summary: "What an invitation is for: the network, the inviter's name, the role" })
  @ApiOkResponse({ type: PersonInvitePreviewDto })
  @ApiNotFoundResponse({ description: 'No such invitation.' })
  @ApiGoneResponse({ description: 'Used, withdrawn or expired; the message names whom to ask.' })
  preview(@Param('token') token: string): Promise<PersonInvitePreviewDto> {
    return this.invites.preview(token);
  }

  @Post('accept')
  @Public()
  @ApiParam(TOKEN_PARAM)
  @ApiOperation({
    operationId: 'acceptPersonInvite',
    summary: 'Create your account with an invitation (once): joins the network with its role and signs you in',
  })
  @ApiCreatedResponse({ type: AcceptedPersonInviteDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: the username or password does not follow the rules.' })
  @ApiNotFoundResponse({ description: 'No such invitation.' })
  @ApiConflictResponse({ description: 'The username is taken (the invitation stays usable).' })
  @ApiGoneResponse({ description: 'Used (also: by a concurrent accept), withdrawn or expired.' })
  async accept(
    @Param('token') token: string,
    @Body() body: AcceptPersonInviteDto,
    @Req() req: RequestWithPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AcceptedPersonInviteDto> {
    const accepted = await this.invites.accept(token, body, req.headers.host);
    const csrfToken = await establishSession(req, accepted.user);
    // The audit entry names the new person as its actor, in the network they joined.
    req.principal = {
      userId: accepted.user.id,
      username: accepted.user.username,
      displayName: accepted.user.displayName || accepted.user.username,
      isHostAdmin: false,
      via: 'session',
    };
    res.locals['auditNetworkId'] = accepted.networkId;
    return { user: toUserDto(accepted.user), csrfToken, networkId: accepted.networkId, next: accepted.next };
  }
}
