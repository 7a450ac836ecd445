import { ErrorCode, Privilege } from '@clan/contracts';
import { Body, Controller, Get, Headers, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, NetworkAccess, Public } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { DomainError } from '../common/errors/domain-error';
import { NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { BackupStatusService } from './backup-status.service';
import { BackupsService } from './backups.service';
import { CHECKIN_HEADER, CheckinDto, CheckinResultDto } from './dto/run.dto';
import { FamilyViewDto, NetworkBackupStatusDto } from './dto/status.dto';

/** Backup status: the admin dashboard per network, the family view, and the devices' token check-in. */
@ApiTags('backups')
@Controller()
export class BackupStatusController {
  constructor(
    private readonly status: BackupStatusService,
    private readonly backups: BackupsService,
  ) {}

  @Get('networks/:networkId/backups/status')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({
    operationId: 'getBackupStatus',
    summary: 'Dashboard: every machine and device with coverage, freshness, integrity and storage; the repositories',
  })
  @ApiOkResponse({ type: NetworkBackupStatusDto })
  get(@NetworkId() networkId: string): Promise<NetworkBackupStatusDto> {
    return this.status.network(networkId);
  }

  @Post('networks/:networkId/backups/refresh')
  @NetworkIdDoc()
  @NetworkAccess(Privilege.BackupRead)
  @ApiOperation({
    operationId: 'refreshBackupStatus',
    summary: "Poll the network's repositories now (snapshots, size), re-evaluate and notify, and answer the status",
  })
  @ApiCreatedResponse({ type: NetworkBackupStatusDto })
  refresh(@NetworkId() networkId: string): Promise<NetworkBackupStatusDto> {
    return this.backups.refresh(networkId);
  }

  @Get('backups/mine')
  @Authenticated()
  @ApiOperation({
    operationId: 'getMyBackups',
    summary: 'Family view: is my stuff safe? The devices you own, "safe" or "needs attention", and what to do',
  })
  @ApiOkResponse({ type: FamilyViewDto })
  mine(@CurrentPrincipal() principal: Principal): Promise<FamilyViewDto> {
    return this.status.family(principal.userId);
  }

  @Post('backups/check-in')
  @Public()
  @ApiHeader({
    name: 'X-Clan-Checkin-Token',
    required: true,
    description: "The policy's check-in token (POST …/policies/{policyId}/checkin-token).",
  })
  @ApiOperation({
    operationId: 'checkInBackup',
    summary: "A device reports a backup it ran, authenticated by its policy's check-in token (the dead-man switch's heartbeat)",
  })
  @ApiCreatedResponse({ type: CheckinResultDto })
  @ApiForbiddenResponse({ description: 'The check-in token is missing or not valid.' })
  async checkIn(@Headers(CHECKIN_HEADER) token: string | undefined, @Body() body: CheckinDto): Promise<CheckinResultDto> {
    const policy = typeof token === 'string' ? await this.backups.policies.byCheckinToken(token.trim()) : null;
    if (!policy) {
      throw new DomainError(
        ErrorCode.Forbidden,
        'Send a valid backup check-in token in the X-Clan-Checkin-Token header (an admin issues one per policy).',
      );
    }
    return this.backups.checkin(policy, body);
  }
}
