import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { HostAccess } from '../../common/authz/access.decorator';
import { CurrentPrincipal } from '../../common/authz/current-principal.decorator';
import type { Principal } from '../../common/authz/principal';
import { IdParamPipe } from '../../common/http/id-param.pipe';
import { TaskStartedDto } from '../../tasks/dto/task.dto';
import { BindDto, ClevisConfigDto, SetClevisPolicyDto, SetTangDto, TangRotationDto, UnlockHostDto, UnlockOverviewDto } from './unlock.dto';
import { UnlockService } from './unlock.service';

const HostId = () => Param('hostId', new IdParamPipe('hostId', 'host'));
const HostIdDoc = () => ApiParam({ name: 'hostId', format: 'uuid', description: 'A host of the fleet.' });

/** Unattended unlock of the hosts' disks (docs/fleet-unlock.md). Thin: UnlockService decides. */
@ApiTags('fleet')
@Controller('fleet/unlock')
export class UnlockController {
  constructor(private readonly unlock: UnlockService) {}

  @Get()
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({
    operationId: 'getFleetUnlock',
    summary: 'Tang servers, Clevis policies and the dependency matrix',
    description: 'Per host: its Tang server and policy; which hosts boot unattended when others are down; a whole-fleet cold start.',
  })
  @ApiOkResponse({ type: UnlockOverviewDto })
  overview(): Promise<UnlockOverviewDto> {
    return this.unlock.overview();
  }

  @Get('hosts/:hostId/clevis-config')
  @HostAccess(Privilege.SysAudit)
  @HostIdDoc()
  @ApiOperation({ operationId: 'getHostClevisConfig', summary: 'The exact clevis sss configuration the host’s policy binds' })
  @ApiOkResponse({ type: ClevisConfigDto })
  clevisConfig(@HostId() hostId: string): Promise<ClevisConfigDto> {
    return this.unlock.clevisConfig(hostId) as Promise<ClevisConfigDto>;
  }

  @Put('hosts/:hostId/policy')
  @HostAccess(Privilege.SysModify)
  @HostIdDoc()
  @ApiOperation({
    operationId: 'setHostClevisPolicy',
    summary: 'Set the host’s Clevis policy (t of its pins: other hosts’ Tang servers, its TPM)',
  })
  @ApiOkResponse({ type: UnlockHostDto })
  setPolicy(@HostId() hostId: string, @Body() body: SetClevisPolicyDto): Promise<UnlockHostDto> {
    return this.unlock.setPolicy(hostId, {
      threshold: body.threshold,
      tangHostIds: body.tangHostIds,
      tpm: body.tpm,
      device: body.device ?? null,
    });
  }

  @Delete('hosts/:hostId/policy')
  @HttpCode(204)
  @HostAccess(Privilege.SysModify)
  @HostIdDoc()
  @ApiOperation({ operationId: 'deleteHostClevisPolicy', summary: 'Forget the host’s policy (its disk keeps the binding it has)' })
  @ApiNoContentResponse()
  async deletePolicy(@HostId() hostId: string): Promise<void> {
    await this.unlock.deletePolicy(hostId);
  }

  @Put('hosts/:hostId/tang')
  @HttpCode(202)
  @HostAccess(Privilege.SysModify)
  @HostIdDoc()
  @ApiOperation({ operationId: 'setHostTang', summary: 'Start or stop the host’s Tang server, as a task on the host' })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  setTang(@CurrentPrincipal() caller: Principal, @HostId() hostId: string, @Body() body: SetTangDto): Promise<TaskStartedDto> {
    return this.unlock.setTang(caller.userId, hostId, body.enabled);
  }

  @Post('hosts/:hostId/tang/rotate')
  @HttpCode(202)
  @HostAccess(Privilege.SysModify)
  @HostIdDoc()
  @ApiOperation({
    operationId: 'rotateHostTangKeys',
    summary: 'Rotate the host’s Tang keys; every bound host whose policy uses it is rebound',
  })
  @ApiAcceptedResponse({ type: TangRotationDto })
  rotate(@CurrentPrincipal() caller: Principal, @HostId() hostId: string): Promise<TangRotationDto> {
    return this.unlock.rotate(caller.userId, hostId);
  }

  @Post('hosts/:hostId/bind')
  @HttpCode(202)
  @HostAccess(Privilege.SysModify)
  @HostIdDoc()
  @ApiOperation({
    operationId: 'bindHostDisk',
    summary: 'Bind the host’s LUKS device to its policy, as a task on the host',
    description: 'The passphrase is sealed to the host for this task only and replaces no key: the disk still opens with it.',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  bind(@CurrentPrincipal() caller: Principal, @HostId() hostId: string, @Body() body: BindDto): Promise<TaskStartedDto> {
    return this.unlock.bind(caller.userId, hostId, body.passphrase);
  }
}
