import { Privilege } from '@clan/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NetworkAccess } from '../../common/authz/access.decorator';
import { CurrentPrincipal } from '../../common/authz/current-principal.decorator';
import type { Principal } from '../../common/authz/principal';
import { Machine, MachineDoc, NetworkId, NetworkIdDoc } from '../../common/http/route-params';
import { TaskStartedDto } from '../../tasks/dto/task.dto';
import { WholeMachineRestoreDto } from './machine-restore.dto';
import { MachineRestores } from './machine-restore.service';

/** Whole-machine, point-in-time restore (docs/backups.md, "Whole-machine restore"). */
@ApiTags('backups')
@Controller('networks/:networkId/machines/:machine')
export class MachineRestoreController {
  constructor(private readonly restores: MachineRestores) {}

  @Post('restore')
  @HttpCode(202)
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.BackupRestore)
  @ApiOperation({
    operationId: 'restoreWholeMachine',
    summary:
      'Bring a machine back as one of its snapshots recorded it: the snapshot becomes its state disk (the current one is kept aside), its configuration goes back to the recorded revision and the recorded generation boots, as a task',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  @ApiNotFoundResponse({ description: 'No such repository or snapshot.' })
  @ApiConflictResponse({
    description:
      'The snapshot is not a backup of this machine, does not record its revision and generation, its generation was collected, or a restore of the machine is already running.',
  })
  restore(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Body() body: WholeMachineRestoreDto,
  ): Promise<TaskStartedDto> {
    return this.restores.start(principal, networkId, machine, body);
  }
}
