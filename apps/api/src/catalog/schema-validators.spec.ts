import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appJsonSchema, appKeys, schemaFingerprint } from '@clan/nix-schema';
import { catalogSchemas } from './catalog';
import { renderWebSchemaValidators, WEB_SCHEMA_VALIDATORS_FILE } from './schema-validators';

const REGENERATE =
  'TS_NODE_TRANSPILE_ONLY=1 TS_NODE_PROJECT=apps/api/tools/tsconfig.json node -r ts-node/register -r tsconfig-paths/register apps/api/tools/schema-validators.ts';

describe("the web app's generated form validators", () => {
  it('match the schemas the catalog serves (the committed file is fresh)', () => {
    const file = join(__dirname, '../../../..', WEB_SCHEMA_VALIDATORS_FILE);
    if (readFileSync(file, 'utf8') !== renderWebSchemaValidators()) {
      throw new Error(`${WEB_SCHEMA_VALIDATORS_FILE} is stale; regenerate it with:\n  ${REGENERATE}`);
    }
  });

  it('hold one validator for the machine settings and each app', () => {
    const code = renderWebSchemaValidators();
    for (const schema of [catalogSchemas().machine, ...appKeys.map((key) => appJsonSchema(key))]) {
      expect(code).toContain(`${JSON.stringify(schemaFingerprint(schema))}: `);
    }
  });
});
