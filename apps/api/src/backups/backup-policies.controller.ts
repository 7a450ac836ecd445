import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
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
import { PolicyId, PolicyIdDoc } from './backup-params';
import { BackupRuns } from './backup-runs.store';
import { BackupsService } from './backups.service';
import { BackupPolicyDto, BackupPolicyListDto, CheckinTokenDto, CreateBackupPolicyDto, UpdateBackupPolicyDto } from './dto/policy.dto';
import { BackupRunListDto, CheckinDto, CheckinResultDto, RunListQueryDto } from './dto/run.dto';

/** Backup policies per machine or device (docs/backups.md): CRUD, run, prune, run history, check-ins. */
@ApiTags('backups')
@Controller('networks/:networkId/backups/policies')
export class BackupPoliciesController {
  constructor(
    private readonly backups: BackupsService,
    private readonly runs: BackupRuns,
  ) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({ operationId: 'listBackupPolicies', summary: "The network's backup policies with their status" })
  @ApiOkResponse({ type: BackupPolicyListDto })
  async list(@NetworkId() networkId: string): Promise<BackupPolicyListDto> {
    const items = await this.backups.policies.list(networkId);
    return { items, total: items.length };
  }

  @Post()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'createBackupPolicy',
    summary: 'Back up a machine or device: paths, hooks, schedule, retention, check schedule, freshness thresholds',
  })
  @ApiCreatedResponse({ type: BackupPolicyDto })
  @ApiBadRequestResponse({ description: 'Bad cron, retention, relative path, unknown subject or repository…: the message says which.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: CreateBackupPolicyDto,
  ): Promise<BackupPolicyDto> {
    return this.backups.createPolicy(principal, networkId, body);
  }

  @Get(':policyId')
  @NetworkIdDoc()
  @PolicyIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({ operationId: 'getBackupPolicy', summary: 'One backup policy with its status' })
  @ApiOkResponse({ type: BackupPolicyDto })
  @ApiNotFoundResponse({ description: 'No such policy in this network.' })
  get(@NetworkId() networkId: string, @PolicyId() id: string): Promise<BackupPolicyDto> {
    return this.backups.policies.get(networkId, id);
  }

  @Patch(':policyId')
  @NetworkIdDoc()
  @PolicyIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({ operationId: 'updateBackupPolicy', summary: 'Change a backup policy (not its subject)' })
  @ApiOkResponse({ type: BackupPolicyDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @PolicyId() id: string,
    @Body() body: UpdateBackupPolicyDto,
  ): Promise<BackupPolicyDto> {
    return this.backups.updatePolicy(principal, networkId, id, body);
  }

  @Delete(':policyId')
  @NetworkIdDoc()
  @PolicyIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({ operationId: 'deleteBackupPolicy', summary: 'Delete a policy and its run history (snapshots stay in the repository)' })
  @ApiOkResponse({ type: BackupPolicyDto })
  remove(@NetworkId() networkId: string, @PolicyId() id: string): Promise<BackupPolicyDto> {
    return this.backups.deletePolicy(networkId, id);
  }

  @Post(':policyId/run')
  @HttpCode(202)
  @NetworkIdDoc()
  @PolicyIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'runBackupPolicy',
    summary: 'Back up now, as a task with progress (then retention, when the policy keeps anything)',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiConflictResponse({ description: 'A backup of this policy is already queued or running, or the device backs itself up.' })
  run(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @PolicyId() id: string): Promise<TaskStartedDto> {
    return this.backups.runBackup(principal, networkId, id);
  }

  @Post(':policyId/prune')
  @HttpCode(202)
  @NetworkIdDoc()
  @PolicyIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'pruneBackupPolicy',
    summary: "Apply the policy's retention now (`forget --prune` on its own snapshots), as a task",
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  prune(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @PolicyId() id: string): Promise<TaskStartedDto> {
    return this.backups.prune(principal, networkId, id);
  }

  @Get(':policyId/runs')
  @NetworkIdDoc()
  @PolicyIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({ operationId: 'listBackupRuns', summary: "The policy's runs and check-ins, newest first, with their summaries" })
  @ApiOkResponse({ type: BackupRunListDto })
  async runsOf(@NetworkId() networkId: string, @PolicyId() id: string, @Query() q: RunListQueryDto): Promise<BackupRunListDto> {
    await this.backups.policies.require(networkId, id);
    return this.runs.list(id, q);
  }

  @Post(':policyId/checkin-token')
  @NetworkIdDoc()
  @PolicyIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'createBackupCheckinToken',
    summary: 'Issue a check-in token for the device (shown once; replaces the previous one)',
  })
  @ApiCreatedResponse({ type: CheckinTokenDto })
  checkinToken(@NetworkId() networkId: string, @PolicyId() id: string): Promise<CheckinTokenDto> {
    return this.backups.policies.issueCheckinToken(networkId, id);
  }

  @Post(':policyId/check-in')
  @NetworkIdDoc()
  @PolicyIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({
    operationId: 'checkInBackupPolicy',
    summary: "A device reports a backup it ran, with an API token of the device's owner (or of someone with Backup.Restore)",
  })
  @ApiCreatedResponse({ type: CheckinResultDto })
  checkIn(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @PolicyId() id: string,
    @Body() body: CheckinDto,
  ): Promise<CheckinResultDto> {
    return this.backups.checkinAs(principal, networkId, id, body);
  }
}
