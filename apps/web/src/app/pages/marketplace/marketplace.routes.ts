import type { Route } from '@angular/router';

/** /marketplace and /marketplace/:source/:kind/:key, both in the marketplace's own lazy chunks. */
export const MARKETPLACE_ROUTES: Route[] = [
  {
    path: '',
    title: 'Marketplace · cLAN panel',
    loadComponent: () => import('./marketplace.page').then((m) => m.MarketplacePage),
  },
  {
    path: ':source/:kind/:key',
    title: 'Marketplace entry · cLAN panel',
    loadComponent: () => import('./marketplace-entry.page').then((m) => m.MarketplaceEntryPage),
  },
];
