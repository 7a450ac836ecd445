import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { QueryOf, Schemas } from './types';

export type ConsoleKind = Schemas['MachineConsoleTicketRequestDto']['kind'];

/** Consoles (docs/consoles.md): a machine's console settings, one-use tickets, host shells. */
export class ConsolesApi {
  constructor(private readonly client: ClanClient) {}

  machine(networkId: string, machine: string) {
    return unwrap(this.client.GET('/api/networks/{networkId}/machines/{machine}/console', { params: { path: { networkId, machine } } }));
  }

  setMachineDisplay(networkId: string, machine: string, display: boolean) {
    return unwrap(
      this.client.PUT('/api/networks/{networkId}/machines/{machine}/console', {
        params: { path: { networkId, machine } },
        body: { display },
      }),
    );
  }

  machineTicket(networkId: string, machine: string, kind: NonNullable<ConsoleKind> = 'serial') {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/console/ticket', {
        params: { path: { networkId, machine } },
        body: { kind },
      }),
    );
  }

  /** A ticket for a new host shell, or for joining the running one `sessionId`. */
  hostTicket(sessionId?: string) {
    return unwrap(this.client.POST('/api/host/terminal/ticket', { body: sessionId ? { sessionId } : {} }));
  }

  /** Running host shells and who is connected to each (Sys.Terminal). */
  hostSessions() {
    return unwrap(this.client.GET('/api/host/terminal/sessions'));
  }
}

/** Which route to read a recording through. */
export interface RecordingRef {
  recordingId: string;
  /** The network to ask through (`Machine.Console` there); null for the host routes (host admins: `Sys.Audit`). */
  networkId: string | null;
}

/** Console recordings (asciicast v2). */
export class RecordingsApi {
  constructor(private readonly client: ClanClient) {}

  list(query: QueryOf<'listRecordings'> = {}) {
    return unwrap(this.client.GET('/api/consoles/recordings', { params: { query } }));
  }

  get({ recordingId, networkId }: RecordingRef) {
    if (networkId === null) return unwrap(this.client.GET('/api/host/recordings/{recordingId}', { params: { path: { recordingId } } }));
    return unwrap(this.client.GET('/api/networks/{networkId}/recordings/{recordingId}', { params: { path: { networkId, recordingId } } }));
  }

  /** The asciicast file's text. */
  cast({ recordingId, networkId }: RecordingRef): Promise<string> {
    if (networkId === null) {
      return unwrap(this.client.GET('/api/host/recordings/{recordingId}/cast', { params: { path: { recordingId } }, parseAs: 'text' }));
    }
    return unwrap(
      this.client.GET('/api/networks/{networkId}/recordings/{recordingId}/cast', {
        params: { path: { networkId, recordingId } },
        parseAs: 'text',
      }),
    );
  }

  /** The same file as a same-origin link (for a browser download, which sends the session cookie). */
  castUrl({ recordingId, networkId }: RecordingRef): string {
    const id = encodeURIComponent(recordingId);
    return networkId === null ? `/api/host/recordings/${id}/cast` : `/api/networks/${encodeURIComponent(networkId)}/recordings/${id}/cast`;
  }

  async delete(recordingId: string): Promise<void> {
    await unwrap(this.client.DELETE('/api/host/recordings/{recordingId}', { params: { path: { recordingId } } }));
  }
}
