import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MachineConsoleEntity } from './machine-console.entity';
import { MachineConsoleStore } from './machine-console.store';

/** Console settings alone, so the VM manager can read them without depending on the consoles. */
@Module({
  imports: [TypeOrmModule.forFeature([MachineConsoleEntity])],
  providers: [MachineConsoleStore],
  exports: [MachineConsoleStore],
})
export class MachineConsoleModule {}
