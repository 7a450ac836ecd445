import { Injectable, inject } from '@angular/core';
import type { components, operations, RecordingRef } from '@clan/api-client';
import { Api } from '../../core/api/api';

type Schemas = components['schemas'];
export type RecordingView = Schemas['RecordingDto'];
export type RecordingPage = Schemas['RecordingListDto'];
export type RecordingQuery = NonNullable<operations['listRecordings']['parameters']['query']>;

/** Where one recording is read from: host admins read any through the host routes, others through its network. */
export type { RecordingRef } from '@clan/api-client';

/** The recording routes as the pages use them: calls of the shared facade's `recordings` group. */
@Injectable({ providedIn: 'root' })
export class RecordingsApi {
  private readonly api = inject(Api);
  private readonly recordings = this.api.facade.recordings;

  list(query: RecordingQuery): Promise<RecordingPage> {
    return this.api.run(this.recordings.list(query));
  }

  get(ref: RecordingRef): Promise<RecordingView> {
    return this.api.run(this.recordings.get(ref));
  }

  /** The asciicast v2 text. */
  cast(ref: RecordingRef): Promise<string> {
    return this.api.run(this.recordings.cast(ref));
  }

  /** The same file as a link for the browser to download (the session cookie goes along). */
  castUrl(ref: RecordingRef): string {
    return this.recordings.castUrl(ref);
  }

  delete(recordingId: string): Promise<void> {
    return this.api.run(this.recordings.delete(recordingId));
  }
}
