import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { networkRepoDir } from '../src/configs/repo-paths';
import { setupAdmin } from './auth-helpers';
import { waitFor } from './fixtures/principals';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

const run = promisify(execFile);

interface Task {
  id: string;
  status: string;
  error: string | null;
}

/**
 * Machines that build from the defaults (docs/decisions/0013-default-flake-and-demo-system.md):
 * without CLAN_FLAKE_URL a NixOS network builds with the cLAN flake shipped
 * with the panel and the nixpkgs CLAN_NIXPKGS names; when that nixpkgs cannot
 * be fetched the build fails with a sentence naming the setting. A demo
 * network builds the demo system, with no nixpkgs at all. Needs Nix (no
 * libvirt: the tests stop at the build).
 */
describe('system flakes: the shipped cLAN flake, CLAN_NIXPKGS and the demo system (real Nix)', () => {
  let t: TestPanel;
  let admin: TestClient;
  const NIXPKGS = 'path:/nonexistent-clan-nixpkgs';

  async function buildOf(networkId: string, machine: string): Promise<Task> {
    const task = await waitFor(
      () =>
        admin
          .get(`/api/tasks?networkId=${networkId}&machine=${machine}&type=machine.build&limit=5`)
          .then((r) => (r.body.items as Task[])[0] ?? null),
      (x) => x !== null,
      30_000,
      `a build task for ${machine}`,
    );
    return waitFor(
      () => admin.get(`/api/tasks/${task.id}`).then((r) => r.body as Task),
      (x) => ['succeeded', 'failed', 'cancelled'].includes(x.status),
      120_000,
      `the build of ${machine} to finish`,
    );
  }

  const flakeNix = async (networkId: string) =>
    (await run('git', ['show', 'HEAD:flake.nix'], { cwd: networkRepoDir(t.config.stateDir, networkId), env: { PATH: '/usr/bin:/bin' } }))
      .stdout;

  beforeAll(async () => {
    t = await startTestPanel({ CLAN_NIXPKGS: NIXPKGS, CLAN_AUTO_DEPLOY: 'true', NIX_CONFIG: 'substituters =' });
    admin = await setupAdmin(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('copies the shipped cLAN flake under the state directory, named by its content, and health says so', async () => {
    const health = await admin.get('/api/health');
    expect(health.body.components.clanFlake).toMatchObject({ status: 'ok', detail: expect.stringContaining('shipped with this panel') });
    const url = /\((path:[^)]+)\)/.exec(health.body.components.clanFlake.detail)?.[1] as string;
    expect(url).toMatch(new RegExp(`^path:${t.config.stateDir}/flakes/clan-[0-9a-f]{20}$`));
    expect(readFileSync(join(url.slice('path:'.length), 'flake.nix'), 'utf8')).toContain('inputs.nixpkgs.url');
    expect(health.body.components.nixpkgs).toMatchObject({
      status: 'unavailable',
      detail: expect.stringContaining('CLAN_NIXPKGS'),
      message: expect.stringContaining(NIXPKGS),
    });
  });

  it("a NixOS network's build fails with a sentence naming CLAN_NIXPKGS when nixpkgs cannot be fetched", async () => {
    const net = await admin.post('/api/networks', { name: 'homelab' });
    expect(net.status).toBe(201);
    expect(net.body).toMatchObject({ system: 'nixos', systemLabel: 'NixOS' });
    expect(await flakeNix(net.body.id)).toMatch(/inputs\.clan\.url = "path:[^"]+\/flakes\/clan-[0-9a-f]{20}";/);

    const created = await admin.post(`/api/networks/${net.body.id}/machines`, { name: 'alpha', config: {} });
    expect(created.status).toBe(201);
    const build = await buildOf(net.body.id, 'alpha');
    expect(build.status).toBe('failed');
    expect(build.error).toContain("This machine's network uses NixOS, and the panel cannot fetch nixpkgs (path:/nonexistent-clan-nixpkgs)");
    expect(build.error).toContain('set CLAN_NIXPKGS to a reachable nixpkgs');
    expect(build.error).toContain('switch the network to the demo system');
  });

  it('a demo network builds the demo system without nixpkgs; switching a network to it makes its next build work', async () => {
    const net = await admin.post('/api/networks', { name: 'demo', system: 'demo' });
    expect(net.status).toBe(201);
    expect(net.body).toMatchObject({ system: 'demo', systemLabel: 'Demo system (not NixOS)' });
    expect(await flakeNix(net.body.id)).toMatch(/inputs\.clan\.url = "path:[^"]+\/flakes\/demo-[0-9a-f]{20}";/);
    const demoDir = /"path:([^"]+)"/.exec(await flakeNix(net.body.id))?.[1] as string;
    expect(existsSync(join(demoDir, 'bin', 'busybox'))).toBe(true);
    expect((await admin.get('/api/health')).body.components.demoSystem).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('ready'),
    });

    expect((await admin.post(`/api/networks/${net.body.id}/machines`, { name: 'beta', config: {} })).status).toBe(201);
    const build = await buildOf(net.body.id, 'beta');
    expect({ status: build.status, error: build.error }).toEqual({ status: 'succeeded', error: null });

    // The NixOS network of the previous test, switched: its next build uses the demo flake.
    const homelab = (await admin.get('/api/networks')).body.items.find((n: { name: string }) => n.name === 'homelab');
    const patched = await admin.patch(`/api/networks/${homelab.id}`, { system: 'demo' });
    expect(patched.body).toMatchObject({ system: 'demo', systemLabel: 'Demo system (not NixOS)' });
    const rebuild = await admin.post(`/api/networks/${homelab.id}/machines/alpha/deploy`, {});
    expect(rebuild.status).toBeLessThan(300);
    const done = await waitFor(
      () => admin.get(`/api/tasks/${rebuild.body.taskId}`).then((r) => r.body as Task),
      (x) => ['succeeded', 'failed', 'cancelled'].includes(x.status),
      120_000,
      'the rebuild to finish',
    );
    expect({ status: done.status, error: done.error }).toEqual({ status: 'succeeded', error: null });
  });

  it('refuses an unknown system with a sentence', async () => {
    const res = await admin.post('/api/networks', { name: 'other', system: 'windows' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('system must be one of: nixos, demo');
  });
});
