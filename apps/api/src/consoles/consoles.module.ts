import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigsModule } from '../configs/configs.module';
import { NetworkEntity } from '../networks/network.entity';
import { LibvirtModule } from '../services/libvirt/libvirt.module';
import { ConsoleTargets } from './console-targets.service';
import { HostTerminalController } from './host-terminal.controller';
import { JournalService } from './logs/journal.service';
import { SerialLogService } from './logs/serial-log.service';
import { MachineConsoleController } from './machine-console.controller';
import { ConsoleRecordingEntity } from './recordings/recording.entity';
import { HostRecordingsController, NetworkRecordingsController, RecordingsController } from './recordings/recordings.controller';
import { RecordingsService } from './recordings/recordings.service';
import { SerialHub } from './serial/serial-hub.service';
import { MachineConsoleModule } from './settings/machine-console.module';
import { HostTerminals } from './terminal/host-terminals.service';
import { ConsoleTickets } from './tickets/console-tickets.service';
import { ConsoleGateway } from './ws/console.gateway';
import { ConsoleHandshake } from './ws/console-handshake';

/**
 * Consoles (docs/consoles.md): VM serial consoles and VNC in the browser
 * behind single-use tickets, the recorded remote-support terminal on the
 * host, and live logs (serial scrollback, host journal).
 */
@Module({
  imports: [LibvirtModule, ConfigsModule, MachineConsoleModule, TypeOrmModule.forFeature([ConsoleRecordingEntity, NetworkEntity])],
  controllers: [
    MachineConsoleController,
    HostTerminalController,
    RecordingsController,
    NetworkRecordingsController,
    HostRecordingsController,
  ],
  providers: [
    ConsoleTickets,
    ConsoleTargets,
    ConsoleHandshake,
    ConsoleGateway,
    SerialHub,
    HostTerminals,
    RecordingsService,
    SerialLogService,
    JournalService,
  ],
})
export class ConsolesModule {}
