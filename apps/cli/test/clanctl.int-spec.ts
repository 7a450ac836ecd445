import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The API's test harness, loaded at run time rather than imported: a static
 * import would make Nx think the CLI's build depends on the API's (and the
 * module-boundary rule rightly forbids importing an app). Only these parts are used.
 */
interface TestClient {
  post(path: string, body?: unknown): Promise<{ status: number; body: any }>;
}
interface TestPanel {
  baseUrl: string;
  close(): Promise<void>;
}
const API_TEST = join(__dirname, '..', '..', 'api', 'test');
const { startTestPanel } = require(join(API_TEST, 'harness')) as {
  startTestPanel(): Promise<TestPanel>;
};
const { setupAdmin } = require(join(API_TEST, 'auth-helpers')) as {
  setupAdmin(t: TestPanel, creds: { username: string; password: string }): Promise<TestClient>;
};

const MAIN = join(__dirname, '../../../dist/apps/cli/main.js');
const PASSWORD = 'correct horse battery';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Runs the built CLI. Async on purpose: the panel answers from this same process. */
function clanctl(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

describe('clanctl against a real panel', () => {
  let t: TestPanel;
  let admin: TestClient;
  let home: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx build cli\``);
    t = await startTestPanel();
    admin = await setupAdmin(t, { username: 'admin', password: PASSWORD });
    home = mkdtempSync(join(tmpdir(), 'clanctl-int-'));
    env = { XDG_CONFIG_HOME: home };
  });
  afterAll(async () => {
    await t?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('says how to start an unreachable panel and exits 3', async () => {
    const port = await closedPort();
    const r = await clanctl(['--url', `http://127.0.0.1:${port}`, 'health'], {
      env,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `Cannot reach the panel at http://127.0.0.1:${port}: ECONNREFUSED — is it running? Start it with \`npm start\`.`,
    );
  });

  it('asks for login without a token and exits 1', async () => {
    const r = await clanctl(['--url', t.baseUrl, 'token', 'list'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Not signed in: run `clanctl login` or pass --token.');
  });

  it('logs in from a script, then uses the stored bearer token', async () => {
    const login = await clanctl(['--url', t.baseUrl, '--json', 'login', '--username', 'admin', '--password-stdin'], {
      env,
      input: `${PASSWORD}\n`,
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const out = JSON.parse(login.stdout);
    expect(out).toMatchObject({
      url: t.baseUrl,
      username: 'admin',
      tokenName: expect.stringMatching(/^clanctl@/),
    });
    const file = join(home, 'clanctl', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.token).toMatch(/^clan_/);

    // No --url now: the stored login's URL and token are used.
    const list = await clanctl(['token', 'list', '--json'], { env });
    expect(list.code).toBe(0);
    const tokens = JSON.parse(list.stdout);
    expect(tokens.items.map((x: { id: string }) => x.id)).toContain(out.tokenId);

    const health = await clanctl(['health'], { env });
    expect(health.code).toBe(0);
    expect(health.stdout).toMatch(new RegExp(`Panel ${t.baseUrl} is ok`));
  });

  it('answers health and token list non-interactively with --url/--token/--json', async () => {
    const created = await admin.post('/api/tokens', { name: 'e2e' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    const health = await clanctl(['--url', t.baseUrl, '--token', token, 'health', '--json'], { env: {} });
    expect(health.code).toBe(0);
    expect(JSON.parse(health.stdout).status).toBe('ok');
    const list = await clanctl(['--url', t.baseUrl, '--token', token, 'token', 'list', '--json'], { env: {} });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).items.some((x: { name: string }) => x.name === 'e2e')).toBe(true);
  });

  it('creates, lists and revokes a token', async () => {
    const created = await clanctl(['token', 'create', 'ci', '--expires', '30d'], { env });
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^clan_/);
    expect(created.stderr).toMatch(/Created API token "ci" \(id ([0-9a-f-]{36})\), expires .* \(in 30 d\)/);
    const id = /\(id ([0-9a-f-]{36})\)/.exec(created.stderr)![1];

    const asCi = await clanctl(['--url', t.baseUrl, '--token', secret, 'token', 'list'], { env: {} });
    expect(asCi.stdout).toMatch(/ci \(this one\)/);

    const revoked = await clanctl(['token', 'revoke', id], { env });
    expect(revoked.code).toBe(0);
    const refused = await clanctl(['--url', t.baseUrl, '--token', secret, 'token', 'list'], { env: {} });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Not signed in');
  });

  it('lists validation errors by field', async () => {
    const r = await clanctl(['token', 'create', ' '], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Invalid request: .*\n {2}- name: /);
  });

  it('follows a task to its end and shows it', async () => {
    const started = await admin.post('/api/host/diagnostics', {
      sampleSeconds: 1,
    });
    expect(started.status).toBe(202);
    const id: string = started.body.taskId;

    const follow = await clanctl(['task', 'log', id, '--follow'], { env });
    expect(follow.stderr).toMatch(new RegExp(`Task ${id} succeeded`));
    // Live over the WebSocket (Authorization: Bearer), not the polling fallback.
    expect(follow.stderr).not.toMatch(/polling instead/);
    expect(follow.code).toBe(0);
    expect(follow.stdout.trim().split('\n').length).toBeGreaterThan(0);
    expect(follow.stdout).toMatch(/^\d{2}:\d{2}:\d{2} (INFO|WARN|DEBUG|ERROR) /m);

    const show = await clanctl(['task', 'show', id, '--json'], { env });
    expect(JSON.parse(show.stdout)).toMatchObject({
      id,
      status: 'succeeded',
      progress: 100,
    });
    const list = await clanctl(['task', 'list', '--type', 'host.diagnostics', '--json'], { env });
    expect(JSON.parse(list.stdout).items.map((x: { id: string }) => x.id)).toContain(id);
    const log = await clanctl(['task', 'log', id, '--json'], { env });
    const lines = JSON.parse(log.stdout);
    expect(lines.items.length).toBe(lines.total);
    expect(lines.items.map((l: { seq: number }) => l.seq)).toEqual(
      [...lines.items.map((l: { seq: number }) => l.seq)].sort((a, b) => a - b),
    );

    const cancel = await clanctl(['task', 'cancel', id], { env });
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toMatch(/clanctl: /);
  });

  describe('networks, machines and the configuration repository', () => {
    let as: (args: string[], input?: string) => Promise<Run>;
    const json = (r: Run) => {
      if (r.code !== 0) throw new Error(`clanctl exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    };
    const historyTotal = async () => json(await as(['--json', 'config', 'history', 'family'])).total as number;

    beforeAll(async () => {
      const created = await admin.post('/api/tokens', { name: 'config-cli' });
      expect(created.status).toBe(201);
      const auth = ['--url', t.baseUrl, '--token', created.body.token as string];
      as = (args, input) => clanctl([...auth, ...args], { env: {}, input });
    });

    it('creates, lists and shows a network', async () => {
      const created = await as(['network', 'create', 'family', '--description', 'Our home network']);
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/^Created network family \(id [0-9a-f-]{36}, NixOS\); you are its owner\.$/m);

      const list = await as(['network', 'list']);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^NAME\s+MY ROLE\s+MEMBERS\s+CREATED/);
      expect(list.stdout).toMatch(/^family\s+owner\s+1\s+just now\s+Our home network$/m);
      const id = json(await as(['--json', 'network', 'list'])).items.find((n: { name: string }) => n.name === 'family').id;

      const show = await as(['network', 'show', 'family']);
      expect(show.code).toBe(0);
      expect(show.stdout).toContain(`git clone ${t.baseUrl}/api/networks/${id}/config.git family`);
      expect(show.stdout).toMatch(/^admin\s+\S+\s+owner\s+just now$/m);
      expect(json(await as(['--json', 'network', 'show', id]))).toMatchObject({
        id,
        name: 'family',
        members: [{ username: 'admin', role: 'owner' }],
      });

      const missing = await as(['network', 'show', 'nope']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('No network "nope". You can see: family.');
    });

    it('previews a new machine with --dry-run without committing, then creates it', async () => {
      const before = await historyTotal();
      const args = [
        'machine',
        'create',
        'family/anna',
        '--app',
        'syncthing',
        '--set',
        'applications.syncthing.sharedFolders[0]=/shared/docs',
      ];
      const preview = await as([...args, '--dry-run']);
      expect(preview.code).toBe(0);
      expect(preview.stdout).toMatch(/^\+.*"anna"/m);
      expect(preview.stdout).toMatch(/^\+.*"\/shared\/docs"/m);
      expect(preview.stderr).toMatch(/^Dry run: nothing was committed/);
      expect(await historyTotal()).toBe(before);

      const created = await as([...args, '-m', 'Add anna']);
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/^Committed [0-9a-f]{7} \(/);
      expect(await historyTotal()).toBe(before + 1);
      const head = json(await as(['--json', 'config', 'history', 'family', '--limit', '1'])).items[0];
      expect(head.subject).toBe('Add anna');
      expect(created.stdout).toContain(head.sha.slice(0, 7));

      const list = await as(['machine', 'list', 'family']);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^anna\s.*syncthing$/m);
    });

    it("refuses what the command line can tell is incomplete, and lists the panel's validation errors by path", async () => {
      const before = await historyTotal();
      const noServer = await as(['machine', 'create', 'family/bob', '--app', 'mumbleClient']);
      expect(noServer.code).toBe(2);
      expect(noServer.stderr).toContain('--app mumbleClient needs --set applications.mumbleClient.server=…');

      const invalid = await as([
        'machine',
        'create',
        'family/bob',
        '--app',
        'syncthing',
        '--set',
        'applications.syncthing.sharedFolders=["docs"]',
      ]);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(
        /^clanctl: Invalid configuration \(1 problem\); nothing was committed:\n {2}\$\.bob\.applications\.syncthing\.sharedFolders\[0\]: \S/,
      );
      expect(await historyTotal()).toBe(before);
    });

    it('changes a machine, shows it, and walks the history: diff, show --raw, revert', async () => {
      const beforeSet = json(await as(['--json', 'config', 'history', 'family', '--limit', '1'])).items[0].sha as string;
      const set = await as([
        'machine',
        'set',
        'family/anna',
        '--set',
        'resources.vcpus=2',
        '--set',
        'applications.syncthing.sharedFolders[1]=/shared/photos',
      ]);
      expect(set.code).toBe(0);
      expect(set.stdout).toMatch(/^Committed [0-9a-f]{7}/);

      const shown = json(await as(['--json', 'machine', 'show', 'family/anna']));
      expect(shown.config.resources.vcpus).toBe(2);
      expect(shown.config.applications.syncthing.sharedFolders).toEqual(['/shared/docs', '/shared/photos']);
      const human = await as(['machine', 'show', 'family/anna']);
      expect(human.stdout).toContain('  resources.vcpus = 2');
      expect(human.stdout).toContain('  applications.syncthing.sharedFolders = ["/shared/docs","/shared/photos"]');

      const history = await as(['config', 'history', 'family']);
      expect(history.stdout).toMatch(/^REVISION\s+DATE \(UTC\)\s+AUTHOR\s+SUBJECT$/m);
      expect(history.stdout).toMatch(new RegExp(`^${beforeSet.slice(0, 7)}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+\\S`, 'm'));

      const diff = await as(['config', 'diff', 'family', beforeSet]);
      expect(diff.code).toBe(0);
      expect(diff.stdout).toMatch(/^-\s+"vcpus": 1,?$/m);
      expect(diff.stdout).toMatch(/^\+\s+"vcpus": 2,?$/m);
      expect(diff.stdout).not.toContain('\u001b['); // not a terminal: no colour

      const raw = await as(['config', 'show', 'family', '--raw']);
      expect(raw.code).toBe(0);
      const rawJson = json(await as(['--json', 'config', 'show', 'family']));
      expect(raw.stdout).toBe(rawJson.content);
      expect(JSON.parse(raw.stdout).anna.resources.vcpus).toBe(2);
      const old = await as(['config', 'show', 'family', '--raw', '--revision', beforeSet]);
      expect(JSON.parse(old.stdout).anna.resources.vcpus).toBe(1);

      const total = await historyTotal();
      const dry = await as(['config', 'revert', 'family', beforeSet, '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/^-\s+"vcpus": 2,?$/m);
      expect(await historyTotal()).toBe(total);
      const reverted = await as(['config', 'revert', 'family', beforeSet, '-m', 'Back to one vCPU']);
      expect(reverted.code).toBe(0);
      expect(await historyTotal()).toBe(total + 1);
      expect(json(await as(['--json', 'machine', 'show', 'family/anna'])).config.resources.vcpus).toBe(1);
      expect((await as(['config', 'show', 'family', '--raw'])).stdout).toBe(old.stdout);
    });

    it('replaces configs.json from stdin, validating it first', async () => {
      const total = await historyTotal();
      const bad = await as(['config', 'set-raw', 'family', '-'], JSON.stringify({ anna: { resources: { vcpus: 0 } } }));
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^ {2}\$\.anna\.resources\.vcpus: \S/m);
      expect(await historyTotal()).toBe(total);

      const current = (await as(['config', 'show', 'family', '--raw'])).stdout;
      const next = JSON.stringify({ ...JSON.parse(current), carl: {} }, null, 2) + '\n';
      const ok = await as(['config', 'set-raw', 'family', '-', '-m', 'Add carl'], next);
      expect(ok.code).toBe(0);
      expect(await historyTotal()).toBe(total + 1);
      const status = await as(['config', 'status', 'family']);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/^carl\s/m);
      expect(status.stdout).toMatch(/^anna\s/m);
    });
  });

  it('logs out: revokes the token and forgets it', async () => {
    const stored = JSON.parse(readFileSync(join(home, 'clanctl', 'config.json'), 'utf8'));
    const out = await clanctl(['logout', '--json'], { env });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      url: t.baseUrl,
      revoked: true,
      forgotten: true,
    });
    const after = JSON.parse(readFileSync(join(home, 'clanctl', 'config.json'), 'utf8'));
    expect(after.token).toBeUndefined();
    const refused = await clanctl(['--url', t.baseUrl, '--token', stored.token, 'token', 'list'], { env: {} });
    expect(refused.code).toBe(1);
  });
});
