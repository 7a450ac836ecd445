import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkRole } from '@clan/contracts';
import { DataSource } from 'typeorm';
import { BackupPolicyEntity } from '../src/backups/backup-policy.entity';
import { BackupRepositoryEntity } from '../src/backups/backup-repository.entity';
import { BackupRunEntity } from '../src/backups/backup-run.entity';
import { requireRestic } from './fixtures/backups';
import { createMeshDevice } from './fixtures/db';
import { addNetwork, addUser, type TestUser, waitFor } from './fixtures/principals';
import { startTestPanel, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

/**
 * Setting backups up as the web app does (docs/backups.md "Repositories"):
 * a repository without a password gets a generated one, answered once; a
 * host directory is for host admins; a subject is "protected" only after its
 * first successful backup.
 */
describe('backup repositories set up from the web app', () => {
  let t: TestPanel;
  let admin: TestUser;
  let netAdmin: TestUser;
  let networkId: string;
  let base: string;
  let work: string;

  beforeAll(async () => {
    requireRestic();
    t = await startTestPanel();
    admin = await addUser(t, 'repo-host-admin', { hostAdmin: true });
    netAdmin = await addUser(t, 'repo-net-admin');
    networkId = await addNetwork(t, 'repos', [[netAdmin, NetworkRole.Admin]]);
    await createMeshDevice(t, networkId, 'tablet');
    base = `/api/networks/${networkId}/backups`;
    work = mkdtempSync(join(tmpdir(), 'clan-backup-repos-'));
  });
  afterAll(async () => {
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('generates the password of a local repository, answers it once, and keeps it sealed; restic opens the repository with it', async () => {
    const dir = join(work, 'usb');
    const created = await admin.client.post(`${base}/repositories`, { name: 'usb', kind: 'local', location: dir });
    expect(created.status).toBe(201);
    const password = created.body.password as string;
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.body).toMatchObject({ name: 'usb', kind: 'local', location: dir, initializedAt: null });

    // Never again: not in the one repository, the list or the status.
    for (const path of [`${base}/repositories/${created.body.id}`, `${base}/repositories`, `${base}/status`]) {
      const res = await admin.client.get(path);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(password);
    }
    const row = await t.panel.app.get(DataSource).getRepository(BackupRepositoryEntity).findOneByOrFail({ id: created.body.id });
    expect(row.passwordEncrypted).not.toContain(password);

    // The password shown is the repository's: init with it, and restic opens it with it.
    const init = await admin.client.post(`${base}/repositories/${created.body.id}/init`);
    expect(init.status).toBe(202);
    const done = await waitFor(
      () => admin.client.get(`/api/tasks/${init.body.taskId}`),
      (r) => ['succeeded', 'failed'].includes(r.body?.status),
      60_000,
      'restic init',
    );
    expect(done.body.status).toBe('succeeded');
    const snapshots = execFileSync('restic', ['snapshots', '--json', '--no-lock'], {
      env: { ...childProcessEnv(), HOME: work, RESTIC_REPOSITORY: dir, RESTIC_PASSWORD: password },
      encoding: 'utf8',
    });
    expect(JSON.parse(snapshots)).toEqual([]);

    // A password the admin gives is not answered back.
    const own = await admin.client.post(`${base}/repositories`, {
      name: 'usb-own',
      kind: 'local',
      location: join(work, 'own'),
      password: 'my own long password',
    });
    expect(own.status).toBe(201);
    expect(own.body.password).toBeNull();
  });

  it('refuses a host directory to a network admin with a sentence (whatever the path), and allows S3', async () => {
    for (const location of ['/srv/backups', 'relative']) {
      const local = await netAdmin.client.post(`${base}/repositories`, { name: 'mine', kind: 'local', location });
      expect(local.status).toBe(403);
      expect(local.body.message).toBe(
        "Only a host administrator may add a repository in a host directory: it acts on the host itself, beyond this network. Ask the panel's administrator.",
      );
    }

    // Creating does not contact S3 (…/init does): validation, then 201 with the generated password.
    const offsite = await netAdmin.client.post(`${base}/repositories`, {
      name: 'offsite',
      kind: 's3',
      location: 's3:https://garage.example:3900/family/panel',
      s3: { accessKeyId: 'GKabc', secretAccessKey: 'very-secret-key' },
    });
    expect(offsite.status).toBe(201);
    expect(offsite.body.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(offsite.body)).not.toContain('very-secret-key');

    const bad = await netAdmin.client.post(`${base}/repositories`, {
      name: 'bad',
      kind: 's3',
      location: 'garage.example/family',
      s3: { accessKeyId: 'GKabc', secretAccessKey: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/an s3 repository location looks like "s3:https:\/\/host\[:port\]\/bucket\[\/prefix\]"/);
    const noKeys = await netAdmin.client.post(`${base}/repositories`, { name: 'nokeys', kind: 's3', location: 's3:https://g.example/b' });
    expect(noKeys.status).toBe(400);
    expect(noKeys.body.message).toMatch(/s3\.accessKeyId/);
    const short = await netAdmin.client.post(`${base}/repositories`, {
      name: 'short',
      kind: 's3',
      location: 's3:https://g.example/b',
      password: 'short',
      s3: { accessKeyId: 'GKabc', secretAccessKey: 'x' },
    });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/password must be 8 to 1024 characters/);
  });

  it('calls a subject with a fresh policy "not yet backed up", not protected, until its first backup succeeds', async () => {
    const repo = (await admin.client.get(`${base}/repositories`)).body.items.find((r: { name: string }) => r.name === 'offsite');
    const policy = await netAdmin.client.post(`${base}/policies`, {
      repositoryId: repo.id,
      subjectKind: 'device',
      subjectName: 'tablet',
      runner: 'device',
    });
    expect(policy.status).toBe(201);
    const status = await netAdmin.client.get(`${base}/status`);
    const tablet = status.body.subjects.find((s: { name: string }) => s.name === 'tablet');
    expect(tablet).toMatchObject({
      kind: 'device',
      coverage: 'not-yet-backed-up',
      state: 'first-backup-pending',
      freshness: 'never',
      lastSuccessAt: null,
    });

    // A first backup in progress, then failed: still not protected, and the state says where it stands.
    const ds = t.panel.app.get(DataSource);
    const runs = ds.getRepository(BackupRunEntity);
    const run = await runs.save(
      runs.create({
        networkId,
        repositoryId: repo.id,
        policyId: policy.body.id,
        kind: 'backup',
        source: 'panel',
        taskId: null,
        status: 'running',
        startedAt: new Date(),
      }),
    );
    const stateOf = async () =>
      (await netAdmin.client.get(`${base}/status`)).body.subjects.find((s: { name: string }) => s.name === 'tablet');
    expect(await stateOf()).toMatchObject({ coverage: 'not-yet-backed-up', state: 'first-backup-running' });
    await runs.update({ id: run.id }, { status: 'failed', finishedAt: new Date() });
    await ds.getRepository(BackupPolicyEntity).update({ id: policy.body.id }, { lastRunStatus: 'failed', lastRunAt: new Date() });
    expect(await stateOf()).toMatchObject({ coverage: 'not-yet-backed-up', state: 'first-backup-failed' });
    await ds.getRepository(BackupPolicyEntity).update({ id: policy.body.id }, { lastRunStatus: 'succeeded', lastSuccessAt: new Date() });
    expect(await stateOf()).toMatchObject({ coverage: 'protected', state: 'protected', freshness: 'ok' });

    // The repository is in use now: removing it is refused with the sentence the web app shows.
    const removed = await admin.client.delete(`${base}/repositories/${repo.id}`);
    expect(removed.status).toBe(409);
    expect(removed.body.message).toBe('1 backup policy uses the repository "offsite"; delete or move them first.');
  });
});
