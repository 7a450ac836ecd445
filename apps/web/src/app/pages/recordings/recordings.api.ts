import { Injectable, inject } from '@angular/core';
import type { components, operations } from '@clan/api-client';
import { Api } from '../../core/api/api';

type Schemas = components['schemas'];
export type RecordingView = Schemas['RecordingDto'];
export type RecordingPage = Schemas['RecordingListDto'];
export type RecordingQuery = NonNullable<operations['listRecordings']['parameters']['query']>;

/** Where one recording is read from: host admins read any through the host routes, others through its network. */
export interface RecordingRef {
  recordingId: string;
  /** The network to ask through; null for a host admin (the host routes answer for every recording). */
  networkId: string | null;
}

/**
 * The terminal recordings' routes (docs/consoles.md "Recordings") through the
 * generated client: the list of what the caller may replay, one recording,
 * its asciicast file, and deleting one (host admins).
 */
@Injectable({ providedIn: 'root' })
export class RecordingsApi {
  private readonly api = inject(Api);
  private readonly client = this.api.client;

  list(query: RecordingQuery): Promise<RecordingPage> {
    return this.api.call(this.client.GET('/api/consoles/recordings', { params: { query } }));
  }

  get(ref: RecordingRef): Promise<RecordingView> {
    const { recordingId, networkId } = ref;
    if (networkId === null)
      return this.api.call(this.client.GET('/api/host/recordings/{recordingId}', { params: { path: { recordingId } } }));
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/recordings/{recordingId}', { params: { path: { networkId, recordingId } } }),
    );
  }

  /** The asciicast v2 text. */
  cast(ref: RecordingRef): Promise<string> {
    const { recordingId, networkId } = ref;
    if (networkId === null) {
      return this.api.call(
        this.client.GET('/api/host/recordings/{recordingId}/cast', { params: { path: { recordingId } }, parseAs: 'text' }),
      );
    }
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/recordings/{recordingId}/cast', {
        params: { path: { networkId, recordingId } },
        parseAs: 'text',
      }),
    );
  }

  /** The same file as a link for the browser to download (the session cookie goes along). */
  castUrl(ref: RecordingRef): string {
    const id = encodeURIComponent(ref.recordingId);
    return ref.networkId === null
      ? `/api/host/recordings/${id}/cast`
      : `/api/networks/${encodeURIComponent(ref.networkId)}/recordings/${id}/cast`;
  }

  async delete(recordingId: string): Promise<void> {
    await this.api.call(this.client.DELETE('/api/host/recordings/{recordingId}', { params: { path: { recordingId } } }));
  }
}
