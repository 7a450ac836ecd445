import { ErrorCode, Privilege } from '@clan/contracts';
import { Body, Controller, Get, HttpCode, Injectable, Param, type PipeTransform, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HostAccess, NetworkAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';
import { PagingQueryDto } from '../common/http/paging.dto';
import { VM_POWER_ACTIONS, type VmPowerAction } from '../services/queue/queue.catalogue';
import { TaskStartedDto } from '../tasks/dto/task.dto';
import {
  DeployDto,
  GcDto,
  GenerationListDto,
  GuestFactsDto,
  HostVmListDto,
  SerialLogDto,
  SerialLogQueryDto,
  VmSummaryDto,
} from './dto/vm.dto';
import { VmsService } from './vms.service';
import { Machine, MachineDoc, NetworkId, NetworkIdDoc } from '../common/http/route-params';

const BUSY = 'Another build, deployment or power action on this machine is queued or running (one action per VM at a time).';

@Injectable()
export class PowerActionPipe implements PipeTransform<string, VmPowerAction> {
  transform(value: string): VmPowerAction {
    if ((VM_POWER_ACTIONS as readonly string[]).includes(value)) return value as VmPowerAction;
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `"${String(value).slice(0, 32)}" is not a power action; use one of ${VM_POWER_ACTIONS.join(', ')}.`,
      [{ field: 'action', message: `action must be one of ${VM_POWER_ACTIONS.join(', ')}` }],
    );
  }
}

@Injectable()
export class GenerationNumberPipe implements PipeTransform<string, number> {
  transform(value: string | number): number {
    // The global ValidationPipe (transform: true) may already have made it a number.
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value < 1e9) return value;
    if (typeof value === 'string' && /^[1-9][0-9]{0,8}$/.test(value)) return Number(value);
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `"${String(value).slice(0, 32)}" is not a generation number (a whole number from 1).`,
      [{ field: 'number', message: 'number must be a whole number from 1' }],
    );
  }
}

@ApiTags('vms')
@Controller('networks/:networkId/machines/:machine')
export class VmsController {
  constructor(private readonly vms: VmsService) {}

  @Get('vm')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getVm', summary: "The machine's VM: state, uptime, generation, health, drift, the action under way" })
  @ApiOkResponse({ type: VmSummaryDto })
  @ApiNotFoundResponse({ description: 'No such machine.' })
  summary(@NetworkId() networkId: string, @Machine() machine: string): Promise<VmSummaryDto> {
    return this.vms.summary(networkId, machine);
  }

  @Get('guest')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'getGuestFacts',
    summary: 'Inside the machine: what its VM controller reports (uptime, generation, state disk use, failed services)',
  })
  @ApiOkResponse({ type: GuestFactsDto })
  @ApiNotFoundResponse({ description: 'No such machine.' })
  @ApiConflictResponse({ description: 'The VM is not running.' })
  @ApiServiceUnavailableResponse({ description: 'The controller inside the machine did not answer.' })
  guestFacts(@NetworkId() networkId: string, @Machine() machine: string): Promise<GuestFactsDto> {
    return this.vms.guestFacts(networkId, machine);
  }

  @Post('vm/:action')
  @HttpCode(202)
  @NetworkIdDoc()
  @MachineDoc()
  @ApiParam({ name: 'action', enum: VM_POWER_ACTIONS, enumName: 'VmPowerAction' })
  @NetworkAccess(Privilege.MachinePowerMgmt)
  @ApiOperation({
    operationId: 'vmPower',
    summary: 'Start, stop (ACPI, forced off after 60 s), reboot, suspend or resume the VM (a task)',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiConflictResponse({ description: BUSY })
  power(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Param('action', new PowerActionPipe()) action: VmPowerAction,
  ): Promise<TaskStartedDto> {
    return this.vms.power(principal, networkId, machine, action);
  }

  @Post('deploy')
  @HttpCode(202)
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.MachinePowerMgmt)
  @ApiOperation({
    operationId: 'deployMachine',
    summary: 'Build the machine at a revision (default: the head) and boot it as a new generation (a build task, then a deployment task)',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiConflictResponse({ description: BUSY })
  deploy(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Body() body: DeployDto,
  ): Promise<TaskStartedDto> {
    return this.vms.deploy(principal, networkId, machine, body.revision);
  }

  @Get('generations')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({
    operationId: 'listGenerations',
    summary: "The machine's generations, newest first (revision, store path, built/booted/healthy/rolled back)",
  })
  @ApiOkResponse({ type: GenerationListDto })
  generations(@NetworkId() networkId: string, @Machine() machine: string, @Query() paging: PagingQueryDto): Promise<GenerationListDto> {
    return this.vms.generations(networkId, machine, paging.limit ?? 50, paging.offset ?? 0);
  }

  @Post('generations/:number/rollback')
  @HttpCode(202)
  @NetworkIdDoc()
  @MachineDoc()
  @ApiParam({ name: 'number', schema: { type: 'integer', minimum: 1 } })
  @NetworkAccess(Privilege.MachinePowerMgmt)
  @ApiOperation({
    operationId: 'rollbackGeneration',
    summary: 'Boot an earlier generation again (a deployment task; no automatic rollback from it)',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiConflictResponse({ description: `${BUSY} Or the generation was garbage-collected.` })
  rollback(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Param('number', new GenerationNumberPipe()) number: number,
  ): Promise<TaskStartedDto> {
    return this.vms.rollback(principal, networkId, machine, number);
  }

  @Get('vm/serial-log')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.MachineConsole)
  @ApiOperation({ operationId: 'getSerialLog', summary: "The end of the VM's serial console output since its last boot" })
  @ApiOkResponse({ type: SerialLogDto })
  serialLog(@NetworkId() networkId: string, @Machine() machine: string, @Query() q: SerialLogQueryDto): Promise<SerialLogDto> {
    return this.vms.serialLog(networkId, machine, q.tail ?? 65536);
  }
}

@ApiTags('vms')
@Controller('host')
export class HostVmsController {
  constructor(private readonly vms: VmsService) {}

  @Get('vms')
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'listHostVms', summary: "Every domain of this panel on the host's libvirt, with unknown ones flagged" })
  @ApiOkResponse({ type: HostVmListDto })
  list(): Promise<HostVmListDto> {
    return this.vms.hostVms();
  }

  @Post('generations/gc')
  @HttpCode(202)
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'collectGenerations',
    summary: 'Garbage-collect old generations of every machine (keeps the last N and every referenced one)',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  gc(@CurrentPrincipal() principal: Principal, @Body() body: GcDto): Promise<TaskStartedDto> {
    return this.vms.gc(principal, body.keep);
  }
}
