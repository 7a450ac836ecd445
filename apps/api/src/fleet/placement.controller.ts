import { Privilege } from '@clan/contracts';
import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HostAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { Machine, MachineDoc, NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { TaskStartedDto } from '../tasks/dto/task.dto';
import { MigrateMachineDto, PlacementDto } from './dto/fleet.dto';
import { MigrationService } from './migration.service';
import { MachinesService } from '../configs/machines.service';

/** Where a machine runs and moving it (docs/fleet.md, "Placement and migration"): the fleet's hardware, so host admins. */
@ApiTags('fleet')
@Controller('networks/:networkId/machines/:machine')
export class PlacementController {
  constructor(
    private readonly migration: MigrationService,
    private readonly machines: MachinesService,
  ) {}

  @Get('placement')
  @NetworkIdDoc()
  @MachineDoc()
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'getMachinePlacement', summary: 'The host a machine runs on, and the hosts it could move to' })
  @ApiOkResponse({ type: PlacementDto })
  async placement(@NetworkId() networkId: string, @Machine() machine: string): Promise<PlacementDto> {
    await this.machines.get(networkId, machine);
    return this.migration.placement(networkId, machine);
  }

  @Put('placement')
  @NetworkIdDoc()
  @MachineDoc()
  @HostAccess(Privilege.SysModify)
  @ApiOperation({ operationId: 'setMachinePlacement', summary: 'Choose the host of a machine before its first deployment' })
  @ApiOkResponse({ type: PlacementDto })
  @ApiConflictResponse({ description: 'It already runs somewhere (move it instead), or the host is draining.' })
  async place(@NetworkId() networkId: string, @Machine() machine: string, @Body() body: MigrateMachineDto): Promise<PlacementDto> {
    await this.machines.get(networkId, machine);
    return this.migration.setPlacement(networkId, machine, body.hostId);
  }

  @Post('migrate')
  @HttpCode(202)
  @NetworkIdDoc()
  @MachineDoc()
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'migrateMachine',
    summary: 'Move a machine to another host (cold: stop, copy its state disk, boot there, health check; back on failure)',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiConflictResponse({ description: 'Not deployed, already there, the target is offline or draining, or the old host is offline.' })
  async migrate(
    @CurrentPrincipal() caller: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Body() body: MigrateMachineDto,
  ): Promise<TaskStartedDto> {
    await this.machines.get(networkId, machine);
    return this.migration.startMigrate(networkId, machine, body.hostId, caller.userId);
  }
}
