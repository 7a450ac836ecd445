import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `clanctl console` and `clanctl recording` against a real panel (libvirt
 * test:///default: the machine has no VM, so its console says "stopped"; the
 * recorded session is a real host shell opened over the console WebSocket).
 * The API's test harness and console client are loaded at run time, as in
 * clanctl.int-spec.ts.
 */
interface TestClient {
  post(path: string, body?: unknown): Promise<{ status: number; body: any }>;
}
interface TestPanel {
  baseUrl: string;
  close(): Promise<void>;
}
interface ConsoleClientLike {
  waitMessage(type: string): Promise<{ recordingId?: string | null }>;
  type(text: string): void;
  waitClosed(): Promise<{ code: number }>;
}
const API_TEST = join(__dirname, '..', '..', 'api', 'test');
const { startTestPanel } = require(join(API_TEST, 'harness')) as { startTestPanel(env?: Record<string, string>): Promise<TestPanel> };
const { setupAdmin, createUser, signedIn } = require(join(API_TEST, 'auth-helpers')) as {
  setupAdmin(t: TestPanel, creds: { username: string; password: string }): Promise<TestClient>;
  createUser(admin: TestClient, username: string, password: string): Promise<string>;
  signedIn(t: TestPanel, username: string, password: string): Promise<TestClient>;
};
const { ConsoleClient } = require(join(API_TEST, 'fixtures', 'console-client')) as {
  ConsoleClient: { open(baseUrl: string, path: string): Promise<ConsoleClientLike> };
};

const MAIN = join(__dirname, '../../../dist/apps/cli/main.js');
const PASSWORD = 'correct horse battery';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI; `interact` gets its stdin and the stderr seen so far
 * (stdin is a pipe, not a terminal: no raw mode, bytes pass as typed).
 */
function clanctl(args: string[], interact?: (stdin: NodeJS.WritableStream, stderr: () => string) => Promise<void>): Promise<Run> {
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
    if (interact) interact(child.stdin, () => stderr).catch(reject);
    else child.stdin.end('');
  });
}

async function until(read: () => string, pattern: RegExp, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(read())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(read())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('clanctl console and recording against a real panel', () => {
  let t: TestPanel;
  let admin: TestClient;
  let as: (args: string[], interact?: Parameters<typeof clanctl>[1]) => Promise<Run>;
  let asUser: (args: string[]) => Promise<Run>;
  let shellRecording = '';

  const tokenFor = async (client: TestClient, name: string) => {
    const created = await client.post('/api/tokens', { name });
    expect(created.status).toBe(201);
    return created.body.token as string;
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx build cli\``);
    t = await startTestPanel({ CLAN_TERMINAL_SHELL: '/bin/sh' });
    admin = await setupAdmin(t, { username: 'admin', password: PASSWORD });
    const adminToken = await tokenFor(admin, 'console-cli');
    as = (args, interact) => clanctl(['--url', t.baseUrl, '--token', adminToken, ...args], interact);
    await createUser(admin, 'bea', PASSWORD);
    const userToken = await tokenFor(await signedIn(t, 'bea', PASSWORD), 'bea-cli');
    asUser = (args) => clanctl(['--url', t.baseUrl, '--token', userToken, ...args]);
    expect((await as(['network', 'create', 'lab'])).code).toBe(0);
    const created = await as(['machine', 'create', 'lab/anna', '-m', 'Add anna']);
    if (created.code !== 0) throw new Error(`machine create exited ${created.code}: ${created.stderr}`);

    // A recorded host shell session, opened the way the web app opens it.
    const ticket = await admin.post('/api/host/terminal/ticket', {});
    expect(ticket.status).toBe(201);
    const shell = await ConsoleClient.open(t.baseUrl, ticket.body.url as string);
    shellRecording = (await shell.waitMessage('hello')).recordingId ?? '';
    shell.type('echo played-$((3*3))\r');
    shell.type('exit\r');
    await shell.waitClosed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('attaches the serial console, says what state it is in, and detaches on Ctrl-]', async () => {
    const run = await as(['console', 'lab/anna'], async (stdin, stderr) => {
      await until(stderr, /Connected to lab\/anna: serial console/, 'the console to connect');
      stdin.write(Buffer.from([0x1d]));
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Connecting to lab/anna… (escape: Ctrl-])');
    // test:///default runs no VM for anna: the console is there, the VM is not.
    expect(run.stderr).toContain('Connected to lab/anna: serial console (stopped).');
    expect(run.stderr).toContain('Detached.');
  });

  it('refuses people without Machine.Console, with the panel’s reason', async () => {
    const denied = await asUser(['console', 'lab/anna']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/No network "lab"/);
    expect((await as(['--json', 'console', 'lab/anna'])).code).toBe(2);
  });

  it('lists recordings and replays one with its output', async () => {
    const list = await as(['--json', 'recording', 'list']);
    expect(list.code).toBe(0);
    const items = JSON.parse(list.stdout).items as { id: string; kind: string; machine: string | null }[];
    expect(items.map((r) => r.id)).toContain(shellRecording);
    expect(items.some((r) => r.kind === 'serial' && r.machine === 'anna')).toBe(true);
    const human = await as(['recording', 'list', '--machine', 'lab/anna']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^ID +STARTED +LENGTH +CONSOLE +WHO$/m);
    expect(human.stdout).toMatch(/lab\/anna +admin$/m);
    expect(human.stdout).not.toContain(shellRecording);

    const play = await as(['recording', 'play', shellRecording, '--speed', '50']);
    expect(play.code).toBe(0);
    expect(play.stdout).toContain('played-9');
    expect(play.stderr).toContain('[admin joined]');
    expect(play.stderr).toContain('[end of recording]');

    expect((await asUser(['recording', 'list'])).stdout).toBe('No recordings you may replay.\n');
    expect((await asUser(['recording', 'play', shellRecording])).code).toBe(1);
    expect((await as(['recording', 'play', 'nope'])).code).toBe(2);
    expect((await as(['recording', 'play', shellRecording, '--speed', '0'])).code).toBe(2);
  });
});
