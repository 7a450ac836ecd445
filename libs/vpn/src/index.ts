export * from './lib/keys';
