import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NIX_OFFLINE_ARGS, nixEvalFlakeJson, nixEvalJson, runNix } from '@clan/nix-schema/node';
import { createPanelApp } from '../src/app/create-app';
import { MachineStateService } from '../src/vms/machine-state.service';
import { networkRepoDir } from '../src/configs/repo-paths';
import { createUser, signedIn } from './auth-helpers';
import { startTestPanel, TestClient, type TestPanel } from './harness';

const run = promisify(execFile);
const gitEnv = (home: string) => ({ PATH: '/usr/bin:/bin', HOME: home, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' });
const ROOT = join(__dirname, '../../..');

describe('configuration repository: machines, raw editor, history, diff, revert (real git, Postgres, Redis, nix)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let work: string;

  const repoDir = (networkId: string) => networkRepoDir(t.config.stateDir, networkId);
  const git = async (networkId: string, ...args: string[]) =>
    (await run('git', args, { cwd: repoDir(networkId), env: gitEnv(repoDir(networkId)) })).stdout;
  const head = async (networkId: string) => (await git(networkId, 'rev-parse', 'HEAD')).trim();
  const commitCount = async (networkId: string) => Number((await git(networkId, 'rev-list', '--count', 'HEAD')).trim());

  async function newNetwork(name: string): Promise<string> {
    const res = await admin.post('/api/networks', { name });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function addMachine(networkId: string, name: string, config: Record<string, unknown> = {}, client = admin) {
    const res = await client.post(`/api/networks/${networkId}/machines`, { name, config });
    expect(res.status).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestPanel();
    const c = new TestClient(t.baseUrl);
    const setup = await c.post('/api/setup', { username: 'admin', password: 'correct horse battery', displayName: 'Ada Admin' });
    expect(setup.status).toBe(201);
    c.csrfToken = setup.body.csrfToken;
    admin = c;
    work = mkdtempSync(join(tmpdir(), 'clan-configs-'));
  });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await t?.close();
  });

  it('creating a network and a machine through the API leaves commits with flake.nix and configs.json, authored by the user', async () => {
    const id = await newNetwork('family');
    expect((await git(id, 'log', '--format=%s|%an|%ae')).trim()).toBe('Create network family|Ada Admin|admin@users.clan.invalid');
    expect(await git(id, 'show', 'HEAD:configs.json')).toBe('{}\n');

    const created = await addMachine(id, 'anna', {
      applications: { syncthing: { enable: true, sharedFolders: ['/shared/docs'] }, mumbleClient: { server: 'mumble.family.clan' } },
    });
    expect(created).toMatchObject({ committed: true, revision: await head(id) });
    expect(created.machine).toMatchObject({
      name: 'anna',
      adminMode: 'local',
      localAdmins: [],
      overrides: {},
      revision: created.revision,
      drift: 'not-deployed',
    });
    expect(created.diff.files).toEqual(
      expect.arrayContaining([
        { path: 'configs.json', status: 'modified' },
        { path: 'overrides/anna.nix', status: 'added' },
      ]),
    );

    const log = (await git(id, 'log', '-1', '--format=%s|%an|%ae|%cn', created.revision)).trim();
    expect(log).toBe('Add machine anna with syncthing, mumbleClient|Ada Admin|admin@users.clan.invalid|cLAN panel');
    const files = (await git(id, 'ls-tree', '-r', '--name-only', created.revision)).trim().split('\n');
    expect(files).toEqual(expect.arrayContaining(['flake.nix', 'configs.json', 'README.md', 'overrides/anna.nix']));

    const configs = JSON.parse(await git(id, 'show', `${created.revision}:configs.json`));
    expect(configs.anna).toMatchObject({
      system: 'x86_64-linux',
      adminMode: 'local',
      networkLayer: 'wireguard',
      resources: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 },
      applications: {
        syncthing: { enable: true, sharedFolders: ['/shared/docs'], guiPort: 8384 },
        mumbleClient: { server: 'mumble.family.clan', port: 64738 },
      },
    });
    const flake = await git(id, 'show', `${created.revision}:flake.nix`);
    expect(flake).toContain('builtins.fromJSON (builtins.readFile ./configs.json)');
    expect(flake).not.toContain('anna');

    // Reads agree with the repository.
    const machine = await admin.get(`/api/networks/${id}/machines/anna`);
    expect(machine.status).toBe(200);
    expect(machine.body.effective).toEqual(configs.anna);
    expect(machine.body.config).toEqual({ ...configs.anna, localAdmins: [] });
    const list = await admin.get(`/api/networks/${id}/machines`);
    expect(list.body).toEqual({
      total: 1,
      items: [
        {
          name: 'anna',
          system: 'x86_64-linux',
          adminMode: 'local',
          networkLayer: 'wireguard',
          apps: ['syncthing', 'mumbleClient'],
          resources: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 },
          localAdmins: [],
          drift: 'not-deployed',
        },
      ],
    });
    const raw = await admin.get(`/api/networks/${id}/config/raw`);
    expect(raw.body).toEqual({ revision: created.revision, content: await git(id, 'show', `${created.revision}:configs.json`) });

    expect((await admin.post(`/api/networks/${id}/machines`, { name: 'anna' })).status).toBe(409);
    const reserved = await admin.post(`/api/networks/${id}/machines`, { name: 'localhost' });
    expect(reserved.status).toBe(400);
    expect(reserved.body.fields).toEqual([{ field: 'name', message: expect.stringContaining('reserved') }]);
  });

  it('keeps Nix injection in user text inert: no .nix file holds it, and Nix reads back exactly the typed string', async () => {
    const id = await newNetwork('injection');
    const evil = '"; builtins.abort "pwned"; "${builtins.exec ["touch" "/tmp/pwned"]}\'\' ${toString 1} \\n \\"\nline two ünïcödé 🚀';
    const res = await addMachine(id, 'evil', {
      applications: { mumbleServer: { enable: true, welcomeText: evil }, forgejo: { enable: true, appName: "${builtins.exec}''" } },
    });
    expect(res.committed).toBe(true);

    const clone = join(work, 'injection');
    await run('git', ['clone', '--quiet', repoDir(id), clone], { env: gitEnv(work) });
    const nixFiles = [join(clone, 'flake.nix'), ...readdirSync(join(clone, 'overrides')).map((f) => join(clone, 'overrides', f))];
    for (const file of nixFiles) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('pwned');
      expect(text).not.toContain('builtins.exec');
    }
    const parsed = await nixEvalJson<Record<string, any>>({ expr: 'builtins.fromJSON (builtins.readFile ./configs.json)' }, { cwd: clone });
    expect(parsed['evil'].applications.mumbleServer.welcomeText).toBe(evil);
    expect(parsed['evil'].applications.forgejo.appName).toBe("${builtins.exec}''");
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  it('evaluates the generated flake offline: clanConfigs is the parsed configs.json (real nix/ flake when present, else a stand-in)', async () => {
    const id = await newNetwork('flake');
    await addMachine(id, 'anna', { applications: { mumbleServer: { enable: true, welcomeText: '"; builtins.abort "pwned"; "' } } });
    const repo = join(work, 'flake-repo');
    cpSync(repoDir(id), repo, { recursive: true, filter: (src) => !src.includes('/.git') });
    const stub = join(work, 'nixpkgs-stub');
    writeFileSync(join(mkdir(stub), 'flake.nix'), '{ outputs = { self }: { lib = { }; }; }\n');
    // nix/ (the cLAN flake) may not be written yet; its lib.generateNixosModules is all the pure outputs need.
    const realClan = join(ROOT, 'nix/flake.nix');
    const clan = join(work, 'clan');
    if (existsSync(realClan)) cpSync(join(ROOT, 'nix'), clan, { recursive: true });
    else
      writeFileSync(
        join(mkdir(clan), 'flake.nix'),
        '{ inputs.nixpkgs.url = "path:/nonexistent"; outputs = { self, nixpkgs }: { lib.generateNixosModules = { configs, overrides ? null }: builtins.mapAttrs (name: config: { ... }: { }) configs; }; }\n',
      );
    const evaluated = await nixEvalFlakeJson<Record<string, any>>(`path:${repo}#clanConfigs`, {
      overrideInputs: { clan: `path:${clan}`, 'clan/nixpkgs': `path:${stub}` },
      env: { HOME: work },
    });
    expect(evaluated).toEqual(JSON.parse(readFileSync(join(repo, 'configs.json'), 'utf8')));
    const overrides = ['--override-input', 'clan', `path:${clan}`, '--override-input', 'clan/nixpkgs', `path:${stub}`];
    const modules = await runNix(
      'nix',
      [
        '--extra-experimental-features',
        'nix-command flakes',
        ...NIX_OFFLINE_ARGS,
        'eval',
        '--json',
        '--no-write-lock-file',
        ...overrides,
        `path:${repo}#nixosModules`,
        '--apply',
        'builtins.attrNames',
      ],
      { env: { HOME: work } },
    );
    expect(JSON.parse(modules)).toEqual(['anna']);
    expect(evaluated['anna'].applications.mumbleServer.welcomeText).toBe('"; builtins.abort "pwned"; "');
  });

  it('refuses a member without Machine.Config with 403 and commits nothing', async () => {
    const id = await newNetwork('guarded');
    await addMachine(id, 'anna');
    await createUser(admin, 'mia', 'mia password 12');
    expect((await admin.post(`/api/networks/${id}/members`, { username: 'mia', role: 'member' })).status).toBe(201);
    const mia = await signedIn(t, 'mia', 'mia password 12');
    const before = await head(id);
    const attempts = [
      await mia.post(`/api/networks/${id}/machines`, { name: 'bob' }),
      await mia.request('PUT', `/api/networks/${id}/config/raw`, { content: '{}' }),
      await mia.post(`/api/networks/${id}/config/revert`, { revision: before }),
      await mia.delete(`/api/networks/${id}/machines/anna`),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    // PUT machine is open to members, then refused by the machine's control mode.
    const put = await mia.request('PUT', `/api/networks/${id}/machines/anna`, {
      config: { resources: { vcpus: 4 } },
      baseRevision: before,
    });
    expect(put.status).toBe(403);
    expect(put.body.message).toBe(
      'anna is locally managed: only network admins change its network layer; its local admins change its overrides.',
    );
    expect(await head(id)).toBe(before);
    // Reading is fine.
    expect((await mia.get(`/api/networks/${id}/machines/anna`)).status).toBe(200);
  });

  it('raw editor: malformed JSON and schema errors are 400 with the path, a stale baseRevision is 409, the repository is unchanged', async () => {
    const id = await newNetwork('rawedit');
    await addMachine(id, 'anna');
    const before = await head(id);

    const malformed = await admin.request('PUT', `/api/networks/${id}/config/raw`, { content: '{\n  "anna": {\n    "system": }\n}' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    expect(malformed.body.fields).toEqual([{ field: '$', message: expect.stringMatching(/not valid JSON.*line 3, column 15/) }]);

    const bad = await admin.request('PUT', `/api/networks/${id}/config/raw`, {
      content: JSON.stringify({ anna: { applications: { syncthing: { enable: true, sharedFolders: ['relative/path'] } } }, Bad_Name: {} }),
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['$.anna.applications.syncthing.sharedFolders[0]', '$.Bad_Name']));
    expect(bad.body.fields.find((f: { field: string }) => f.field === '$.anna.applications.syncthing.sharedFolders[0]').message).toMatch(
      /absolute/,
    );

    const tinc = await admin.request('PUT', `/api/networks/${id}/config/raw`, { content: '{"anna": {"networkLayer": "tinc"}}' });
    expect(tinc.status).toBe(400);
    expect(tinc.body.fields).toEqual([{ field: '$.anna.networkLayer', message: 'tinc is not supported yet; use wireguard or yggdrasil.' }]);

    expect(await head(id)).toBe(before);

    const ok = await admin.request('PUT', `/api/networks/${id}/config/raw`, {
      content: '{"anna": {"resources": {"vcpus": 2}}, "bob": {}}',
      baseRevision: before,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.committed).toBe(true);
    expect((await git(id, 'log', '-1', '--format=%s')).trim()).toBe('Edit configs.json: add bob; change anna');
    // Stored normalized: sorted keys, defaults filled, trailing newline.
    const stored = await git(id, 'show', 'HEAD:configs.json');
    expect(JSON.parse(stored).anna.resources).toEqual({ vcpus: 2, memoryMiB: 1024, stateDiskGiB: 10 });
    expect(stored.endsWith('}\n')).toBe(true);

    const stale = await admin.request('PUT', `/api/networks/${id}/config/raw`, { content: '{}', baseRevision: before });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/changed since/);
    expect(await head(id)).toBe(ok.body.revision);

    const old = await admin.get(`/api/networks/${id}/config/raw?revision=${before.slice(0, 10)}`);
    expect(old.body.revision).toBe(before);
    expect(Object.keys(JSON.parse(old.body.content))).toEqual(['anna']);
    expect((await admin.get(`/api/networks/${id}/config/raw?revision=${'f'.repeat(40)}`)).status).toBe(404);
  });

  it('dryRun answers the diff and commits nothing; the commit made next shows the same diff', async () => {
    const id = await newNetwork('preview');
    await addMachine(id, 'anna');
    const before = await head(id);
    const count = await commitCount(id);
    const change = { config: { applications: { syncthing: { enable: true, sharedFolders: ['/srv/photos'] } } } };

    const preview = await admin.request('PUT', `/api/networks/${id}/machines/anna`, { ...change, dryRun: true, baseRevision: before });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ committed: false, revision: null, basedOn: before });
    expect(preview.body.diff.files).toEqual([{ path: 'configs.json', status: 'modified' }]);
    expect(preview.body.diff.patch).toContain('+          "/srv/photos"');
    expect(await head(id)).toBe(before);
    expect(await commitCount(id)).toBe(count);

    const real = await admin.request('PUT', `/api/networks/${id}/machines/anna`, { ...change, baseRevision: before });
    expect(real.body.committed).toBe(true);
    expect(real.body.basedOn).toBe(before);
    expect(real.body.diff).toEqual(preview.body.diff);
    const diff = await admin.get(`/api/networks/${id}/config/diff?to=${real.body.revision}`);
    expect(diff.body.patch).toBe(preview.body.diff.patch);
    expect(await git(id, 'diff', before, real.body.revision)).toBe(preview.body.diff.patch);
    expect((await git(id, 'log', '-1', '--format=%s')).trim()).toBe('Change anna: applications.syncthing');

    // The same change again is no commit at all.
    const again = await admin.request('PUT', `/api/networks/${id}/machines/anna`, { ...change, baseRevision: real.body.revision });
    expect(again.body).toEqual({
      committed: false,
      revision: real.body.revision,
      basedOn: real.body.revision,
      diff: { patch: '', files: [] },
    });

    // A dry-run machine creation previews the machine too.
    const dry = await admin.post(`/api/networks/${id}/machines`, { name: 'bob', dryRun: true, message: 'Add bob' });
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ committed: false, revision: null, machine: { name: 'bob', adminMode: 'local' } });
    expect((await admin.get(`/api/networks/${id}/machines/bob`)).status).toBe(404);
  });

  it('pages history, filters it by path, diffs two revisions and reverts to an earlier tree with a new commit', async () => {
    const id = await newNetwork('history');
    const first = await addMachine(id, 'anna');
    const second = await admin.request('PUT', `/api/networks/${id}/machines/anna`, {
      config: { resources: { vcpus: 2 } },
      message: 'Give anna a second core',
      baseRevision: first.revision,
    });
    const third = await addMachine(id, 'bob');

    const all = await admin.get(`/api/networks/${id}/config/history`);
    expect(all.body.total).toBe(4);
    expect(all.body.items.map((c: { subject: string }) => c.subject)).toEqual([
      'Add machine bob',
      'Give anna a second core',
      'Add machine anna',
      'Create network history',
    ]);
    expect(all.body.items[0]).toMatchObject({
      sha: third.revision,
      parents: [second.body.revision],
      authorName: 'Ada Admin',
      authorEmail: 'admin@users.clan.invalid',
    });
    const page = await admin.get(`/api/networks/${id}/config/history?limit=2&offset=1`);
    expect(page.body.total).toBe(4);
    expect(page.body.items.map((c: { sha: string }) => c.sha)).toEqual([second.body.revision, first.revision]);
    const byPath = await admin.get(`/api/networks/${id}/config/history?path=overrides/bob.nix`);
    expect(byPath.body).toMatchObject({ total: 1, items: [{ sha: third.revision }] });
    expect((await admin.get(`/api/networks/${id}/config/history?path=../etc`)).status).toBe(400);

    const diff = await admin.get(`/api/networks/${id}/config/diff?from=${first.revision}&to=${third.revision}`);
    expect(diff.status).toBe(200);
    expect(diff.body.files).toEqual([
      { path: 'configs.json', status: 'modified' },
      { path: 'overrides/bob.nix', status: 'added' },
    ]);
    expect(diff.body.patch).toBe(await git(id, 'diff', first.revision, third.revision));
    expect((await admin.get(`/api/networks/${id}/config/diff?from=${'a'.repeat(40)}`)).status).toBe(404);
    const bad = await admin.get(`/api/networks/${id}/config/diff?to=HEAD`);
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('to');

    const dry = await admin.post(`/api/networks/${id}/config/revert`, { revision: first.revision, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ committed: false, revision: null });
    expect(dry.body.diff.patch).toBe(await git(id, 'diff', third.revision, first.revision));

    const reverted = await admin.post(`/api/networks/${id}/config/revert`, { revision: first.revision.slice(0, 8) });
    expect(reverted.status).toBe(200);
    expect(reverted.body.committed).toBe(true);
    expect(reverted.body.revision).not.toBe(first.revision);
    expect((await git(id, 'rev-parse', `${reverted.body.revision}^{tree}`)).trim()).toBe(
      (await git(id, 'rev-parse', `${first.revision}^{tree}`)).trim(),
    );
    expect((await git(id, 'rev-parse', `${reverted.body.revision}^`)).trim()).toBe(third.revision);
    expect((await git(id, 'log', '-1', '--format=%s')).trim()).toBe(`Revert to ${first.revision.slice(0, 8)}`);
    expect((await admin.get(`/api/networks/${id}/machines`)).body.items.map((m: { name: string }) => m.name)).toEqual(['anna']);
    // The working tree follows: `git status` is clean.
    expect((await git(id, 'status', '--porcelain')).trim()).toBe('');
    expect((await admin.post(`/api/networks/${id}/config/revert`, { revision: 'deadbeef' })).status).toBe(404);
  });

  it('serializes concurrent writes to one network: 10 parallel machine creations are 10 commits and a valid configs.json', async () => {
    const id = await newNetwork('busy');
    const before = await commitCount(id);
    const names = Array.from({ length: 10 }, (_, i) => `m${i}`);
    const results = await Promise.all(names.map((name) => admin.post(`/api/networks/${id}/machines`, { name })));
    expect(results.map((r) => r.status)).toEqual(names.map(() => 201));
    expect(await commitCount(id)).toBe(before + 10);
    const configs = JSON.parse(await git(id, 'show', 'HEAD:configs.json'));
    expect(Object.keys(configs).sort()).toEqual(names);
    expect(new Set(results.map((r) => r.body.revision)).size).toBe(10);
  });

  it('serializes writes across two API processes sharing the database and repositories (advisory lock)', async () => {
    const id = await newNetwork('shared');
    const second = await createPanelApp(t.config, { logger: false });
    try {
      await second.app.listen(0, '127.0.0.1');
      const other = new TestClient(`http://127.0.0.1:${(second.app.getHttpServer().address() as { port: number }).port}`);
      const token = (await admin.post('/api/tokens', { name: 'two-processes' })).body.token;
      other.bearer = token;
      const viaFirst = new TestClient(t.baseUrl);
      viaFirst.bearer = token;
      const before = await commitCount(id);
      const names = Array.from({ length: 8 }, (_, i) => `p${i}`);
      const results = await Promise.all(names.map((name, i) => (i % 2 ? other : viaFirst).post(`/api/networks/${id}/machines`, { name })));
      expect(results.map((r) => r.status)).toEqual(names.map(() => 201));
      expect(await commitCount(id)).toBe(before + 8);
      expect(Object.keys(JSON.parse(await git(id, 'show', 'HEAD:configs.json'))).sort()).toEqual(names);
    } finally {
      await second.app.close();
    }
  });

  it('status: head, nix:// link and per-machine drift against the deployed revision', async () => {
    const id = await newNetwork('drift');
    const anna = await addMachine(id, 'anna');
    const bob = await addMachine(id, 'bob');
    let status = await admin.get(`/api/networks/${id}/config/status`);
    expect(status.status).toBe(200);
    const port = new URL(t.baseUrl).port;
    expect(status.body).toEqual({
      head: bob.revision,
      // The test panel is served over http: the link says so (a member's git would fail on https).
      link: `nix://http-127.0.0.1:${port}/api/networks/${id}/config.git`,
      machines: [
        { name: 'anna', revision: anna.revision, deployedRevision: null, drift: 'not-deployed' },
        { name: 'bob', revision: bob.revision, deployedRevision: null, drift: 'not-deployed' },
      ],
    });

    // The VM manager records what it deployed; a later commit not touching anna leaves her in sync.
    const machines = t.panel.app.get(MachineStateService);
    await machines.setDeployedRevision(id, 'anna', bob.revision);
    await machines.setDeployedRevision(id, 'bob', anna.revision);
    status = await admin.get(`/api/networks/${id}/config/status`);
    expect(status.body.machines).toEqual([
      { name: 'anna', revision: anna.revision, deployedRevision: bob.revision, drift: 'in-sync' },
      { name: 'bob', revision: bob.revision, deployedRevision: anna.revision, drift: 'behind' },
    ]);
    const changed = await admin.request('PUT', `/api/networks/${id}/machines/anna`, {
      config: { resources: { memoryMiB: 2048 } },
      baseRevision: await head(id),
    });
    const annaNow = await admin.get(`/api/networks/${id}/machines/anna`);
    expect(annaNow.body).toMatchObject({ revision: changed.body.revision, deployedRevision: bob.revision, drift: 'behind' });
    expect((await admin.get(`/api/networks/${id}/machines`)).body.items.map((m: { drift: string }) => m.drift)).toEqual([
      'behind',
      'behind',
    ]);
  });

  it('serves the app catalog and the configuration schemas', async () => {
    const apps = await admin.get('/api/catalog/apps');
    expect(apps.status).toBe(200);
    const keys = apps.body.items.map((a: { key: string }) => a.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'syncthing',
        'nextcloud',
        'forgejo',
        'mumbleServer',
        'mumbleClient',
        'vaultwarden',
        'jellyfin',
        'homeAssistant',
        'paperless',
      ]),
    );
    const syncthing = apps.body.items.find((a: { key: string }) => a.key === 'syncthing');
    expect(syncthing).toMatchObject({
      nixosModule: 'services.syncthing',
      state: { paths: ['/var/lib/syncthing'], pathOptions: ['sharedFolders'] },
    });
    expect(syncthing.ports).toEqual(
      expect.arrayContaining([{ port: 8384, protocol: 'tcp', option: 'guiPort', description: 'Web interface' }]),
    );
    expect(syncthing.schema.properties.sharedFolders).toBeDefined();
    const schema = await admin.get('/api/catalog/schema');
    expect(schema.status).toBe(200);
    expect(schema.body.configs.type).toBe('object');
    expect(schema.body.machine.properties.applications).toBeDefined();
    expect(schema.body.machine.properties.localAdmins.type).toBe('array');
    expect((await new TestClient(t.baseUrl).get('/api/catalog/apps')).status).toBe(401);
  });
});

function mkdir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
