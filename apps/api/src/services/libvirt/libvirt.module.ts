import { Module } from '@nestjs/common';
import { DomainTypeService, KvmProbe } from './domain-type';
import { LibvirtService } from './libvirt.service';
import { VmNetworkService } from './vm-network';

/**
 * The panel's libvirt connection, shared by the VM manager, the consoles and the metrics collector, the domain type VMs get
 * and the NAT network the panel may own for them.
 */
@Module({
  providers: [LibvirtService, DomainTypeService, KvmProbe, VmNetworkService],
  exports: [LibvirtService, DomainTypeService, VmNetworkService],
})
export class LibvirtModule {}
