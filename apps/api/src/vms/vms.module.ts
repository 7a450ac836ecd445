import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { MachineStateEntity } from '../configs/machine-state.entity';
import { MachineConsoleModule } from '../consoles/settings/machine-console.module';
import { NetworkEntity } from '../networks/network.entity';
import { TasksModule } from '../tasks/tasks.module';
import { GenerationEntity } from './generation.entity';
import { GenerationsStore } from './generations.service';
import { LibvirtModule } from './libvirt.module';
import { VmAutoDeploy } from './vm-auto-deploy.service';
import { VmGc } from './vm-gc.service';
import { VmManager } from './vm-manager.service';
import { VmMutex } from './vm-mutex';
import { VmReconciler } from './vm-reconciler.service';
import { VmSecretsModule } from './vm-secrets';
import { VmTasks } from './vm-tasks.service';
import { VmJobs } from './vm.jobs';
import { HostVmsController, VmsController } from './vms.controller';
import { VmsService } from './vms.service';

/** The VM manager (docs/vms.md): build → generation → domain → health → rollback, power, reconciliation. */
@Module({
  imports: [
    LibvirtModule,
    TasksModule,
    AuditModule,
    MachineConsoleModule,
    VmSecretsModule,
    TypeOrmModule.forFeature([GenerationEntity, MachineStateEntity, NetworkEntity]),
  ],
  controllers: [VmsController, HostVmsController],
  providers: [GenerationsStore, VmManager, VmMutex, VmTasks, VmGc, VmJobs, VmReconciler, VmAutoDeploy, VmsService],
  exports: [VmManager, VmReconciler, GenerationsStore],
})
export class VmsModule {}
