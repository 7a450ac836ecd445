import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `clanctl vm`, `deploy` and `generation` against a real panel (libvirt
 * test:///default, CLAN_AUTO_DEPLOY=false, real Postgres and Redis). Nothing
 * here boots a VM: it checks what a fresh machine shows, that a task failing
 * in the panel's worker makes the CLI exit 4 with the panel's sentence, and
 * that the API's refusals reach the user. Booting is covered by the API's VM
 * pipeline tests.
 *
 * The API's test harness is loaded at run time, as in clanctl.int-spec.ts.
 */
interface TestClient {
  post(path: string, body?: unknown): Promise<{ status: number; body: any }>;
}
interface TestPanel {
  baseUrl: string;
  close(): Promise<void>;
}
const API_TEST = join(__dirname, '..', '..', 'api', 'test');
const { startTestPanel } = require(join(API_TEST, 'harness')) as { startTestPanel(): Promise<TestPanel> };
const { setupAdmin, createUser, signedIn } = require(join(API_TEST, 'auth-helpers')) as {
  setupAdmin(t: TestPanel, creds: { username: string; password: string }): Promise<TestClient>;
  createUser(admin: TestClient, username: string, password: string): Promise<string>;
  signedIn(t: TestPanel, username: string, password: string): Promise<TestClient>;
};

const MAIN = join(__dirname, '../../../dist/apps/cli/main.js');
const PASSWORD = 'correct horse battery';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI. Async on purpose: the panel answers from this same process. */
function clanctl(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end('');
  });
}

const json = (r: Run) => {
  if (r.code !== 0) throw new Error(`clanctl exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

describe('clanctl vm, deploy and generation against a real panel', () => {
  let t: TestPanel;
  let as: (args: string[]) => Promise<Run>;
  let asUser: (args: string[]) => Promise<Run>;

  const tokenFor = async (client: TestClient, name: string) => {
    const created = await client.post('/api/tokens', { name });
    expect(created.status).toBe(201);
    return created.body.token as string;
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx build cli\``);
    t = await startTestPanel();
    const admin = await setupAdmin(t, { username: 'admin', password: PASSWORD });
    const adminToken = await tokenFor(admin, 'vm-cli');
    as = (args) => clanctl(['--url', t.baseUrl, '--token', adminToken, ...args]);
    await createUser(admin, 'bea', PASSWORD);
    const userToken = await tokenFor(await signedIn(t, 'bea', PASSWORD), 'bea-cli');
    asUser = (args) => clanctl(['--url', t.baseUrl, '--token', userToken, ...args]);

    expect((await as(['network', 'create', 'lab'])).code).toBe(0);
    const created = await as(['machine', 'create', 'lab/anna', '-m', 'Add anna']);
    if (created.code !== 0) throw new Error(`machine create exited ${created.code}: ${created.stderr}`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows a fresh machine as having no VM and no generations', async () => {
    const status = await as(['vm', 'status', 'lab/anna']);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Machine: +lab\/anna$/m);
    expect(status.stdout).toMatch(/^State: +undefined \(no VM on this host; build and boot it with `clanctl deploy lab\/anna`\)$/m);
    expect(status.stdout).toMatch(/^Generations: +none yet$/m);
    expect(status.stdout).toMatch(/^Deployed: +— \(not-deployed\)$/m);
    expect(status.stdout).toMatch(/^Active task: +none$/m);

    expect(json(await as(['--json', 'vm', 'status', 'lab/anna']))).toMatchObject({
      machine: 'anna',
      domainName: null,
      state: 'undefined',
      uptimeSeconds: null,
      currentGeneration: null,
      healthyGeneration: null,
      latestGeneration: null,
      drift: 'not-deployed',
      activeTask: null,
    });

    const generations = await as(['generation', 'list', 'lab/anna']);
    expect(generations.code).toBe(0);
    expect(generations.stdout).toBe('No generations of lab/anna yet. Build the first with `clanctl deploy lab/anna`.\n');
    expect(json(await as(['--json', 'generation', 'list', 'lab/anna']))).toEqual({ items: [], total: 0 });

    const log = await as(['vm', 'log', 'lab/anna', '--tail', '4096']);
    expect(log.code).toBe(0);
    expect(log.stdout).toBe('');
    expect(log.stderr).toContain('The serial log of lab/anna is empty');
  });

  it("follows a power task to its failure and exits 4 with the panel's reason", async () => {
    const start = await as(['vm', 'start', 'lab/anna']);
    expect(start.code).toBe(4);
    expect(start.stderr).toMatch(/^Starting lab\/anna \(task [0-9a-f-]{36}\); Ctrl-C stops following, not the task\.$/m);
    expect(start.stderr).toMatch(/^Task [0-9a-f-]{36} failed after [^:]+: anna has no generation yet; deploy it first\.$/m);
    expect(start.stdout).toMatch(/^\d\d:\d\d:\d\d INFO {2}start anna/m);

    // --no-wait: the id alone on stdout; following it later ends the same way.
    const started = await as(['vm', 'reboot', 'lab/anna', '--no-wait']);
    expect(started.code).toBe(0);
    const id = started.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.stderr).toContain(`Follow it with \`clanctl task log ${id} --follow\`.`);
    const followed = await as(['task', 'log', id, '--follow']);
    expect(followed.code).toBe(4);
    expect(followed.stderr).toContain('anna has no generation yet; deploy it first.');

    // With --json only the finished task is printed.
    const stop = await as(['--json', 'vm', 'stop', 'lab/anna']);
    expect(stop.code).toBe(4);
    expect(stop.stderr).toBe('');
    expect(JSON.parse(stop.stdout)).toMatchObject({
      type: 'vm.power',
      status: 'failed',
      machine: 'anna',
      error: expect.stringContaining('deploy it first'),
    });
  });

  it("passes the panel's refusals through: unknown machine or revision, unconfirmed rollback", async () => {
    const nobody = await as(['vm', 'status', 'lab/nobody']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toBe('clanctl: This network has no machine named "nobody".\n');
    const nobodyStart = await as(['vm', 'start', 'lab/nobody']);
    expect(nobodyStart.code).toBe(1);
    expect(nobodyStart.stderr).toBe('clanctl: This network has no machine named "nobody".\n');

    const unconfirmed = await as(['generation', 'rollback', 'lab/anna', '3']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes to confirm without a terminal');

    const revision = await as(['deploy', 'lab/anna', '--revision', '0000000']);
    expect(revision.code).toBe(1);
    expect(revision.stderr).toBe('clanctl: Revision 0000000 was not found.\n');

    const badRevision = await as(['deploy', 'lab/anna', '--revision', 'main']);
    expect(badRevision.code).toBe(2);
    expect(badRevision.stderr).toContain('--revision: "main" must be a commit id');
  });

  it("says a missing generation was not found when rolling back to it (the panel's 404)", async () => {
    const rollback = await as(['generation', 'rollback', 'lab/anna', '3', '--yes']);
    expect(rollback.stderr).toBe('clanctl: Generation 3 of anna was not found.\n');
    expect(rollback.code).toBe(1);
  });

  it("lists the host's VMs for a host admin and refuses others", async () => {
    const list = await as(['vm', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('No VMs of this panel on this host.\n');
    expect(json(await as(['--json', 'vm', 'list']))).toEqual({ items: [], total: 0 });

    const refused = await asUser(['vm', 'list']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^clanctl: Forbidden: /);
  });

  it('garbage-collects generations for a host admin, following the task', async () => {
    const gc = await as(['generation', 'gc', '--keep', '2']);
    expect(gc.stderr).toMatch(/^Task [0-9a-f-]{36} succeeded/m);
    expect(gc.code).toBe(0);
    expect(gc.stdout).toMatch(/INFO {2}Collected 0 generation\(s\) on 0 machine\(s\), keeping the last 2 of each\.$/m);

    const badKeep = await as(['generation', 'gc', '--keep', '0']);
    expect(badKeep.code).toBe(2);
    const refused = await asUser(['generation', 'gc']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^clanctl: Forbidden: /);
  });
});
