import type { MarketplaceEntryView, MarketplaceSourceView } from './marketplace.api';

/** Entries and sources as the API answers them, for the marketplace specs. */
export function builtInApp(over: Partial<MarketplaceEntryView> = {}): MarketplaceEntryView {
  return {
    source: 'built-in',
    sourceId: null,
    thirdParty: false,
    kind: 'app',
    key: 'syncthing',
    title: 'Syncthing',
    description: 'Keeps folders in sync between devices. Peer to peer, no cloud.',
    category: 'files',
    author: 'cLAN',
    licence: 'MIT',
    icon: null,
    revision: null,
    narHash: null,
    options: {
      type: 'object',
      required: ['enable'],
      properties: {
        enable: { type: 'boolean', default: false, description: 'Run Syncthing.' },
        port: { type: 'integer', minimum: 1, maximum: 65535, default: 8384, description: 'Web interface port.' },
        gui: { type: 'object', properties: { theme: { enum: ['light', 'dark'], description: 'Colours.' } } },
      },
    },
    ports: [
      { port: 22000, protocol: 'tcp' },
      { port: 21027, protocol: 'udp' },
    ],
    state: { paths: ['/var/lib/syncthing'], hooks: [] },
    nixosModule: 'clan.applications.syncthing',
    template: null,
    ...over,
  };
}

export const REVISION = '57ca8d08786d98228aaeebf12273a7c2f1850b67';

export function thirdPartyApp(over: Partial<MarketplaceEntryView> = {}): MarketplaceEntryView {
  return builtInApp({
    source: 'example-apps',
    sourceId: '0b6f7d4e-3c1a-4f5e-9a57-2d8c1e0f4a11',
    thirdParty: true,
    key: 'pinBoard',
    title: 'Pin board',
    description: 'A shared pin board for the household.\nNotes and lists.',
    category: 'productivity',
    author: 'Ada Author <ada@example.org>',
    licence: 'MIT',
    revision: REVISION,
    narHash: 'sha256-jv2U8YaWvz5q4A21yvnhPTWKIqFVRbAT6bg/l/b5iAc=',
    options: { type: 'object', properties: { port: { type: 'integer', minimum: 1, maximum: 65535, default: 8080 } } },
    ports: [{ port: 8080, protocol: 'tcp' }],
    state: { paths: ['/var/lib/pin-board'], hooks: [] },
    nixosModule: './apps/pin-board.nix',
    ...over,
  });
}

export function template(over: Partial<MarketplaceEntryView> = {}): MarketplaceEntryView {
  return thirdPartyApp({
    kind: 'template',
    key: 'home',
    title: 'Home network',
    description: 'A home server with Syncthing.',
    category: null,
    options: null,
    ports: [],
    state: null,
    nixosModule: null,
    template: { configs: { 'home-server': { applications: { syncthing: { enable: true } } } }, apps: ['syncthing'], sources: {} },
    ...over,
  });
}

export function source(over: Partial<MarketplaceSourceView> = {}): MarketplaceSourceView {
  return {
    id: '0b6f7d4e-3c1a-4f5e-9a57-2d8c1e0f4a11',
    name: 'example-apps',
    url: 'https://git.example.org/author/clan-apps',
    ref: null,
    verified: false,
    signers: [],
    createdAt: '2026-12-01T10:00:00.000Z',
    refreshedAt: '2026-12-07T09:30:00.000Z',
    lastError: null,
    revision: REVISION,
    narHash: 'sha256-jv2U8YaWvz5q4A21yvnhPTWKIqFVRbAT6bg/l/b5iAc=',
    entries: 2,
    ...over,
  };
}
