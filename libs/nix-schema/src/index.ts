/** Browser-safe: schemas, catalog, JSON Schema, repository rendering, network links. Node-only helpers: "@clan/nix-schema/node". */
export * from './lib/names';
export * from './lib/fields';
export * from './lib/json-path';
export * from './lib/json-position';
export * from './lib/catalog';
export * from './lib/config-schema';
export * from './lib/mesh-schema';
export * from './lib/json-schema';
export * from './lib/nix-string';
export * from './lib/stable-json';
export * from './lib/repo';
export * from './lib/network-link';
export * from './lib/schema-validator';
export * from './lib/host-packages';
export * from './lib/marketplace-apps';
