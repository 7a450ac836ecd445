import { fork, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeshService } from '../src/mesh/mesh.service';
import { MachineRepositories } from '../src/backups/rest-repo/machine-repositories.service';
import type { BackupRepoStateMessage, BackupRepoWorkerMessage } from '../src/backups/rest-repo/backup-repo-protocol';
import { passwordVerifier, VerifierTable } from '../src/backups/rest-repo/rest-repo-auth';
import { RestRepoServer } from '../src/backups/rest-repo/rest-repo-server';
import { VmSecrets } from '../src/vms/vm-secrets';
import { requireRestic } from './fixtures/backups';
import { createMeshDevice } from './fixtures/db';
import { addNetwork } from './fixtures/principals';
import { startTestPanel, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

interface Http {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Machine repositories (docs/backups.md, "Machine repositories") with the real
 * restic binary: the panel creates a machine's repository on its local
 * directory, the machine backs up into it over restic's REST protocol, and
 * nothing the machine does can delete or rewrite what is there. The server
 * runs in-process on loopback (the worker runs the same class on the mesh).
 */
describe('append-only machine repositories (real restic)', () => {
  let t: TestPanel;
  let repos: MachineRepositories;
  let server: RestRepoServer;
  let port: number;
  let networkId: string;
  let work: string;

  beforeAll(async () => {
    requireRestic();
    t = await startTestPanel();
    repos = t.panel.app.get(MachineRepositories);
    networkId = await addNetwork(t, 'backups-home');
    // A device gives the network its mesh ranges, so machines get a repository URL on the host's mesh address.
    await createMeshDevice(t, networkId, 'phone');
    // Only machines in the mesh get a repository URL (they reach the host's mesh address).
    for (const machine of ['alpha', 'beta']) await t.panel.app.get(MeshService).addPeer(networkId, { name: machine }, 'machine');
    work = mkdtempSync(join(tmpdir(), 'clan-backup-repo-'));
    server = new RestRepoServer({
      root: repos.root,
      credentials: new VerifierTable(
        ['alpha', 'beta'].map((machine) => ({ networkId, machine, verifier: passwordVerifier(repos.authPassword(networkId, machine)) })),
      ),
      onError: (error, where) => process.stderr.write(`rest-repo ${where}: ${error.stack ?? error.message}\n`),
    });
    port = await server.listen('127.0.0.1', 0);
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** restic as the machine would run it: the REST URL with its credentials, its own cache. */
  function machineEnv(machine: string, password = repos.authPassword(networkId, machine)): Record<string, string> {
    return {
      ...childProcessEnv(),
      RESTIC_REPOSITORY: `rest:http://${machine}:${password}@127.0.0.1:${port}/${networkId}/${machine}/`,
      RESTIC_PASSWORD: repos.keyPassword(networkId, machine),
      RESTIC_CACHE_DIR: join(work, `cache-${machine}`),
    };
  }

  /** Asynchronous: the server answers restic from this same process. */
  function restic(env: Record<string, string>, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('restic', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });
  }

  async function snapshotIds(env: Record<string, string>): Promise<string[]> {
    const r = await restic(env, ['snapshots', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return (JSON.parse(r.stdout) as { id: string }[]).map((s) => s.id);
  }

  function http(
    method: string,
    path: string,
    opts: { user?: string; password?: string; body?: Buffer; headers?: Record<string, string> } = {},
  ): Promise<Http> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.user) headers['Authorization'] = `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64')}`;
    if (opts.body) headers['Content-Length'] = String(opts.body.length);
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      });
      req.on('error', reject);
      req.end(opts.body);
    });
  }
  const as = (machine: string) => ({ user: machine, password: repos.authPassword(networkId, machine) });

  let alphaPanel: { dir: string; env: { RESTIC_REPOSITORY: string; RESTIC_PASSWORD: string } };
  let source: string;

  it('the panel creates each machine repository itself (restic init on the directory), once', async () => {
    const [a, again] = await Promise.all([repos.ensure(networkId, 'alpha'), repos.ensure(networkId, 'alpha')]);
    expect(again).toEqual(a);
    alphaPanel = a;
    expect(a.dir).toBe(join(repos.root, networkId, 'alpha'));
    expect(readdirSync(a.dir).sort()).toEqual(expect.arrayContaining(['config', 'data', 'index', 'keys', 'locks', 'snapshots']));
    // Called again later: the existing repository is kept (same key file), not re-created.
    const keys = readdirSync(join(a.dir, 'keys'));
    await repos.ensure(networkId, 'alpha');
    expect(readdirSync(join(a.dir, 'keys'))).toEqual(keys);
    await repos.ensure(networkId, 'beta');
  });

  it('puts backup/env on the secrets disk of machines in the mesh only: the REST URL on the host mesh address with the machine credentials, and the key', async () => {
    expect((await t.panel.app.get(VmSecrets).filesFor(networkId, 'gamma')).filter((f) => f.path.startsWith('backup/'))).toEqual([]);
    const files = (await t.panel.app.get(VmSecrets).filesFor(networkId, 'alpha')).filter((f) => f.path.startsWith('backup/'));
    expect(files.map((f) => f.path)).toEqual(['backup/env']);
    const env = Object.fromEntries(
      files[0]!.content
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(env['RESTIC_REPOSITORY']).toMatch(
      new RegExp(`^rest:http://alpha:${repos.authPassword(networkId, 'alpha')}@10\\.\\d+\\.\\d+\\.1:8470/${networkId}/alpha/$`),
    );
    expect(env['RESTIC_PASSWORD']).toBe(repos.keyPassword(networkId, 'alpha'));
    // The two passwords differ, and differ between machines.
    expect(repos.authPassword(networkId, 'alpha')).not.toBe(repos.keyPassword(networkId, 'alpha'));
    expect(repos.keyPassword(networkId, 'alpha')).not.toBe(repos.keyPassword(networkId, 'beta'));
  });

  it('a machine backs up into its repository and lists its snapshots', async () => {
    source = join(work, 'state');
    mkdirSync(source);
    writeFileSync(join(source, 'notes.txt'), 'first\n');
    writeFileSync(join(source, 'blob.bin'), randomBytes(3 * 1024 * 1024));
    const env = machineEnv('alpha');
    const first = await restic(env, ['backup', '--host', 'alpha', source]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    writeFileSync(join(source, 'notes.txt'), 'second\n');
    const second = await restic(env, ['backup', '--host', 'alpha', source]);
    expect(second.status).toBe(0);
    expect(await snapshotIds(env)).toHaveLength(2);
    // restic removed its own locks (the one kind of file a machine may delete).
    expect(readdirSync(join(alphaPanel.dir, 'locks'))).toEqual([]);
  });

  it('restic forget and forget --prune as the machine are refused, and the snapshots are still there', async () => {
    const env = machineEnv('alpha');
    const [oldest] = await snapshotIds(env);
    const forget = await restic(env, ['forget', oldest!]);
    expect(forget.status).not.toBe(0);
    expect(forget.stderr).toMatch(/403|Forbidden/i);
    const prune = await restic(env, ['forget', '--keep-last', '1', '--prune']);
    expect(prune.status).not.toBe(0);
    expect(prune.stderr).toMatch(/403|Forbidden/i);
    expect(await snapshotIds(env)).toHaveLength(2);
    expect(await snapshotIds(env)).toContain(oldest);
    const check = await restic({ ...childProcessEnv(), ...alphaPanel.env, RESTIC_CACHE_DIR: join(work, 'cache-panel') }, ['check']);
    expect(check.status).toBe(0);
    // restic 0.14 retries each refused removal with back-off (about 45 s) before it gives up.
  }, 300_000);

  it('refuses a raw DELETE, and a POST over an existing snapshot or data file (403)', async () => {
    const base = `/${networkId}/alpha`;
    const [snapshot] = readdirSync(join(alphaPanel.dir, 'snapshots'));
    expect((await http('DELETE', `${base}/snapshots/${snapshot}`, as('alpha'))).status).toBe(403);
    expect((await http('DELETE', `${base}/config`, as('alpha'))).status).toBe(403);
    const pack = readdirSync(join(alphaPanel.dir, 'data'))
      .flatMap((d) => readdirSync(join(alphaPanel.dir, 'data', d)))
      .find(Boolean)!;
    expect((await http('DELETE', `${base}/data/${pack}`, as('alpha'))).status).toBe(403);
    const other = Buffer.from('{"not":"the snapshot"}');
    const overwrite = await http('POST', `${base}/snapshots/${snapshot}`, { ...as('alpha'), body: other });
    expect(overwrite.status).toBe(403);
    expect(overwrite.body.toString()).toContain('append-only');
    expect((await http('POST', `${base}/data/${pack}`, { ...as('alpha'), body: other })).status).toBe(403);
    expect((await http('POST', `${base}/config`, { ...as('alpha'), body: other })).status).toBe(403);
    expect((await http('POST', `${base}/?create=true`, as('alpha'))).status).toBe(403);
    // A new file must be named by the SHA-256 of its content.
    const wrongName = createHash('sha256').update('something else').digest('hex');
    expect((await http('POST', `${base}/snapshots/${wrongName}`, { ...as('alpha'), body: other })).status).toBe(400);
    expect(readdirSync(join(alphaPanel.dir, 'snapshots'))).not.toContain(wrongName);
    // The snapshots are unchanged: restic still reads both.
    expect(await snapshotIds(machineEnv('alpha'))).toHaveLength(2);
  });

  it('serves ranges and both listing versions', async () => {
    const base = `/${networkId}/alpha`;
    const v2 = await http('GET', `${base}/snapshots/`, { ...as('alpha'), headers: { Accept: 'application/vnd.x.restic.rest.v2' } });
    expect(v2.status).toBe(200);
    const listed = JSON.parse(v2.body.toString()) as { name: string; size: number }[];
    expect(listed).toHaveLength(2);
    const v1 = await http('GET', `${base}/snapshots/`, as('alpha'));
    expect((JSON.parse(v1.body.toString()) as string[]).sort()).toEqual(listed.map((s) => s.name).sort());
    const part = await http('GET', `${base}/snapshots/${listed[0]!.name}`, { ...as('alpha'), headers: { Range: 'bytes=2-9' } });
    expect(part.status).toBe(206);
    expect(part.body).toHaveLength(8);
    expect(part.headers['content-range']).toBe(`bytes 2-9/${listed[0]!.size}`);
  });

  it('a machine reaches only its own repository: another machine gets 403, a wrong or missing password 401', async () => {
    const beta = `/${networkId}/beta/snapshots/`;
    expect((await http('GET', beta, as('alpha'))).status).toBe(403);
    expect((await http('GET', beta, { user: 'beta', password: repos.authPassword(networkId, 'alpha') })).status).toBe(401);
    const anonymous = await http('GET', beta);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic /);
    expect((await http('GET', '/../../etc/passwd', as('alpha'))).status).toBe(404);
    expect((await http('GET', `/${networkId}/alpha/%2e%2e/beta/config`, as('alpha'))).status).toBe(404);
    // restic itself, with machine alpha's credentials on beta's repository, cannot list it.
    const cross = await restic(
      {
        ...machineEnv('alpha'),
        RESTIC_REPOSITORY: `rest:http://alpha:${repos.authPassword(networkId, 'alpha')}@127.0.0.1:${port}/${networkId}/beta/`,
      },
      ['snapshots'],
    );
    expect(cross.status).not.toBe(0);
    const wrong = await restic(machineEnv('alpha', 'not-the-password'), ['snapshots']);
    expect(wrong.status).not.toBe(0);
  });

  it('the panel prunes and checks the repository on its local directory', async () => {
    const env = { ...childProcessEnv(), ...alphaPanel.env, RESTIC_CACHE_DIR: join(work, 'cache-panel') };
    const prune = await restic(env, ['forget', '--keep-last', '1', '--prune']);
    expect(prune.status).toBe(0);
    expect(await snapshotIds(env)).toHaveLength(1);
    const check = await restic(env, ['check', '--read-data']);
    expect(check.status).toBe(0);
    // The machine still backs up into the pruned repository.
    writeFileSync(join(source, 'notes.txt'), 'third\n');
    expect((await restic(machineEnv('alpha'), ['backup', '--host', 'alpha', source])).status).toBe(0);
    expect(await snapshotIds(machineEnv('alpha'))).toHaveLength(2);
  });

  it('the backup-repo worker serves the same repositories from its own process, with verifiers only', async () => {
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const workerPort = (free.address() as AddressInfo).port;
    await new Promise((r) => free.close(r));
    const worker = fork(join(__dirname, '../src/backups/rest-repo/backup-repo-worker.ts'), [], {
      cwd: join(__dirname, '../../..'),
      env: { ...childProcessEnv(), TS_NODE_TRANSPILE_ONLY: '1', TS_NODE_PROJECT: join(__dirname, '../tools/tsconfig.json') },
      execArgv: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    try {
      const messages: BackupRepoWorkerMessage[] = [];
      const next = (type: BackupRepoWorkerMessage['type']) =>
        new Promise<BackupRepoWorkerMessage>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the worker sent no ${type} message`)), 60_000);
          const poll = setInterval(() => {
            const m = messages.find((x) => x.type === type);
            if (!m) return;
            clearInterval(poll);
            clearTimeout(timer);
            resolve(m);
          }, 50);
        });
      worker.on('message', (m: BackupRepoWorkerMessage) => messages.push(m));
      await next('ready');
      const state: BackupRepoStateMessage = {
        type: 'state',
        seq: 1,
        root: repos.root,
        listen: [{ address: '127.0.0.1', port: workerPort }],
        credentials: [{ networkId, machine: 'alpha', verifier: passwordVerifier(repos.authPassword(networkId, 'alpha')) }],
      };
      worker.send(state);
      expect(await next('applied')).toEqual({ type: 'applied', seq: 1, listening: state.listen, errors: [] });
      const env = {
        ...machineEnv('alpha'),
        RESTIC_REPOSITORY: `rest:http://alpha:${repos.authPassword(networkId, 'alpha')}@127.0.0.1:${workerPort}/${networkId}/alpha/`,
      };
      expect(await snapshotIds(env)).toHaveLength(2);
      writeFileSync(join(source, 'notes.txt'), 'through the worker\n');
      expect((await restic(env, ['backup', '--host', 'alpha', source])).status).toBe(0);
      expect(await snapshotIds(env)).toHaveLength(3);
    } finally {
      worker.kill('SIGTERM');
    }
  }, 180_000);
});
