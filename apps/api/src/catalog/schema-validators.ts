import { renderSchemaValidatorsModule } from '@clan/nix-schema/node';
import { catalogApps, catalogSchemas } from './catalog';

/** Where the web app keeps the validators generated from the schemas this API serves. */
export const WEB_SCHEMA_VALIDATORS_FILE = 'apps/web/src/app/core/config/generated/schema-validators.ts';

const HEADER = `/* eslint-disable */
// @ts-nocheck
// Generated from the JSON Schemas the API serves at /api/catalog by apps/api/tools/schema-validators.ts:
// ajv standalone code, because the panel's CSP forbids ajv's run-time compiler. Do not edit; regenerate with
//   TS_NODE_TRANSPILE_ONLY=1 TS_NODE_PROJECT=apps/api/tools/tsconfig.json node -r ts-node/register -r tsconfig-paths/register apps/api/tools/schema-validators.ts`;

/**
 * The ES module of ajv standalone validators for every schema the catalog
 * routes hand to the web app's forms: the machine settings and each app.
 */
export function renderWebSchemaValidators(): string {
  return renderSchemaValidatorsModule([catalogSchemas().machine, ...catalogApps().map((app) => app.schema)], HEADER);
}
