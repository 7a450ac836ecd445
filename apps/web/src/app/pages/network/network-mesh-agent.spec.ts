import { agentPeerRows, agentSummary, agentUpCommand, cutNotice, revisionLag, type AgentLike } from './network-mesh-agent';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const before = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

function agent(over: Partial<AgentLike> = {}): AgentLike {
  return { online: true, version: '0.1.0', lastSeen: before(5), appliedRevision: 7, error: null, peers: [], ...over };
}

describe('the agent badge', () => {
  it('says online, offline with when it was last seen, or that the device runs a config file', () => {
    expect(agentSummary(agent(), NOW)).toEqual({ tone: 'online', text: 'Agent online' });
    expect(agentSummary(agent({ online: false, lastSeen: before(5 * 60) }), NOW)).toEqual({
      tone: 'offline',
      text: 'Agent offline · last seen 5 min ago',
    });
    expect(agentSummary(agent({ online: false, lastSeen: before(26 * 3600) }), NOW).text).toBe('Agent offline · last seen yesterday');
    expect(agentSummary(agent({ online: false, lastSeen: null }), NOW).text).toBe('Agent offline · never seen');
    expect(agentSummary(null, NOW)).toEqual({ tone: 'none', text: 'No agent (config file)' });
  });
});

describe('changes behind', () => {
  it.each([
    [7, 7, 0, 'config up to date'],
    [6, 7, 1, 'config 1 change behind'],
    [5, 7, 2, 'config 2 changes behind'],
    [0, 3, 3, 'no config yet'],
    [0, 0, 0, 'config up to date'],
    // A device ahead of a stale read of the mesh is not "−1 behind".
    [8, 7, 0, 'config up to date'],
  ])('applied %i of %i: %i behind, "%s"', (applied, current, behind, text) => {
    expect(revisionLag(applied, current)).toEqual({ behind, text });
  });
});

describe("the agent's own view of its handshakes", () => {
  it('names each peer (its own name, else the mesh name for the key, else the key), seen ones first by name', () => {
    const names = new Map([['K-nas', 'nas']]);
    const rows = agentPeerRows(
      agent({
        peers: [
          { name: 'panel', publicKey: 'K-panel', lastHandshake: before(20) },
          { name: null, publicKey: 'K-nas', lastHandshake: before(150) },
          { name: null, publicKey: 'ABCDEFGHIJKL', lastHandshake: null },
          { name: 'laptop', publicKey: 'K-laptop', lastHandshake: before(3 * 3600) },
        ],
      }),
      names,
      NOW,
    );
    expect(rows).toEqual([
      { name: 'laptop', handshake: 'last handshake 3 h ago' },
      { name: 'nas', handshake: 'last handshake 2 min ago' },
      { name: 'panel', handshake: 'last handshake 20 s ago' },
      { name: 'ABCDEFGH…', handshake: 'no handshake yet' },
    ]);
  });
});

describe('what a removal, block or unblock reached', () => {
  it("keeps the API's summary and lists who has not got it, sorted", () => {
    const n = cutNotice('phone', 'blocked', {
      pending: ['tv'],
      offline: ['tablet', 'old-laptop'],
      summary: 'Cut on 5 of 6 online devices, 2 offline (will be cut on reconnect).',
    });
    expect(n).toEqual({
      title: 'phone blocked.',
      summary: 'Cut on 5 of 6 online devices, 2 offline (will be cut on reconnect).',
      pending: ['tv'],
      offline: ['old-laptop', 'tablet'],
      complete: false,
    });
    expect(cutNotice('phone', 'removed', { pending: [], offline: ['tv'], summary: 'x' })).toMatchObject({
      title: 'phone removed from the mesh.',
      complete: true,
    });
    // An answer without a cut (an older panel) still says what happened.
    expect(cutNotice('phone', 'unblocked', undefined)).toEqual({
      title: 'phone unblocked.',
      summary: '',
      pending: [],
      offline: [],
      complete: true,
    });
  });
});

describe('the agent command of an invite', () => {
  it('is one line with the link, quoted only when a shell would read it otherwise', () => {
    expect(agentUpCommand('https://panel.example.org/join/AbC_12-xyz')).toBe(
      'sudo clanctl mesh up --invite https://panel.example.org/join/AbC_12-xyz',
    );
    expect(agentUpCommand("https://panel/join/a b'c")).toBe(`sudo clanctl mesh up --invite 'https://panel/join/a b'\\''c'`);
    expect(agentUpCommand('https://panel/join/x&y')).toBe(`sudo clanctl mesh up --invite 'https://panel/join/x&y'`);
  });
});
