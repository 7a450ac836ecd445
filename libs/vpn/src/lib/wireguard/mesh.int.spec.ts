import { randomUUID } from 'node:crypto';
import { addressesForIndex, networkAddressing } from '../addressing';
import { generateWireGuardKeyPair } from '../keys';
import type { MeshNetwork, MeshPeer } from '../mesh';
import { renderReachability } from '../reachability';
import { NetnsLab, requireLabTools } from '../testing/netns';
import { planWireGuardMesh, wireGuardPeerPlan } from './plan';
import { parseWgConfig, renderWgQuick, renderWgSetconf } from './wg-quick';

/**
 * A real mesh on the real kernel: one network namespace per peer, one
 * wireguard-go interface each, an underlay bridge in a namespace of its own.
 * The configs are exactly what the renderer produces: the `wg` form goes to
 * `wg setconf`/`wg syncconf`; Address and PostUp come from the wg-quick form.
 *
 *   hub     machine, relay, public endpoint
 *   nas     machine, public endpoint
 *   laptop  device, no endpoint, behind NAT   ─┐ no direct path between
 *   phone   device, no endpoint, behind NAT,  ─┘ them: relayed by hub
 *           relay-only: reaches the nas through the hub too
 *
 * So the test covers direct links between endpoints, devices dialling out
 * with keepalives, relayed traffic and whole-network relay sections. Needs root and the Debian packages
 * iproute2, wireguard-go, wireguard-tools, iputils-ping, nftables; fails
 * (never skips) naming them when missing.
 */

jest.setTimeout(30_000);

const UNDERLAY = '10.254.77';
const ROLES = [
  { name: 'hub', kind: 'machine', relay: true, endpoint: true, suffix: 'a' },
  { name: 'nas', kind: 'machine', relay: false, endpoint: true, suffix: 'b' },
  { name: 'laptop', kind: 'device', relay: false, endpoint: false, suffix: 'c' },
  { name: 'phone', kind: 'device', relay: false, endpoint: false, suffix: 'd' },
] as const;

describe('WireGuard full mesh in network namespaces (wireguard-go)', () => {
  const lab = new NetnsLab();
  const privateKeys = new Map<string, string>();
  const ns = (name: string) => `${lab.id}-${name}`;
  const ifname = (name: string) => `${lab.id}${ROLES.find((r) => r.name === name)!.suffix}`;
  let network: MeshNetwork;

  const addressesOf = (name: string) => {
    const peer = network.peers.find((p) => p.name === name)!;
    return [peer.ipv4!, peer.ipv6!];
  };

  /** Applies a peer's rendered `wg` form with `wg <verb>`. */
  async function applyWg(net: MeshNetwork, name: string, verb: 'setconf' | 'syncconf'): Promise<string> {
    const text = renderWgSetconf(wireGuardPeerPlan(planWireGuardMesh(net), name), { privateKey: privateKeys.get(name) });
    const file = lab.secretFile(`${name}-${verb}.conf`, text);
    await lab.must('ip', ['netns', 'exec', ns(name), 'wg', verb, ifname(name), file]);
    return text;
  }

  /** Every (from, to, address) of the given peers, pinged in parallel. */
  async function pingMatrix(from: string[], to: string[], attempts: number) {
    const cases = from.flatMap((a) =>
      to.filter((b) => b !== a).flatMap((b) => addressesOf(b).map((address) => ({ from: a, to: b, address }))),
    );
    const results = await Promise.all(cases.map(async (c) => ({ ...c, ok: await lab.pings(ns(c.from), c.address, attempts) })));
    return results;
  }

  beforeAll(async () => {
    requireLabTools();
    const addressing = networkAddressing(randomUUID(), '10.100.0.0/24');
    const peers: MeshPeer[] = ROLES.map((role, i) => {
      const keys = generateWireGuardKeyPair();
      privateKeys.set(role.name, keys.privateKey);
      const { ipv4, ipv6 } = addressesForIndex(addressing, i + 2);
      return {
        name: role.name,
        kind: role.kind,
        publicKey: keys.publicKey,
        ipv4,
        ipv6,
        endpoint: role.endpoint ? `${UNDERLAY}.${i + 1}:51820` : null,
        behindNat: !role.endpoint,
        isRelay: role.relay,
        relayOnly: role.name === 'phone',
        listenPort: 51820,
      };
    });
    network = { name: 'lab', ...addressing, peers };

    await lab.createUnderlay();
    for (const [i, role] of ROLES.entries()) {
      await lab.addNamespace(ns(role.name));
      await lab.connect(ns(role.name), role.suffix, `${UNDERLAY}.${i + 1}/24`);
      await lab.startWireGuard(ns(role.name), ifname(role.name));
    }
    // Bring every interface up exactly as the rendered wg-quick file says: keys and peers via `wg setconf`,
    // then its Address lines and its PostUp commands (the relay's IP forwarding).
    const plan = planWireGuardMesh(network);
    for (const role of ROLES) {
      await applyWg(network, role.name, 'setconf');
      const quick = parseWgConfig(
        renderWgQuick(wireGuardPeerPlan(plan, role.name), { privateKey: privateKeys.get(role.name) }),
        'wg-quick',
      );
      for (const address of quick.interface.addresses) {
        await lab.must('ip', [
          '-n',
          ns(role.name),
          'addr',
          'add',
          address,
          'dev',
          ifname(role.name),
          ...(address.includes(':') ? ['nodad'] : []),
        ]);
      }
      await lab.must('ip', ['-n', ns(role.name), 'link', 'set', ifname(role.name), 'up']);
      for (const command of quick.interface.postUp) await lab.must('ip', ['netns', 'exec', ns(role.name), 'sh', '-c', command]);
    }
  });

  afterAll(async () => {
    await lab.cleanup();
  });

  it('runs the configuration exactly as rendered (wg showconf)', async () => {
    const plan = planWireGuardMesh(network);
    expect(plan.relayed).toEqual([
      { a: 'laptop', b: 'phone', relay: 'hub' },
      { a: 'nas', b: 'phone', relay: 'hub' },
    ]);
    for (const role of ROLES) {
      const running = parseWgConfig(await lab.must('ip', ['netns', 'exec', ns(role.name), 'wg', 'showconf', ifname(role.name)]), 'wg');
      const rendered = wireGuardPeerPlan(plan, role.name);
      const summary = (peers: { publicKey: string; allowedIps: string[] }[]) =>
        peers.map((p) => `${p.publicKey} ${[...p.allowedIps].sort().join(',')}`).sort();
      expect(summary(running.peers)).toEqual(summary(rendered.peers));
      expect(running.interface.privateKey).toBe(privateKeys.get(role.name));
    }
  });

  it('every pair pings over the mesh, IPv4 and IPv6 (the phone through the relay)', async () => {
    const names = ROLES.map((r) => r.name);
    const results = await pingMatrix(names, names, 5);
    expect(results.filter((r) => !r.ok).map((r) => `${r.from} → ${r.to} (${r.address})`)).toEqual([]);
    expect(results).toHaveLength(4 * 3 * 2);
  });

  it('reachability rules on a machine: members reach app ports, only admins reach SSH', async () => {
    // nas serves "ssh" (22) and an app port (8080); laptop belongs to an owner, phone to a plain member.
    const server = lab.startProcess(ns('nas'), process.execPath, [
      '-e',
      "for (const port of [22, 8080]) require('net').createServer((s) => s.end('ok')).listen({ port, host: '::' }); console.log('ready')",
    ]);
    await new Promise<void>((resolve, reject) => {
      server.stdout?.once('data', () => resolve());
      server.once('exit', (code) => reject(new Error(`the test server in nas exited with ${code}`)));
    });
    const firewall = renderReachability({
      sources: [
        { name: 'laptop', kind: 'device', role: 'owner', groups: [], addresses: addressesOf('laptop') },
        { name: 'phone', kind: 'device', role: 'member', groups: [], addresses: addressesOf('phone') },
        { name: 'hub', kind: 'machine', role: null, groups: [], addresses: addressesOf('hub') },
      ],
      machines: [{ name: 'nas', groups: [], appPorts: [{ port: 8080, protocol: 'tcp' }] }],
      interfaceName: ifname('nas'),
    }).get('nas')!;
    await lab.must('ip', ['netns', 'exec', ns('nas'), 'nft', '-f', '-'], firewall.nftables);

    const connects = async (from: string, address: string, port: number) => {
      const script = `const s = require('net').connect({ host: process.argv[1], port: Number(process.argv[2]) });
        s.setTimeout(1500, () => process.exit(2)); s.on('error', () => process.exit(1)); s.on('data', () => process.exit(0));`;
      return (await lab.exec(ns(from), process.execPath, ['-e', script, address, String(port)])).code === 0;
    };
    const checks = await Promise.all(
      addressesOf('nas').flatMap((address) =>
        (
          [
            ['laptop', 22, true],
            ['laptop', 8080, true],
            ['phone', 22, false],
            ['phone', 8080, true],
            ['hub', 22, false],
            ['hub', 8080, true],
          ] as const
        ).map(async ([from, port, expected]) => ({
          what: `${from} → nas [${address}]:${port}`,
          expected,
          got: await connects(from, address, port),
        })),
      ),
    );
    expect(checks.filter((c) => c.got !== c.expected)).toEqual([]);
    // ICMP stays open on the mesh for everyone.
    expect(await lab.pings(ns('phone'), addressesOf('nas')[0], 3)).toBe(true);
    await lab.must('ip', ['netns', 'exec', ns('nas'), 'nft', 'delete', 'table', 'inet', 'clan_reach']);
  });

  it('after removing the phone and syncing the others, it reaches nobody while the rest still reach each other', async () => {
    const without: MeshNetwork = { ...network, peers: network.peers.filter((p) => p.name !== 'phone') };
    const phoneKey = network.peers.find((p) => p.name === 'phone')!.publicKey;
    // Live update of every remaining peer; the phone keeps its old config, as an offline or hostile device would.
    for (const name of ['hub', 'nas', 'laptop']) {
      const text = await applyWg(without, name, 'syncconf');
      expect(text).not.toContain(phoneKey);
      const dump = await lab.must('ip', ['netns', 'exec', ns(name), 'wg', 'show', ifname(name), 'peers']);
      expect(dump).not.toContain(phoneKey);
    }
    const rest = ['hub', 'nas', 'laptop'];
    const [fromPhone, toPhone, amongRest] = await Promise.all([
      pingMatrix(['phone'], rest, 2),
      pingMatrix(rest, ['phone'], 2),
      pingMatrix(rest, rest, 5),
    ]);
    expect(fromPhone.filter((r) => r.ok).map((r) => `${r.from} → ${r.to} (${r.address})`)).toEqual([]);
    expect(toPhone.filter((r) => r.ok).map((r) => `${r.from} → ${r.to} (${r.address})`)).toEqual([]);
    expect(amongRest.filter((r) => !r.ok).map((r) => `${r.from} → ${r.to} (${r.address})`)).toEqual([]);
    expect(fromPhone).toHaveLength(6);
    expect(amongRest).toHaveLength(12);
  });
});
