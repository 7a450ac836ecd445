import { type components, unwrap } from '@clan/api-client';
import type { PanelApi } from './api';

type Schemas = components['schemas'];
export type ConsoleTicket = Schemas['ConsoleTicketDto'];
export type Recording = Schemas['RecordingDto'];
export type RecordingList = Schemas['RecordingListDto'];

export interface RecordingFilter {
  networkId?: string;
  machine?: string;
  kind?: 'serial' | 'host';
  limit?: number;
  offset?: number;
}

/** The console routes (tag `consoles`, docs/consoles.md) the CLI uses. */
export class ConsoleApi {
  constructor(private readonly api: PanelApi) {}

  private get client() {
    return this.api.client;
  }

  machineTicket(networkId: string, machine: string, kind: 'serial' | 'vnc' = 'serial'): Promise<ConsoleTicket> {
    return unwrap(
      this.client.POST('/api/networks/{networkId}/machines/{machine}/console/ticket', {
        params: { path: { networkId, machine } },
        body: { kind },
      }),
    );
  }

  hostTicket(sessionId?: string): Promise<ConsoleTicket> {
    return unwrap(this.client.POST('/api/host/terminal/ticket', { body: sessionId ? { sessionId } : {} }));
  }

  recordings(filter: RecordingFilter): Promise<RecordingList> {
    return unwrap(this.client.GET('/api/consoles/recordings', { params: { query: filter } }));
  }

  /** Any recording (host admins: `Sys.Audit`). */
  recording(id: string): Promise<Recording> {
    return unwrap(this.client.GET('/api/host/recordings/{recordingId}', { params: { path: { recordingId: id } } }));
  }

  /** A recording of one network's serial consoles (`Machine.Console` there). */
  networkRecording(networkId: string, id: string): Promise<Recording> {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/recordings/{recordingId}', { params: { path: { networkId, recordingId: id } } }),
    );
  }

  /** The asciicast file's text, through the host route or the network's (`networkId`). */
  async cast(id: string, networkId: string | null): Promise<string> {
    const text = networkId
      ? await unwrap(
          this.client.GET('/api/networks/{networkId}/recordings/{recordingId}/cast', {
            params: { path: { networkId, recordingId: id } },
            parseAs: 'text',
          }),
        )
      : await unwrap(
          this.client.GET('/api/host/recordings/{recordingId}/cast', { params: { path: { recordingId: id } }, parseAs: 'text' }),
        );
    return text;
  }
}
