import { locateJsonError } from './json-error';

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
  ])('%j fails at line %i, column %i', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    const where = locateJsonError(text);
    expect(where).toMatchObject({ line, column });
    expect(where?.message).toContain(message);
  });

  it('bounds nesting instead of overflowing the stack', () => {
    expect(locateJsonError('['.repeat(100_000))?.message).toContain('levels of nesting');
  });
});
