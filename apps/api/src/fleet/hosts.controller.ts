import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiNotFoundResponse,
} from '@nestjs/swagger';
import { HostAccess, Public } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';

import type { Principal } from '../common/authz/principal';
import { IdParamPipe } from '../common/http/id-param.pipe';
import { TaskStartedDto } from '../tasks/dto/task.dto';
import {
  CreatedEnrolmentDto,
  CreateEnrolmentDto,
  EnrolHostDto,
  EnrolmentListDto,
  HostDto,
  HostEnrolledDto,
  HostListDto,
  UpdateHostDto,
} from './dto/fleet.dto';
import { FleetEnrolment } from './fleet-enrolment.service';
import { HostsService } from './hosts.service';
import { MigrationService } from './migration.service';

const HostId = () => Param('hostId', new IdParamPipe('hostId', 'host'));
const EnrolmentId = () => Param('enrolmentId', new IdParamPipe('enrolmentId', 'enrolment'));

/** The fleet's hosts (docs/fleet.md): host admins only. */
@ApiTags('fleet')
@Controller('hosts')
export class HostsController {
  constructor(
    private readonly hosts: HostsService,
    private readonly enrolment: FleetEnrolment,
    private readonly migration: MigrationService,
  ) {}

  @Get()
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'listHosts', summary: 'The fleet’s hosts: state by heartbeat, capacity, load, machines, versions' })
  @ApiOkResponse({ type: HostListDto })
  async list(): Promise<HostListDto> {
    return { items: await this.hosts.views() };
  }

  @Post('enrolments')
  @HostAccess(Privilege.SysModify)
  @ApiOperation({
    operationId: 'createHostEnrolment',
    summary: 'A one-time token for a new host, and the commands to run there (shown once)',
  })
  @ApiCreatedResponse({ type: CreatedEnrolmentDto })
  @ApiConflictResponse({ description: 'The name is taken, or the panel has no fleet address.' })
  create(@CurrentPrincipal() caller: Principal, @Body() body: CreateEnrolmentDto): Promise<CreatedEnrolmentDto> {
    return this.enrolment.create(body.name, body.expiresInMinutes ?? 60, caller.userId);
  }

  @Get('enrolments')
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({ operationId: 'listHostEnrolments', summary: 'Enrolment tokens made, waiting or used (never the tokens themselves)' })
  @ApiOkResponse({ type: EnrolmentListDto })
  async enrolments(): Promise<EnrolmentListDto> {
    return { items: (await this.hosts.listEnrolments()).map((e) => FleetEnrolment.dto(e)) };
  }

  @Delete('enrolments/:enrolmentId')
  @HttpCode(204)
  @HostAccess(Privilege.SysModify)
  @ApiParam({ name: 'enrolmentId', format: 'uuid' })
  @ApiOperation({ operationId: 'revokeHostEnrolment', summary: 'Revoke an unused enrolment token' })
  @ApiNoContentResponse()
  async revoke(@EnrolmentId() id: string): Promise<void> {
    await this.hosts.revokeEnrolment(id);
  }

  @Post('enrol')
  @Public()
  @ApiOperation({
    operationId: 'enrolHost',
    summary:
      'A new host spends its one-time token (`clan-panel worker enrol`): its credential and how to reach the panel over the fleet mesh',
  })
  @ApiCreatedResponse({ type: HostEnrolledDto })
  @ApiNotFoundResponse({ description: 'Unknown token.' })
  @ApiGoneResponse({ description: 'The token was used or expired.' })
  enrol(@Body() body: EnrolHostDto): Promise<HostEnrolledDto> {
    return this.enrolment.enrol(body.token);
  }

  @Get(':hostId')
  @HostAccess(Privilege.SysAudit)
  @ApiParam({ name: 'hostId', format: 'uuid' })
  @ApiOperation({ operationId: 'getHost', summary: 'One host' })
  @ApiOkResponse({ type: HostDto })
  get(@HostId() id: string): Promise<HostDto> {
    return this.hosts.viewOf(id);
  }

  @Patch(':hostId')
  @HostAccess(Privilege.SysModify)
  @ApiParam({ name: 'hostId', format: 'uuid' })
  @ApiOperation({ operationId: 'updateHost', summary: 'Rename a host, or stop/start placing machines on it (draining)' })
  @ApiOkResponse({ type: HostDto })
  update(@HostId() id: string, @Body() body: UpdateHostDto): Promise<HostDto> {
    return this.hosts.update(id, body);
  }

  @Delete(':hostId')
  @HttpCode(204)
  @HostAccess(Privilege.SysModify)
  @ApiParam({ name: 'hostId', format: 'uuid' })
  @ApiOperation({ operationId: 'removeHost', summary: 'Forget an offline worker host that runs no machines' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'It is the panel’s host, still online, or still has machines.' })
  async remove(@HostId() id: string): Promise<void> {
    await this.hosts.remove(id);
  }

  @Post(':hostId/drain')
  @HttpCode(202)
  @HostAccess(Privilege.SysModify)
  @ApiParam({ name: 'hostId', format: 'uuid' })
  @ApiOperation({ operationId: 'drainHost', summary: 'Move every machine of a host to the others, one at a time (a task)' })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  drain(@CurrentPrincipal() caller: Principal, @HostId() id: string): Promise<TaskStartedDto> {
    return this.migration.startDrain(id, caller.userId);
  }
}
