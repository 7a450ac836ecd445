import { lockInputs, removeLockInput, setLockInput } from './marketplace-lock';

const node = (rev: string) => ({
  locked: { type: 'git', url: 'file:///m.git', ref: `refs/clan/pins/${rev}`, rev, narHash: `sha256-${rev}` },
  original: { type: 'git', url: 'file:///m.git', ref: `refs/clan/pins/${rev}`, rev },
});

/** A lock as `nix flake lock` writes it for a network that follows an upstream: clan, and its nixpkgs. */
const upstreamLock = JSON.stringify({
  nodes: {
    root: { inputs: { clan: 'clan' } },
    clan: { inputs: { nixpkgs: 'nixpkgs' }, locked: { rev: 'c' }, original: {} },
    nixpkgs: { locked: { rev: 'n' }, original: {} },
  },
  root: 'root',
  version: 7,
});

describe('flake.lock edits for third-party apps', () => {
  it('adds an app input to no lock: a lock of that input alone', () => {
    const lock = JSON.parse(setLockInput(null, 'app-pinBoard', node('a')));
    expect(lock).toEqual({
      nodes: { root: { inputs: { 'app-pinBoard': 'app-pinBoard' } }, 'app-pinBoard': node('a') },
      root: 'root',
      version: 7,
    });
  });

  it('adds beside the clan input and replaces the node on an update, keeping the rest', () => {
    const once = setLockInput(upstreamLock, 'app-pinBoard', node('a'));
    const twice = JSON.parse(setLockInput(once, 'app-pinBoard', node('b')));
    expect(Object.keys(twice.nodes).sort()).toEqual(['app-pinBoard', 'clan', 'nixpkgs', 'root']);
    expect(twice.nodes['app-pinBoard']).toEqual(node('b'));
    expect(twice.nodes.clan).toEqual(JSON.parse(upstreamLock).nodes.clan);
    expect(lockInputs(JSON.stringify(twice)).sort()).toEqual(['app-pinBoard', 'clan']);
  });

  it('does not take over a node of the same name that belongs to another input', () => {
    const clash = JSON.stringify({
      nodes: { root: { inputs: { clan: 'clan' } }, clan: { inputs: { x: 'app-pinBoard' } }, 'app-pinBoard': { locked: { rev: 'other' } } },
      root: 'root',
      version: 7,
    });
    const lock = JSON.parse(setLockInput(clash, 'app-pinBoard', node('a')));
    expect(lock.nodes.root.inputs['app-pinBoard']).toBe('app-pinBoard_2');
    expect(lock.nodes['app-pinBoard']).toEqual({ locked: { rev: 'other' } });
    expect(lock.nodes['app-pinBoard_2']).toEqual(node('a'));
  });

  it('removes an input with the nodes only it reached; no input left → no lock', () => {
    const both = setLockInput(upstreamLock, 'app-pinBoard', node('a'));
    const withoutClan = JSON.parse(removeLockInput(both, 'clan') as string);
    expect(Object.keys(withoutClan.nodes).sort()).toEqual(['app-pinBoard', 'root']);
    expect(removeLockInput(JSON.stringify(withoutClan), 'app-pinBoard')).toBeNull();
    expect(removeLockInput(null, 'clan')).toBeNull();
  });

  it('an unreadable lock is replaced rather than kept', () => {
    expect(JSON.parse(setLockInput('not json', 'app-x', node('a'))).nodes.root.inputs).toEqual({ 'app-x': 'app-x' });
  });
});
