import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { networkRepoDir } from '../src/configs/repo-paths';
import { createUser, setupAdmin, signedIn } from './auth-helpers';
import { type ApiResponse, startTestPanel, type TestClient, type TestPanel } from './harness';

const run = promisify(execFile);

/**
 * Control modes (docs/api.md): who may write a machine's network layer
 * (PUT machine) and local layer (PUT/DELETE overrides), enforced by the API.
 * nadia is a network admin, lara a member and the machines' local admin,
 * moe a member with no say, and the host admin may do everything.
 */
describe('machines: control modes, layers and local admins (real git + Postgres)', () => {
  let t: TestPanel;
  let host: TestClient;
  let nadia: TestClient;
  let lara: TestClient;
  let moe: TestClient;
  let id: string;

  const repo = () => networkRepoDir(t.config.stateDir, id);
  const git = async (...args: string[]) =>
    (await run('git', args, { cwd: repo(), env: { PATH: '/usr/bin:/bin', HOME: repo(), GIT_CONFIG_NOSYSTEM: '1' } })).stdout;
  const head = async () => (await git('rev-parse', 'HEAD')).trim();
  const show = async (path: string) => {
    try {
      return await git('show', `HEAD:${path}`);
    } catch {
      return null;
    }
  };
  const machinePath = (name: string) => `/api/networks/${id}/machines/${name}`;
  // Based on the head as it is: these tests are about who may write, not about stale revisions.
  const putConfig = async (c: TestClient, name: string, config: Record<string, unknown>) =>
    c.request('PUT', machinePath(name), { config, baseRevision: await head() });
  const putOverrides = async (c: TestClient, name: string, overrides: Record<string, unknown>) =>
    c.request('PUT', `${machinePath(name)}/overrides`, { overrides, baseRevision: await head() });

  /** Asserts the status and that a refused write left the repository alone. */
  async function expectWrite(attempt: Promise<ApiResponse>, status: number, message?: string | RegExp): Promise<ApiResponse> {
    const before = await head();
    const res = await attempt;
    expect({ status: res.status, message: res.body?.message }).toEqual({
      status,
      message: message instanceof RegExp ? expect.stringMatching(message) : (message ?? (status >= 400 ? expect.any(String) : undefined)),
    });
    if (status >= 400) expect(await head()).toBe(before);
    return res;
  }

  beforeAll(async () => {
    t = await startTestPanel();
    host = await setupAdmin(t);
    for (const name of ['nadia', 'lara', 'moe', 'stranger']) await createUser(host, name, `${name} password 12`);
    id = (await host.post('/api/networks', { name: 'family' })).body.id;
    for (const [username, role] of [
      ['nadia', 'admin'],
      ['lara', 'member'],
      ['moe', 'member'],
    ]) {
      expect((await host.post(`/api/networks/${id}/members`, { username, role })).status).toBe(201);
    }
    [nadia, lara, moe] = await Promise.all(['nadia', 'lara', 'moe'].map((n) => signedIn(t, n, `${n} password 12`)));
    for (const [name, adminMode] of [
      ['rem', 'remote'],
      ['loc', 'local'],
      ['sha', 'shared'],
    ]) {
      const res = await nadia.post(`/api/networks/${id}/machines`, { name, config: { adminMode, localAdmins: ['lara'] } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps local admins beside configs.json, in panel/local-admins.json, and shows them on the machine', async () => {
    expect(JSON.parse((await show('panel/local-admins.json')) as string)).toEqual({ loc: ['lara'], rem: ['lara'], sha: ['lara'] });
    expect(JSON.parse((await show('configs.json')) as string).loc.localAdmins).toBeUndefined();
    const loc = await moe.get(machinePath('loc'));
    expect(loc.body).toMatchObject({ adminMode: 'local', localAdmins: ['lara'], config: { adminMode: 'local', localAdmins: ['lara'] } });
  });

  it('remote: only network admins change the machine; nobody has a local layer (409)', async () => {
    await expectWrite(putConfig(nadia, 'rem', { adminMode: 'remote', resources: { vcpus: 2 } }), 200);
    await expectWrite(putConfig(lara, 'rem', { resources: { vcpus: 3 } }), 403, 'rem is remotely managed: only network admins change it.');
    await expectWrite(putConfig(moe, 'rem', { resources: { vcpus: 3 } }), 403, 'rem is remotely managed: only network admins change it.');
    const remote = /^rem is remotely managed: it has no local overrides/;
    for (const c of [nadia, lara, moe, host]) {
      await expectWrite(putOverrides(c, 'rem', { resources: { vcpus: 8 } }), 409, remote);
      await expectWrite(c.delete(`${machinePath('rem')}/overrides`), 409, remote);
    }
  });

  it('local: network admins change the network layer, only local admins the overrides', async () => {
    await expectWrite(putConfig(nadia, 'loc', { resources: { vcpus: 2 } }), 200);
    await expectWrite(
      putConfig(lara, 'loc', { resources: { vcpus: 4 } }),
      403,
      'loc is locally managed: only network admins change its network layer; its local admins change its overrides.',
    );
    await expectWrite(putConfig(moe, 'loc', { resources: { vcpus: 4 } }), 403);

    const ok = await expectWrite(putOverrides(lara, 'loc', { resources: { memoryMiB: 4096 } }), 200);
    expect(ok.body.committed).toBe(true);
    expect((await git('log', '-1', '--format=%s|%an')).trim()).toBe('Change local overrides of loc: resources|lara');
    expect(JSON.parse((await show('overrides/loc.json')) as string)).toEqual({ resources: { memoryMiB: 4096 } });
    await expectWrite(putOverrides(nadia, 'loc', {}), 403, 'loc is locally managed: only its local admins (lara) change its overrides.');
    await expectWrite(putOverrides(moe, 'loc', {}), 403);
    await expectWrite(nadia.delete(`${machinePath('loc')}/overrides`), 403);

    // The effective config is the network layer deep-merged with the local layer.
    const machine = (await moe.get(machinePath('loc'))).body;
    expect(machine.config.resources).toEqual({ vcpus: 2, memoryMiB: 1024, stateDiskGiB: 10 });
    expect(machine.overrides).toEqual({ resources: { memoryMiB: 4096 } });
    expect(machine.effective.resources).toEqual({ vcpus: 2, memoryMiB: 4096, stateDiskGiB: 10 });
    expect(
      (await moe.get(`/api/networks/${id}/machines`)).body.items.find((m: { name: string }) => m.name === 'loc').resources.memoryMiB,
    ).toBe(4096);

    // Host admins may do everything.
    await expectWrite(putOverrides(host, 'loc', { resources: { memoryMiB: 2048 } }), 200);
  });

  it("shared: network admins and local admins both write both layers, and either revokes the other's override", async () => {
    await expectWrite(putConfig(nadia, 'sha', { adminMode: 'shared', applications: { syncthing: { enable: true } } }), 200);
    await expectWrite(putConfig(lara, 'sha', { applications: { syncthing: { enable: true, sharedFolders: ['/shared/photos'] } } }), 200);
    expect((await git('log', '-1', '--format=%an')).trim()).toBe('lara');
    await expectWrite(putConfig(moe, 'sha', {}), 403, 'sha is shared: only network admins and its local admins change it.');

    // Local admins never change who administers the machine.
    await expectWrite(
      putConfig(lara, 'sha', { adminMode: 'local' }),
      403,
      'Local admins cannot change adminMode of sha; ask a network admin.',
    );
    await expectWrite(
      lara.request('PUT', machinePath('sha'), {
        config: { adminMode: 'shared', localAdmins: ['lara', 'moe'] },
        baseRevision: await head(),
      }),
      403,
      'Local admins cannot change localAdmins of sha; ask a network admin.',
    );

    // lara overrides the web interface port; nadia revokes exactly that override.
    await expectWrite(putOverrides(lara, 'sha', { applications: { syncthing: { guiPort: 9384 } }, resources: { vcpus: 2 } }), 200);
    expect((await moe.get(machinePath('sha'))).body.effective.applications.syncthing).toMatchObject({
      guiPort: 9384,
      sharedFolders: ['/shared/photos'],
    });
    const revoked = await expectWrite(nadia.delete(`${machinePath('sha')}/overrides?path=applications.syncthing`), 200);
    expect(revoked.body.committed).toBe(true);
    expect((await git('log', '-1', '--format=%s|%an')).trim()).toBe('Revoke the override applications.syncthing of sha|nadia');
    expect(JSON.parse((await show('overrides/sha.json')) as string)).toEqual({ resources: { vcpus: 2 } });
    await expectWrite(
      nadia.delete(`${machinePath('sha')}/overrides?path=applications.syncthing`),
      404,
      'sha has no local override at applications.syncthing.',
    );
    const badPath = await nadia.delete(`${machinePath('sha')}/overrides?path=${encodeURIComponent('a..b')}`);
    expect(badPath.status).toBe(400);
    expect(badPath.body.fields[0].field).toBe('path');

    // nadia overrides; lara revokes everything.
    await expectWrite(putOverrides(nadia, 'sha', { backup: { enable: true } }), 200);
    await expectWrite(lara.delete(`${machinePath('sha')}/overrides`), 200);
    expect(await show('overrides/sha.json')).toBeNull();
    await expectWrite(putOverrides(moe, 'sha', {}), 403, 'sha is shared: only network admins and its local admins change its overrides.');
  });

  it('validates the effective config and keeps adminMode out of the local layer', async () => {
    await expectWrite(putConfig(nadia, 'loc', { applications: { syncthing: { enable: true } } }), 200);
    const clash = await expectWrite(putOverrides(lara, 'loc', { applications: { forgejo: { enable: true, httpPort: 8384 } } }), 400);
    expect(clash.body.fields).toEqual([
      { field: '$.loc.applications.forgejo.httpPort', message: expect.stringMatching(/^With the local overrides applied: Port 8384\/tcp/) },
    ]);
    const mode = await expectWrite(putOverrides(lara, 'loc', { adminMode: 'remote' }), 400);
    expect(mode.body.fields).toEqual([
      {
        field: '$.loc.adminMode',
        message: 'adminMode is set by network admins in the network layer; the local overrides cannot change it.',
      },
    ]);
    const unknown = await expectWrite(putOverrides(lara, 'loc', { applications: { syncthing: { gui: 1 } } }), 400);
    expect(unknown.body.fields[0].field).toMatch(/^\$\.loc\.applications\.syncthing/);
    const network = await expectWrite(putConfig(nadia, 'loc', { resources: { vcpus: 100 } }), 400);
    expect(network.body.fields[0].field).toBe('$.loc.resources.vcpus');
    const typed = await expectWrite(host.request('PUT', machinePath('loc'), { config: 'not an object' }), 400);
    expect(typed.body.fields[0].field).toBe('config');
  });

  it('checks local admins: known users who are members of the network', async () => {
    const nobody = await expectWrite(
      nadia.request('PUT', machinePath('loc'), { config: { localAdmins: ['lara', 'ghost'] }, baseRevision: await head() }),
      400,
    );
    expect(nobody.body.fields).toEqual([{ field: '$.loc.localAdmins[1]', message: 'No panel user is named ghost.' }]);
    const outsider = await expectWrite(
      nadia.request('PUT', machinePath('loc'), { config: { localAdmins: ['stranger'] }, baseRevision: await head() }),
      400,
    );
    expect(outsider.body.fields).toEqual([
      { field: '$.loc.localAdmins[0]', message: 'stranger is not a member of this network; add them first.' },
    ]);
    const shape = await expectWrite(
      nadia.request('PUT', machinePath('loc'), { config: { localAdmins: 'lara' }, baseRevision: await head() }),
      400,
    );
    expect(shape.body.fields).toEqual([{ field: '$.loc.localAdmins', message: 'Local admins must be a list of usernames.' }]);

    // Revoking lara as local admin takes her rights away at once.
    const current = (await nadia.get(machinePath('loc'))).body.config;
    await expectWrite(
      nadia.request('PUT', machinePath('loc'), { config: { ...current, localAdmins: ['moe'] }, baseRevision: await head() }),
      200,
    );
    expect((await git('log', '-1', '--format=%s')).trim()).toBe('Change loc: localAdmins');
    await expectWrite(putOverrides(lara, 'loc', {}), 403, 'loc is locally managed: only its local admins (moe) change its overrides.');
    await expectWrite(putOverrides(moe, 'loc', { resources: { vcpus: 2 } }), 200);
  });

  it('switching a machine to remote drops its local layer; deleting a machine removes its files', async () => {
    await expectWrite(putOverrides(lara, 'sha', { resources: { vcpus: 2 } }), 200);
    expect(await show('overrides/sha.json')).not.toBeNull();
    const toRemote = await expectWrite(putConfig(nadia, 'sha', { adminMode: 'remote' }), 200);
    expect(toRemote.body.diff.files).toEqual(expect.arrayContaining([{ path: 'overrides/sha.json', status: 'deleted' }]));
    expect((await moe.get(machinePath('sha'))).body).toMatchObject({ adminMode: 'remote', overrides: {} });

    await expectWrite(moe.delete(machinePath('loc')), 403);
    const removed = await expectWrite(nadia.delete(machinePath('loc')), 200);
    expect(removed.body.committed).toBe(true);
    expect((await git('log', '-1', '--format=%s')).trim()).toBe('Remove machine loc');
    expect(await show('overrides/loc.json')).toBeNull();
    expect(await show('overrides/loc.nix')).toBeNull();
    expect(JSON.parse((await show('panel/local-admins.json')) as string)).toEqual({ rem: ['lara'], sha: ['lara'] });
    expect(JSON.parse((await show('configs.json')) as string).loc).toBeUndefined();
    expect((await moe.get(machinePath('loc'))).status).toBe(404);
    expect((await nadia.delete(machinePath('loc'))).status).toBe(404);
    expect((await moe.get(machinePath('Not_A_Name'))).status).toBe(404);
  });
});
