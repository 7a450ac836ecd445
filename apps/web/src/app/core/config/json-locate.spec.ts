import { locateJsonPath, offsetOfLine, positionAt, syntaxErrorPosition } from './json-locate';

const TEXT = `{
  "anna-laptop": {
    "applications": {
      "syncthing": {
        "enable": true,
        "sharedFolders": [
          "/shared/docs",
          "relative/path"
        ]
      }
    }
  },
  "default": {
    "resources": { "vcpus": 99 }
  }
}
`;

describe('locateJsonPath', () => {
  it('finds the line of a key, of a list item, and of keys written on one line', () => {
    expect(locateJsonPath(TEXT, ['anna-laptop', 'applications', 'syncthing', 'sharedFolders'])).toMatchObject({ line: 6, column: 9 });
    expect(locateJsonPath(TEXT, ['anna-laptop', 'applications', 'syncthing', 'sharedFolders', 1])).toMatchObject({ line: 8, column: 11 });
    expect(locateJsonPath(TEXT, ['default', 'resources', 'vcpus'])).toMatchObject({ line: 14, column: 20 });
  });

  it('falls back to the closest parent for a missing key', () => {
    expect(locateJsonPath(TEXT, ['default', 'applications', 'mumbleClient', 'server'])).toMatchObject({ line: 13 });
    expect(locateJsonPath(TEXT, ['nobody'])).toMatchObject({ line: 1, column: 1 });
  });

  it('uses what it could read before a syntax error', () => {
    const broken = '{\n  "a": {\n    "b": 1,\n  }\n  "c": 2\n}';
    expect(locateJsonPath(broken, ['a', 'b'])).toMatchObject({ line: 3 });
    expect(locateJsonPath('', ['a'])).toBeNull();
  });
});

describe('text positions', () => {
  it('converts offsets and lines', () => {
    expect(positionAt('ab\ncd', 4)).toEqual({ offset: 4, line: 2, column: 2 });
    expect(offsetOfLine('ab\ncd\nef', 3)).toBe(6);
    expect(offsetOfLine('ab', 5)).toBe(2);
  });

  it('reads the position out of JSON.parse messages of either engine style', () => {
    expect(syntaxErrorPosition('{\n  x\n}', 'Unexpected token x in JSON at position 4')).toMatchObject({ line: 2, column: 3 });
    expect(syntaxErrorPosition('{\n  x\n}', "Expected property name or '}' in JSON at line 2 column 3")).toMatchObject({
      line: 2,
      column: 3,
      offset: 4,
    });
    expect(syntaxErrorPosition('{}', 'Unexpected end of JSON input')).toBeNull();
  });
});
