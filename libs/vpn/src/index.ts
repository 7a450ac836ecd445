export * from './lib/vpn';
