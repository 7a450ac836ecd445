import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createPanelApp, type PanelApp } from '../src/app/create-app';
import { type AppConfig, loadConfig } from '../src/services/config/config.schema';
import { adminQuery, urlFor } from './db-admin';
import { templateDatabase, TEST_REDIS_URL } from './test-config';

export interface TestPanel {
  panel: PanelApp;
  config: AppConfig;
  baseUrl: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated template. */
export async function cloneTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const template = templateDatabase();
  if (!template) throw new Error('No template database: run integration tests through jest.int.config.cts');
  const name = `clan_test_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return { name, url: urlFor(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Starts a whole panel on a loopback port against a private database clone,
 * a private queue prefix on the real Redis and a temporary state directory.
 */
export async function startTestPanel(env: Record<string, string> = {}): Promise<TestPanel> {
  const db = await cloneTestDatabase();
  const stateDir = mkdtempSync(join(tmpdir(), 'clan-test-'));
  const config = loadConfig(
    {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      CLAN_STATE_DIR: stateDir,
      CLAN_QUEUE_PREFIX: `clantest_${randomBytes(4).toString('hex')}`,
      CLAN_LIBVIRT_URI: 'test:///default',
      CLAN_LOG_LEVEL: 'error',
      CLAN_WEB_DIR: join(stateDir, 'no-web'),
      // Config commits build and boot machines only in the VM pipeline tests, which turn it on.
      CLAN_AUTO_DEPLOY: 'false',
      // No test may create interfaces in the machine's own namespace; mesh tests point CLAN_MESH_NETNS at their lab.
      CLAN_MESH_HOST: 'false',
      // The route walks create two networks per rebuilt world: more than the default /16 holds.
      CLAN_MESH_POOL: '10.100.0.0/14',
      // Machines' mesh sections are extra panel commits after each machine change; mesh-machines.int-spec turns them on.
      CLAN_MESH_MACHINES: 'false',
      ...env,
    },
    process.cwd(),
  );
  const panel = await createPanelApp(config, { logger: false });
  await panel.app.listen(0, '127.0.0.1');
  const address = panel.app.getHttpServer().address() as { port: number };
  return {
    panel,
    config,
    baseUrl: `http://127.0.0.1:${address.port}`,
    databaseUrl: db.url,
    async close() {
      await panel.close();
      await deleteRedisKeys(config);
      await db.drop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Removes every Redis key under the test's private prefix (queues, rate limits, liveness keys). */
export async function deleteRedisKeys(config: AppConfig): Promise<void> {
  const redis = new Redis({ ...config.redis, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny HTTP client with a cookie jar and the CSRF header, like the browser app. */
export class TestClient {
  private cookies = new Map<string, string>();
  csrfToken: string | undefined;
  bearer: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
    if (this.cookies.size) h['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrfToken && !h['x-csrf-token']) h['x-csrf-token'] = this.csrfToken;
    if (this.bearer) h['authorization'] = `Bearer ${this.bearer}`;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body ?? {});
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}
