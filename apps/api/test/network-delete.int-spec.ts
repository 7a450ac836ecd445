import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { networkRepoDir } from '../src/configs/repo-paths';
import { GitRepo } from '../src/services/git/git-repo';
import { ProcessRunner } from '../src/services/process/process-runner';
import { setupAdmin } from './auth-helpers';
import { startTestPanel, type TestPanel } from './harness';

describe('deleting a network keeps its configuration history aside', () => {
  let t: TestPanel;
  beforeAll(async () => {
    t = await startTestPanel();
  });
  afterAll(async () => {
    await t.close();
  });

  it('moves the repository to networks/.deleted instead of destroying it', async () => {
    const admin = await setupAdmin(t);
    const net = await admin.post('/api/networks', { name: 'gone-soon' });
    expect(net.status).toBe(201);
    const dir = networkRepoDir(t.config.stateDir, net.body.id);
    expect(await new GitRepo(dir, new ProcessRunner(t.config)).head()).toMatch(/^[0-9a-f]{40}$/);

    expect((await admin.delete(`/api/networks/${net.body.id}`)).status).toBe(204);
    expect(existsSync(dir)).toBe(false);
    const archived = readdirSync(join(t.config.stateDir, 'networks', '.deleted'));
    expect(archived).toHaveLength(1);
    expect(archived[0].startsWith(net.body.id)).toBe(true);
    const kept = new GitRepo(join(t.config.stateDir, 'networks', '.deleted', archived[0], 'config'), new ProcessRunner(t.config));
    expect((await kept.log({ limit: 5, offset: 0 })).items[0].subject).toBe('Create network gone-soon');
  });
});
