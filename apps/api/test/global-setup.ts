import './register-paths';
import { randomBytes } from 'node:crypto';
import { migrate } from '../src/app/create-app';
import { adminQuery, TEMPLATE_ENV, urlFor } from './db-admin';

/** Migrates once into a template database; every test file clones it. */
export default async function globalSetup(): Promise<void> {
  const name = `clan_tpl_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  await migrate(urlFor(name));
  process.env[TEMPLATE_ENV] = name;
}
