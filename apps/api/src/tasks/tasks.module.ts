import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueModule } from '../services/queue/queue.module';
import { TaskLifecycle } from './task-lifecycle';
import { TaskReconciler } from './task-reconciler.service';
import { TaskRecovery } from './task-recovery.service';
import { TaskRunner } from './task-runner.service';
import { TaskLogEntity } from './task-log.entity';
import { TaskStore } from './task.store';
import { TaskEntity } from './task.entity';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** Tasks: the rows behind every job, the worker wrapper, reconciliation and the /api/tasks endpoints. */
@Module({
  imports: [QueueModule, TypeOrmModule.forFeature([TaskEntity, TaskLogEntity])],
  controllers: [TasksController],
  providers: [TaskStore, TasksService, TaskRunner, TaskRecovery, TaskReconciler, TaskLifecycle],
  exports: [TasksService, TaskStore],
})
export class TasksModule {}
