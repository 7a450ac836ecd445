import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Real Postgres compiled to WASM (PGlite), served over the Postgres wire
 * protocol on a loopback port so the ordinary `pg` driver and TypeORM work
 * unchanged. Used when no DATABASE_URL is configured. PGlite has a single
 * backend: the socket server multiplexes the pool over it.
 */
export async function startEmbeddedPostgres(stateDir: string, maxConnections = 8): Promise<EmbeddedPostgres> {
  const dataDir = join(stateDir, 'pgdata');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Both packages ship ESM; load them dynamically from this CommonJS build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const address = server.getServerConn();
  const url = `postgres://postgres@${address}/postgres`;
  new Logger('EmbeddedPostgres').log(`PGlite serving ${dataDir} on ${address}`);
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
