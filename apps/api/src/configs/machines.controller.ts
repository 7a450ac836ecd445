import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NetworkAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { PagingQueryDto } from '../common/http/paging.dto';
import {
  CreateMachineDto,
  MachineDto,
  MachineListDto,
  MachineWriteResultDto,
  RevokeOverridesQueryDto,
  UpdateMachineDto,
  UpdateOverridesDto,
  WriteQueryDto,
  WriteResultDto,
} from './dto/config.dto';
import { MachinesService } from './machines.service';
import { Machine, MachineDoc, NetworkId, NetworkIdDoc } from '../common/http/route-params';

const MODE_RULES = 'Who may write follows the machine\'s adminMode (docs/api.md, "Control modes"); 403 says why not.';

@ApiTags('configuration')
@Controller('networks/:networkId/machines')
export class MachinesController {
  constructor(private readonly machines: MachinesService) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'listMachines', summary: "The network's machines (configs.json), with apps, control mode and drift" })
  @ApiOkResponse({ type: MachineListDto })
  list(@NetworkId() networkId: string, @Query() paging: PagingQueryDto): Promise<MachineListDto> {
    return this.machines.list(networkId, paging);
  }

  @Post()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'createMachine', summary: 'Add a machine to configs.json (one commit; dryRun previews it)' })
  @ApiCreatedResponse({ type: MachineWriteResultDto })
  @ApiConflictResponse({ description: 'A machine with that name exists.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: CreateMachineDto,
  ): Promise<MachineWriteResultDto> {
    return this.machines.create(principal, networkId, body);
  }

  @Get(':machine')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getMachine', summary: 'One machine: network layer, local layer, effective config, control mode, drift' })
  @ApiOkResponse({ type: MachineDto })
  @ApiNotFoundResponse({ description: 'No such machine.' })
  get(@NetworkId() networkId: string, @Machine() machine: string): Promise<MachineDto> {
    return this.machines.get(networkId, machine);
  }

  @Put(':machine')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'updateMachine', summary: `Replace the machine's network layer. ${MODE_RULES}` })
  @ApiOkResponse({ type: WriteResultDto })
  @ApiNotFoundResponse({ description: 'No such machine.' })
  update(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Body() body: UpdateMachineDto,
  ): Promise<WriteResultDto> {
    return this.machines.update(principal, networkId, machine, body);
  }

  @Delete(':machine')
  @NetworkIdDoc()
  @MachineDoc()
  @HttpCode(200)
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'deleteMachine', summary: 'Remove the machine from configs.json, with its overrides' })
  @ApiOkResponse({ type: WriteResultDto })
  @ApiNotFoundResponse({ description: 'No such machine.' })
  remove(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Query() query: WriteQueryDto,
  ): Promise<WriteResultDto> {
    return this.machines.remove(principal, networkId, machine, query);
  }

  @Put(':machine/overrides')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'updateMachineOverrides',
    summary: `Replace the machine's local layer (overrides/<machine>.json). ${MODE_RULES}`,
  })
  @ApiOkResponse({ type: WriteResultDto })
  @ApiConflictResponse({ description: 'The machine is remotely managed: it has no local layer.' })
  updateOverrides(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Body() body: UpdateOverridesDto,
  ): Promise<WriteResultDto> {
    return this.machines.putOverrides(principal, networkId, machine, body);
  }

  @Delete(':machine/overrides')
  @NetworkIdDoc()
  @MachineDoc()
  @HttpCode(200)
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'revokeMachineOverrides', summary: `Revoke one local override (?path=) or all of them. ${MODE_RULES}` })
  @ApiOkResponse({ type: WriteResultDto })
  @ApiConflictResponse({ description: 'The machine is remotely managed: it has no local layer.' })
  revokeOverrides(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Query() query: RevokeOverridesQueryDto,
  ): Promise<WriteResultDto> {
    return this.machines.revokeOverrides(principal, networkId, machine, query);
  }
}
