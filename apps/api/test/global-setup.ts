import './register-paths';
import { randomBytes } from 'node:crypto';
import { migrate } from '../src/app/create-app';
import { adminQuery, urlFor } from './db-admin';
import { setTemplateDatabase } from './test-config';

/** Migrates once into a template database; every test file clones it. */
export default async function globalSetup(): Promise<void> {
  const name = `clan_tpl_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  await migrate(urlFor(name));
  setTemplateDatabase(name);
}
