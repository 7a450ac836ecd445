import { Injectable, inject } from '@angular/core';
import type { components, MarketplaceEntryQuery } from '@clan/api-client';
import { Api } from '../../core/api/api';

type Schemas = components['schemas'];
export type MarketplaceEntryView = Schemas['MarketplaceEntryDto'];
export type MarketplaceEntryKind = MarketplaceEntryView['kind'];
export type MarketplaceSourceView = Schemas['MarketplaceSourceDto'];
export type MarketplaceSourceDetailView = Schemas['MarketplaceSourceDetailDto'];
/** `verified` is optional in the API (default false); the generated type makes a defaulted field required. */
export type CreateMarketplaceSourceRequest = Omit<Schemas['CreateMarketplaceSourceDto'], 'verified'> & { verified?: boolean };
export type { MarketplaceEntryQuery };

/** The marketplace routes (docs/marketplace.md) as the Marketplace page uses them: calls of the shared facade's `marketplace` group. */
@Injectable({ providedIn: 'root' })
export class MarketplaceApi {
  private readonly api = inject(Api);
  private readonly marketplace = this.api.facade.marketplace;

  async entries(query: MarketplaceEntryQuery): Promise<MarketplaceEntryView[]> {
    return (await this.api.run(this.marketplace.entries(query))).items;
  }

  entry(source: string, kind: MarketplaceEntryKind, key: string): Promise<MarketplaceEntryView> {
    return this.api.run(this.marketplace.entry(source, kind, key));
  }

  async sources(): Promise<MarketplaceSourceView[]> {
    return (await this.api.run(this.marketplace.listSources())).items;
  }

  createSource(body: CreateMarketplaceSourceRequest): Promise<MarketplaceSourceDetailView> {
    // Without `verified` the API takes false (its default); only the generated type insists on it.
    return this.api.run(this.marketplace.createSource(body as Schemas['CreateMarketplaceSourceDto']));
  }

  refreshSource(sourceId: string): Promise<MarketplaceSourceDetailView> {
    return this.api.run(this.marketplace.refreshSource(sourceId));
  }

  async deleteSource(sourceId: string): Promise<void> {
    await this.api.run(this.marketplace.deleteSource(sourceId));
  }
}
