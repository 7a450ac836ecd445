import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NetworkRole } from '@clan/contracts';
import { DataSource } from 'typeorm';
import { APP_CREDENTIALS } from '../src/app-credentials/app-credential-specs';
import { networkRepoDir } from '../src/configs/repo-paths';
import { SecretBox } from '../src/services/secrets/secret-box';
import { VmManager } from '../src/vms/vm-manager.service';
import { VmSecrets } from '../src/vms/vm-secrets';
import { createUser, setupAdmin, signedIn } from './auth-helpers';
import { prepareTestSystemFlake } from './fixtures/vm-host';
import { startTestPanel, type TestClient, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

const run = promisify(execFile);

/**
 * Every catalog app's first admin credential (docs/apps.md) on the real
 * Postgres, Redis and git: generated when a machine gets the app, sealed in
 * its row, on the machine's secrets disk (the file list and the ext4 image,
 * read back with debugfs) and in no store path of the machine's built closure
 * (a real `nix build` of the demo system), shown to network admins with an
 * audit entry, rotatable, refused to members without Machine.Config.
 * Needs e2fsprogs and nix-bin; fails naming them when missing.
 */

jest.setTimeout(180_000);

const ALL_APPS = {
  syncthing: { enable: true },
  nextcloud: { enable: true, adminUser: 'root-of-home' },
  forgejo: { enable: true },
  vaultwarden: { enable: true },
  jellyfin: { enable: true },
  homeAssistant: { enable: true },
  paperless: { enable: true },
  mumbleServer: { enable: true },
};

interface CredentialView {
  app: string;
  kind: string;
  username: string | null;
  files: string[];
  createdAt: string;
  rotatedAt: string | null;
  revealedAt: string | null;
  revealCount: number;
}

function requireTool(cmd: string, args: string[], pkg: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { PATH: `${childProcessEnv().PATH}:/usr/sbin:/sbin` } });
  if (r.error) throw new Error(`${cmd} is not available: install the Debian package ${pkg} (scripts/setup-system.sh --tests).`);
}

function debugfs(image: string, request: string): string {
  const r = spawnSync('debugfs', ['-R', request, image], { encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
  if (r.status !== 0) throw new Error(`debugfs -R '${request}' failed: ${r.stderr}`);
  return r.stdout;
}

describe('app credentials (real Postgres, Redis, git, nix)', () => {
  let t: TestPanel;
  let host: TestClient;
  let id: string;
  let flake: ReturnType<typeof prepareTestSystemFlake>;

  const url = (machine: string, rest = '') => `/api/networks/${id}/machines/${machine}/app-credentials${rest}`;
  const list = async (machine: string): Promise<CredentialView[]> => {
    const res = await host.get<{ items: CredentialView[] }>(url(machine));
    expect(res.status).toBe(200);
    return res.body.items;
  };
  /** The sealed column and the opened secret of one row. */
  const stored = async (machine: string, app: string): Promise<{ sealed: string; secret: string }> => {
    const rows: { secret_sealed: string }[] = await t.panel.app
      .get(DataSource)
      .query('SELECT secret_sealed FROM app_credentials WHERE network_id = $1 AND machine = $2 AND app = $3', [id, machine, app]);
    expect(rows).toHaveLength(1);
    return { sealed: rows[0].secret_sealed, secret: t.panel.app.get(SecretBox).open(rows[0].secret_sealed) };
  };
  const auditOf = async (action: string) =>
    t.panel.app
      .get(DataSource)
      .query<{ network_id: string; status_code: number; target_id: string | null }[]>(
        'SELECT network_id, status_code, target_id FROM audit_log WHERE action = $1 ORDER BY id',
        [action],
      );

  beforeAll(async () => {
    requireTool('debugfs', ['-V'], 'e2fsprogs');
    requireTool('nix', ['--version'], 'nix-bin');
    flake = prepareTestSystemFlake();
    t = await startTestPanel({ CLAN_FLAKE_URL: flake.url });
    host = await setupAdmin(t);
    const net = await host.post('/api/networks', { name: 'family' });
    expect(net.status).toBe(201);
    id = net.body.id;
    const created = await host.post(`/api/networks/${id}/machines`, { name: 'home', config: { applications: ALL_APPS } });
    expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({ status: 201, body: null });
  });
  afterAll(async () => {
    await t?.close();
    flake?.remove();
  });

  it('generates one credential per app that needs one when the machine is created, sealed in its row', async () => {
    // Created by the commit listener, before anyone asked.
    const count: { n: string }[] = await t.panel.app
      .get(DataSource)
      .query('SELECT count(*) AS n FROM app_credentials WHERE network_id = $1 AND machine = $2', [id, 'home']);
    expect(Number(count[0].n)).toBe(Object.keys(APP_CREDENTIALS).length);

    const items = await list('home');
    // Catalog order; the Mumble server has no administrator, so no credential.
    expect(items.map((c) => c.app)).toEqual(['syncthing', 'nextcloud', 'forgejo', 'vaultwarden', 'jellyfin', 'homeAssistant', 'paperless']);
    expect(items.find((c) => c.app === 'nextcloud')).toMatchObject({ username: 'root-of-home', kind: 'password' });
    expect(items.find((c) => c.app === 'vaultwarden')).toMatchObject({
      username: null,
      kind: 'token',
      files: ['/run/clan-secrets/apps/vaultwarden/admin-token', '/run/clan-secrets/apps/vaultwarden/env'],
      // Not in the mesh (this panel runs none): no HTTPS address yet.
      url: null,
    });
    expect(items.find((c) => c.app === 'homeAssistant')?.files).toEqual(['/run/clan-secrets/apps/home-assistant/admin-password']);
    for (const c of items) {
      expect(c).toMatchObject({ revealedAt: null, revealCount: 0, rotatedAt: null });
      expect(JSON.stringify(c)).not.toContain((await stored('home', c.app)).secret);
      const { sealed, secret } = await stored('home', c.app);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(sealed.startsWith('v1:')).toBe(true);
      expect(sealed).not.toContain(secret);
    }
    // Every secret is its own.
    const secrets = await Promise.all(items.map(async (c) => (await stored('home', c.app)).secret));
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('puts each credential on the secrets disk at apps/<app>/<file>, root only, and in no store path of the built closure', async () => {
    const files = await t.panel.app.get(VmSecrets).filesFor(id, 'home');
    const paths = files.map((f) => f.path).filter((p) => p.startsWith('apps/'));
    expect(paths.sort()).toEqual(
      [
        'apps/forgejo/admin-password',
        'apps/home-assistant/admin-password',
        'apps/jellyfin/admin-password',
        'apps/nextcloud/admin-password',
        'apps/paperless/admin-password',
        'apps/syncthing/gui-password',
        'apps/vaultwarden/admin-token',
        'apps/vaultwarden/env',
      ].sort(),
    );
    const token = (await stored('home', 'vaultwarden')).secret;
    expect(files.find((f) => f.path === 'apps/vaultwarden/env')?.content).toBe(`ADMIN_TOKEN=${token}\n`);
    expect(files.find((f) => f.path === 'apps/forgejo/admin-password')?.content).toBe(`${(await stored('home', 'forgejo')).secret}\n`);

    // The image the VM gets (the demo system's VM mounts it at /run/clan-secrets).
    const vm = t.panel.app.get(VmManager);
    await vm.writeSecretsDisk(id, 'home');
    const image = vm.layout(id, 'home').secretsDisk;
    expect(debugfs(image, 'cat /apps/home-assistant/admin-password')).toBe(`${(await stored('home', 'homeAssistant')).secret}\n`);
    expect(/Mode:\s+(\d+)/.exec(debugfs(image, 'stat /apps/vaultwarden/env'))?.[1]).toBe('0400');

    // The demo system built from the network's repository: no secret in any store path of its closure or its derivation.
    const dir = mkdtempSync(join(tmpdir(), 'clan-app-credentials-build-'));
    try {
      const repo = networkRepoDir(t.config.stateDir, id);
      const tar = await run('git', ['archive', '--format=tar', 'HEAD'], {
        cwd: repo,
        encoding: 'buffer',
        maxBuffer: 64 << 20,
        env: { PATH: '/usr/bin:/bin', HOME: repo },
      });
      expect(spawnSync('tar', ['-x', '-C', dir], { input: tar.stdout }).status).toBe(0);
      const build = spawnSync(
        'nix',
        [
          ...['--extra-experimental-features', 'nix-command flakes', '--option', 'substituters', ''],
          ...['build', '--no-link', '--json', '--no-write-lock-file'],
          `path:${dir}#nixosConfigurations.home.config.system.build.toplevel`,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect({ status: build.status, stderr: build.status === 0 ? '' : build.stderr }).toEqual({ status: 0, stderr: '' });
      const out = (JSON.parse(build.stdout) as { outputs: { out: string } }[])[0].outputs.out;
      const closure = spawnSync('nix-store', ['-qR', out], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
      const deriver = spawnSync('nix-store', ['-q', '--deriver', out], { encoding: 'utf8' }).stdout.trim();
      // The closure holds the machine's configuration, apps included…
      expect(spawnSync('grep', ['-r', '-F', '-l', '-e', 'homeAssistant', ...closure], { encoding: 'utf8' }).status).toBe(0);
      // …and none of the secrets (grep exits 1 when nothing matched).
      const secrets = await Promise.all(Object.keys(APP_CREDENTIALS).map(async (app) => (await stored('home', app)).secret));
      const grep = spawnSync('grep', ['-r', '-F', '-l', ...secrets.flatMap((s) => ['-e', s]), ...closure, deriver], { encoding: 'utf8' });
      expect({ status: grep.status, files: grep.stdout }).toEqual({ status: 1, files: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows the secret to an admin once, again only when confirmed, and audits every showing without the secret', async () => {
    const { secret } = await stored('home', 'forgejo');
    const first = await host.post(url('home', '/forgejo/reveal'), {});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ app: 'forgejo', username: 'admin', secret, firstReveal: true, revealCount: 1 });
    expect(first.body.revealedAt).toEqual(expect.any(String));

    const again = await host.post(url('home', '/forgejo/reveal'), {});
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already shown .*confirm: true/);
    expect(JSON.stringify(again.body)).not.toContain(secret);

    const confirmed = await host.post(url('home', '/forgejo/reveal'), { confirm: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ secret, firstReveal: false, revealCount: 2, revealedAt: first.body.revealedAt });
    expect((await list('home')).find((c) => c.app === 'forgejo')).toMatchObject({ revealCount: 2, revealedAt: first.body.revealedAt });

    // Audit entries are written after the response.
    let entries: Awaited<ReturnType<typeof auditOf>> = [];
    for (let i = 0; i < 100 && entries.length < 3; i++) {
      entries = await auditOf('app.credential.reveal');
      if (entries.length < 3) await new Promise((r) => setTimeout(r, 100));
    }
    expect(entries.map((e) => [e.status_code, e.network_id])).toEqual([
      [200, id],
      [409, id],
      [200, id],
    ]);
    const all = JSON.stringify(await t.panel.app.get(DataSource).query('SELECT * FROM audit_log'));
    expect(all).not.toContain(secret);
  });

  it('rotates: a new secret, sealed, on the secrets disk for the next deployment, offered to be shown again', async () => {
    const before = await stored('home', 'vaultwarden');
    await host.post(url('home', '/vaultwarden/reveal'), {});
    const res = await host.post(url('home', '/vaultwarden/rotate'), {});
    expect(res.status).toBe(200);
    expect(res.body.message).toMatch(/next deployment/);
    expect(res.body.credential).toMatchObject({ app: 'vaultwarden', revealedAt: null, revealCount: 0, rotatedAt: expect.any(String) });
    const after = await stored('home', 'vaultwarden');
    expect(after.secret).not.toBe(before.secret);
    expect(after.sealed).not.toContain(after.secret);
    const files = await t.panel.app.get(VmSecrets).filesFor(id, 'home');
    expect(files.find((f) => f.path === 'apps/vaultwarden/env')?.content).toBe(`ADMIN_TOKEN=${after.secret}\n`);
    // Shown again without a confirmation: it is new.
    const shown = await host.post(url('home', '/vaultwarden/reveal'), {});
    expect(shown.body).toMatchObject({ secret: after.secret, firstReveal: true });
    // Rotating a first-boot credential says what it does not do.
    const ha = await host.post(url('home', '/homeAssistant/rotate'), {});
    expect(ha.body.message).toMatch(/change the password in homeAssistant too/);
  });

  it('refuses members without Machine.Config (403), unknown machines and apps (404), and bad bodies (400)', async () => {
    for (const role of [NetworkRole.Member, NetworkRole.Viewer]) {
      const username = `person-${role}`;
      await createUser(host, username, 'a long enough password');
      const added = await host.post(`/api/networks/${id}/members`, { username, role });
      expect(added.status).toBe(201);
      const c = await signedIn(t, username, 'a long enough password');
      for (const res of [
        await c.get(url('home')),
        await c.post(url('home', '/forgejo/reveal'), { confirm: true }),
        await c.post(url('home', '/forgejo/rotate'), {}),
      ]) {
        expect({ role, status: res.status, code: res.body.code }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
        expect(JSON.stringify(res.body)).not.toContain((await stored('home', 'forgejo')).secret);
      }
    }
    const admin = 'person-admin';
    await createUser(host, admin, 'a long enough password');
    expect((await host.post(`/api/networks/${id}/members`, { username: admin, role: NetworkRole.Admin })).status).toBe(201);
    const a = await signedIn(t, admin, 'a long enough password');
    expect((await a.get(url('home'))).status).toBe(200);
    expect((await a.post(url('home', '/paperless/reveal'), {})).body).toMatchObject({ firstReveal: true });

    expect((await host.get(url('nowhere'))).status).toBe(404);
    const mumble = await host.post(url('home', '/mumbleServer/reveal'), {});
    expect(mumble.status).toBe(404);
    expect(mumble.body.message).toMatch(/has no credential for the app "mumbleServer"/);
    expect((await host.post(url('home', '/not-an-app!/reveal'), {})).status).toBe(404);
    const bad = await host.post(url('home', '/forgejo/reveal'), { confirm: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/confirm must be true or false/);
  });

  it('gives a machine without apps no credentials and no files', async () => {
    const plain = await host.post(`/api/networks/${id}/machines`, { name: 'plain', config: {} });
    expect(plain.status).toBe(201);
    expect(await list('plain')).toEqual([]);
    expect((await t.panel.app.get(VmSecrets).filesFor(id, 'plain')).filter((f) => f.path.startsWith('apps/'))).toEqual([]);
  });
});
