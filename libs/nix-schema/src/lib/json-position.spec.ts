import { locateJsonError, locateJsonPath, offsetOfLine, positionAt, syntaxErrorPosition } from './json-position';

describe('locateJsonError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['{}', ' [1, -2.5e3, "a\\u0041\\n", true, false, null, {"a": {}}] ', '"x"', '0']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeNull();
    }
  });

  it.each([
    ['{\n  "anna": {\n    "system": }\n}', 3, 15, 'unexpected "}", expected a value'],
    ['{"a": 1,}', 1, 9, 'unexpected "}", expected a property name in double quotes'],
    ["{'a': 1}", 1, 2, 'expected a property name in double quotes'],
    ['{"a": 1', 1, 8, 'unexpected the end of the text, expected "," or "}"'],
    ['{"a": "line\nbreak"}', 1, 12, 'raw line break'],
    ['{"a": 01}', 1, 8, 'expected "," or "}"'],
    ['{} {}', 1, 4, 'expected the end of the text'],
    ['', 1, 1, 'expected a value'],
    ['{"a": "\\x"}', 1, 9, 'escape'],
    ['[1 2]', 1, 4, 'expected "," or "]"'],
    ['{"a" 1}', 1, 6, 'expected ":"'],
    ['["\\u12"]', 1, 5, '4 hex digits'],
    ['["open', 1, 7, 'a closing quote'],
  ])('%j fails at line %i, column %i', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    const where = locateJsonError(text);
    expect(where).toMatchObject({ line, column });
    expect(where?.message).toContain(message);
  });

  it('bounds nesting instead of overflowing the stack', () => {
    expect(locateJsonError('['.repeat(100_000))?.message).toContain('levels of nesting');
    expect(locateJsonPath('['.repeat(100_000), [0])).toBeNull();
  });
});

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
