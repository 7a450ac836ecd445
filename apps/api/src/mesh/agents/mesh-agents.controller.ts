import { Privilege } from '@clan/contracts';
import { Body, Controller, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { NetworkAccess, Public } from '../../common/authz/access.decorator';
import { CurrentPrincipal } from '../../common/authz/current-principal.decorator';
import type { Principal, RequestWithPrincipal } from '../../common/authz/principal';
import { NetworkId, NetworkIdDoc } from '../../common/http/route-params';
import { CreateMeshAgentDto, EnrolMeshAgentDto, MeshAgentEnrolmentDto } from '../dto/mesh.dto';
import { MeshAgentEnrolment } from './mesh-agent-enrolment.service';

/** A device agent's enrolment by invite (`clanctl mesh up --invite <link>`): no account, the invite is the credential. */
@ApiTags('mesh')
@Controller('mesh/agents')
export class MeshAgentEnrolController {
  constructor(private readonly enrolment: MeshAgentEnrolment) {}

  @Post('enrol')
  @Public()
  @ApiOperation({
    operationId: 'enrolMeshAgent',
    summary: "Enrol a device agent with an invite: the device joins with its own public key; returns the agent's token (shown once)",
  })
  @ApiCreatedResponse({ type: MeshAgentEnrolmentDto })
  @ApiBadRequestResponse({ description: "The public key is not one of the network's layer." })
  @ApiNotFoundResponse({ description: 'No such invite.' })
  @ApiGoneResponse({ description: 'Used, cancelled or expired.' })
  @ApiConflictResponse({ description: 'The device name or key is taken (the invite stays usable).' })
  enrol(@Body() body: EnrolMeshAgentDto, @Req() req: RequestWithPrincipal): Promise<MeshAgentEnrolmentDto> {
    return this.enrolment.byInvite(body, req.headers.host);
  }
}

/** A device agent's enrolment by a member manager (`clanctl mesh up --network … --name …` with an API token). */
@ApiTags('mesh')
@Controller('networks/:networkId/mesh/agents')
export class MeshAgentsController {
  constructor(private readonly enrolment: MeshAgentEnrolment) {}

  @Post()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MemberManage)
  @ApiOperation({
    operationId: 'createMeshAgent',
    summary: "Enrol a device agent: the device joins with its own public key, owned by the caller; returns the agent's token (shown once)",
  })
  @ApiCreatedResponse({ type: MeshAgentEnrolmentDto })
  @ApiBadRequestResponse({ description: "The public key is not one of the network's layer." })
  @ApiConflictResponse({ description: 'The device name or key is taken.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: CreateMeshAgentDto,
    @Req() req: RequestWithPrincipal,
  ): Promise<MeshAgentEnrolmentDto> {
    return this.enrolment.byToken(networkId, principal.userId, body, req.headers.host);
  }
}
