/**
 * Full-mesh rendering benchmark: one network of BENCH_MESH_PEERS (250) peers —
 * a relay hub, machines with endpoints, devices behind NAT without endpoints
 * (whose pairs all go through the hub, the heaviest case for AllowedIPs) —
 * rendered for every peer, measured against plain JSON.stringify of the same
 * peer list (once per peer, since each peer's config describes the others) in
 * the same run, so results compare across machines as ratios.
 *
 *   node bench/mesh-bench.mjs            (wrapper; or directly:)
 *   TS_NODE_TRANSPILE_ONLY=1 TS_NODE_PROJECT=libs/vpn/tsconfig.tools.json \
 *     node -r ts-node/register -r tsconfig-paths/register libs/vpn/bench/mesh-bench.ts
 *
 * The same network with every device `relayOnly` is measured too (configs that
 * fit a phone's QR code).
 *
 * Settings: BENCH_MESH_PEERS (250), BENCH_MESH_MACHINES (50, of which one is the
 * relay hub), BENCH_MESH_ITERATIONS (20), BENCH_MESH_WARMUP (3).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { wireGuardTestNetwork, yggdrasilTestNetwork, type PeerSpec } from '../src/lib/testing/fixtures';
import { planWireGuardMesh } from '../src/lib/wireguard/plan';
import { renderWgQuick, renderWgSetconf } from '../src/lib/wireguard/wg-quick';
import { renderWireGuardNixos } from '../src/lib/wireguard/nixos';
import { renderYggdrasilConfig } from '../src/lib/yggdrasil/config';

const PEERS = Number(process.env['BENCH_MESH_PEERS'] ?? 250);
const MACHINES = Math.min(PEERS, Number(process.env['BENCH_MESH_MACHINES'] ?? 50));
const ITERATIONS = Number(process.env['BENCH_MESH_ITERATIONS'] ?? 20);
const WARMUP = Number(process.env['BENCH_MESH_WARMUP'] ?? 3);
const ROOT = join(__dirname, '..', '..', '..');
const KEY_FILE = '/var/lib/clan/mesh/wireguard.key';

interface Stats {
  medianMs: number;
  p90Ms: number;
  minMs: number;
  meanMs: number;
}

function measure(run: () => unknown): Stats {
  for (let i = 0; i < WARMUP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    medianMs: round(at(0.5)),
    p90Ms: round(at(0.9)),
    minMs: round(times[0]),
    meanMs: round(times.reduce((a, b) => a + b, 0) / times.length),
  };
}

function sizes(texts: string[]) {
  const bytes = texts.map((t) => Buffer.byteLength(t)).sort((a, b) => a - b);
  return {
    totalBytes: bytes.reduce((a, b) => a + b, 0),
    perPeerBytes: { min: bytes[0], median: bytes[Math.floor(bytes.length / 2)], max: bytes[bytes.length - 1] },
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

const specs: PeerSpec[] = Array.from({ length: PEERS }, (_, i) => {
  if (i === 0) return { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true };
  if (i < MACHINES) return { name: `machine-${i}`, endpoint: `198.51.100.${i % 250}:${51820 + i}` };
  return { name: `device-${i}`, kind: 'device', behindNat: true, listenPort: null };
});
const { network, privateKeys } = wireGuardTestNetwork(specs, { ipv4Range: '10.100.0.0/23' });
const ygg = yggdrasilTestNetwork(specs);
// The same network with every device relay-only (phones: configs that fit a QR code).
const relayOnlyNetwork = { ...network, peers: network.peers.map((p) => (p.kind === 'device' ? { ...p, relayOnly: true } : p)) };
const machineNames = new Set(network.peers.filter((p) => p.kind === 'machine').map((p) => p.name));

const plan = planWireGuardMesh(network);
const wgQuick = plan.peers.map((p) => renderWgQuick(p, { privateKey: privateKeys.get(p.name), dns: ['10.100.0.1', 'family.clan'] }));
const setconf = plan.peers.map((p) => renderWgSetconf(p, { privateKey: privateKeys.get(p.name) }));
const nixos = plan.peers
  .filter((p) => machineNames.has(p.name))
  .map((p) => JSON.stringify(renderWireGuardNixos(p, { privateKeyFile: KEY_FILE })));
const relayOnlyPlan = planWireGuardMesh(relayOnlyNetwork);
const wgQuickRelayOnly = relayOnlyPlan.peers.map((p) =>
  renderWgQuick(p, { privateKey: privateKeys.get(p.name), dns: ['10.100.0.1', 'family.clan'] }),
);
const deviceNames = new Set(network.peers.filter((p) => p.kind === 'device').map((p) => p.name));
const yggConfigs = ygg.network.peers.map((p) => renderYggdrasilConfig(ygg.network, p.name, { privateKey: ygg.privateKeys.get(p.name) }));
const baselinePerPeer = network.peers.map(() => JSON.stringify(network.peers));

const cases = {
  baselineJsonPerPeer: measure(() => network.peers.map(() => JSON.stringify(network.peers))),
  plan: measure(() => planWireGuardMesh(network)),
  wgQuickAll: measure(() =>
    planWireGuardMesh(network).peers.map((p) => renderWgQuick(p, { privateKey: privateKeys.get(p.name), dns: ['10.100.0.1'] })),
  ),
  setconfAll: measure(() => planWireGuardMesh(network).peers.map((p) => renderWgSetconf(p, { privateKey: privateKeys.get(p.name) }))),
  wgQuickAllRelayOnlyDevices: measure(() =>
    planWireGuardMesh(relayOnlyNetwork).peers.map((p) => renderWgQuick(p, { privateKey: privateKeys.get(p.name), dns: ['10.100.0.1'] })),
  ),
  nixosMachines: measure(() =>
    planWireGuardMesh(network)
      .peers.filter((p) => machineNames.has(p.name))
      .map((p) => renderWireGuardNixos(p, { privateKeyFile: KEY_FILE })),
  ),
  yggdrasilAll: measure(() => ygg.network.peers.map((p) => renderYggdrasilConfig(ygg.network, p.name))),
};

const ratio = (s: Stats) => Math.round((s.medianMs / cases.baselineJsonPerPeer.medianMs) * 100) / 100;
const result = {
  kind: 'mesh-bench',
  time: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  git: { commit: git(['rev-parse', 'HEAD']), dirty: (git(['status', '--porcelain']) ?? '') !== '' },
  settings: { peers: PEERS, machines: MACHINES, devices: PEERS - MACHINES, relays: 1, iterations: ITERATIONS, warmup: WARMUP },
  mesh: {
    relayedPairs: plan.relayed.length,
    unreachablePairs: plan.unreachable.length,
    sections: plan.peers.reduce((n, p) => n + p.peers.length, 0),
  },
  sizes: {
    baselineJsonPerPeer: sizes(baselinePerPeer),
    wgQuick: sizes(wgQuick),
    wgQuickDevices: sizes(wgQuick.filter((_, i) => deviceNames.has(plan.peers[i].name))),
    wgQuickRelayOnlyDevices: sizes(wgQuickRelayOnly.filter((_, i) => deviceNames.has(relayOnlyPlan.peers[i].name))),
    wgQuickRelayOnlyAll: sizes(wgQuickRelayOnly),
    setconf: sizes(setconf),
    nixosMachines: sizes(nixos),
    yggdrasil: sizes(yggConfigs),
  },
  cases,
  ratioToBaseline: Object.fromEntries(Object.entries(cases).map(([name, s]) => [name, ratio(s)])),
};

const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `mesh-${result.time.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `${PEERS} peers (${MACHINES} machines incl. 1 relay, ${PEERS - MACHINES} devices behind NAT), ${plan.relayed.length} relayed pairs, ${ITERATIONS} iterations (median)`,
);
for (const [name, s] of Object.entries(cases)) {
  console.log(
    `${name.padEnd(27)} ${s.medianMs.toFixed(2).padStart(9)} ms  p90 ${s.p90Ms.toFixed(2).padStart(9)} ms  ×${result.ratioToBaseline[name]}`,
  );
}
for (const [name, s] of Object.entries(result.sizes)) {
  console.log(
    `${name.padEnd(27)} total ${kib(s.totalBytes).padStart(11)}  per peer min ${s.perPeerBytes.min} / median ${s.perPeerBytes.median} / max ${s.perPeerBytes.max} B`,
  );
}
console.log(`wrote ${file}`);
