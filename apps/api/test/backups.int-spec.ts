import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkRole } from '@clan/contracts';
import { DataSource } from 'typeorm';
import { BackupScheduler } from '../src/backups/backup-scheduler.service';
import { NetworkMemberEntity } from '../src/networks/network-member.entity';
import { InternalJobName } from '../src/services/queue/queue.catalogue';
import { QueueService } from '../src/services/queue/queue.service';
import { createMeshDevice } from './fixtures/db';
import { requireRestic } from './fixtures/backups';
import { addNetwork, addUser, type TestUser, waitFor } from './fixtures/principals';
import { startTestPanel, TestClient, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

/**
 * Backups end to end with real restic 0.14 on local repositories
 * in a temporary directory, the real panel, Postgres and Redis.
 */
describe('backups (real restic)', () => {
  let t: TestPanel;
  let admin: TestUser;
  let netAdmin: TestUser;
  let anna: TestUser;
  let networkId: string;
  let work: string;
  let base: string;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    requireRestic();
    t = await startTestPanel();
    admin = await addUser(t, 'backup-admin', { hostAdmin: true });
    netAdmin = await addUser(t, 'backup-netadmin');
    anna = await addUser(t, 'anna');
    networkId = await addNetwork(t, 'family', [
      [netAdmin, NetworkRole.Admin],
      [anna, NetworkRole.Member],
    ]);
    await createMeshDevice(t, networkId, 'nas-box');
    await createMeshDevice(t, networkId, 'laptop-anna');
    work = mkdtempSync(join(tmpdir(), 'clan-backups-'));
    base = `/api/networks/${networkId}/backups`;
  });
  afterAll(async () => {
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const api = () => admin.client;

  async function task(taskId: string, timeoutMs = 60_000) {
    const done = await waitFor(
      () => api().get(`/api/tasks/${taskId}`),
      (r) => ['succeeded', 'failed', 'cancelled'].includes(r.body?.status),
      timeoutMs,
      `task ${taskId}`,
    );
    const log = await api().get(`/api/tasks/${taskId}/log?limit=500`);
    return { ...done.body, log: (log.body.items as { text: string }[]).map((l) => l.text).join('\n') };
  }

  async function repository(name: string): Promise<{ id: string; dir: string }> {
    const dir = join(work, name);
    const created = await api().post(`${base}/repositories`, { name, kind: 'local', location: dir, password });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(password);
    const init = await api().post(`${base}/repositories/${created.body.id}/init`);
    expect(init.status).toBe(202);
    const done = await task(init.body.taskId);
    expect(done.status).toBe('succeeded');
    return { id: created.body.id, dir };
  }

  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  function tree(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else out[p.slice(dir.length)] = sha(p);
      }
    };
    walk(dir);
    return out;
  }

  it('backs up a directory, and restores changed and deleted files byte-identical', async () => {
    const repo = await repository('nas');
    const src = join(work, 'photos');
    mkdirSync(join(src, '2024'), { recursive: true });
    for (let i = 0; i < 5; i++)
      writeFileSync(
        join(src, '2024', `img-${i}.jpg`),
        Buffer.from(
          createHash('sha512')
            .update(`p${i}`)
            .digest('hex')
            .repeat(2000 * (i + 1)),
        ),
      );
    writeFileSync(join(src, 'notes.txt'), 'keep this\n');
    const before = tree(src);

    const policy = await api().post(`${base}/policies`, {
      repositoryId: repo.id,
      subjectKind: 'device',
      subjectName: 'nas-box',
      runner: 'panel',
      paths: [src],
      keepLast: 5,
      schedule: '0 3 * * *',
    });
    expect(policy.status).toBe(201);
    expect(policy.body.status.freshness).toBe('never');
    expect(policy.body.status.nextRunAt).toMatch(/T03:00:00/);

    const started = await api().post(`${base}/policies/${policy.body.id}/run`);
    expect(started.status).toBe(202);
    const again = await api().post(`${base}/policies/${policy.body.id}/run`);
    expect(again.status).toBe(409);
    const run = await task(started.body.taskId);
    expect(run.status).toBe('succeeded');
    expect(run.progress).toBe(100);
    expect(run.result.snapshotId).toMatch(/^[0-9a-f]{8}$/);
    expect(run.result.filesNew).toBe(6);
    expect(run.result.bytesAdded).toBeGreaterThan(0);
    expect(run.log).toContain('restic backup');
    expect(run.log).not.toContain(password);
    const snapshotId: string = run.result.snapshotId;
    // Wait for the backup's retention task so it cannot hold the repository lease while we restore.
    if (run.result.pruneTaskId) expect((await task(run.result.pruneTaskId)).status).toBe('succeeded');

    const runs = await api().get(`${base}/policies/${policy.body.id}/runs?kind=backup`);
    expect(runs.body.items[0]).toMatchObject({ kind: 'backup', source: 'panel', status: 'succeeded', snapshotId });
    expect(runs.body.items[0].summary).toMatchObject({ filesNew: 6, filesChanged: 0, filesUnmodified: 0 });
    expect(runs.body.items[0].durationMs).toBeGreaterThan(0);
    const fresh = await api().get(`${base}/policies/${policy.body.id}`);
    expect(fresh.body.status.freshness).toBe('ok');

    const listed = await api().get(`${base}/repositories/${repo.id}/snapshots?policyId=${policy.body.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ shortId: snapshotId, hostname: 'nas-box', part: 'files', policyId: policy.body.id }),
    ]);
    const browse = await api().get(`${base}/repositories/${repo.id}/snapshots/${snapshotId}/tree?path=${encodeURIComponent(src)}`);
    expect(browse.status).toBe(200);
    expect(browse.body.entries.map((e: { name: string; type: string }) => `${e.type}:${e.name}`)).toEqual(['dir:2024', 'file:notes.txt']);
    expect((await api().get(`${base}/repositories/${repo.id}/snapshots/deadbeef00/tree`)).status).toBe(404);

    // Change one file, delete two, add one.
    writeFileSync(join(src, 'notes.txt'), 'overwritten by mistake\n');
    unlinkSync(join(src, '2024', 'img-1.jpg'));
    unlinkSync(join(src, '2024', 'img-3.jpg'));
    writeFileSync(join(src, 'new.txt'), 'made after the backup\n');

    const restore = await api().post(`${base}/repositories/${repo.id}/snapshots/${snapshotId}/restore`, { path: src });
    expect(restore.status).toBe(202);
    const restored = await task(restore.body.taskId);
    expect(restored.status).toBe('succeeded');
    expect(restored.progress).toBe(100);
    const after = tree(src);
    expect(after['/new.txt']).toBeDefined();
    delete after['/new.txt'];
    expect(after).toEqual(before);

    // Another place: host admins only; a network admin may restore back in place only.
    const elsewhere = join(work, 'restored');
    const denied = await netAdmin.client.post(`${base}/repositories/${repo.id}/snapshots/${snapshotId}/restore`, {
      path: join(src, '2024'),
      target: elsewhere,
    });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/host administrator/);
    const copy = await api().post(`${base}/repositories/${repo.id}/snapshots/${snapshotId}/restore`, {
      path: join(src, '2024'),
      target: elsewhere,
    });
    expect((await task(copy.body.taskId)).status).toBe('succeeded');
    expect(sha(join(elsewhere, src, '2024', 'img-4.jpg'))).toBe(before['/2024/img-4.jpg']);

    // A second run with nothing changed is still a success (restic 0.14 writes a snapshot anyway).
    const second = await task((await api().post(`${base}/policies/${policy.body.id}/run`)).body.taskId);
    expect(second.status).toBe('succeeded');
    expect(second.result.filesNew).toBe(1);

    const usage = await api().get(`${base}/repositories/${repo.id}/usage`);
    expect(usage.body.samples.length).toBeGreaterThanOrEqual(2);
    expect(usage.body.samples.at(-1).sizeBytes).toBeGreaterThan(0);
    expect(usage.body.samples.at(-1).freeBytes).toBeGreaterThan(0);
  }, 90_000);

  it('schedules a policy as job schedulers whose beats (the internal job backup.trigger) start its tasks, one at a time', async () => {
    const repo = await repository('scheduled');
    const src = join(work, 'scheduled-src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'scheduled\n');
    const policy = await api().post(`${base}/policies`, {
      repositoryId: repo.id,
      subjectKind: 'device',
      subjectName: 'nas-box',
      runner: 'panel',
      paths: [src],
      schedule: '30 2 * * *',
      checkSchedule: '0 5 * * 0',
    });
    expect(policy.status).toBe(201);
    const id: string = policy.body.id;
    const scheduler = t.panel.app.get(BackupScheduler);
    const mine = async () => (await scheduler.list()).filter((s) => s.id.endsWith(`:${id}`)).map((s) => [s.id, s.pattern]);
    expect((await mine()).sort()).toEqual([
      [`backup:${id}`, '30 2 * * *'],
      [`check:${id}`, '0 5 * * 0'],
    ]);

    // Two beats at once, as the scheduler would fire them: one backup task starts, the other beat is skipped.
    const beat = { payload: { policyId: id, what: 'backup' as const } };
    await t.panel.app.get(QueueService).addInternal(InternalJobName.BackupTrigger, [beat, beat]);
    const sql = (q: string, params: unknown[]) => t.panel.app.get(DataSource).query(q, params);
    const started = await waitFor(
      () => sql(`SELECT "id", "payload" FROM "tasks" WHERE "type" = 'backup.run' AND "payload" ->> 'policyId' = $1`, [id]),
      (rows: { id: string }[]) => rows.length >= 1,
      20_000,
      'the scheduled backup task',
    );
    const run = await task(started[0].id);
    expect(run.status).toBe('succeeded');
    expect(started[0].payload).toEqual({ policyId: id, trigger: 'schedule' });
    expect(await sql(`SELECT "id" FROM "tasks" WHERE "type" = 'backup.run' AND "payload" ->> 'policyId' = $1`, [id])).toHaveLength(1);

    // Without its schedules the policy has no schedulers; deleted, none at all.
    expect((await api().patch(`${base}/policies/${id}`, { checkSchedule: null })).status).toBe(200);
    expect(await mine()).toEqual([[`backup:${id}`, '30 2 * * *']]);
    expect((await api().delete(`${base}/policies/${id}`)).status).toBe(200);
    expect(await mine()).toEqual([]);
  });

  it("stores a database dump hook's output in the snapshot, and fails a run whose dump fails", async () => {
    const repo = await repository('db');
    const dbName = new URL(t.databaseUrl).pathname.slice(1);
    const policy = await api().post(`${base}/policies`, {
      repositoryId: repo.id,
      subjectKind: 'device',
      subjectName: 'nas-box',
      runner: 'panel',
      dumpHooks: [{ name: 'panel.sql', command: ['pg_dump', '-h', '127.0.0.1', '-U', 'postgres', '--schema-only', dbName] }],
    });
    expect(policy.status).toBe(201);
    const run = await task((await api().post(`${base}/policies/${policy.body.id}/run`)).body.taskId);
    expect(run.status).toBe('succeeded');
    expect(run.result.dumps).toEqual([expect.objectContaining({ name: 'panel.sql', snapshotId: expect.stringMatching(/^[0-9a-f]{8}$/) })]);
    const dumpSnap: string = run.result.dumps[0].snapshotId;
    const listing = await api().get(`${base}/repositories/${repo.id}/snapshots/${dumpSnap}/tree`);
    expect(listing.body.entries).toEqual([expect.objectContaining({ name: 'panel.sql', type: 'file', size: expect.any(Number) })]);
    const sql = execFileSync('restic', ['dump', '--no-lock', dumpSnap, '/panel.sql'], {
      env: { ...childProcessEnv(), HOME: work, RESTIC_REPOSITORY: repo.dir, RESTIC_PASSWORD: password },
      encoding: 'utf8',
    });
    expect(sql).toContain('CREATE TABLE public.backup_policies');

    // A dump that fails half-way: the run fails (hook-failed) and its partial snapshot is forgotten.
    await api().patch(`${base}/policies/${policy.body.id}`, {
      dumpHooks: [{ name: 'broken.sql', command: ['sh', '-c', 'echo "-- half a dump"; echo "pg_dump: connection lost" >&2; exit 3'] }],
    });
    const failed = await task((await api().post(`${base}/policies/${policy.body.id}/run`)).body.taskId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/hook "broken.sql" \(sh\) exited with code 3: pg_dump: connection lost.*\[hook-failed\]/);
    expect(failed.log).toMatch(/Forgot the partial dump snapshot/);
    const snaps = await api().get(`${base}/repositories/${repo.id}/snapshots?policyId=${policy.body.id}`);
    expect(snaps.body.items.map((s: { part: string }) => s.part)).toEqual(['dump:panel.sql']);
    const p = await api().get(`${base}/policies/${policy.body.id}`);
    expect(p.body.status).toMatchObject({ lastRunStatus: 'failed', lastErrorClass: 'hook-failed' });
  }, 60_000);

  it('calls a device stale after its threshold, in the API and the family view, and notifies exactly once', async () => {
    const received: { body: Record<string, unknown> }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const target = await api().post(`/api/networks/${networkId}/notification-targets`, {
        name: 'test receiver',
        type: 'webhook',
        minSeverity: 'warning',
        kinds: ['backup.freshness'],
        webhook: { url },
      });
      expect(target.status).toBe(201);

      const repo = await repository('laptops');
      const policy = await netAdmin.client.post(`${base}/policies`, {
        repositoryId: repo.id,
        subjectKind: 'device',
        subjectName: 'laptop-anna',
        ownerUserId: anna.id,
        lateAfterHours: 24,
        staleAfterHours: 48,
      });
      expect(policy.status).toBe(201);
      expect(policy.body.runner).toBe('device');
      const token = await netAdmin.client.post(`${base}/policies/${policy.body.id}/checkin-token`);
      expect(token.status).toBe(201);
      expect(token.body.tags).toEqual([`clan-policy:${policy.body.id}`, 'clan-part:files']);

      // The laptop last backed up four days ago, then its timer died.
      const fourDaysAgo = new Date(Date.now() - 4 * 86_400_000).toISOString();
      const device = new TestClient(t.baseUrl);
      const bad = await device.request('POST', '/api/backups/check-in', { status: 'succeeded' }, { 'x-clan-checkin-token': 'cbk_wrong' });
      expect(bad.status).toBe(403);
      const checkin = await device.request(
        'POST',
        '/api/backups/check-in',
        { status: 'succeeded', snapshotId: 'a1b2c3d4', finishedAt: fourDaysAgo, durationSeconds: 42, filesNew: 3, bytesAdded: 1024 },
        { 'x-clan-checkin-token': token.body.token },
      );
      expect(checkin.status).toBe(201);
      expect(checkin.body.freshness).toBe('stale');

      for (let i = 0; i < 3; i++) expect((await api().post(`${base}/refresh`)).status).toBe(201);
      const status = await api().get(`${base}/status`);
      const laptop = status.body.subjects.find((s: { name: string }) => s.name === 'laptop-anna');
      expect(laptop).toMatchObject({
        kind: 'device',
        coverage: 'protected',
        freshness: 'stale',
        lastSuccessAt: new Date(fourDaysAgo).toISOString(),
      });
      expect(laptop.ageSeconds).toBeGreaterThanOrEqual(4 * 86_400 - 5);
      expect(status.body.subjects[0].name).toBe('laptop-anna');

      const family = await anna.client.get('/api/backups/mine');
      expect(family.status).toBe(200);
      expect(family.body.items).toEqual([
        expect.objectContaining({
          name: 'laptop-anna',
          state: 'needs-attention',
          freshness: 'stale',
          lastBackupAt: new Date(fourDaysAgo).toISOString(),
        }),
      ]);
      expect(family.body.items[0].advice).toMatch(/^Turn laptop-anna on/);

      await waitFor(
        async () => received.length,
        (n) => n >= 1,
        20_000,
        'the webhook delivery',
      );
      // More polls and evaluations change nothing: still one delivery.
      for (let i = 0; i < 2; i++) await api().post(`${base}/refresh`);
      await new Promise((r) => setTimeout(r, 2000));
      expect(received).toHaveLength(1);
      expect(JSON.stringify(received[0].body)).toContain('laptop-anna has not been backed up for 4 days');

      // The owner checks in with an API token after a fresh backup: safe again.
      const ok = await anna.client.post(`${base}/policies/${policy.body.id}/check-in`, { status: 'succeeded', snapshotId: 'b2c3d4e5' });
      expect(ok.status).toBe(201);
      expect(ok.body.freshness).toBe('ok');
      expect((await anna.client.get('/api/backups/mine')).body.items[0].state).toBe('safe');
      // Another member may not report someone else's device.
      const bob = await addUser(t, 'bob');
      await t.panel.app.get(DataSource).getRepository(NetworkMemberEntity).insert({ networkId, userId: bob.id, role: NetworkRole.Member });
      const notHis = await bob.client.post(`${base}/policies/${policy.body.id}/check-in`, { status: 'failed', exitCode: 12 });
      expect(notHis.status).toBe(403);
      expect(notHis.body.message).toMatch(/Only the owner of laptop-anna/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 60_000);

  it('reports a corrupted pack file as a failed check naming the repository', async () => {
    const repo = await repository('fragile');
    const src = join(work, 'fragile-src');
    mkdirSync(src);
    writeFileSync(join(src, 'data.bin'), Buffer.alloc(300_000, 7));
    const policy = await api().post(`${base}/policies`, {
      repositoryId: repo.id,
      subjectKind: 'device',
      subjectName: 'nas-box',
      runner: 'panel',
      paths: [src],
    });
    expect((await task((await api().post(`${base}/policies/${policy.body.id}/run`)).body.taskId)).status).toBe('succeeded');

    const good = await task((await api().post(`${base}/repositories/${repo.id}/check`, { readDataSubset: '100%' })).body.taskId);
    expect(good.status).toBe('succeeded');

    const packs: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        if (statSync(join(d, n)).isDirectory()) walk(join(d, n));
        else packs.push(join(d, n));
      }
    };
    walk(join(repo.dir, 'data'));
    for (const pack of packs) {
      chmodSync(pack, 0o600);
      const bytes = readFileSync(pack);
      bytes.write('CORRUPTED-BY-THE-TEST', 40);
      writeFileSync(pack, bytes);
    }
    const bad = await task((await api().post(`${base}/repositories/${repo.id}/check`, { readDataSubset: '100%' })).body.taskId);
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/^Backup repository fragile \(.*fragile\) failed its integrity check: .*\[repository-damaged\]$/);
    const r = await api().get(`${base}/repositories/${repo.id}`);
    expect(r.body.check).toMatchObject({ result: 'failed', error: expect.stringContaining('Backup repository fragile') });
    const status = await api().get(`${base}/status`);
    expect(status.body.subjects.find((s: { name: string }) => s.name === 'nas-box').integrity.result).toBe('failed');
  }, 60_000);

  it('answers bad input with 400 and a message, and keeps host powers for host admins', async () => {
    const repo = (await api().get(`${base}/repositories`)).body.items[0];
    const policy = (body: Record<string, unknown>, client = api()) =>
      client.post(`${base}/policies`, { repositoryId: repo.id, subjectKind: 'device', subjectName: 'nas-box', runner: 'panel', ...body });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ schedule: '0 3 * *' }, /schedule must have five fields/],
      [{ schedule: '61 3 * * *' }, /schedule is not a valid cron expression/],
      [{ checkSchedule: 'daily' }, /checkSchedule must have five fields/],
      [{ keepLast: -1 }, /keepLast must not be less than 0/],
      [{ keepDaily: 1.5 }, /keepDaily must be an integer/],
      [{ paths: ['photos'] }, /"photos" is not an absolute path/],
      [{ paths: ['/srv/../etc'] }, /must not contain "\." or "\.\." segments/],
      [{ subjectName: 'no-such-laptop' }, /mesh has no active device named "no-such-laptop"/],
      [{ subjectKind: 'machine', subjectName: 'ghost' }, /configuration has no machine named "ghost"/],
      [{ lateAfterHours: 48, staleAfterHours: 24 }, /staleAfterHours: must be at least lateAfterHours/],
      [{ checkReadDataSubset: '150%' }, /checkReadDataSubset must be a percentage/],
      [{ dumpHooks: [{ name: 'a b', command: ['true'] }] }, /name must be letters, digits/],
    ];
    for (const [body, message] of cases) {
      const res = await policy(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.message).toMatch(message);
    }
    const relRepo = await api().post(`${base}/repositories`, { name: 'rel', kind: 'local', location: 'backups', password });
    expect(relRepo.status).toBe(400);
    expect(relRepo.body.message).toMatch(/not an absolute path/);
    const s3 = await api().post(`${base}/repositories`, { name: 's3', kind: 's3', location: 's3:https://garage.example/bucket', password });
    expect(s3.status).toBe(400);
    expect(s3.body.message).toMatch(/s3\.accessKeyId/);

    // A network admin may add S3 repositories and device policies, but not host paths or hooks.
    const hooks = await policy({ paths: ['/etc'] }, netAdmin.client);
    expect(hooks.status).toBe(403);
    expect(hooks.body.message).toMatch(/Only a host administrator may set what the panel backs up/);
    const local = await netAdmin.client.post(`${base}/repositories`, { name: 'mine', kind: 'local', location: '/tmp/x', password });
    expect(local.status).toBe(403);
    const offsite = await netAdmin.client.post(`${base}/repositories`, {
      name: 'offsite',
      kind: 's3',
      location: 's3:https://garage.example:3900/family-backups',
      password,
      s3: { accessKeyId: 'GKabc', secretAccessKey: 'very-secret-key' },
    });
    expect(offsite.status).toBe(201);
    expect(offsite.body).toMatchObject({ kind: 's3', location: 's3:https://garage.example:3900/family-backups', hasCredentials: true });
    expect(JSON.stringify(offsite.body)).not.toContain('very-secret-key');
    // Members read, but do not change.
    expect((await anna.client.get(`${base}/status`)).status).toBe(200);
    expect((await anna.client.post(`${base}/repositories/${repo.id}/check`, {})).status).toBe(403);
  });
});
