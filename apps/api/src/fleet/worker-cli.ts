import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { HostEnrolledDto } from './dto/fleet.dto';
import { ENROLMENT_FILE, type EnrolledHostFile } from './host-identity.service';

/**
 * `clan-panel worker …` (docs/fleet.md, "Enrolment"): `enrol` spends a
 * one-time token at the panel and writes what the worker needs into its
 * state directory; plain `worker` runs the panel as this host's worker.
 */

export const WORKER_USAGE = `Usage:
  clan-panel worker enrol --panel <panel URL in the fleet mesh> --token <token> [--state-dir DIR]
  clan-panel worker            (runs this host's worker; CLAN_STATE_DIR as for the panel)`;

/** Writes a key file as state-keys.ts reads it, refusing to replace a different one. */
async function writeKey(stateDir: string, name: string, base64: string): Promise<void> {
  const dir = join(stateDir, 'secrets');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${name}.key`);
  if (existsSync(file)) {
    const had = (await readFile(file, 'utf8')).trim();
    if (had !== base64) {
      throw new Error(
        `${file} holds another panel's key: this state directory belongs to another panel. Use an empty state directory for this host.`,
      );
    }
    return;
  }
  await writeFile(file, `${base64}\n`, { mode: 0o600, flag: 'wx' });
}

export async function enrolWorker(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: { panel: { type: 'string' }, token: { type: 'string' }, 'state-dir': { type: 'string' } },
    strict: true,
  });
  if (!values.panel || !values.token) throw new Error(WORKER_USAGE);
  const stateDir = resolve(cwd, values['state-dir'] ?? env['CLAN_STATE_DIR'] ?? '.state');
  if (existsSync(join(stateDir, ENROLMENT_FILE))) {
    throw new Error(
      `This host is already enrolled (${join(stateDir, ENROLMENT_FILE)}). Remove that file to enrol it again with a new token.`,
    );
  }
  const url = `${values.panel.replace(/\/+$/, '')}/api/hosts/enrol`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: values.token }),
    });
  } catch (err) {
    throw new Error(
      `Cannot reach the panel at ${values.panel} (${(err as Error).message}). Is this host in the fleet mesh, and is the address right?`,
    );
  }
  const body = (await res.json().catch(() => ({}))) as Partial<HostEnrolledDto> & { message?: string };
  if (!res.ok) throw new Error(body.message ?? `The panel refused the enrolment (HTTP ${res.status}).`);
  const e = body as HostEnrolledDto;
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await writeKey(stateDir, 'master', e.keys.master);
  await writeKey(stateDir, 'panel-id', e.keys.panelId);
  const file: EnrolledHostFile = {
    hostId: e.hostId,
    name: e.name,
    secret: e.secret,
    panelUrl: values.panel,
    databaseUrl: e.databaseUrl,
    redisUrl: e.redisUrl,
    queuePrefix: e.queuePrefix,
    heartbeatSeconds: e.heartbeatSeconds,
    cacheUrl: e.cache.url,
    cachePublicKey: e.cache.publicKey,
  };
  const path = join(stateDir, ENROLMENT_FILE);
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(path, 0o600);
  return `Enrolled as host "${e.name}" (${e.hostId}). Start the worker: clan-panel worker`;
}

/**
 * The environment of `clan-panel worker`: the enrolment's database, Redis and
 * queue prefix unless set explicitly, the worker role, and no mesh host (the
 * panel's host serves the networks' meshes).
 */
export async function workerEnv(env: NodeJS.ProcessEnv, cwd: string): Promise<NodeJS.ProcessEnv> {
  const stateDir = resolve(cwd, env['CLAN_STATE_DIR'] ?? '.state');
  let enrolled: EnrolledHostFile;
  try {
    enrolled = JSON.parse(await readFile(join(stateDir, ENROLMENT_FILE), 'utf8')) as EnrolledHostFile;
  } catch {
    throw new Error(`This host is not enrolled (no ${join(stateDir, ENROLMENT_FILE)}).\n${WORKER_USAGE}`);
  }
  return {
    DATABASE_URL: enrolled.databaseUrl,
    REDIS_URL: enrolled.redisUrl,
    CLAN_QUEUE_PREFIX: enrolled.queuePrefix,
    CLAN_HOST_HEARTBEAT_SECONDS: String(enrolled.heartbeatSeconds),
    CLAN_MESH_HOST: 'false',
    ...env,
    CLAN_ROLE: 'worker',
    CLAN_RUN_WORKERS: 'true',
  };
}
