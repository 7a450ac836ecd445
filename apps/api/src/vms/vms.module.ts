import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { MachineConsoleModule } from '../consoles/settings/machine-console.module';
import { NetworkEntity } from '../networks/network.entity';
import { DiskModule } from '../services/disk/disk.module';
import { GuestModule } from '../services/guest/guest.module';
import { LibvirtModule } from '../services/libvirt/libvirt.module';
import { NixModule } from '../services/nix/nix.module';
import { TasksModule } from '../tasks/tasks.module';
import { GenerationEntity } from './generation.entity';
import { GenerationsStore } from './generations.service';
import { HealthProbe } from './health-probe';
import { MachineConfigs } from './machine-configs.service';
import { MachineStateModule } from './machine-state.module';
import { VmAutoDeploy } from './vm-auto-deploy.service';
import { VmDeployer } from './vm-deployer.service';
import { VmGc } from './vm-gc.service';
import { VmManager } from './vm-manager.service';
import { VmMutex } from './vm-mutex';
import { VmReconciler } from './vm-reconciler.service';
import { VmSecretsModule } from './vm-secrets';
import { VmTasks } from './vm-tasks.service';
import { VmJobs } from './vm.jobs';
import { HostVmsController, VmsController } from './vms.controller';
import { VmsService } from './vms.service';

/**
 * The VM manager (docs/vms.md): build → generation → domain → health → rollback, power, reconciliation.
 * Its effects go through the adapters in services/ (nix, libvirt, disk, process); MachineStateModule
 * holds the one writer of a machine's runtime state.
 */
@Module({
  imports: [
    LibvirtModule,
    NixModule,
    DiskModule,
    MachineStateModule,
    TasksModule,
    AuditModule,
    MachineConsoleModule,
    VmSecretsModule,
    GuestModule,
    TypeOrmModule.forFeature([GenerationEntity, NetworkEntity]),
  ],
  controllers: [VmsController, HostVmsController],
  providers: [
    GenerationsStore,
    MachineConfigs,
    HealthProbe,
    VmManager,
    VmDeployer,
    VmMutex,
    VmTasks,
    VmGc,
    VmJobs,
    VmReconciler,
    VmAutoDeploy,
    VmsService,
  ],
  exports: [VmManager, VmReconciler, GenerationsStore, VmDeployer, VmTasks, VmAutoDeploy, VmMutex],
})
export class VmsModule {}
