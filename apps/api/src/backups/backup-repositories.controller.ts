import { Privilege } from '@clan/contracts';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
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
import { RepositoryId, RepositoryIdDoc, SnapshotId, SnapshotIdDoc } from './backup-params';
import { BackupUsage } from './backup-usage.service';
import { BackupsService } from './backups.service';
import {
  BackupRepositoryDto,
  BackupRepositoryListDto,
  CheckRepositoryDto,
  CreateBackupRepositoryDto,
  CreatedBackupRepositoryDto,
  RepositoryUsageDto,
  UpdateBackupRepositoryDto,
  UsageQueryDto,
} from './dto/repository.dto';
import {
  MachineRestoreDto,
  MachineRestoreResultDto,
  RestoreDto,
  SnapshotListDto,
  SnapshotQueryDto,
  TreeListingDto,
  TreeQueryDto,
} from './dto/snapshot.dto';

const DAY = 86_400_000;

/**
 * Backup targets (restic repositories) of a network, their snapshots, file
 * browser and restore (docs/backups.md). Reading is Backup.Read; changing,
 * running and restoring is Backup.Restore (plus a host admin for what acts
 * on host directories).
 */
@ApiTags('backups')
@Controller('networks/:networkId/backups/repositories')
export class BackupRepositoriesController {
  constructor(
    private readonly backups: BackupsService,
    private readonly usage: BackupUsage,
  ) {}

  @Get()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({
    operationId: 'listBackupRepositories',
    summary: "The network's backup repositories (targets), with check and storage figures",
  })
  @ApiOkResponse({ type: BackupRepositoryListDto })
  async list(@NetworkId() networkId: string): Promise<BackupRepositoryListDto> {
    const items = await this.backups.repositories.list(networkId);
    return { items, total: items.length };
  }

  @Post()
  @NetworkIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'createBackupRepository',
    summary:
      'Add a repository: a host directory (host admins only: 403 otherwise) or an S3 bucket; its location, password and keys are stored encrypted. Without a password the panel generates one and answers it this once. Initialise it with …/init.',
  })
  @ApiCreatedResponse({ type: CreatedBackupRepositoryDto })
  @ApiForbiddenResponse({ description: 'A local repository needs a host administrator.' })
  @ApiConflictResponse({ description: 'The name is taken.' })
  create(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Body() body: CreateBackupRepositoryDto,
  ): Promise<CreatedBackupRepositoryDto> {
    return this.backups.repositories.create(principal, networkId, body);
  }

  @Get(':repositoryId')
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({ operationId: 'getBackupRepository', summary: 'One backup repository' })
  @ApiOkResponse({ type: BackupRepositoryDto })
  @ApiNotFoundResponse({ description: 'No such repository in this network.' })
  get(@NetworkId() networkId: string, @RepositoryId() id: string): Promise<BackupRepositoryDto> {
    return this.backups.repositories.get(networkId, id);
  }

  @Patch(':repositoryId')
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({ operationId: 'updateBackupRepository', summary: 'Rename a repository or replace its S3 keys' })
  @ApiOkResponse({ type: BackupRepositoryDto })
  update(
    @NetworkId() networkId: string,
    @RepositoryId() id: string,
    @Body() body: UpdateBackupRepositoryDto,
  ): Promise<BackupRepositoryDto> {
    return this.backups.repositories.update(networkId, id, body);
  }

  @Delete(':repositoryId')
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({ operationId: 'deleteBackupRepository', summary: 'Forget a repository in the panel (its data stays where it is)' })
  @ApiOkResponse({ type: BackupRepositoryDto })
  @ApiConflictResponse({ description: 'Policies still back up into it.' })
  remove(@NetworkId() networkId: string, @RepositoryId() id: string): Promise<BackupRepositoryDto> {
    return this.backups.repositories.remove(networkId, id);
  }

  @Post(':repositoryId/init')
  @HttpCode(202)
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'initBackupRepository',
    summary: 'Start `restic init` as a task (succeeds when the repository already exists and opens)',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiConflictResponse({ description: 'An init or check of this repository is already queued or running.' })
  init(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @RepositoryId() id: string): Promise<TaskStartedDto> {
    return this.backups.init(principal, networkId, id);
  }

  @Post(':repositoryId/check')
  @HttpCode(202)
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'checkBackupRepository',
    summary: 'Start `restic check` (optionally --read-data-subset) as a task; a failure names the repository',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiConflictResponse({ description: 'A check or init of this repository is already queued or running.' })
  check(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @RepositoryId() id: string,
    @Body() body: CheckRepositoryDto,
  ): Promise<TaskStartedDto> {
    return this.backups.check(principal, networkId, id, body.readDataSubset ?? null);
  }

  @Get(':repositoryId/usage')
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({
    operationId: 'getBackupRepositoryUsage',
    summary: 'Repository size and free space over time (one sample per poll or run), for the usage chart',
  })
  @ApiOkResponse({ type: RepositoryUsageDto })
  async usageOf(@NetworkId() networkId: string, @RepositoryId() id: string, @Query() q: UsageQueryDto): Promise<RepositoryUsageDto> {
    await this.backups.repositories.require(networkId, id);
    return this.usage.history(id, q.since ? new Date(q.since) : new Date(Date.now() - 30 * DAY));
  }

  @Get(':repositoryId/snapshots')
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({ operationId: 'listBackupSnapshots', summary: 'Snapshots in the repository, newest first (live `restic snapshots`)' })
  @ApiOkResponse({ type: SnapshotListDto })
  @ApiConflictResponse({ description: 'The repository cannot be read (missing, wrong password…): the message says why.' })
  snapshots(@NetworkId() networkId: string, @RepositoryId() id: string, @Query() q: SnapshotQueryDto): Promise<SnapshotListDto> {
    return this.backups.snapshots(networkId, id, q.policyId);
  }

  @Get(':repositoryId/snapshots/:snapshotId/tree')
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @SnapshotIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({
    operationId: 'listBackupSnapshotFiles',
    summary: 'File browser: the entries of one directory of a snapshot (`restic ls`)',
  })
  @ApiOkResponse({ type: TreeListingDto })
  @ApiNotFoundResponse({ description: 'No such snapshot, or no such directory in it.' })
  tree(
    @NetworkId() networkId: string,
    @RepositoryId() id: string,
    @SnapshotId() snapshotId: string,
    @Query() q: TreeQueryDto,
  ): Promise<TreeListingDto> {
    return this.backups.tree(networkId, id, snapshotId, q.path);
  }

  @Post(':repositoryId/snapshots/:snapshotId/restore')
  @HttpCode(202)
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @SnapshotIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'restoreBackupSnapshot',
    summary:
      'Restore a path of a snapshot on this host, to its original location or under another directory (host admins), as a task with progress',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiNotFoundResponse({ description: 'No such snapshot.' })
  restore(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @RepositoryId() id: string,
    @SnapshotId() snapshotId: string,
    @Body() body: RestoreDto,
  ): Promise<TaskStartedDto> {
    return this.backups.restore(principal, networkId, id, snapshotId, body);
  }

  @Post(':repositoryId/snapshots/:snapshotId/restore-in-machine')
  @HttpCode(200)
  @NetworkIdDoc()
  @RepositoryIdDoc()
  @SnapshotIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'restoreBackupSnapshotInMachine',
    summary:
      "Restore a path of a machine's snapshot into the running machine: its VM controller restores from the original in the machine's own repository (answers when done)",
  })
  @ApiOkResponse({ type: MachineRestoreResultDto })
  @ApiNotFoundResponse({ description: 'No such snapshot.' })
  @ApiConflictResponse({
    description: 'The machine is not running, the snapshot is not a copy from its repository, or the machine refused the restore.',
  })
  restoreInMachine(
    @NetworkId() networkId: string,
    @RepositoryId() id: string,
    @SnapshotId() snapshotId: string,
    @Body() body: MachineRestoreDto,
  ): Promise<MachineRestoreResultDto> {
    return this.backups.restoreInMachine(networkId, id, snapshotId, body);
  }
}
