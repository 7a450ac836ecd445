/**
 * Writes the web app's form validators: ajv standalone code for the schemas
 * the catalog routes serve (apps/web/src/app/core/config/generated/schema-validators.ts).
 *   schema-validators          regenerate the file
 *   schema-validators --check  fail when the committed file differs from what the code generates
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderWebSchemaValidators, WEB_SCHEMA_VALIDATORS_FILE } from '../src/catalog/schema-validators';

function main(): void {
  const file = join(__dirname, '../../..', WEB_SCHEMA_VALIDATORS_FILE);
  const text = renderWebSchemaValidators();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (committed !== text) {
      console.error(`Stale ${WEB_SCHEMA_VALIDATORS_FILE} (run \`npm run schema-validators\` and commit)`);
      process.exit(1);
    }
    console.log('schema-validators: up to date');
    return;
  }
  writeFileSync(file, text);
  console.log(`Wrote ${file}`);
}

try {
  main();
} catch (err) {
  console.error(err);
  process.exit(1);
}
