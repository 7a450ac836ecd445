import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, HostAccess, NetworkAccess } from '../common/authz/access.decorator';
import type { Principal } from '../common/authz/principal';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { PreparedJson } from '../common/http/prepared-json';
import { CreateNetworkDto, NetworkDto, NetworkListDto, UpdateNetworkDto } from './dto/network.dto';
import { PagingQueryDto } from './dto/paging.dto';
import { NetworksService } from './networks.service';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';

@ApiTags('networks')
@Controller('networks')
export class NetworksController {
  constructor(private readonly networks: NetworksService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'listNetworks', summary: "The caller's networks with their role (every network for the host admin)" })
  @ApiOkResponse({ type: NetworkListDto })
  list(@CurrentPrincipal() principal: Principal, @Query() paging: PagingQueryDto): Promise<PreparedJson<NetworkListDto>> {
    return this.networks.list(principal, paging);
  }

  @Post()
  @HostAccess(Privilege.SysModify)
  @ApiOperation({ operationId: 'createNetwork', summary: 'Create a network; the caller becomes its owner' })
  @ApiCreatedResponse({ type: NetworkDto })
  @ApiConflictResponse({ description: 'A network with that name already exists.' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateNetworkDto): Promise<NetworkDto> {
    return this.networks.create(principal, body);
  }

  @Get(':networkId')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getNetwork', summary: 'One network' })
  @ApiOkResponse({ type: NetworkDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  get(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string): Promise<NetworkDto> {
    return this.networks.get(principal, networkId);
  }

  @Patch(':networkId')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkManage)
  @ApiOperation({ operationId: 'updateNetwork', summary: "Change a network's description or system (the name is permanent)" })
  @ApiOkResponse({ type: NetworkDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  update(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @Body() body: UpdateNetworkDto): Promise<NetworkDto> {
    return this.networks.update(principal, networkId, body);
  }

  @Delete(':networkId')
  @NetworkIdDoc()
  @HttpCode(204)
  @NetworkAccess(Privilege.NetworkManage)
  @ApiOperation({ operationId: 'deleteNetwork', summary: 'Delete a network and its memberships' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No such network.' })
  remove(@NetworkId() networkId: string): Promise<void> {
    return this.networks.remove(networkId);
  }
}
