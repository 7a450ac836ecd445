import { Module } from '@nestjs/common';

/** Unattended unlock of the hosts' encrypted disks: Tang servers in the fleet mesh, Clevis policies, the dependency matrix (docs/fleet-unlock.md). */
@Module({})
export class UnlockModule {}
