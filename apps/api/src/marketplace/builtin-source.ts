import { catalogApps } from '../catalog/catalog';
import type { MarketplaceEntryDto } from './marketplace.dto';
import { BUILT_IN_SOURCE } from './source-url';

/**
 * Categories of the built-in apps, for the marketplace's filter. The catalog
 * (libs/nix-schema) has no category yet; an app missing here is "other".
 */
const BUILT_IN_CATEGORIES: Readonly<Record<string, string>> = {
  syncthing: 'files',
  nextcloud: 'files',
  forgejo: 'development',
  vaultwarden: 'security',
  jellyfin: 'media',
  mumbleServer: 'communication',
  mumbleClient: 'communication',
  homeAssistant: 'home',
  paperless: 'documents',
};

/** The built-in apps as the marketplace lists them: one source, read from the catalog, not from git. */
export function builtInEntries(): MarketplaceEntryDto[] {
  return catalogApps().map((app) => ({
    source: BUILT_IN_SOURCE,
    sourceId: null,
    thirdParty: false,
    kind: 'app',
    key: app.key,
    title: app.title,
    description: app.description,
    category: BUILT_IN_CATEGORIES[app.key] ?? 'other',
    author: 'cLAN',
    licence: 'MIT',
    icon: null,
    revision: null,
    narHash: null,
    options: app.schema,
    ports: app.ports.map((p) => ({ port: p.port, protocol: p.protocol })),
    state: { paths: app.state.paths, hooks: app.state.hooks },
    nixosModule: app.nixosModule,
    template: null,
  }));
}
