import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { networkRepoDir } from '../src/configs/repo-paths';
import { GitRepo } from '../src/services/git/git-repo';
import { ProcessRunner } from '../src/services/process/process-runner';
import { createUser, setupAdmin, signedIn } from './auth-helpers';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

const run = promisify(execFile);
const git = (args: string[], cwd?: string) =>
  run('git', args, { cwd, env: { PATH: '/usr/bin:/bin', HOME: cwd ?? tmpdir(), GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' } });

async function tokenFor(c: TestClient, name: string): Promise<string> {
  const res = await c.post('/api/tokens', { name });
  expect(res.status).toBe(201);
  return res.body.token;
}

describe('read-only git clone of a network repository (real git over HTTP)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let work: string;
  let networkId: string;
  let otherId: string;
  beforeAll(async () => {
    t = await startTestPanel();
    admin = await setupAdmin(t);
    work = mkdtempSync(join(tmpdir(), 'clan-clone-'));
    networkId = (await admin.post('/api/networks', { name: 'family' })).body.id;
    otherId = (await admin.post('/api/networks', { name: 'club' })).body.id;
    for (const id of [networkId, otherId]) {
      const repo = new GitRepo(networkRepoDir(t.config.stateDir, id), new ProcessRunner(t.config));
      await repo.init();
      await repo.commit({ 'configs.json': `{"network":"${id}"}\n` }, 'Seed', { name: 'Admin', email: 'admin@clan.invalid' });
    }
    await createUser(admin, 'bea', 'bea password 12');
    expect((await admin.post(`/api/networks/${networkId}/members`, { username: 'bea', role: 'viewer' })).status).toBe(201);
  });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await t.close();
  });

  const url = (id: string, token: string) => `${t.baseUrl.replace('http://', `http://bea:${token}@`)}/api/networks/${id}/config.git`;

  it('lets a member clone with an API token as the password', async () => {
    const bea = await signedIn(t, 'bea', 'bea password 12');
    const token = await tokenFor(bea, 'git');
    await git(['clone', '--quiet', url(networkId, token), join(work, 'family')]);
    expect(readFileSync(join(work, 'family/configs.json'), 'utf8')).toBe(`{"network":"${networkId}"}\n`);
    const { stdout } = await git(['log', '--format=%s'], join(work, 'family'));
    // Network creation made the first commit; the test seeded one on top.
    expect(stdout.trim().split('\n')).toEqual(['Seed', 'Create network family']);
  });

  it("refuses another network's repository and anonymous clones", async () => {
    const bea = await signedIn(t, 'bea', 'bea password 12');
    const token = await tokenFor(bea, 'git2');
    await expect(git(['clone', '--quiet', url(otherId, token), join(work, 'club')])).rejects.toThrow(/403/);
    const anonymous = await fetch(`${t.baseUrl}/api/networks/${networkId}/config.git/info/refs?service=git-upload-pack`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('refuses pushes: changes go through the API', async () => {
    const bea = await signedIn(t, 'bea', 'bea password 12');
    const token = await tokenFor(bea, 'git3');
    const dir = join(work, 'push');
    await git(['clone', '--quiet', url(networkId, token), dir]);
    writeFileSync(join(dir, 'configs.json'), '{"hacked":true}\n');
    await git(['-c', 'user.name=x', '-c', 'user.email=x@y', 'commit', '--quiet', '-am', 'hack'], dir);
    await expect(git(['push', '--quiet', 'origin', 'HEAD'], dir)).rejects.toThrow();
    const repo = new GitRepo(networkRepoDir(t.config.stateDir, networkId), new ProcessRunner(t.config));
    expect(await repo.readFile('configs.json')).toBe(`{"network":"${networkId}"}\n`);
  });
});
