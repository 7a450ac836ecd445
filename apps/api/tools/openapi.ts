/**
 * Writes the OpenAPI document and the typed client generated from it.
 *   openapi          regenerate libs/api-client/openapi.json and src/generated/schema.ts
 *   openapi --check  fail when the committed files differ from what the code generates
 * The app is built in Nest's preview mode: no database, Redis or workers needed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import openapiTS, { astToString } from 'openapi-typescript';
import { AppModule } from '../src/app/app.module';
import { buildOpenApiDocument, serializeOpenApi } from '../src/app/openapi';
import { loadConfig } from '../src/services/config/config.schema';

const root = join(__dirname, '../../..');
const specFile = join(root, 'libs/api-client/openapi.json');
const schemaFile = join(root, 'libs/api-client/src/generated/schema.ts');

async function generate(): Promise<{ spec: string; schema: string }> {
  const config = loadConfig({ CLAN_STATE_DIR: '/nonexistent-preview' }, root);
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://preview.invalid/none'), { preview: true, logger: false });
  app.setGlobalPrefix('api');
  const doc = buildOpenApiDocument(app);
  const spec = serializeOpenApi(doc);
  const ast = await openapiTS(JSON.parse(spec), { alphabetize: true, exportType: false });
  const schema = `/* eslint-disable */\n// Generated from libs/api-client/openapi.json by \`npm run openapi\`. Do not edit.\n\n${astToString(ast)}`;
  return { spec, schema };
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const { spec, schema } = await generate();
  if (process.argv.includes('--check')) {
    const stale = [specFile, schemaFile].filter((f, i) => read(f) !== [spec, schema][i]);
    if (stale.length) {
      console.error(`Stale generated files (run \`npm run openapi\` and commit):\n  ${stale.join('\n  ')}`);
      process.exit(1);
    }
    console.log('openapi:check: spec and client are up to date');
    return;
  }
  writeFileSync(specFile, spec);
  writeFileSync(schemaFile, schema);
  console.log(`Wrote ${specFile} and ${schemaFile}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
