import { findInputProblems, findPathProblems, MAX_BODY_DEPTH, unstorableCharacter } from './body-guard';

const nestedArrays = (n: number) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown;
const nestedObjects = (n: number) => JSON.parse('{"a":'.repeat(n) + '1' + '}'.repeat(n)) as unknown;

describe('findInputProblems', () => {
  it('passes ordinary bodies, with tabs, newlines and any Unicode', () => {
    expect(
      findInputProblems({ name: 'anna', note: 'line 1\nline 2\r\n\tindented', emoji: '👩‍👩‍👧 ü', list: [1, null, true, { a: 'b' }] }),
    ).toEqual([]);
    expect(findInputProblems(undefined)).toEqual([]);
    expect(findInputProblems(nestedObjects(MAX_BODY_DEPTH))).toEqual([]);
  });

  it('refuses nesting deeper than the limit without recursing (20,000 arrays, 5,000 objects)', () => {
    const arrays = findInputProblems(nestedArrays(20_000));
    expect(arrays).toHaveLength(1);
    expect(arrays[0].message).toContain(`more than ${MAX_BODY_DEPTH} levels deep`);
    expect(arrays[0].field).toBe('[0]'.repeat(MAX_BODY_DEPTH));

    const objects = findInputProblems(nestedObjects(5_000));
    expect(objects).toEqual([
      {
        field: Array(MAX_BODY_DEPTH).fill('a').join('.'),
        message: `${Array(MAX_BODY_DEPTH).fill('a').join('.')} is nested more than ${MAX_BODY_DEPTH} levels deep, the limit for any request`,
      },
    ]);
    expect(findInputProblems(nestedObjects(MAX_BODY_DEPTH + 1))).toHaveLength(1);
  });

  it('names each field holding U+0000, in document order', () => {
    expect(findInputProblems({ description: 'a\u0000b', rules: [{ groups: ['ok', 'x\u0000'] }], fine: 'y' })).toEqual([
      { field: 'description', message: 'description contains the character U+0000 (NUL), which cannot be stored' },
      { field: 'rules[0].groups[1]', message: 'rules[0].groups[1] contains the character U+0000 (NUL), which cannot be stored' },
    ]);
  });

  it('names property names with unstorable characters, escaped', () => {
    expect(findInputProblems({ 'bad\u0000key': 1 })).toEqual([
      { field: 'bad\\u0000key', message: 'The property name bad\\u0000key contains the character U+0000 (NUL), which cannot be stored' },
    ]);
  });

  it('refuses other C0 control characters and lone surrogates', () => {
    expect(findInputProblems({ name: 'a\u001b[31m' })[0].message).toBe(
      'name contains the control character U+001B; only tab, line feed and carriage return are allowed',
    );
    expect(findInputProblems({ name: 'a\ud800' })[0].message).toBe('name is not valid Unicode text (a lone surrogate U+D800)');
    expect(findInputProblems({ name: '\udc00' })).toHaveLength(1);
  });

  it('checks query objects (strings and repeated keys)', () => {
    expect(findInputProblems({ type: '\u0000', tag: ['a', 'b\u0001'] })).toEqual([
      { field: 'type', message: 'type contains the character U+0000 (NUL), which cannot be stored' },
      { field: 'tag[1]', message: 'tag[1] contains the control character U+0001; only tab, line feed and carriage return are allowed' },
    ]);
  });

  it('names a query parameter without a name, and labels query problems as the query', () => {
    expect(findInputProblems({ '': 'x' }, '', 32, 'query')).toEqual([
      { field: 'query', message: 'A query parameter has no name (remove the stray "=" or "&" from the address)' },
    ]);
    expect(findInputProblems('\u0011', '', 32, 'query')).toEqual([
      {
        field: 'query',
        message: 'The query string contains the control character U+0011; only tab, line feed and carriage return are allowed',
      },
    ]);
    expect(findInputProblems({ a: { '': 1 } })).toEqual([{ field: 'a', message: 'a has a property with an empty name' }]);
  });

  it('reports at most 20 problems', () => {
    expect(findInputProblems(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(20);
  });
});

describe('findPathProblems and unstorableCharacter', () => {
  it('refuses an encoded NUL or control character in the URL path', () => {
    expect(findPathProblems('/api/networks/%00/mesh')).toEqual([
      { field: 'path', message: 'The URL path contains the character U+0000 (NUL), which cannot be stored' },
    ]);
    expect(findPathProblems('/api/networks/abc%20def/mesh')).toEqual([]);
    expect(findPathProblems('/api/x/%E0%A4%A')[0].message).toContain('malformed');
  });

  it('allows tab, line feed, carriage return', () => {
    expect(unstorableCharacter('a\tb\nc\r')).toBeNull();
    expect(unstorableCharacter('\u007f')).toBeNull();
  });
});
