import { VpnError } from '../errors';
import { wireGuardTestNetwork } from '../testing/fixtures';
import { PERSISTENT_KEEPALIVE_SECONDS, planWireGuardMesh, wireGuardPeerPlan, type WireGuardMeshPlan } from './plan';

function entry(plan: WireGuardMeshPlan, self: string, other: string) {
  return wireGuardPeerPlan(plan, self).peers.find((p) => p.name === other);
}

describe('WireGuard full-mesh plan', () => {
  it('gives every peer a section for every other peer when all have endpoints', () => {
    const { network } = wireGuardTestNetwork([
      { name: 'server', endpoint: '203.0.113.1:51820' },
      { name: 'nas', endpoint: '203.0.113.2:51820' },
      { name: 'backup', endpoint: '[2001:db8::3]:51820' },
    ]);
    const plan = planWireGuardMesh(network);
    expect(plan.peers.map((p) => p.name)).toEqual(['backup', 'nas', 'server']);
    for (const peer of plan.peers) {
      expect(peer.peers.map((p) => p.name)).toEqual(plan.peers.map((p) => p.name).filter((n) => n !== peer.name));
      expect(peer.forwards).toBe(false);
      for (const e of peer.peers) {
        expect(e.persistentKeepalive).toBeNull();
        expect(e.relayFor).toEqual([]);
      }
    }
    const server = network.peers.find((p) => p.name === 'server')!;
    expect(entry(plan, 'nas', 'server')).toEqual({
      name: 'server',
      kind: 'machine',
      publicKey: server.publicKey,
      allowedIps: [`${server.ipv4}/32`, `${server.ipv6}/128`],
      endpoint: '203.0.113.1:51820',
      persistentKeepalive: null,
      relayFor: [],
    });
    expect(wireGuardPeerPlan(plan, 'server').addresses).toEqual([`${server.ipv4}/24`, `${server.ipv6}/64`]);
    expect(plan.relayed).toEqual([]);
    expect(plan.unreachable).toEqual([]);
  });

  it('keeps NAT mappings alive from and towards peers behind NAT', () => {
    const { network } = wireGuardTestNetwork([
      { name: 'server', endpoint: '203.0.113.1:51820' },
      { name: 'home', endpoint: '198.51.100.9:51820', behindNat: true }, // port-forwarded, but still NAT
      { name: 'laptop', kind: 'device', endpoint: null, listenPort: null },
    ]);
    const plan = planWireGuardMesh(network);
    // From a peer behind NAT or without endpoint: always.
    expect(entry(plan, 'home', 'server')!.persistentKeepalive).toBe(PERSISTENT_KEEPALIVE_SECONDS);
    expect(entry(plan, 'laptop', 'server')!.persistentKeepalive).toBe(25);
    expect(entry(plan, 'laptop', 'home')!.persistentKeepalive).toBe(25);
    // Towards a peer behind NAT: yes; towards a public peer from a public peer: no.
    expect(entry(plan, 'server', 'home')!.persistentKeepalive).toBe(25);
    expect(entry(plan, 'server', 'laptop')!.persistentKeepalive).toBeNull();
    // The laptop has no endpoint: the others have a section without Endpoint and wait for its handshake.
    expect(entry(plan, 'server', 'laptop')!.endpoint).toBeNull();
    expect(wireGuardPeerPlan(plan, 'laptop').listenPort).toBeNull();
  });

  it('routes pairs without endpoints through a relay, the same relay on both sides', () => {
    const { network } = wireGuardTestNetwork([
      { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true },
      { name: 'phone', kind: 'device', behindNat: true },
      { name: 'laptop', kind: 'device', behindNat: true },
      { name: 'tablet', kind: 'device' },
    ]);
    const plan = planWireGuardMesh(network);
    const ip = (name: string) => {
      const p = network.peers.find((x) => x.name === name)!;
      return [`${p.ipv4}/32`, `${p.ipv6}/128`];
    };
    expect(plan.relayed).toEqual([
      { a: 'laptop', b: 'phone', relay: 'hub' },
      { a: 'laptop', b: 'tablet', relay: 'hub' },
      { a: 'phone', b: 'tablet', relay: 'hub' },
    ]);
    // The phone has one section, for the hub, its only relay: it carries the whole network (longest prefix wins
    // for direct peers), so the phone's config does not change when devices come and go.
    const phone = wireGuardPeerPlan(plan, 'phone');
    expect(phone.peers.map((p) => p.name)).toEqual(['hub']);
    expect(phone.peers[0].allowedIps).toEqual([network.ipv4Range, network.ipv6Prefix]);
    expect(phone.peers[0].relayFor).toEqual(['laptop', 'tablet']);
    expect(phone.peers[0].persistentKeepalive).toBe(25);
    // The hub has a plain section per device and forwards.
    const hub = wireGuardPeerPlan(plan, 'hub');
    expect(hub.forwards).toBe(true);
    expect(hub.peers.map((p) => [p.name, p.allowedIps])).toEqual([
      ['laptop', ip('laptop')],
      ['phone', ip('phone')],
      ['tablet', ip('tablet')],
    ]);
    expect(plan.unreachable).toEqual([]);
  });

  it('keeps direct peers on their own /32 next to a whole-network relay section', () => {
    const { network } = wireGuardTestNetwork([
      { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true },
      { name: 'nas', endpoint: '203.0.113.2:51820' },
      { name: 'phone', kind: 'device' },
      { name: 'laptop', kind: 'device' },
    ]);
    const nas = network.peers.find((p) => p.name === 'nas')!;
    const phone = wireGuardPeerPlan(planWireGuardMesh(network), 'phone');
    expect(phone.peers.map((p) => [p.name, p.allowedIps])).toEqual([
      ['hub', [network.ipv4Range, network.ipv6Prefix]],
      ['nas', [`${nas.ipv4}/32`, `${nas.ipv6}/128`]],
    ]);
    // Without relayed peers the relay is an ordinary peer: its own addresses only.
    const alone = { ...network, peers: network.peers.filter((p) => p.name !== 'laptop') };
    expect(wireGuardPeerPlan(planWireGuardMesh(alone), 'phone').peers[0].allowedIps).toHaveLength(2);
    expect(wireGuardPeerPlan(planWireGuardMesh(alone), 'phone').peers[0].allowedIps[0]).toMatch(/\/32$/);
  });

  it('sends everything of a relay-only device through the relay, even to peers with endpoints', () => {
    const { network } = wireGuardTestNetwork([
      { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true },
      { name: 'nas', endpoint: '203.0.113.2:51820' },
      { name: 'phone', kind: 'device', relayOnly: true, behindNat: true },
      { name: 'laptop', kind: 'device' },
    ]);
    const plan = planWireGuardMesh(network);
    const peer = (name: string) => network.peers.find((p) => p.name === name)!;
    expect(plan.relayed).toEqual([
      { a: 'laptop', b: 'phone', relay: 'hub' },
      { a: 'nas', b: 'phone', relay: 'hub' },
    ]);
    expect(wireGuardPeerPlan(plan, 'phone').peers.map((p) => [p.name, p.allowedIps])).toEqual([
      ['hub', [network.ipv4Range, network.ipv6Prefix]],
    ]);
    // The nas reaches the phone through the hub too (one relay in use: the whole network), and the laptop directly.
    expect(wireGuardPeerPlan(plan, 'nas').peers.map((p) => [p.name, p.allowedIps, p.relayFor])).toEqual([
      ['hub', [network.ipv4Range, network.ipv6Prefix], ['phone']],
      ['laptop', [`${peer('laptop').ipv4}/32`, `${peer('laptop').ipv6}/128`], []],
    ]);
    expect(wireGuardPeerPlan(plan, 'hub').peers.find((p) => p.name === 'phone')!.allowedIps).toEqual([
      `${peer('phone').ipv4}/32`,
      `${peer('phone').ipv6}/128`,
    ]);
    // Without a relay the flag changes nothing.
    const flat = { ...network, peers: network.peers.filter((p) => p.name !== 'hub') };
    const flatPlan = planWireGuardMesh(flat);
    expect(wireGuardPeerPlan(flatPlan, 'phone').peers.map((p) => p.name)).toEqual(['nas']);
    expect(flatPlan.unreachable).toEqual([{ a: 'laptop', b: 'phone' }]);
    // A relay cannot be relay-only.
    const confused = { ...network, peers: network.peers.map((p) => (p.name === 'hub' ? { ...p, relayOnly: true } : p)) };
    expect(() => planWireGuardMesh(confused)).toThrow('Peer "hub" is a relay, so it cannot also reach others only through relays.');
  });

  it('spreads pairs over several relays and stays symmetric', () => {
    const specs = [
      { name: 'relay-a', endpoint: '203.0.113.1:51820', isRelay: true },
      { name: 'relay-b', endpoint: '203.0.113.2:51820', isRelay: true },
      ...Array.from({ length: 12 }, (_, i) => ({ name: `dev-${i}`, kind: 'device' as const })),
    ];
    const { network } = wireGuardTestNetwork(specs);
    const plan = planWireGuardMesh(network);
    expect(new Set(plan.relayed.map((r) => r.relay))).toEqual(new Set(['relay-a', 'relay-b']));
    // Each device uses both relays here, so the relay sections list addresses one by one.
    for (const { a, b, relay } of plan.relayed) {
      const bIps = network.peers.find((p) => p.name === b)!;
      const aIps = network.peers.find((p) => p.name === a)!;
      expect(entry(plan, a, relay)!.allowedIps).toContain(`${bIps.ipv4}/32`);
      expect(entry(plan, b, relay)!.allowedIps).toContain(`${aIps.ipv6}/128`);
      // …and through no other relay.
      const other = relay === 'relay-a' ? 'relay-b' : 'relay-a';
      expect(entry(plan, a, other)!.allowedIps).not.toContain(`${bIps.ipv4}/32`);
    }
    // Every address appears in exactly one section of each peer's config.
    for (const peer of plan.peers) {
      const all = peer.peers.flatMap((p) => p.allowedIps);
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe((network.peers.length - 1) * 2);
    }
    // Deterministic: the same input gives the same plan.
    expect(planWireGuardMesh(network)).toEqual(plan);
  });

  it('reports pairs no relay can join instead of rendering a broken path', () => {
    const { network } = wireGuardTestNetwork([
      { name: 'server', endpoint: '203.0.113.1:51820' },
      { name: 'phone', kind: 'device' },
      { name: 'laptop', kind: 'device' },
    ]);
    const plan = planWireGuardMesh(network);
    expect(plan.unreachable).toEqual([{ a: 'laptop', b: 'phone' }]);
    expect(wireGuardPeerPlan(plan, 'phone').peers.map((p) => p.name)).toEqual(['server']);
    expect(wireGuardPeerPlan(plan, 'phone').peers[0].allowedIps).toHaveLength(2);
  });

  it('removing a peer removes it from every other plan, relayed routes included', () => {
    const { network } = wireGuardTestNetwork([
      { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true },
      { name: 'phone', kind: 'device' },
      { name: 'laptop', kind: 'device' },
    ]);
    const laptop = network.peers.find((p) => p.name === 'laptop')!;
    const plan = planWireGuardMesh({ ...network, peers: network.peers.filter((p) => p !== laptop) });
    const text = JSON.stringify(plan);
    expect(text).not.toContain(laptop.publicKey);
    expect(text).not.toContain(`"${laptop.ipv4}/32"`);
    expect(wireGuardPeerPlan(plan, 'hub').forwards).toBe(false);
  });

  it('refuses invalid networks, listing every problem', () => {
    const { network } = wireGuardTestNetwork([
      { name: 'server', endpoint: '203.0.113.1:51820' },
      { name: 'Bad Name' },
      { name: 'relay', isRelay: true },
      { name: 'dup', endpoint: 'nonsense' },
    ]);
    const peers = network.peers.map((p) => ({ ...p }));
    peers[3].ipv4 = peers[0].ipv4;
    peers[3].ipv6 = '2001:db8::1';
    peers[2].publicKey = 'short';
    peers[0].listenPort = 70000;
    let error: VpnError | undefined;
    try {
      planWireGuardMesh({ ...network, peers });
    } catch (err) {
      error = err as VpnError;
    }
    expect(error).toBeInstanceOf(VpnError);
    expect(error!.code).toBe('INVALID_NETWORK');
    expect(error!.message).toMatch(/^The mesh of network "family" cannot be rendered \(7 problems\): /);
    for (const part of [
      'Peer "Bad Name": a peer name must be a DNS label',
      'Peer "relay" is a relay but has no endpoint; a relay must be reachable by every peer.',
      'Peer "dup": "nonsense" is not an endpoint',
      'Peer "server": the listen port must be a number from 1 to 65535 (got 70000).',
      'Peer "relay": "short" is not a WireGuard public key',
      `Peer "dup" has the address ${peers[0].ipv4}, which "server" has too.`,
      'Peer "dup": its IPv6 address "2001:db8::1" is not a usable address of',
    ]) {
      expect(error!.message).toContain(part);
    }
  });

  it('refuses duplicate names and keys and addresses outside the range', () => {
    const { network } = wireGuardTestNetwork([{ name: 'a' }, { name: 'b' }]);
    const dupName = { ...network, peers: [network.peers[0], { ...network.peers[1], name: 'a' }] };
    expect(() => planWireGuardMesh(dupName)).toThrow('Peer "a" appears twice; peer names are unique in a network.');
    const dupKey = { ...network, peers: [network.peers[0], { ...network.peers[1], publicKey: network.peers[0].publicKey }] };
    expect(() => planWireGuardMesh(dupKey)).toThrow('Peer "b" has the same public key as "a"; every peer needs its own key.');
    const outside = { ...network, peers: [network.peers[0], { ...network.peers[1], ipv4: '10.100.1.5' }] };
    expect(() => planWireGuardMesh(outside)).toThrow('Peer "b": its IPv4 address "10.100.1.5" is not a usable address of 10.100.0.0/24.');
    const missing = { ...network, peers: [network.peers[0], { ...network.peers[1], ipv6: null }] };
    expect(() => planWireGuardMesh(missing)).toThrow('Peer "b": its IPv6 address null is not a usable address');
    expect(() => wireGuardPeerPlan(planWireGuardMesh(network), 'nobody')).toThrow('has no peer named "nobody"');
  });
});
