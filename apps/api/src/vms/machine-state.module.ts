import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeployedRevisions } from '../configs/deployed-revisions';
import { MachineDomains } from '../services/libvirt/machine-domains';
import { MachineStateEntity } from './machine-state.entity';
import { MachineStateService } from './machine-state.service';

/**
 * A machine's runtime state and its one writer. Global so the configuration
 * (deployed revisions) and the consoles (domains) can read it through their
 * ports without importing the VM module.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([MachineStateEntity])],
  providers: [
    MachineStateService,
    { provide: DeployedRevisions, useExisting: MachineStateService },
    { provide: MachineDomains, useExisting: MachineStateService },
  ],
  exports: [MachineStateService, DeployedRevisions, MachineDomains],
})
export class MachineStateModule {}
