import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type MachineMesh, validateConfigs } from '@clan/nix-schema';
import { wireGuardPublicKey } from '@clan/vpn';
import { DataSource } from 'typeorm';
import { networkRepoDir } from '../src/configs/repo-paths';
import { MeshMachines } from '../src/mesh/machines';
import { MeshStatus } from '../src/mesh/mesh-status.service';
import { MeshService } from '../src/mesh/mesh.service';
import { SecretBox } from '../src/services/secrets/secret-box';
import { VmManager } from '../src/vms/vm-manager.service';
import { vmDomainSpec } from '../src/vms/vm-layout';
import { setupAdmin } from './auth-helpers';
import { prepareTestSystemFlake } from './fixtures/vm-host';
import { startTestPanel, type TestClient, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

const run = promisify(execFile);

/**
 * Machines join their network's mesh (docs/vpn.md, "Machines") on the real
 * Postgres, Redis and git: peers for machines, the panel's `mesh` sections in
 * configs.json (one panel commit per change, none when nothing changes), the
 * secrets disk that carries the private key (read back with e2fsprogs'
 * debugfs), and a real `nix build` of a machine whose closure holds no key.
 * Needs e2fsprogs, nix-bin, busybox-static and a Debian kernel; fails naming
 * them when missing.
 */

jest.setTimeout(180_000);

const KEY_FILE = '/run/clan-secrets/mesh/wireguard.key';

interface PeerView {
  name: string;
  kind: string;
  ipv4: string | null;
  ipv6: string | null;
  publicKey: string;
  endpoint: string | null;
  revoked: boolean;
}
interface MeshView {
  ipv4Cidr: string;
  ipv6Prefix: string;
  peers: PeerView[];
}

function requireTool(cmd: string, args: string[], pkg: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { PATH: `${childProcessEnv().PATH}:/usr/sbin:/sbin` } });
  if (r.error) throw new Error(`${cmd} is not available: install the Debian package ${pkg} (scripts/setup-system.sh --tests).`);
}

/** `debugfs -R <request> <image>` (read-only): stdout. */
function debugfs(image: string, request: string): string {
  const r = spawnSync('debugfs', ['-R', request, image], { encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
  if (r.status !== 0) throw new Error(`debugfs -R '${request}' failed: ${r.stderr}`);
  return r.stdout;
}
const modeOf = (image: string, path: string) => /Mode:\s+(\d+)/.exec(debugfs(image, `stat ${path}`))?.[1];
const ownerOf = (image: string, path: string) => /User:\s+(\d+)\s+Group:\s+(\d+)/.exec(debugfs(image, `stat ${path}`))?.slice(1, 3);

describe('machines in the mesh (real Postgres, Redis, git)', () => {
  let t: TestPanel;
  let host: TestClient;
  let id: string;
  let machines: MeshMachines;
  let mesh: MeshService;
  let flake: ReturnType<typeof prepareTestSystemFlake>;

  const repo = () => networkRepoDir(t.config.stateDir, id);
  const git = async (...args: string[]) =>
    (await run('git', args, { cwd: repo(), env: { PATH: '/usr/bin:/bin', HOME: repo(), GIT_CONFIG_NOSYSTEM: '1' }, maxBuffer: 64 << 20 }))
      .stdout;
  const head = async () => (await git('rev-parse', 'HEAD')).trim();
  const commits = async () => Number((await git('rev-list', '--count', 'HEAD')).trim());
  const configs = async (): Promise<Record<string, { mesh?: MachineMesh; networkLayer: string }>> =>
    JSON.parse(await git('show', 'HEAD:configs.json'));
  const meshView = async (): Promise<MeshView> => {
    const res = await host.get<MeshView>(`/api/networks/${id}/mesh`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const active = (view: MeshView) => view.peers.filter((p) => !p.revoked);
  const peer = (view: MeshView, name: string) => active(view).find((p) => p.name === name) as PeerView;
  /** Private keys the panel holds for this network, opened (never logged). */
  const privateKeys = async (): Promise<Map<string, string>> => {
    const ds = t.panel.app.get(DataSource);
    const box = t.panel.app.get(SecretBox);
    const rows: { name: string; private_key_encrypted: string }[] = await ds.query(
      'SELECT name, private_key_encrypted FROM mesh_peers WHERE network_id = $1 AND private_key_encrypted IS NOT NULL',
      [id],
    );
    return new Map(rows.map((r) => [r.name, box.open(r.private_key_encrypted)]));
  };
  const createMachine = async (name: string, config: Record<string, unknown> = {}) => {
    const res = await host.post(`/api/networks/${id}/machines`, { name, config });
    expect({ name, status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ name, status: 201, body: null });
  };
  const addDevice = async (name: string, body: Record<string, unknown> = {}) => {
    const res = await host.post(`/api/networks/${id}/mesh/devices`, { name, ...body });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    requireTool('debugfs', ['-V'], 'e2fsprogs');
    requireTool('nix', ['--version'], 'nix-bin');
    flake = prepareTestSystemFlake();
    t = await startTestPanel({ CLAN_MESH_MACHINES: 'true', CLAN_FLAKE_URL: flake.url });
    host = await setupAdmin(t);
    const net = await host.post('/api/networks', { name: 'family' });
    expect(net.status).toBe(201);
    id = net.body.id;
    machines = t.panel.app.get(MeshMachines);
    mesh = t.panel.app.get(MeshService);
  });
  afterAll(async () => {
    await t?.close();
    flake?.remove();
  });

  it('gives every machine a peer with its own addresses and a mesh section listing every other active peer, devices too', async () => {
    // The relay stands in for the panel host (its interface is off in tests): machines have no endpoints, so they meet through it.
    await addDevice('hub', { endpoint: '192.0.2.1:51820', relay: true, behindNat: false });
    await addDevice('laptop', { endpoint: '198.51.100.7:51820', behindNat: false });
    await addDevice('phone');
    const before = await commits();
    for (const name of ['nas', 'web', 'db']) {
      await createMachine(name);
      await machines.settled();
    }

    const view = await meshView();
    const machinePeers = active(view).filter((p) => p.kind === 'machine');
    expect(machinePeers.map((p) => p.name).sort()).toEqual(['db', 'nas', 'web']);
    expect(new Set(active(view).map((p) => p.ipv4)).size).toBe(active(view).length);
    expect(new Set(active(view).map((p) => p.ipv6)).size).toBe(active(view).length);

    const head = await configs();
    expect(validateConfigs(head).ok).toBe(true);
    const whole = [view.ipv4Cidr, view.ipv6Prefix];
    for (const m of machinePeers) {
      const section = head[m.name].mesh as MachineMesh;
      expect(section).toMatchObject({
        enable: true,
        addresses: [`${m.ipv4}/24`, `${m.ipv6}/64`],
        listenPort: 51820,
        privateKeyFile: KEY_FILE,
      });
      const byKey = new Map(section.peers.map((p) => [p.publicKey, p]));
      expect(byKey.has(m.publicKey)).toBe(false);
      // Direct sections for the peers with endpoints, the relay's carrying the whole network for the rest.
      expect(byKey.get(peer(view, 'hub').publicKey)).toEqual({
        publicKey: peer(view, 'hub').publicKey,
        endpoint: '192.0.2.1:51820',
        allowedIPs: whole,
        persistentKeepalive: 25,
      });
      const laptop = peer(view, 'laptop');
      expect(byKey.get(laptop.publicKey)).toEqual({
        publicKey: laptop.publicKey,
        endpoint: '198.51.100.7:51820',
        allowedIPs: [`${laptop.ipv4}/32`, `${laptop.ipv6}/128`],
        persistentKeepalive: 25,
      });
      // Every other active peer is reached: through its own section, or inside the relay's ranges.
      const routes = section.peers.flatMap((p) => p.allowedIPs);
      for (const other of active(view).filter((p) => p.name !== m.name)) {
        const covered =
          (routes.includes(`${other.ipv4}/32`) && routes.includes(`${other.ipv6}/128`)) || whole.every((r) => routes.includes(r));
        expect({ machine: m.name, peer: other.name, covered }).toEqual({ machine: m.name, peer: other.name, covered: true });
      }
    }

    // Each machine: the user's commit, then the panel's with its section, named for what happened.
    expect(await commits()).toBe(before + 6);
    expect((await git('log', '-6', '--format=%an|%s')).trim().split('\n').reverse()).toEqual([
      'admin|Add machine nas',
      'cLAN panel|mesh: nas joined',
      'admin|Add machine web',
      'cLAN panel|mesh: web joined',
      'admin|Add machine db',
      'cLAN panel|mesh: db joined',
    ]);
  });

  it('never writes a private key into the repository, in any commit', async () => {
    const keys = await privateKeys();
    // Every device and machine (and the host's own peer, when the panel made one): all held by the panel.
    expect([...keys.keys()]).toEqual(expect.arrayContaining(['db', 'hub', 'laptop', 'nas', 'phone', 'web']));
    const history = await git('log', '-p', '--all', '--format=%H %s');
    for (const [name, key] of keys) {
      expect({ name, inHistory: history.includes(key) }).toEqual({ name, inHistory: false });
      expect(history.includes(Buffer.from(key, 'base64').toString('hex'))).toBe(false);
    }
  });

  it('commits nothing when nothing changed: sync is idempotent and its own commits do not loop', async () => {
    const before = await head();
    expect(await machines.sync(id, 'mesh: nothing happened')).toEqual({ revision: null, machines: [] });
    // A user's change keeps the section (the form does not send it) and brings no panel commit after it.
    const count = await commits();
    const put = await host.request('PUT', `/api/networks/${id}/machines/web`, {
      config: { resources: { vcpus: 2 } },
      baseRevision: await head(),
    });
    expect(put.status).toBe(200);
    await machines.settled();
    expect(await commits()).toBe(count + 1);
    expect((await git('log', '-1', '--format=%an')).trim()).toBe('admin');
    expect((await configs())['web'].mesh).toEqual((await git('show', `${before}:configs.json`).then(JSON.parse))['web'].mesh);
  });

  it('adding and removing a device through MeshService rewrites every machine section in one commit each', async () => {
    const tablet = { name: 'tablet', endpoint: '203.0.113.9:51820', behindNat: false };
    let count = await commits();
    const added = await mesh.addPeer(id, tablet, 'device');
    expect(await commits()).toBe(count + 1);
    expect((await git('log', '-1', '--format=%an|%s')).trim()).toBe('cLAN panel|mesh: tablet added');
    expect((await git('show', '--name-only', '--format=', 'HEAD')).trim()).toBe('configs.json');
    for (const m of ['db', 'nas', 'web']) {
      expect((await configs())[m].mesh?.peers.map((p) => p.publicKey)).toContain(added.publicKey);
    }
    // The member list changed before the call: the caller's sync finds the sections already written.
    expect(await machines.sync(id, 'mesh: tablet added')).toEqual({ revision: null, machines: [] });

    const laptopKey = peer(await meshView(), 'laptop').publicKey;
    count = await commits();
    await mesh.revokePeer(id, 'laptop', 'device');
    expect(await commits()).toBe(count + 1);
    expect((await git('log', '-1', '--format=%an|%s')).trim()).toBe('cLAN panel|mesh: laptop removed');
    expect(await git('show', 'HEAD:configs.json')).not.toContain(laptopKey);
    // The machines' sections no longer carry the key: the removal counts them as updated (the devices have not synced).
    const removal = (await t.panel.app.get(MeshStatus).get(id)).removals.find((r) => r.name === 'laptop')!;
    expect(removal.stillTrustedBy.filter((name) => ['db', 'nas', 'web'].includes(name))).toEqual([]);

    // A change the panel was not told about (another process, a missed event): sync finds it and names the machines it rewrote.
    const ds = t.panel.app.get(DataSource);
    await ds.query(`UPDATE mesh_peers SET endpoint = '203.0.113.10:51820', behind_nat = false WHERE network_id = $1 AND name = 'phone'`, [
      id,
    ]);
    const result = await machines.sync(id, 'mesh: phone got an endpoint');
    expect(result).toEqual({ revision: await head(), machines: ['db', 'nas', 'web'] });
    expect((await git('log', '-1', '--format=%s')).trim()).toBe('mesh: phone got an endpoint');
  });

  it('removing a machine revokes its peer (key wiped, address freed) and takes it out of the others', async () => {
    const dbKey = peer(await meshView(), 'db').publicKey;
    const count = await commits();
    const res = await host.delete(`/api/networks/${id}/machines/db`);
    expect(res.status).toBe(200);
    await machines.settled();
    const view = await meshView();
    expect(view.peers.find((p) => p.name === 'db')).toMatchObject({ kind: 'machine', revoked: true, ipv4: null });
    expect(Object.keys(await configs()).sort()).toEqual(['nas', 'web']);
    expect(await git('show', 'HEAD:configs.json')).not.toContain(dbKey);
    expect((await privateKeys()).has('db')).toBe(false);
    // The others reached db through the relay's whole-network section, which does not change: no panel commit is needed.
    expect(await commits()).toBe(count + 1);
    expect((await git('log', '-1', '--format=%an|%s')).trim()).toBe('admin|Remove machine db');
  });

  it("delivers the machine's key on a read-only secrets disk: root only, the file 0400, the image 0600, no staging left", async () => {
    const vm = t.panel.app.get(VmManager);
    const layout = vm.layout(id, 'nas');
    // The mesh key; the machine's TLS certificate, key and network CA (apps/api/src/pki); its controller token
    // (services/guest) and, being in the mesh, its backup repository's env (backups/rest-repo).
    expect(await vm.writeSecretsDisk(id, 'nas')).toEqual({ files: 6 });
    const image = layout.secretsDisk;
    expect(statSync(image).mode & 0o777).toBe(0o600);
    expect(modeOf(image, '/')).toBe('0700');
    expect(modeOf(image, '/mesh')).toBe('0700');
    expect(modeOf(image, '/mesh/wireguard.key')).toBe('0400');
    expect(modeOf(image, '/tls/key.pem')).toBe('0400');
    expect(modeOf(image, '/controller/token')).toBe('0400');
    expect(modeOf(image, '/backup/env')).toBe('0400');
    expect(ownerOf(image, '/mesh/wireguard.key')).toEqual(['0', '0']);
    const key = debugfs(image, 'cat /mesh/wireguard.key');
    expect(key).toBe(`${(await privateKeys()).get('nas')}\n`);
    expect(wireGuardPublicKey(key.trim())).toBe(peer(await meshView(), 'nas').publicKey);
    expect(readdirSync(layout.secretsScratch)).toEqual([]);

    // The domain attaches it read-only with the serial the guest mounts it by.
    const spec = vmDomainSpec({
      domainName: 'd',
      panelId: 'p',
      networkId: id,
      machine: 'nas',
      generation: 1,
      toplevel: '/nix/store/00000000000000000000000000000000-x',
      kernelParams: '',
      domainType: 'qemu',
      vcpus: 1,
      memoryMiB: 256,
      layout,
    });
    expect(spec.disks).toContainEqual({ source: image, target: 'vdc', format: 'raw', readonly: true, serial: 'clan-secrets' });

    // A machine outside the WireGuard mesh gets no mesh key and no backup repository (it cannot reach one), only its
    // TLS files and controller token (the guest mounts the disk either way).
    await createMachine('ygg', { networkLayer: 'yggdrasil' });
    await machines.settled();
    expect((await configs())['ygg'].mesh).toBeUndefined();
    expect(peer(await meshView(), 'ygg')).toBeUndefined();
    expect(await vm.writeSecretsDisk(id, 'ygg')).toEqual({ files: 4 });
    expect(debugfs(vm.layout(id, 'ygg').secretsDisk, 'ls /')).not.toContain('mesh');
    expect(debugfs(vm.layout(id, 'ygg').secretsDisk, 'ls /')).not.toContain('backup');
  });

  it('builds a machine whose store holds its mesh section but not its key (nix build of the test system)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clan-mesh-build-'));
    try {
      const tar = await run('git', ['archive', '--format=tar', 'HEAD'], {
        cwd: repo(),
        encoding: 'buffer',
        maxBuffer: 64 << 20,
        env: { PATH: '/usr/bin:/bin', HOME: repo() },
      });
      const x = spawnSync('tar', ['-x', '-C', dir], { input: tar.stdout });
      expect(x.status).toBe(0);
      const flakes = ['--extra-experimental-features', 'nix-command flakes', '--option', 'substituters', ''];
      const build = spawnSync(
        'nix',
        [
          ...flakes,
          'build',
          '--no-link',
          '--json',
          '--no-write-lock-file',
          `path:${dir}#nixosConfigurations.nas.config.system.build.toplevel`,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect({ status: build.status, stderr: build.status === 0 ? '' : build.stderr }).toEqual({ status: 0, stderr: '' });
      const out = (JSON.parse(build.stdout) as { outputs: { out: string } }[])[0].outputs.out;
      const built = JSON.parse(spawnSync('cat', [join(out, 'config.json')], { encoding: 'utf8' }).stdout) as { mesh: MachineMesh };
      expect(built.mesh).toEqual((await configs())['nas'].mesh);
      expect(built.mesh.privateKeyFile).toBe(KEY_FILE);

      const closure = spawnSync('nix-store', ['-qR', out], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
      const deriver = spawnSync('nix-store', ['-q', '--deriver', out], { encoding: 'utf8' }).stdout.trim();
      const keys = [...(await privateKeys()).values()];
      const grep = spawnSync('grep', ['-r', '-F', '-l', ...keys.flatMap((k) => ['-e', k]), ...closure, deriver], { encoding: 'utf8' });
      // grep exits 1 when nothing matched: no private key anywhere in the closure or the derivation.
      expect({ status: grep.status, files: grep.stdout }).toEqual({ status: 1, files: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad input with sentences, never a 500', async () => {
    const url = `/api/networks/${id}/machines`;
    const storeKey = await host.post(url, {
      name: 'bad1',
      config: { mesh: { enable: true, addresses: ['10.0.0.9/24'], privateKeyFile: '/nix/store/abc-wireguard.key' } },
    });
    expect(storeKey.status).toBe(400);
    expect(storeKey.body.fields).toEqual([
      { field: '$.bad1.mesh.privateKeyFile', message: expect.stringContaining('outside the Nix store') },
    ]);
    const withKey = await host.post(url, { name: 'bad2', config: { mesh: { privateKey: 'c2VjcmV0' } } });
    expect(withKey.status).toBe(400);
    expect(withKey.body.message).toMatch(/unknown setting "privateKey"/);
    const local = await host.request('PUT', `${url}/nas/overrides`, { overrides: { mesh: { enable: false } }, baseRevision: await head() });
    expect(local.status).toBe(400);
    expect(local.body.fields).toEqual([{ field: '$.nas.mesh', message: expect.stringContaining('written by the panel') }]);

    // A machine named like a device joins nothing (the name is taken) but is created; the others are untouched.
    const before = (await configs())['nas'].mesh;
    await createMachine('phone');
    await machines.settled();
    expect((await configs())['phone'].mesh).toBeUndefined();
    expect((await configs())['nas'].mesh).toEqual(before);

    // A hand-written section is the panel's to replace.
    const forged = { ...before, peers: [{ publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=', allowedIPs: ['0.0.0.0/0'] }] };
    const put = await host.request('PUT', `${url}/nas`, { config: { mesh: forged }, baseRevision: await head() });
    expect(put.status).toBe(200);
    await machines.settled();
    expect((await configs())['nas'].mesh).toEqual(before);
    expect((await git('log', '-1', '--format=%an|%s')).trim()).toBe('cLAN panel|mesh: machine sections brought up to date');

    await expect(machines.sync('not-a-network', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(machines.sync('00000000-0000-4000-8000-000000000000', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
