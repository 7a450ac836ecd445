import { objectRelativePath, parseRange, parseRepoPath } from './rest-repo-request';

const net = '0a1b2c3d-0000-4000-8000-00000000abcd';
const id = 'ab'.repeat(32);

describe('parseRepoPath', () => {
  it('names the repository root, config, listings and objects', () => {
    expect(parseRepoPath(`/${net}/alpha/`)).toEqual({ networkId: net, machine: 'alpha', target: { kind: 'root' } });
    expect(parseRepoPath(`/${net}/alpha`)?.target).toEqual({ kind: 'root' });
    expect(parseRepoPath(`/${net}/alpha/config`)?.target).toEqual({ kind: 'config' });
    expect(parseRepoPath(`/${net}/alpha/snapshots/`)?.target).toEqual({ kind: 'list', type: 'snapshots' });
    expect(parseRepoPath(`/${net}/alpha/data`)?.target).toEqual({ kind: 'list', type: 'data' });
    expect(parseRepoPath(`/${net}/alpha/locks/${id}`)?.target).toEqual({ kind: 'object', type: 'locks', name: id });
  });

  it('refuses anything that could leave the repository or is not restic’s', () => {
    for (const bad of [
      '/',
      `/${net}/`,
      `/${net}/../beta/config`,
      `/${net}/alpha/../beta/config`,
      `/${net}/alpha/%2e%2e/beta/config`,
      `/${net}/alpha/data/..`,
      `/${net}/alpha/data/${id}/x`,
      `/${net}/alpha/data/${id.toUpperCase()}`,
      `/${net}/alpha/data/${id.slice(1)}`,
      `/${net}/alpha/tmp/${id}`,
      `/${net}/Alpha/config`,
      `/${net}/-alpha/config`,
      `/not-a-uuid/alpha/config`,
      `/${net}/alpha/config/x`,
      `/${net}/alpha\\..\\beta/config`,
      `${net}/alpha/config`,
    ]) {
      expect([bad, parseRepoPath(bad)]).toEqual([bad, null]);
    }
  });
});

describe('objectRelativePath', () => {
  it('is restic’s local layout: data packs under their first two hex digits', () => {
    expect(objectRelativePath('data', id)).toBe(`data/ab/${id}`);
    expect(objectRelativePath('snapshots', id)).toBe(`snapshots/${id}`);
  });
});

describe('parseRange', () => {
  it('reads the one range restic asks for', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
  });

  it('answers unsatisfiable outside the file and ignores what it cannot read', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
  });
});
