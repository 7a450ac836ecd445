import type { ClanClient } from '../client';
import { unwrap } from '../errors';
import type { QueryOf, Schemas } from './types';

type CreateSource = Schemas['CreateMarketplaceSourceDto'];
export type MarketplaceEntryQuery = QueryOf<'listMarketplaceEntries'>;

/** The marketplace (docs/marketplace.md): sources host admins manage, and the entries everyone signed in browses. */
export class MarketplaceApi {
  constructor(private readonly client: ClanClient) {}

  /** `{ items }`: the built-in apps first, then every source's indexed entries; `q`, `category` and `kind` narrow it. */
  entries(query: MarketplaceEntryQuery = {}) {
    return unwrap(this.client.GET('/api/marketplace/entries', { params: { query } }));
  }

  /** One app or template of a source ("built-in" for the panel's own apps). */
  entry(source: string, kind: 'app' | 'template', key: string) {
    return unwrap(this.client.GET('/api/marketplace/entries/{source}/{kind}/{key}', { params: { path: { source, kind, key } } }));
  }

  listSources() {
    return unwrap(this.client.GET('/api/marketplace/sources'));
  }

  /** Adds a source and refreshes it once; a failed first refresh is the answer's `lastError`, not an error. */
  createSource(body: CreateSource) {
    return unwrap(this.client.POST('/api/marketplace/sources', { body }));
  }

  getSource(sourceId: string) {
    return unwrap(this.client.GET('/api/marketplace/sources/{sourceId}', { params: { path: { sourceId } } }));
  }

  /** Fetches and indexes the followed ref now; a failure is the answer's `lastError` (the last index stays). */
  refreshSource(sourceId: string) {
    return unwrap(this.client.POST('/api/marketplace/sources/{sourceId}/refresh', { params: { path: { sourceId } } }));
  }

  deleteSource(sourceId: string) {
    return unwrap(this.client.DELETE('/api/marketplace/sources/{sourceId}', { params: { path: { sourceId } } }));
  }
}
