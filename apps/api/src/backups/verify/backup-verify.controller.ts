import { Privilege } from '@clan/contracts';
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NetworkAccess } from '../../common/authz/access.decorator';
import { CurrentPrincipal } from '../../common/authz/current-principal.decorator';
import type { Principal } from '../../common/authz/principal';
import { NetworkId, NetworkIdDoc } from '../../common/http/route-params';
import { TaskStartedDto } from '../../tasks/dto/task.dto';
import { PolicyId, PolicyIdDoc } from '../backup-params';
import { BackupVerifyService } from './backup-verify.service';

/** Verified restores (docs/backups.md, "Verified restores"): boot a machine policy's latest snapshot in a throw-away VM. */
@ApiTags('backups')
@Controller('networks/:networkId/backups/policies')
export class BackupVerifyController {
  constructor(private readonly verify: BackupVerifyService) {}

  @Post(':policyId/verify')
  @HttpCode(202)
  @NetworkIdDoc()
  @PolicyIdDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'verifyBackupPolicy',
    summary:
      "Verify the restore now: boot the policy's latest snapshot in a throw-away VM with no network on the generation it was taken on, as a task",
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiNotFoundResponse({ description: 'No such policy in this network.' })
  @ApiConflictResponse({
    description: 'The policy backs up a device, has no successful backup yet, or a verification of it is already queued or running.',
  })
  verifyNow(@CurrentPrincipal() principal: Principal, @NetworkId() networkId: string, @PolicyId() id: string): Promise<TaskStartedDto> {
    return this.verify.verifyNow(principal, networkId, id);
  }
}
