/**
 * Writes libs/nix-schema/generated/configs.schema.json from the zod schema
 * (the file forms, the API and docs read). With --check, exits 1 when the
 * committed file is stale instead of writing it.
 *
 *   TS_NODE_TRANSPILE_ONLY=1 TS_NODE_PROJECT=libs/nix-schema/tsconfig.tools.json \
 *     node -r ts-node/register libs/nix-schema/scripts/generate-json-schema.ts [--check]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderConfigsJsonSchemaFile } from '../src/lib/json-schema';

export const CONFIGS_SCHEMA_FILE = join(__dirname, '..', 'generated', 'configs.schema.json');

const expected = renderConfigsJsonSchemaFile();
if (process.argv.includes('--check')) {
  const current = existsSync(CONFIGS_SCHEMA_FILE) ? readFileSync(CONFIGS_SCHEMA_FILE, 'utf8') : '';
  if (current !== expected) {
    console.error(`${CONFIGS_SCHEMA_FILE} is stale; regenerate it (see docs/config-schema.md).`);
    process.exit(1);
  }
  console.log(`${CONFIGS_SCHEMA_FILE} is up to date.`);
} else {
  mkdirSync(dirname(CONFIGS_SCHEMA_FILE), { recursive: true });
  writeFileSync(CONFIGS_SCHEMA_FILE, expected);
  console.log(`wrote ${CONFIGS_SCHEMA_FILE}`);
}
