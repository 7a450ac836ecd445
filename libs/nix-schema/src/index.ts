export * from './lib/names';
