import { Module } from '@nestjs/common';
import { VmDisks } from './vm-disks';

/** The filesystem adapter of VM disks (vm-disks.ts). */
@Module({ providers: [VmDisks], exports: [VmDisks] })
export class DiskModule {}
