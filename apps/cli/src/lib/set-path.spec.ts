import fc from 'fast-check';
import { UsageError } from './errors';
import { flatten, formatPath, formatValue, getAt, type Json, parseAssignment, parsePath, parseValue, setAt, unsetAt } from './set-path';

describe('parsePath', () => {
  it('reads dotted keys, list indices and quoted keys', () => {
    expect(parsePath('resources.vcpus')).toEqual(['resources', 'vcpus']);
    expect(parsePath('applications.syncthing.sharedFolders[0]')).toEqual(['applications', 'syncthing', 'sharedFolders', 0]);
    expect(parsePath('publish[1].port')).toEqual(['publish', 1, 'port']);
    expect(parsePath('a[2][3]')).toEqual(['a', 2, 3]);
    expect(parsePath('anna-laptop.system')).toEqual(['anna-laptop', 'system']);
    expect(parsePath('x["odd key.with]dots"].y')).toEqual(['x', 'odd key.with]dots', 'y']);
    expect(parsePath('["a\\"b"]')).toEqual(['a"b']);
  });

  it.each([
    ['', /it is empty/],
    ['a.', /ends with "\."/],
    ['a..b', /"\." cannot start a key/],
    ['.a', /"\." cannot start a key/],
    ['a[', /"\[" is not closed/],
    ['a[x]', /\[x\] must be a list index/],
    ['a[-1]', /\[-1\] must be a list index/],
    ['a[0]b', /expected "\." or "\[" before "b"/],
    ['a b', /expected "\." or "\[" before " b"/],
    ['a.__proto__.x', /"__proto__" cannot be used as a key/],
    ['["unterminated]', /not closed/],
  ])('refuses %j', (text, message) => {
    expect(() => parsePath(text)).toThrow(UsageError);
    expect(() => parsePath(text)).toThrow(message);
  });

  it('round-trips through formatPath', () => {
    const segment = fc.oneof(
      fc.nat({ max: 50 }),
      fc.string({ minLength: 1 }).filter((s) => !['__proto__', 'prototype', 'constructor'].includes(s)),
    );
    fc.assert(
      fc.property(
        fc.tuple(
          fc.string({ minLength: 1 }).filter((s) => !['__proto__', 'prototype', 'constructor'].includes(s)),
          fc.array(segment, { maxLength: 5 }),
        ),
        ([head, rest]) => {
          const path = [head, ...rest];
          expect(parsePath(formatPath(path))).toEqual(path);
        },
      ),
    );
  });
});

describe('parseValue', () => {
  it('takes JSON when it parses, else the text', () => {
    expect(parseValue('2')).toBe(2);
    expect(parseValue('1.5')).toBe(1.5);
    expect(parseValue('true')).toBe(true);
    expect(parseValue('null')).toBeNull();
    expect(parseValue('["/a","/b"]')).toEqual(['/a', '/b']);
    expect(parseValue('{"enable":true}')).toEqual({ enable: true });
    expect(parseValue('"42"')).toBe('42');
    expect(parseValue('/shared/docs')).toBe('/shared/docs');
    expect(parseValue('mumble.clan')).toBe('mumble.clan');
    expect(parseValue('0 3 * * *')).toBe('0 3 * * *');
    expect(parseValue('0123')).toBe('0123');
    expect(parseValue('')).toBe('');
  });
});

describe('formatValue', () => {
  it('writes text bare unless it would read as something else', () => {
    expect(formatValue('/shared/docs')).toBe('/shared/docs');
    expect(formatValue('true')).toBe('"true"');
    expect(formatValue('42')).toBe('"42"');
    expect(formatValue('a\nb')).toBe('"a\\nb"');
    expect(formatValue(3)).toBe('3');
    expect(formatValue(['/a'])).toBe('["/a"]');
  });

  it('is what parseValue reads back', () => {
    // Compared as JSON sees it: -0 has no JSON spelling of its own.
    fc.assert(fc.property(fc.jsonValue(), (v) => expect(parseValue(formatValue(v as Json))).toEqual(JSON.parse(JSON.stringify(v)))));
    fc.assert(fc.property(fc.string(), (s) => expect(parseValue(formatValue(s))).toBe(s)));
  });
});

describe('parseAssignment', () => {
  it('splits at the first "="', () => {
    expect(parseAssignment('applications.mumbleClient.server=mumble.clan')).toEqual({
      path: ['applications', 'mumbleClient', 'server'],
      value: 'mumble.clan',
    });
    expect(parseAssignment('a=b=c')).toEqual({ path: ['a'], value: 'b=c' });
    expect(parseAssignment('a=')).toEqual({ path: ['a'], value: '' });
    expect(() => parseAssignment('resources.vcpus')).toThrow('--set: "resources.vcpus" must look like key.path=value');
    expect(() => parseAssignment('=2')).toThrow(/is not a path: it is empty/);
  });
});

describe('setAt', () => {
  const base: Json = { resources: { vcpus: 1 }, applications: { syncthing: { enable: true, sharedFolders: ['/a'] } } };

  it('replaces values without touching the input', () => {
    const out = setAt(base, ['resources', 'vcpus'], 4);
    expect(out).toEqual({ ...base, resources: { vcpus: 4 } });
    expect(base).toEqual({ resources: { vcpus: 1 }, applications: { syncthing: { enable: true, sharedFolders: ['/a'] } } });
  });

  it('creates missing objects, and lists before an index', () => {
    expect(setAt({}, ['applications', 'mumbleClient', 'server'], 'm.clan')).toEqual({
      applications: { mumbleClient: { server: 'm.clan' } },
    });
    expect(setAt({}, ['publish', 0, 'app'], 'syncthing')).toEqual({ publish: [{ app: 'syncthing' }] });
  });

  it('replaces or appends list items but leaves no holes', () => {
    const folders = ['applications', 'syncthing', 'sharedFolders'];
    expect(getAt(setAt(base, [...folders, 0], '/b'), folders)).toEqual(['/b']);
    expect(getAt(setAt(base, [...folders, 1], '/b'), folders)).toEqual(['/a', '/b']);
    expect(() => setAt(base, [...folders, 3], '/b')).toThrow(
      '--set applications.syncthing.sharedFolders[3]: applications.syncthing.sharedFolders has 1 item; use [1] to append',
    );
  });

  it('refuses to walk through values of the wrong kind', () => {
    expect(() => setAt(base, ['resources', 'vcpus', 'x'], 1)).toThrow(
      '--set resources.vcpus.x: resources.vcpus is a number, not an object',
    );
    expect(() => setAt(base, ['resources', 0], 1)).toThrow('--set resources[0]: resources is an object, not a list');
  });

  it('replaces the whole document for an empty path', () => {
    expect(setAt(base, [], { a: 1 })).toEqual({ a: 1 });
  });
});

describe('unsetAt', () => {
  const base: Json = { backup: { extraPaths: ['/a', '/b', '/c'] }, applications: { syncthing: { enable: true } } };

  it('removes keys and list items', () => {
    expect(unsetAt(base, ['applications', 'syncthing'])).toEqual({ backup: base.backup, applications: {} });
    expect(unsetAt(base, ['backup', 'extraPaths', 1])).toEqual({ ...base, backup: { extraPaths: ['/a', '/c'] } });
  });

  it('says when there is nothing to remove', () => {
    expect(() => unsetAt(base, ['applications', 'nextcloud'])).toThrow('--unset applications.nextcloud: there is nothing there');
    expect(() => unsetAt(base, ['backup', 'extraPaths', 3])).toThrow(/nothing there/);
    expect(() => unsetAt(base, ['nope', 'deeper'])).toThrow(/nothing there/);
  });
});

describe('flatten', () => {
  it('lists leaves; lists of plain values stay whole, lists of objects are walked', () => {
    const doc: Json = {
      system: 'x86_64-linux',
      resources: { vcpus: 2 },
      publish: [{ app: 'syncthing', port: 8384 }],
      backup: { extraPaths: ['/a', '/b'] },
      applications: {},
      empty: [],
    };
    expect(flatten(doc).map(([p, v]) => `${formatPath(p)}=${formatValue(v)}`)).toEqual([
      'system=x86_64-linux',
      'resources.vcpus=2',
      'publish[0].app=syncthing',
      'publish[0].port=8384',
      'backup.extraPaths=["/a","/b"]',
      'applications={}',
      'empty=[]',
    ]);
    expect(flatten({})).toEqual([]);
  });

  it('gives back the document when every leaf is set again', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1 }).filter((s) => !['__proto__', 'prototype', 'constructor'].includes(s)),
          fc.jsonValue(),
        ),
        (doc) => {
          let rebuilt: Json = {};
          for (const [path, value] of flatten(doc as Json)) rebuilt = setAt(rebuilt, path, value);
          expect(rebuilt).toEqual(doc);
        },
      ),
    );
  });
});
