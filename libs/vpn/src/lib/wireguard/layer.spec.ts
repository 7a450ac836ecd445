import { wireGuardTestNetwork } from '../testing/fixtures';
import { WireGuardLayer } from './layer';
import { planWireGuardMesh } from './plan';

jest.mock('./plan', () => {
  const actual = jest.requireActual<typeof import('./plan')>('./plan');
  return { ...actual, planWireGuardMesh: jest.fn(actual.planWireGuardMesh) };
});

describe('WireGuardLayer', () => {
  it('plans a network once for every peer rendered from it, and again for a new network value', () => {
    const planned = jest.mocked(planWireGuardMesh);
    planned.mockClear();
    const layer = new WireGuardLayer();
    const { network } = wireGuardTestNetwork([
      { name: 'hub', endpoint: '203.0.113.1:51820', isRelay: true },
      { name: 'laptop' },
      { name: 'phone', relayOnly: true },
      { name: 'nas', endpoint: '203.0.113.2:51820' },
    ]);
    const configs = network.peers.map((p) => layer.renderPeerConfig(network, p.name, { format: 'syncconf' }));
    expect(planned).toHaveBeenCalledTimes(1);
    // The same text as layers that plan on their own.
    expect(configs).toEqual(network.peers.map((p) => new WireGuardLayer().renderPeerConfig(network, p.name, { format: 'syncconf' })));
    planned.mockClear();
    const changed = { ...network, peers: network.peers.slice(1) };
    expect(layer.renderPeerConfig(changed, 'laptop', { format: 'syncconf' })).not.toContain(network.peers[0].publicKey);
    expect(planned).toHaveBeenCalledTimes(1);
  });
});
