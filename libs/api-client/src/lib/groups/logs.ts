import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { QueryOf } from './types';

/** The journal filters a stream takes (a page's, without paging). */
export interface JournalFilter {
  unit?: string;
  priority?: number;
}

/**
 * Live logs (docs/consoles.md "Live logs"): a VM's serial log by offset, the
 * host journal by cursor, and the URLs of the server-sent event streams that
 * follow them (not in the OpenAPI document).
 */
export class LogsApi {
  constructor(private readonly client: ClanClient) {}

  serial(networkId: string, machine: string, query: QueryOf<'getSerialScrollback'> = {}) {
    return unwrap(
      this.client.GET('/api/networks/{networkId}/machines/{machine}/console/log', { params: { path: { networkId, machine }, query } }),
    );
  }

  /** Follows the serial output from the absolute offset `from` (same origin). */
  serialStreamUrl(networkId: string, machine: string, from: number): string {
    return `/api/networks/${encodeURIComponent(networkId)}/machines/${encodeURIComponent(machine)}/console/log/stream?from=${from}`;
  }

  journal(query: QueryOf<'getHostJournal'> = {}) {
    return unwrap(this.client.GET('/api/host/journal', { params: { query } }));
  }

  /** Follows the journal after the cursor `after` (from now without one; same origin). */
  journalStreamUrl(filter: JournalFilter, after: string | null): string {
    const params = new URLSearchParams();
    if (filter.unit) params.set('unit', filter.unit);
    if (filter.priority !== undefined) params.set('priority', String(filter.priority));
    if (after) params.set('after', after);
    const query = params.toString();
    return `/api/host/journal/stream${query ? `?${query}` : ''}`;
  }
}
