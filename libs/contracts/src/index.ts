export * from './lib/privileges';
export * from './lib/errors';
export * from './lib/tasks';
export * from './lib/metrics';
export * from './lib/notifications';
export * from './lib/consoles';
export * from './lib/network-system';
export * from './lib/mesh-agent';
