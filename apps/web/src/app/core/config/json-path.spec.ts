import { dottedPath, formatJsonPath, getAt, jsonEqual, leaves, parseJsonPath, setAt } from './json-path';

describe('JSON paths', () => {
  it('formats paths the way the API writes them', () => {
    expect(formatJsonPath(['default', 'applications', 'syncthing', 'sharedFolders', 0])).toBe(
      '$.default.applications.syncthing.sharedFolders[0]',
    );
    expect(formatJsonPath(['anna-laptop', 'resources'])).toBe('$["anna-laptop"].resources');
    expect(formatJsonPath([])).toBe('$');
  });

  it('parses what it formats, and the looser forms people write', () => {
    for (const path of [
      ['default', 'applications', 'syncthing', 'sharedFolders', 0],
      ['anna-laptop', 'resources'],
      ['a "quoted" key', 3, 'x'],
    ]) {
      expect(parseJsonPath(formatJsonPath(path))).toEqual(path);
    }
    expect(parseJsonPath('applications.syncthing')).toEqual(['applications', 'syncthing']);
    expect(parseJsonPath("$['x'][2]")).toEqual(['x', 2]);
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.a[')).toBeNull();
    expect(dottedPath(['applications', 'syncthing', 'guiPort'])).toBe('applications.syncthing.guiPort');
  });

  it('reads and writes values without mutating the original', () => {
    const doc = { a: { list: [1, 2, 3] } };
    expect(getAt(doc, ['a', 'list', 1])).toBe(2);
    expect(getAt(doc, ['a', 'missing', 0])).toBeUndefined();
    const next = setAt(doc, ['a', 'list', 1], 9);
    expect(next).toEqual({ a: { list: [1, 9, 3] } });
    expect(doc.a.list).toEqual([1, 2, 3]);
    expect(setAt(doc, ['a', 'list'], undefined)).toEqual({ a: {} });
    expect(setAt(undefined, ['x', 'y'], true)).toEqual({ x: { y: true } });
  });

  it('compares JSON values structurally', () => {
    expect(jsonEqual({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });

  it('lists the leaves of an override layer (lists and scalars are replaced whole)', () => {
    expect(leaves({ applications: { syncthing: { guiPort: 9000, sharedFolders: ['/a'] } }, adminMode: 'shared', backup: {} })).toEqual([
      { path: ['applications', 'syncthing', 'guiPort'], value: 9000 },
      { path: ['applications', 'syncthing', 'sharedFolders'], value: ['/a'] },
      { path: ['adminMode'], value: 'shared' },
      { path: ['backup'], value: {} },
    ]);
    expect(leaves({})).toEqual([]);
  });
});
