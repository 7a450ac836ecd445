import type { components } from '@clan/api-client';

/**
 * Shapes of the console routes (docs/consoles.md): the generated DTOs, so a
 * contract change breaks the build here. The WebSocket protocol's messages
 * are in @clan/contracts (ConsoleServerMessage, ConsoleClientMessage).
 */
type Schemas = components['schemas'];

export type MachineConsoleView = Schemas['MachineConsoleDto'];
export type ConsoleTicketView = Schemas['ConsoleTicketDto'];
export type ConsoleParticipantView = Schemas['ConsoleParticipantDto'];
export type HostTerminalSessionView = Schemas['HostTerminalSessionDto'];
export type MachineConsoleKind = Schemas['MachineConsoleTicketRequestDto']['kind'];
