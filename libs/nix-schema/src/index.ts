export * from './lib/nix-schema';
