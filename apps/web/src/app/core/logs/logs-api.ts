import { Injectable, inject } from '@angular/core';
import type { TaskStatus } from '@clan/contracts';
import type { components, operations } from '@clan/api-client';
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
export interface JournalFilter {
  unit?: string;
  priority?: number;
}

/**
 * The live logs' routes (docs/consoles.md "Live logs"): the VM serial log by
 * offset, the host journal by cursor, the server-sent event streams that
 * follow them (not in the OpenAPI document: URLs only), and a machine's tasks.
 */
@Injectable({ providedIn: 'root' })
export class LogsApi {
  private readonly api = inject(Api);
  private readonly client = this.api.client;

  serialLog(networkId: string, machine: string, query: SerialLogQuery): Promise<SerialScrollbackView> {
    return this.api.call(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/console/log', { params: { path: { networkId, machine }, query } }),
    );
  }

  /** Follows the serial output from the absolute offset `from`. */
  serialStreamUrl(networkId: string, machine: string, from: number): string {
    return `/api/networks/${encodeURIComponent(networkId)}/machines/${encodeURIComponent(machine)}/console/log/stream?from=${from}`;
  }

  journal(query: JournalQuery): Promise<JournalPageView> {
    return this.api.call(this.client.GET('/api/host/journal', { params: { query } }));
  }

  /** Follows the journal after the cursor `after` (from now without one). */
  journalStreamUrl(filter: JournalFilter, after: string | null): string {
    const params = new URLSearchParams();
    if (filter.unit) params.set('unit', filter.unit);
    if (filter.priority !== undefined) params.set('priority', String(filter.priority));
    if (after) params.set('after', after);
    const query = params.toString();
    return `/api/host/journal/stream${query ? `?${query}` : ''}`;
  }

  /** A machine's tasks, newest first. */
  async machineTasks(networkId: string, machine: string, limit: number, offset: number): Promise<{ items: TaskView[]; total: number }> {
    const page = await this.api.call(this.client.GET('/api/tasks', { params: { query: { networkId, machine, limit, offset } } }));
    return { items: page.items.map((t) => ({ ...t, status: t.status as TaskStatus })), total: page.total };
  }
}
