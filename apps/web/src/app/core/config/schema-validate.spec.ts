import { appJsonSchema, appKeys } from '@clan/nix-schema';
import type { JsonSchema } from './json-schema';
import { issuesUnder, validate, validatorKind } from './schema-validate';

describe('schema-validate (ajv)', () => {
  it('runs the validators generated at build time for the schemas the API serves, without compiling', () => {
    for (const key of appKeys) expect(validatorKind(appJsonSchema(key) as JsonSchema)).toBe('generated');
    expect(validatorKind({ type: 'string', title: 'Ad hoc' })).toBe('compiled');
  });

  it('words the generated validators’ errors like the panel', () => {
    const syncthing = appJsonSchema('syncthing') as JsonSchema;
    expect(
      validate(syncthing, { enable: true, guiPort: 70000, extra: 1, sharedFolders: 'x' }).map((i) => [i.path.join('.'), i.message]),
    ).toEqual([
      ['guiPort', 'Web interface port must be a whole number from 1 to 65535.'],
      ['sharedFolders', 'Shared folders must be a list.'],
      ['', 'Syncthing has unknown setting "extra"; known settings are enable, sharedFolders, guiPort.'],
    ]);
    expect(validate(syncthing, { enable: false })).toEqual([]);
  });

  it('ignores undefined members, as a form state has them', () => {
    const schema: JsonSchema = { type: 'object', title: 'S', additionalProperties: false, properties: { a: { type: 'string' } } };
    expect(validate(schema, { a: undefined, b: undefined })).toEqual([]);
  });

  it('says which const a value must be and names a value that is not allowed at all', () => {
    expect(validate({ title: 'Kind', const: 'vm' }, 'ct').map((i) => i.message)).toEqual(['Kind must be "vm".']);
    const closed: JsonSchema = { type: 'object', title: 'S', properties: { gone: false as unknown as JsonSchema } };
    expect(validate(closed, { gone: 1 })).toEqual([{ path: ['gone'], message: 'Gone is not allowed here.' }]);
  });

  it('keeps the variant closest to the value when no union variant matches', () => {
    const schema: JsonSchema = {
      title: 'Size',
      anyOf: [
        { type: 'object', properties: { gib: { type: 'integer', title: 'GiB', maximum: 10 } }, required: ['gib'] },
        { type: 'string', pattern: '^[0-9]+G$' },
      ],
    };
    expect(validate(schema, { gib: 11 })).toEqual([{ path: ['gib'], message: 'GiB must be a whole number of at most 10.' }]);
    expect(validate(schema, '5T').map((i) => i.message)).toEqual(['Size is not in the expected form.']);
    expect(validate({ title: 'Mode', anyOf: [{ const: 'a' }, { const: 'b' }] }, 'c').map((i) => i.message)).toEqual([
      'Mode must be one of "a", "b" (got "c").',
    ]);
  });

  it('picks issues under a path, relative to it', () => {
    const issues = [
      { path: ['a', 0, 'b'], message: 'x' },
      { path: ['c'], message: 'y' },
    ];
    expect(issuesUnder(issues, ['a', 0])).toEqual([{ path: ['b'], message: 'x' }]);
  });
});
