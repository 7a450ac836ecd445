import { Module } from '@nestjs/common';
import { LibvirtService } from './libvirt.service';

/** The panel's libvirt connection, shared by the VM manager, the consoles and the metrics collector. */
@Module({
  providers: [LibvirtService],
  exports: [LibvirtService],
})
export class LibvirtModule {}
