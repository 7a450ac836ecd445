import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { networkRepoDir } from '../src/configs/repo-paths';
import { setupAdmin } from './auth-helpers';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

const run = promisify(execFile);

/**
 * No lost edits (docs/api.md, "Revisions and conflicts"): every write carries
 * the revision it was based on; a write whose part changed since answers 409
 * with a sentence and the current head, and leaves the repository alone.
 */
describe('configuration writes based on a stale revision (real git + Postgres)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let id: string;

  const repo = () => networkRepoDir(t.config.stateDir, id);
  const git = async (...args: string[]) =>
    (await run('git', args, { cwd: repo(), env: { PATH: '/usr/bin:/bin', HOME: repo(), GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' } })).stdout;
  const head = async () => (await git('rev-parse', 'HEAD')).trim();
  const commitCount = async () => Number((await git('rev-list', '--count', 'HEAD')).trim());
  const machineUrl = (name: string) => `/api/networks/${id}/machines/${name}`;

  beforeAll(async () => {
    t = await startTestPanel();
    admin = await setupAdmin(t);
    id = (await admin.post('/api/networks', { name: 'family' })).body.id;
    for (const name of ['anna', 'bob']) expect((await admin.post(`/api/networks/${id}/machines`, { name })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('two concurrent form PUTs based on the same revision: one 200, one 409 with the sentence; one commit for both', async () => {
    const opened = await admin.get(machineUrl('anna'));
    expect(opened.status).toBe(200);
    const base = opened.body.head as string;
    expect(base).toBe(await head());
    const count = await commitCount();

    const [a, b] = await Promise.all([
      admin.request('PUT', machineUrl('anna'), { config: { resources: { vcpus: 2 } }, baseRevision: base }),
      admin.request('PUT', machineUrl('anna'), { config: { resources: { memoryMiB: 2048 } }, baseRevision: base }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    expect(won.body.committed).toBe(true);
    expect(lost.body.message).toBe(
      `Someone else changed machine anna since you opened it (revision ${base.slice(0, 8)} → ${won.body.revision.slice(0, 8)}). ` +
        'Reload to see their change and apply yours again.',
    );
    expect(lost.body).toMatchObject({ code: 'CONFLICT', baseRevision: base, currentRevision: won.body.revision });
    expect(await commitCount()).toBe(count + 1);
    expect(await head()).toBe(won.body.revision);

    // Reloading and applying again on top of the winner's change succeeds.
    const reloaded = await admin.get(machineUrl('anna'));
    expect(reloaded.body.head).toBe(won.body.revision);
    const again = await admin.request('PUT', machineUrl('anna'), {
      config: { ...reloaded.body.config, resources: { vcpus: 2, memoryMiB: 2048 } },
      baseRevision: reloaded.body.head,
    });
    expect(again.status).toBe(200);
    expect((await admin.get(machineUrl('anna'))).body.effective.resources).toMatchObject({ vcpus: 2, memoryMiB: 2048 });
  });

  it('a form PUT without a base is refused (400), and a change to another machine is no conflict', async () => {
    const before = await head();
    const missing = await admin.request('PUT', machineUrl('anna'), { config: { resources: { vcpus: 3 } } });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'baseRevision' })]));
    expect(await head()).toBe(before);

    // bob was read before anna changed: his form still saves (only what the write replaces is compared).
    const bob = await admin.get(machineUrl('bob'));
    const other = await admin.request('PUT', machineUrl('anna'), {
      config: { resources: { vcpus: 3 } },
      baseRevision: (await admin.get(machineUrl('anna'))).body.head,
    });
    expect(other.status).toBe(200);
    const ok = await admin.request('PUT', machineUrl('bob'), { config: { resources: { vcpus: 2 } }, baseRevision: bob.body.head });
    expect(ok.status).toBe(200);
    expect(ok.body.committed).toBe(true);
  });

  it('a stale overrides write is 409 and commits nothing', async () => {
    const opened = (await admin.get(machineUrl('bob'))).body.head as string;
    const first = await admin.request('PUT', `${machineUrl('bob')}/overrides`, {
      overrides: { resources: { memoryMiB: 4096 } },
      baseRevision: opened,
    });
    expect(first.status).toBe(200);
    const before = await head();
    const stale = await admin.request('PUT', `${machineUrl('bob')}/overrides`, {
      overrides: { resources: { vcpus: 4 } },
      baseRevision: opened,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(
      /^Someone else changed the local overrides of bob since you opened them \(revision [0-9a-f]{8} → [0-9a-f]{8}\)\. Reload/,
    );
    expect(stale.body.currentRevision).toBe(before);
    expect(await head()).toBe(before);
    expect(JSON.parse(await git('show', 'HEAD:overrides/bob.json'))).toEqual({ resources: { memoryMiB: 4096 } });
  });

  it('a stale revert and a stale raw edit are 409; with the current head they go through', async () => {
    const target = (await git('rev-list', '--max-parents=0', 'HEAD')).trim();
    const opened = await head();
    const changed = await admin.request('PUT', machineUrl('bob'), {
      config: { resources: { vcpus: 1 } },
      baseRevision: (await admin.get(machineUrl('bob'))).body.head,
    });
    expect(changed.status).toBe(200);
    const before = await head();

    const stale = await admin.post(`/api/networks/${id}/config/revert`, { revision: target, baseRevision: opened });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(
      `This network's configuration changed since you opened it (revision ${opened.slice(0, 8)} → ${before.slice(0, 8)}). ` +
        'Reload to see the change and apply yours again.',
    );
    expect(stale.body.currentRevision).toBe(before);
    const staleRaw = await admin.request('PUT', `/api/networks/${id}/config/raw`, { content: '{}', baseRevision: opened });
    expect(staleRaw.status).toBe(409);
    expect(await head()).toBe(before);

    const fresh = await admin.post(`/api/networks/${id}/config/revert`, { revision: target, baseRevision: before });
    expect(fresh.status).toBe(200);
    expect(fresh.body.committed).toBe(true);
    expect(fresh.body.basedOn).toBe(before);
  });

  it('a previewed revert applies only to the configuration it was previewed on', async () => {
    // The test before reverted to the first commit: a machine of this test's own.
    expect((await admin.post(`/api/networks/${id}/machines`, { name: 'carol' })).status).toBe(201);
    const target = await head();
    const edit = await admin.request('PUT', machineUrl('carol'), { config: { resources: { vcpus: 3 } }, baseRevision: target });
    expect(edit.status).toBe(200);
    const preview = await admin.post(`/api/networks/${id}/config/revert`, { revision: target, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.revision).toBeNull();
    const previewedOn = await head();
    expect(preview.body.basedOn).toBe(previewedOn);
    // Someone changes the configuration while the preview dialog is open.
    const changed = await admin.request('PUT', machineUrl('carol'), {
      config: { resources: { vcpus: 2 } },
      baseRevision: (await admin.get(machineUrl('carol'))).body.head,
    });
    expect(changed.status).toBe(200);
    const apply = await admin.post(`/api/networks/${id}/config/revert`, { revision: target, baseRevision: preview.body.basedOn });
    expect(apply.status).toBe(409);
    expect(apply.body.currentRevision).toBe(await head());
    expect(await head()).not.toBe(previewedOn);
  });
});
