import { Privilege } from '@clan/contracts';
import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { NetworkAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { TaskStartedDto } from '../tasks/dto/task.dto';
import { SetUpstreamDto, UpdatesDto } from './dto/updates.dto';
import { UpdatesService } from './updates.service';

/** Updates of a network (docs/updates.md): the upstream it follows, its lock and the last check. */
@ApiTags('updates')
@Controller('networks/:networkId/updates')
export class UpdatesController {
  constructor(private readonly updates: UpdatesService) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'getNetworkUpdates',
    summary: 'The upstream the network follows, what its flake.lock pins and what the last check found',
  })
  @ApiOkResponse({ type: UpdatesDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  status(@NetworkId() networkId: string): Promise<UpdatesDto> {
    return this.updates.status(networkId);
  }

  @Put('upstream')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'setNetworkUpdateUpstream',
    summary: 'Follow a git flake for the clan input (locked and committed as flake.nix + flake.lock), or stop following (null)',
  })
  @ApiOkResponse({ type: UpdatesDto })
  @ApiBadRequestResponse({ description: 'Not a git flake URL this panel accepts; the message says why.' })
  @ApiNotFoundResponse({ description: 'No such network.' })
  @ApiConflictResponse({ description: 'Nix could not lock the upstream (nothing was committed), or the configuration does not validate.' })
  setUpstream(@NetworkId() networkId: string, @Body() body: SetUpstreamDto): Promise<UpdatesDto> {
    return this.updates.setUpstream(networkId, body.upstream);
  }

  @Post('check')
  @HttpCode(202)
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'checkNetworkUpdates', summary: "Check the upstream's branch for a newer revision now, as a task" })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  @ApiConflictResponse({ description: 'The network follows no upstream, or a check is already queued or running.' })
  check(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string): Promise<TaskStartedDto> {
    return this.updates.checkNow(principal, networkId);
  }
}
