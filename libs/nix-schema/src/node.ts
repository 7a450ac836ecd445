/** Node-only helpers (spawn Nix, write files). Import from "@clan/nix-schema/node", never from browser code. */
export * from './node/nix';
export * from './node/repo-fs';
export * from './node/schema-validators-codegen';
