import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigsModule } from '../configs/configs.module';
import { LibvirtModule } from '../services/libvirt/libvirt.module';
import { MachineStateModule } from '../vms/machine-state.module';
import { TasksModule } from '../tasks/tasks.module';
import { VmsModule } from '../vms/vms.module';
import { FleetDoor } from './fleet-door.service';
import { FleetEnrolment } from './fleet-enrolment.service';
import { HostEnrolmentEntity } from './host-enrolment.entity';
import { HostEntity } from './host.entity';
import { HostGitController } from './host-git.controller';
import { HostsController } from './hosts.controller';
import { HostsService } from './hosts.service';
import { MigrationJobs } from './migration.jobs';
import { MigrationService } from './migration.service';
import { PlacementController } from './placement.controller';
import { NixCacheServer } from './nix-cache.server';
import { TransferServer } from './transfer.server';
import { UnlockModule } from './unlock/unlock.module';

/** The fleet (docs/fleet.md): hosts, enrolment, heartbeats, placement, migration, and unattended unlock. */
@Module({
  imports: [
    TypeOrmModule.forFeature([HostEntity, HostEnrolmentEntity]),
    ConfigsModule,
    LibvirtModule,
    MachineStateModule,
    TasksModule,
    VmsModule,
    UnlockModule,
  ],
  controllers: [HostsController, PlacementController, HostGitController],
  providers: [HostsService, FleetEnrolment, FleetDoor, MigrationService, MigrationJobs, TransferServer, NixCacheServer],
  exports: [HostsService],
})
export class FleetModule {}
