import Ajv2020 from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import { SCHEMA_AJV_OPTIONS, schemaFingerprint } from '../lib/schema-validator';

type Schema = Record<string, unknown>;

/** A fresh ajv with the shared options; the compiler the API side and the tests use. */
export function createSchemaAjv(options: { source?: boolean } = {}): Ajv2020 {
  return new Ajv2020({ ...SCHEMA_AJV_OPTIONS, code: { source: options.source ?? false, esm: true } });
}

/**
 * ES module source with one ajv standalone validator per schema, keyed by
 * {@link schemaFingerprint}: `export const validators = { "s…": validate0, … }`.
 * The few ajv run-time helpers the code needs (code-point length, deep equality)
 * are imported from ajv rather than required, so a bundler resolves them.
 */
export function renderSchemaValidatorsModule(schemas: readonly Schema[], header: string): string {
  const ajv = createSchemaAjv({ source: true });
  const exports: Record<string, string> = {};
  for (const schema of schemas) {
    const key = schemaFingerprint(schema);
    if (exports[key]) continue;
    ajv.addSchema(schema, key);
    exports[key] = key;
  }
  const code = standaloneCode(ajv, exports);
  const helpers = new Set<string>();
  const body = code.replace(/require\("ajv\/dist\/runtime\/(\w+)"\)\.default/g, (_all, name: string) => {
    helpers.add(name);
    return `ajvRuntime_${name}`;
  });
  if (/\brequire\(/.test(body)) throw new Error('schema validators: the standalone code requires a module this generator does not map');
  const imports = [...helpers].sort().map((name) => `import ajvRuntime_${name} from 'ajv/dist/runtime/${name}';`);
  const table = Object.keys(exports)
    .map((key) => `  ${JSON.stringify(key)}: ${key},`)
    .join('\n');
  return `${header}\n${imports.join('\n')}\n${body.replace(/^"use strict";/, '')}\n\nexport const validators = {\n${table}\n};\n`;
}
