import { Injectable, inject } from '@angular/core';
import type { TaskStatus } from '@clan/contracts';
import type { components, JournalFilter, operations } from '@clan/api-client';
import { Api } from '../api/api';
import type { TaskView } from '../api/api-types';
import type { JournalPageView } from './journal';

export type SerialScrollbackView = components['schemas']['SerialScrollbackDto'];
export type SerialLogQuery = NonNullable<operations['getSerialScrollback']['parameters']['query']>;
export type JournalQuery = NonNullable<operations['getHostJournal']['parameters']['query']>;
/** A follow event of the serial log stream (`event: output`). */
export interface SerialChunk {
  from: number;
  to: number;
  text: string;
}

/** The journal filters the stream takes (the page's, without paging). */
export type { JournalFilter } from '@clan/api-client';

/**
 * The live logs as the pages use them (docs/consoles.md "Live logs"): calls
 * of the shared facade's `logs` group (serial log by offset, host journal by
 * cursor, the URLs of the event streams that follow them) and a machine's tasks.
 */
@Injectable({ providedIn: 'root' })
export class LogsApi {
  private readonly api = inject(Api);
  private readonly logs = this.api.facade.logs;

  serialLog(networkId: string, machine: string, query: SerialLogQuery): Promise<SerialScrollbackView> {
    return this.api.run(this.logs.serial(networkId, machine, query));
  }

  /** Follows the serial output from the absolute offset `from`. */
  serialStreamUrl(networkId: string, machine: string, from: number): string {
    return this.logs.serialStreamUrl(networkId, machine, from);
  }

  journal(query: JournalQuery): Promise<JournalPageView> {
    return this.api.run(this.logs.journal(query));
  }

  /** Follows the journal after the cursor `after` (from now without one). */
  journalStreamUrl(filter: JournalFilter, after: string | null): string {
    return this.logs.journalStreamUrl(filter, after);
  }

  /** A machine's tasks, newest first. */
  async machineTasks(networkId: string, machine: string, limit: number, offset: number): Promise<{ items: TaskView[]; total: number }> {
    const page = await this.api.run(this.api.facade.tasks.list({ networkId, machine, limit, offset }));
    return { items: page.items.map((t) => ({ ...t, status: t.status as TaskStatus })), total: page.total };
  }
}
