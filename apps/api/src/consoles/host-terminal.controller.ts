import { Privilege } from '@clan/contracts';
import { Body, Controller, Get, Headers, HttpCode, type MessageEvent, Post, Query, Sse } from '@nestjs/common';
import { ApiCreatedResponse, ApiExcludeEndpoint, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import { HostAccess } from '../common/authz/access.decorator';
import { CurrentPrincipal } from '../common/authz/current-principal.decorator';
import type { Principal } from '../common/authz/principal';
import { notFound } from '../common/errors/domain-error';
import {
  ConsoleTicketDto,
  HostTerminalSessionListDto,
  HostTerminalTicketRequestDto,
  JournalPageDto,
  JournalQueryDto,
} from './dto/console.dto';
import { JournalService } from './logs/journal.service';
import { HostTerminals } from './terminal/host-terminals.service';
import { ConsoleTickets } from './tickets/console-tickets.service';
import { ticketDto } from './tickets/ticket-dto';

/** The host's remote-support terminal and its journal (docs/consoles.md). */
@ApiTags('consoles')
@Controller('host')
export class HostTerminalController {
  constructor(
    private readonly tickets: ConsoleTickets,
    private readonly terminals: HostTerminals,
    private readonly journal: JournalService,
  ) {}

  @Post('terminal/ticket')
  @HostAccess(Privilege.SysTerminal)
  @ApiOperation({
    operationId: 'issueHostTerminalTicket',
    summary: 'A single-use, short-lived ticket to open a shell on the host (or join a running one) over the console WebSocket',
  })
  @ApiCreatedResponse({ type: ConsoleTicketDto })
  @ApiNotFoundResponse({ description: 'No running session has that id (in this panel process).' })
  async ticket(@CurrentPrincipal() principal: Principal, @Body() body: HostTerminalTicketRequestDto): Promise<ConsoleTicketDto> {
    if (body.sessionId && !this.terminals.has(body.sessionId)) throw notFound('Terminal session');
    return ticketDto(await this.tickets.issue(principal.userId, { kind: 'host', sessionId: body.sessionId ?? null }));
  }

  @Get('terminal/sessions')
  @HostAccess(Privilege.SysTerminal)
  @ApiOperation({ operationId: 'listHostTerminalSessions', summary: 'Shells running on the host, and who is connected to each' })
  @ApiOkResponse({ type: HostTerminalSessionListDto })
  sessions(): HostTerminalSessionListDto {
    return { items: this.terminals.list() };
  }

  @Get('journal')
  @HostAccess(Privilege.SysAudit)
  @ApiOperation({
    operationId: 'getHostJournal',
    summary: "The host's journal (journalctl): newest entries, or a page before/after a cursor; filter by unit and priority",
  })
  @ApiOkResponse({ type: JournalPageDto })
  page(@Query() q: JournalQueryDto): Promise<JournalPageDto> {
    return this.journal.page({ unit: q.unit, priority: q.priority }, { after: q.after, before: q.before, limit: q.limit ?? 100 });
  }

  /**
   * Server-sent events, one per new entry (`id` = its cursor). A browser's
   * EventSource reconnects by itself sending `Last-Event-ID`: that cursor wins
   * over `after`, so nothing is repeated. Not in OpenAPI: it never ends.
   */
  @Sse('journal/stream')
  @ApiExcludeEndpoint()
  @HostAccess(Privilege.SysAudit)
  @HttpCode(200)
  follow(@Query() q: JournalQueryDto, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    return this.journal
      .follow({ unit: q.unit, priority: q.priority }, lastEventId?.trim() || q.after)
      .pipe(map((e) => ({ id: e.cursor, type: 'entry', data: e })));
  }
}
