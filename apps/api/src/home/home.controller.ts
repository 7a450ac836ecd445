import { Privilege } from '@clan/contracts';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Authenticated, NetworkAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { CreateHelpRequestDto, HelpRequestResultDto, HomeDto } from './dto/home.dto';
import { HomeService } from './home.service';

/** The member's home: what is theirs, in words, and a way to ask for help. */
@ApiTags('home')
@Controller()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  @Get('me/home')
  @Authenticated()
  @ApiOperation({
    operationId: 'getMyHome',
    summary:
      'Your home: the networks you are in, their apps with links by mesh name, their machines and your devices with their backups in words, and who the admins are',
  })
  @ApiOkResponse({ type: HomeDto })
  get(@CurrentPrincipal() principal: Principal): Promise<HomeDto> {
    return this.home.home(principal);
  }

  @Post('networks/:networkId/help-requests')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'askForHelp',
    summary: 'Ask the network\'s admins for remote help: they get a notification "<you> asks for remote help: <message>"',
  })
  @ApiCreatedResponse({ type: HelpRequestResultDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  @ApiTooManyRequestsResponse({ description: 'Three requests in this network within the last hour already.' })
  askForHelp(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: CreateHelpRequestDto,
  ): Promise<HelpRequestResultDto> {
    return this.home.askForHelp(principal, networkId, body.message);
  }
}
