import { Privilege } from '@clan/contracts';
import { Body, Controller, Get, Headers, HttpCode, type MessageEvent, Post, Put, Query, Sse } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import { NetworkAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { Machine, MachineDoc, NetworkId, NetworkIdDoc } from '../common/http/route-params';
import { ConsoleTargets } from './console-targets.service';
import {
  ConsoleTicketDto,
  MachineConsoleDto,
  MachineConsoleSettingsDto,
  MachineConsoleTicketRequestDto,
  SerialScrollbackDto,
  SerialScrollbackQueryDto,
} from './dto/console.dto';
import { SerialLogService } from './logs/serial-log.service';
import { SerialHub } from './serial/serial-hub.service';
import { MachineConsoleStore } from './settings/machine-console.store';
import { ticketDto } from './tickets/ticket-dto';
import { ConsoleTickets } from './tickets/console-tickets.service';

/** A machine's consoles: tickets for the WebSocket, settings, and the serial output as a log (docs/consoles.md). */
@ApiTags('consoles')
@Controller('networks/:networkId/machines/:machine/console')
export class MachineConsoleController {
  constructor(
    private readonly tickets: ConsoleTickets,
    private readonly targets: ConsoleTargets,
    private readonly settings: MachineConsoleStore,
    private readonly hub: SerialHub,
    private readonly serialLog: SerialLogService,
  ) {}

  @Get()
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.MachineConsole)
  @ApiOperation({
    operationId: 'getMachineConsole',
    summary: "The machine's consoles: display setting, what can be opened now, who is connected",
  })
  @ApiOkResponse({ type: MachineConsoleDto })
  async get(@NetworkId() networkId: string, @Machine() machine: string): Promise<MachineConsoleDto> {
    await this.targets.requireMachine(networkId, machine);
    return this.describe(networkId, machine);
  }

  @Put()
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.MachineConfig)
  @ApiOperation({
    operationId: 'setMachineConsole',
    summary: 'Turn the graphical console (VNC) on or off; takes effect when the VM is next started',
  })
  @ApiOkResponse({ type: MachineConsoleDto })
  async set(
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Body() body: MachineConsoleSettingsDto,
  ): Promise<MachineConsoleDto> {
    await this.targets.requireMachine(networkId, machine);
    await this.settings.set(networkId, machine, { display: body.display });
    return this.describe(networkId, machine);
  }

  @Post('ticket')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.MachineConsole)
  @ApiOperation({
    operationId: 'issueMachineConsoleTicket',
    summary: 'A single-use, short-lived ticket to open the serial or graphical console over the console WebSocket',
  })
  @ApiCreatedResponse({ type: ConsoleTicketDto })
  @ApiConflictResponse({ description: 'VNC only: the machine has no display, or it is not running with one.' })
  async ticket(
    @CurrentPrincipal() principal: Principal,
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Body() body: MachineConsoleTicketRequestDto,
  ): Promise<ConsoleTicketDto> {
    await this.targets.requireMachine(networkId, machine);
    if (body.kind === 'vnc') await this.targets.requireDisplay(networkId, machine);
    return ticketDto(await this.tickets.issue(principal.userId, { kind: body.kind, networkId, machine }));
  }

  @Get('log')
  @NetworkIdDoc()
  @MachineDoc()
  @NetworkAccess(Privilege.MachineConsole)
  @ApiOperation({
    operationId: 'getSerialScrollback',
    summary: "The VM's serial output kept by the panel (current boot by default), by absolute offset or from the end",
  })
  @ApiOkResponse({ type: SerialScrollbackDto })
  async log(
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Query() q: SerialScrollbackQueryDto,
  ): Promise<SerialScrollbackDto> {
    await this.targets.requireMachine(networkId, machine);
    return this.serialLog.page(networkId, machine, q);
  }

  /**
   * Server-sent events, one per chunk of new output (`id` = the offset after
   * it). A browser's EventSource reconnects by itself sending `Last-Event-ID`:
   * that offset wins over `from`, so nothing is repeated. Not in OpenAPI: it never ends.
   */
  @Sse('log/stream')
  @ApiExcludeEndpoint()
  @NetworkAccess(Privilege.MachineConsole)
  @HttpCode(200)
  async follow(
    @NetworkId() networkId: string,
    @Machine() machine: string,
    @Query() q: SerialScrollbackQueryDto,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<Observable<MessageEvent>> {
    await this.targets.requireMachine(networkId, machine);
    const resume = lastEventId !== undefined && /^\d{1,15}$/.test(lastEventId.trim()) ? Number(lastEventId.trim()) : undefined;
    return this.serialLog.follow(networkId, machine, resume ?? q.from).pipe(map((c) => ({ id: String(c.to), type: 'output', data: c })));
  }

  private async describe(networkId: string, machine: string): Promise<MachineConsoleDto> {
    const facts = await this.targets.facts(networkId, machine);
    const live = this.hub.snapshot(networkId, machine);
    return {
      display: facts.display,
      running: facts.running,
      displayAvailable: facts.displayAvailable,
      state: live?.state ?? (facts.running ? 'attaching' : 'stopped'),
      participants: live?.participants ?? [],
    };
  }
}
