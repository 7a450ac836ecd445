import { Privilege } from '@clan/contracts';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, NetworkAccess } from '../common/authz/access.decorator';
import type { Principal } from '../common/authz/principal';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import { ListTasksQuery, TaskLogQuery } from './dto/list-tasks.query';
import { TaskDto, TaskListDto, TaskLogDto } from './dto/task.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'listTasks', summary: 'Tasks the caller may see, newest first' })
  @ApiOkResponse({ type: TaskListDto })
  list(@CurrentPrincipal() caller: Principal, @Query() query: ListTasksQuery): Promise<TaskListDto> {
    return this.tasks.list(caller, query);
  }

  @Get(':taskId')
  @NetworkAccess(Privilege.NetworkAudit, 'task')
  @ApiOperation({ operationId: 'getTask', summary: 'One task with its progress' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ description: 'No such task.' })
  get(@Param('taskId') taskId: string): Promise<TaskDto> {
    return this.tasks.get(taskId);
  }

  @Get(':taskId/log')
  @NetworkAccess(Privilege.NetworkAudit, 'task')
  @ApiOperation({ operationId: 'getTaskLog', summary: "A page of the task's log lines after a given seq" })
  @ApiOkResponse({ type: TaskLogDto })
  @ApiNotFoundResponse({ description: 'No such task.' })
  log(@Param('taskId') taskId: string, @Query() query: TaskLogQuery): Promise<TaskLogDto> {
    return this.tasks.log(taskId, query);
  }

  @Post(':taskId/cancel')
  @HttpCode(200)
  @NetworkAccess(Privilege.NetworkAudit, 'task')
  @ApiOperation({
    operationId: 'cancelTask',
    summary: 'Cancel a queued or running task (its starter, a network owner/admin, or a host admin)',
    description:
      'A queued task is cancelled at once; a running one answers `cancelRequested: true` and turns `cancelled` when its worker stops.',
  })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: 'TASK_NOT_CANCELLABLE: the task has already finished.' })
  cancel(@CurrentPrincipal() caller: Principal, @Param('taskId') taskId: string): Promise<TaskDto> {
    return this.tasks.cancel(caller, taskId);
  }
}
