import { CONSOLE_WS_PATH } from '@clan/contracts';
import type { ConsoleTicketDto } from '../dto/console.dto';
import type { IssuedTicket } from './console-tickets.service';

/** The ticket as the API answers it, with the WebSocket URL ready to open. */
export function ticketDto(t: IssuedTicket): ConsoleTicketDto {
  const query = new URLSearchParams({ ticket: t.ticket, target: t.target });
  return { ticket: t.ticket, target: t.target, url: `${CONSOLE_WS_PATH}?${query}`, expiresAt: t.expiresAt.toISOString() };
}
