import { fromEpochSeconds, lockedInput, metadataRev, updateAvailable } from './flake-lock';

const REV = '42f252a9c6679fb484cb24e583d96234cddbe4ac';
const OTHER = '0123456789abcdef0123456789abcdef01234567';

// What `nix flake lock` (Nix 2.8) writes for a network repository following a git+file upstream.
const LOCK = JSON.stringify({
  nodes: {
    clan: {
      locked: { lastModified: 1796630915, narHash: 'sha256-x', ref: 'main', rev: REV, revCount: 1, type: 'git', url: 'file:///srv/up' },
      original: { ref: 'main', type: 'git', url: 'file:///srv/up' },
    },
    root: { inputs: { clan: 'clan' } },
  },
  root: 'root',
  version: 7,
});

describe('lockedInput', () => {
  it('reads the revision and date the lock pins for clan', () => {
    expect(lockedInput(LOCK)).toEqual({ rev: REV, lastModified: 1796630915 });
  });
  it('follows the root node to a renamed node', () => {
    const lock = JSON.parse(LOCK);
    lock.nodes.clan_2 = lock.nodes.clan;
    delete lock.nodes.clan;
    lock.nodes.root.inputs.clan = 'clan_2';
    expect(lockedInput(JSON.stringify(lock))?.rev).toBe(REV);
  });
  it.each([
    ['no file', null],
    ['not JSON', '{'],
    ['no such input', JSON.stringify({ nodes: { root: { inputs: {} } }, root: 'root' })],
    ['a follows', JSON.stringify({ nodes: { root: { inputs: { clan: ['x'] } } }, root: 'root' })],
    [
      'a path input (no rev)',
      JSON.stringify({ nodes: { clan: { locked: { type: 'path', path: '/x' } }, root: { inputs: { clan: 'clan' } } }, root: 'root' }),
    ],
  ])('answers null for %s', (_what, text) => {
    expect(lockedInput(text)).toBeNull();
  });
});

describe('metadataRev', () => {
  it('reads revision and lastModified of nix flake metadata --json', () => {
    expect(metadataRev(JSON.stringify({ revision: REV, lastModified: 1796630915, locked: { rev: REV } }))).toEqual({
      rev: REV,
      lastModified: 1796630915,
    });
  });
  it('falls back to locked.rev', () => {
    expect(metadataRev(JSON.stringify({ locked: { rev: REV, lastModified: 5 } }))).toEqual({ rev: REV, lastModified: 5 });
  });
  it('answers null without a git revision', () => {
    expect(metadataRev(JSON.stringify({ locked: { type: 'path' } }))).toBeNull();
    expect(metadataRev('nope')).toBeNull();
  });
});

describe('updateAvailable', () => {
  it('is true only when both are known and differ', () => {
    expect(updateAvailable(REV, OTHER)).toBe(true);
    expect(updateAvailable(REV, REV)).toBe(false);
    expect(updateAvailable(null, OTHER)).toBe(false);
    expect(updateAvailable(REV, null)).toBe(false);
  });
  it('dates lastModified seconds', () => {
    expect(fromEpochSeconds(0)?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(fromEpochSeconds(null)).toBeNull();
  });
});
