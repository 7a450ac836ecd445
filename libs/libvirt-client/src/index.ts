export * from './lib/probe';
