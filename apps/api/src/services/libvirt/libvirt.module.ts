import { Module } from '@nestjs/common';
import { DomainTypeService, KvmProbe } from './domain-type';
import { LibvirtService } from './libvirt.service';

/** The panel's libvirt connection, shared by the VM manager, the consoles and the metrics collector, and the domain type VMs get. */
@Module({
  providers: [LibvirtService, DomainTypeService, KvmProbe],
  exports: [LibvirtService, DomainTypeService],
})
export class LibvirtModule {}
