/**
 * Migration tooling. Works on a throw-away database created on the Postgres
 * at DATABASE_URL (default: the local server), so it never touches real data.
 *
 *   db check            fail when entities and migrations disagree
 *   db generate <Name>  write a migration with the SQL needed to match entities
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/services/database/data-source-options';

const adminUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function withScratchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `clan_schema_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function pendingSchemaChanges(url: string): Promise<{ up: string[]; down: string[] }> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const sql = await ds.driver.createSchemaBuilder().log();
    return {
      up: sql.upQueries.map((q) => q.query),
      down: sql.downQueries.map((q) => q.query).reverse(),
    };
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (command === 'check') {
    const { up } = await withScratchDatabase(pendingSchemaChanges);
    if (up.length > 0) {
      console.error('Entities and migrations disagree. Missing from migrations:\n');
      for (const q of up) console.error(`  ${q};`);
      console.error('\nRun: npm run db:migration -- <DescriptiveName>');
      process.exit(1);
    }
    console.log('db:check: entities and migrations agree');
    return;
  }
  if (command === 'generate' && name && /^[A-Z][A-Za-z0-9]+$/.test(name)) {
    const { up, down } = await withScratchDatabase(pendingSchemaChanges);
    if (up.length === 0) {
      console.log('No schema changes: nothing to generate.');
      return;
    }
    const ts = Date.now();
    const cls = `${name}${ts}`;
    const q = (s: string) => `    await queryRunner.query(${JSON.stringify(s)});`;
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${cls} implements MigrationInterface {
  name = '${cls}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.map(q).join('\n')}
  }
}
`;
    const file = join(
      __dirname,
      '../src/services/database/migrations',
      `${ts}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
    );
    writeFileSync(file, body);
    console.log(`Wrote ${file}\nAdd ${cls} to migrations/index.ts.`);
    return;
  }
  console.error('usage: db check | db generate <PascalCaseName>');
  process.exit(2);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
