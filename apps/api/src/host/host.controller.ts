import { Privilege } from '@clan/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HostAccess } from '../common/authz/access.decorator';
import type { Principal } from '../common/authz/principal';
import { JobName } from '../services/queue/queue.catalogue';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import { TaskStartedDto } from '../tasks/dto/task.dto';
import { TasksService } from '../tasks/tasks.service';
import { DEFAULT_SAMPLE_SECONDS } from './host-diagnostics.job';
import { RunDiagnosticsDto } from './host.dto';

@ApiTags('host')
@Controller('host')
export class HostController {
  constructor(private readonly tasks: TasksService) {}

  @Post('diagnostics')
  @HttpCode(202)
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({
    operationId: 'runHostDiagnostics',
    summary: 'Check every component and sample host load, as a task',
    description: 'Checks the database, Redis, libvirt, nix and free disk space of the state directory, then samples load once a second.',
  })
  @ApiAcceptedResponse({ type: TaskStartedDto })
  run(@CurrentPrincipal() caller: Principal, @Body() body: RunDiagnosticsDto): Promise<TaskStartedDto> {
    return this.tasks.start(
      JobName.HostDiagnostics,
      { sampleSeconds: body.sampleSeconds ?? DEFAULT_SAMPLE_SECONDS },
      { userId: caller.userId },
    );
  }
}
