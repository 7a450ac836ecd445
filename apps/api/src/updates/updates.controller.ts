import { Privilege } from '@clan/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
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
import { IdParamPipe } from '../common/http/id-param.pipe';
import { PagingQueryDto } from '../common/http/paging.dto';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { TaskStartedDto } from '../tasks/dto/task.dto';
import {
  PreviewStartedDto,
  RolloutStartedDto,
  SkipMachineDto,
  StartRolloutDto,
  UpdatePreviewDto,
  UpdateRolloutDto,
  UpdateRolloutListDto,
  UpdateSettingsDto,
} from './dto/rollout.dto';
import { SetUpstreamDto, UpdatesDto } from './dto/updates.dto';
import { UpdatePreviews } from './update-previews.service';
import { UpdateRollouts } from './update-rollouts.service';
import { UpdatesService } from './updates.service';

/** Updates of a network (docs/updates.md): the upstream it follows, its lock and the last check. */
@ApiTags('updates')
@Controller('networks/:networkId/updates')
export class UpdatesController {
  constructor(
    private readonly updates: UpdatesService,
    private readonly previews: UpdatePreviews,
    private readonly rollouts: UpdateRollouts,
  ) {}

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

  // ── settings ─────────────────────────────────────────────────────────────

  @Put('settings')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'setNetworkUpdateSettings', summary: 'Automatic updates (on or off) and the maintenance window' })
  @ApiOkResponse({ type: UpdatesDto })
  @ApiBadRequestResponse({ description: 'A day or time that is not one; the message says which.' })
  @ApiNotFoundResponse({ description: 'No such network.' })
  @ApiConflictResponse({ description: 'Automatic updates need an upstream to follow.' })
  async setSettings(@NetworkId() networkId: string, @Body() body: UpdateSettingsDto): Promise<UpdatesDto> {
    await this.rollouts.setSettings(networkId, body);
    return this.updates.status(networkId);
  }

  // ── preview ──────────────────────────────────────────────────────────────

  @Post('preview')
  @HttpCode(202)
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'previewNetworkUpdate',
    summary: "Preview the upstream's newest revision: the lock diff and, per machine, what changes (a task; nothing is deployed)",
  })
  @ApiAcceptedResponse({ type: PreviewStartedDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  @ApiConflictResponse({ description: 'No upstream, no update found by a check, or a preview or rollout is already under way.' })
  preview(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string): Promise<PreviewStartedDto> {
    return this.previews.start(principal, networkId);
  }

  @Get('previews/:previewId')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getNetworkUpdatePreview', summary: 'One preview: the lock diff and per machine what changes' })
  @ApiOkResponse({ type: UpdatePreviewDto })
  @ApiNotFoundResponse({ description: 'No such network or preview.' })
  getPreview(
    @NetworkId() networkId: string,
    @Param('previewId', new IdParamPipe('previewId', 'preview')) previewId: string,
  ): Promise<UpdatePreviewDto> {
    return this.previews.get(networkId, previewId);
  }

  // ── rollouts ─────────────────────────────────────────────────────────────

  @Post('rollouts')
  @HttpCode(202)
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'startNetworkUpdateRollout',
    summary: 'Roll a ready preview out: commit its lock, then update machine by machine, canary first, halting on the first failed gate',
  })
  @ApiAcceptedResponse({ type: RolloutStartedDto })
  @ApiBadRequestResponse({ description: 'A value out of range, or a canary that is not one of the machines.' })
  @ApiNotFoundResponse({ description: 'No such network or preview.' })
  @ApiConflictResponse({ description: 'The preview is not ready or is out of date, or a rollout is already running or halted.' })
  startRollout(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: StartRolloutDto,
  ): Promise<RolloutStartedDto> {
    return this.rollouts.start(principal, networkId, body);
  }

  @Get('rollouts')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'listNetworkUpdateRollouts', summary: 'Rollouts of this network, newest first' })
  @ApiOkResponse({ type: UpdateRolloutListDto })
  @ApiNotFoundResponse({ description: 'No such network.' })
  listRollouts(@NetworkId() networkId: string, @Query() paging: PagingQueryDto): Promise<UpdateRolloutListDto> {
    return this.rollouts.list(networkId, paging.limit ?? 20, paging.offset ?? 0);
  }

  @Get('rollouts/:rolloutId')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.NetworkAudit)
  @ApiOperation({ operationId: 'getNetworkUpdateRollout', summary: 'One rollout, machine by machine' })
  @ApiOkResponse({ type: UpdateRolloutDto })
  @ApiNotFoundResponse({ description: 'No such network or rollout.' })
  getRollout(@NetworkId() networkId: string, @Param('rolloutId', new IdParamPipe('rolloutId', 'rollout')) rolloutId: string) {
    return this.rollouts.get(networkId, rolloutId);
  }

  @Post('rollouts/:rolloutId/resume')
  @HttpCode(202)
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({ operationId: 'resumeNetworkUpdateRollout', summary: 'A halted rollout: try the machine that failed again, then go on' })
  @ApiAcceptedResponse({ type: RolloutStartedDto })
  @ApiNotFoundResponse({ description: 'No such network or rollout.' })
  @ApiConflictResponse({ description: 'The rollout is not halted.' })
  resume(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Param('rolloutId', new IdParamPipe('rolloutId', 'rollout')) rolloutId: string,
  ): Promise<RolloutStartedDto> {
    return this.rollouts.resume(principal, networkId, rolloutId);
  }

  @Post('rollouts/:rolloutId/skip')
  @HttpCode(202)
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'skipNetworkUpdateRolloutMachine',
    summary: 'A halted rollout: leave the failed machine as it is, then go on',
  })
  @ApiAcceptedResponse({ type: RolloutStartedDto })
  @ApiBadRequestResponse({ description: 'No machine named.' })
  @ApiNotFoundResponse({ description: 'No such network or rollout.' })
  @ApiConflictResponse({ description: 'The rollout is not halted, or not on that machine.' })
  skip(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Param('rolloutId', new IdParamPipe('rolloutId', 'rollout')) rolloutId: string,
    @Body() body: SkipMachineDto,
  ): Promise<RolloutStartedDto> {
    return this.rollouts.skip(principal, networkId, rolloutId, body.machine);
  }

  @Post('rollouts/:rolloutId/abort')
  @HttpCode(202)
  @NetworkIdDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'abortNetworkUpdateRollout',
    summary: 'Take every machine the rollout updated back to the generation it ran before, and put the old lock back',
  })
  @ApiAcceptedResponse({ type: RolloutStartedDto })
  @ApiNotFoundResponse({ description: 'No such network or rollout.' })
  @ApiConflictResponse({ description: 'The rollout already ended (succeeded or aborted) or is being aborted.' })
  abort(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Param('rolloutId', new IdParamPipe('rolloutId', 'rollout')) rolloutId: string,
  ): Promise<RolloutStartedDto> {
    return this.rollouts.abort(principal, networkId, rolloutId);
  }
}
