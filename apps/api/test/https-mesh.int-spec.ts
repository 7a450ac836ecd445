/**
 * HTTPS on the mesh with a booted demo VM (docs/https.md, "Proven by"): a
 * panel process on qemu:///system (TCG) runs its host mesh interface
 * (wireguard-go, address .1) and phonebook in a lab namespace; the VM's NIC
 * (CLAN_VM_BRIDGE) sits on a bridge joined to that namespace, where busybox
 * udhcpd hands out underlay addresses. The demo guest (nix/test-system)
 * joins the mesh with the key from its secrets disk, resolves its own name
 * through the phonebook and serves HTTPS with the certificate the panel
 * issued. From the namespace on the mesh, `curl --cacert <network CA>
 * https://<machine>.<network>.clan/` succeeds, with the name resolved by the
 * phonebook (/etc/netns/<ns>/resolv.conf), and fails without the CA. One VM
 * boot. Needs root, libvirt, qemu, nix, wireguard-go, wireguard-tools,
 * iproute2, busybox-static, curl, openssl; fails (never skips) naming the
 * Debian package that is missing.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interfaceAddresses } from '@clan/vpn';
import { NetnsLab, requireLabTools } from '@clan/vpn/testing';
import { networkRepoDir } from '../src/configs/repo-paths';
import { type ChildPanel, seedHostAdminToken, spawnPanel } from './fixtures/child-panel';
import { waitFor } from './fixtures/principals';
import { cleanUpVms, prepareTestSystemFlake, readText, requireVmHost } from './fixtures/vm-host';
import { cloneTestDatabase, TestClient } from './harness';
import { TEST_REDIS_URL } from './test-config';

jest.setTimeout(900_000);

/** Boots are slow on a loaded 2-core machine (TCG): give the guest room. */
const GUEST_MS = 180_000;

interface Task {
  id: string;
  status: string;
  error: string | null;
  result: Record<string, unknown> | null;
}
interface PeerView {
  name: string;
  kind: string;
  ipv4: string | null;
  ipv6: string | null;
  revoked: boolean;
}

/** Fails naming the Debian package when a command is missing. */
function requireCommand(command: string, pkg: string): void {
  try {
    execFileSync('/bin/sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`${command} is not available: install the Debian package ${pkg} (scripts/setup-system.sh --tests).`);
  }
}

describe('HTTPS on the mesh: a booted demo VM serves its certificate (qemu:///system, wireguard-go)', () => {
  const lab = new NetnsLab();
  const UNDERLAY = '10.254.83';
  const hostNs = `${lab.id}-host`;
  /** A person's device on the mesh (its config from the API), on the same underlay. */
  const deviceNs = `${lab.id}-laptop`;
  const deviceIf = `${lab.id}l`;
  /** The VMs' bridge, in the host's own namespace (libvirt puts the VM's tap there), joined to hostNs by a veth. */
  const bridge = `${lab.id}vb`;
  const machine = 'web';
  let db: Awaited<ReturnType<typeof cloneTestDatabase>>;
  let stateDir: string;
  let flake: ReturnType<typeof prepareTestSystemFlake>;
  let panel: ChildPanel;
  let root: TestClient;
  let networkId: string;
  let networkName: string;
  let domainName = '';
  let caFile: string;
  let meshName: string;
  let web: PeerView;
  let phonebook: string;
  let bridgeMade = false;
  const profilesDir = `/nix/var/nix/profiles/clan-test-${randomBytes(4).toString('hex')}`;
  const netnsEtc = [hostNs, deviceNs].map((ns) => `/etc/netns/${ns}`);

  const serial = () => readText(join(stateDir, 'vms', networkId, machine, 'serial.log'));

  async function finished(taskId: string): Promise<Task> {
    return waitFor(
      () => root.get(`/api/tasks/${taskId}`).then((r) => r.body as Task),
      (t) => ['succeeded', 'failed', 'cancelled'].includes(t.status),
      GUEST_MS + 120_000,
      `task ${taskId}`,
    );
  }

  async function expectSucceeded(task: Task): Promise<void> {
    if (task.status === 'succeeded') return;
    const log = (await root.get(`/api/tasks/${task.id}/log?limit=1000`)).body.items.map((l: { text: string }) => l.text).join('\n');
    throw new Error(`task ${task.status}: ${task.error}\n--- log ---\n${log}\n--- serial ---\n${serial().slice(-4000)}`);
  }

  /** Waits for a line of the serial console; fails with the console's end. */
  async function serialLine(pattern: RegExp, what: string): Promise<RegExpExecArray> {
    const text = await waitFor(
      async () => serial(),
      (s) => pattern.test(s) || /CLAN-(MESH|HTTPS|DNS) (failed|none)/.test(s),
      GUEST_MS,
      what,
    );
    const match = pattern.exec(text);
    if (!match) throw new Error(`The guest did not print ${what}:\n${text.slice(-4000)}`);
    return match;
  }

  /** curl inside a namespace on the mesh; the name resolves through /etc/netns/<ns>/resolv.conf (the phonebook). */
  async function curl(args: string[], ns = hostNs) {
    // The guest restarts its responder if openssl exits: a refused connection (7) meanwhile is retried.
    // curl's own limit stays under lab.exec's 20 s, so a hang ends with curl's message.
    for (let attempt = 0; ; attempt++) {
      const r = await lab.exec(ns, 'curl', ['-sS', '--max-time', '15', '-w', '\n%{http_code} %{remote_ip}', ...args]);
      if (r.code !== 7 || attempt >= 5) return r;
      await new Promise((res) => setTimeout(res, 1000));
    }
  }

  beforeAll(async () => {
    requireLabTools();
    requireVmHost();
    requireCommand('curl', 'curl');
    requireCommand('openssl', 'openssl');

    // The underlay: hostNs (the panel's mesh interface and phonebook, udhcpd) ↔ bridge ↔ the VM's tap.
    await lab.addNamespace(hostNs);
    await lab.must('ip', ['link', 'add', bridge, 'type', 'bridge']);
    bridgeMade = true;
    await lab.must('ip', ['link', 'set', bridge, 'up']);
    await lab.must('ip', ['link', 'add', `${lab.id}v0`, 'netns', hostNs, 'type', 'veth', 'peer', 'name', `${lab.id}v1`]);
    await lab.must('ip', ['link', 'set', `${lab.id}v1`, 'master', bridge, 'up']);
    await lab.must('ip', ['-n', hostNs, 'addr', 'add', `${UNDERLAY}.1/24`, 'dev', `${lab.id}v0`]);
    await lab.must('ip', ['-n', hostNs, 'link', 'set', `${lab.id}v0`, 'up']);
    const udhcpd = lab.secretFile(
      'udhcpd.conf',
      [
        `start ${UNDERLAY}.100`,
        `end ${UNDERLAY}.150`,
        `interface ${lab.id}v0`,
        `lease_file ${lab.secretFile('udhcpd.leases', '')}`,
        `pidfile ${lab.secretFile('udhcpd.pid', '')}`,
        'option subnet 255.255.255.0',
        'option lease 3600',
      ].join('\n') + '\n',
    );
    lab.startProcess(hostNs, 'busybox', ['udhcpd', '-f', udhcpd]);

    flake = prepareTestSystemFlake();
    db = await cloneTestDatabase();
    stateDir = mkdtempSync(join(tmpdir(), 'clan-https-mesh-'));
    // libvirt's qemu runs as another user: it must traverse to the VM files.
    chmodSync(stateDir, 0o711);
    const token = await seedHostAdminToken(db.url);
    panel = await spawnPanel(
      {
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        CLAN_STATE_DIR: stateDir,
        CLAN_QUEUE_PREFIX: `clantest_${randomBytes(4).toString('hex')}`,
        CLAN_LIBVIRT_URI: 'qemu:///system',
        CLAN_DOMAIN_TYPE: 'qemu',
        CLAN_FLAKE_URL: flake.url,
        CLAN_PROFILES_DIR: profilesDir,
        // One boot: the test deploys once the machine's mesh section is committed.
        CLAN_AUTO_DEPLOY: 'false',
        CLAN_HEALTH_TIMEOUT_SECONDS: String(GUEST_MS / 1000),
        CLAN_TASK_HEARTBEAT_SECONDS: '1',
        CLAN_LOG_LEVEL: 'warn',
        CLAN_WEB_DIR: join(stateDir, 'no-web'),
        NIX_CONFIG: 'substituters =',
        CLAN_MESH_HOST: 'true',
        CLAN_MESH_NETNS: hostNs,
        CLAN_MESH_ENDPOINT_HOST: `${UNDERLAY}.1`,
        CLAN_MESH_MACHINES: 'true',
        CLAN_MESH_POOL: '10.100.0.0/14',
        CLAN_VM_BRIDGE: bridge,
      },
      120_000,
    );
    root = Object.assign(new TestClient(panel.baseUrl), { bearer: token });
    networkName = `tls${randomBytes(3).toString('hex')}`;
    const net = await root.post('/api/networks', { name: networkName });
    expect(net.status).toBe(201);
    networkId = net.body.id;
    lab.trackWireGuard(`clan${networkId.replace(/-/g, '').slice(0, 8)}`);
    meshName = `${machine}.${networkName}.clan`;

    const created = await root.post(`/api/networks/${networkId}/machines`, {
      name: machine,
      config: { resources: { memoryMiB: 256, stateDiskGiB: 1 } },
    });
    expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({ status: 201, body: null });
    // The panel's own commit adds the machine's mesh section (with its mesh name and the phonebook) right after.
    const repo = networkRepoDir(stateDir, networkId);
    await waitFor(
      async () => {
        try {
          const configs = JSON.parse(execFileSync('git', ['-C', repo, 'show', 'HEAD:configs.json'], { encoding: 'utf8' }));
          return configs[machine]?.mesh?.domain ?? null;
        } catch {
          return null;
        }
      },
      (d) => d === meshName,
      60_000,
      `the mesh section of ${machine} naming ${meshName}`,
    );
    // A device joins once the machine is in the mesh (its config then routes the machine through the host relay).
    const device = await root.post<PeerView>(`/api/networks/${networkId}/mesh/devices`, { name: 'laptop', relayOnly: true });
    expect(device.status).toBe(201);
    await lab.addNamespace(deviceNs);
    await lab.must('ip', ['link', 'add', `${lab.id}d0`, 'netns', deviceNs, 'type', 'veth', 'peer', 'name', `${lab.id}d1`]);
    await lab.must('ip', ['link', 'set', `${lab.id}d1`, 'master', bridge, 'up']);
    await lab.must('ip', ['-n', deviceNs, 'addr', 'add', `${UNDERLAY}.2/24`, 'dev', `${lab.id}d0`]);
    await lab.must('ip', ['-n', deviceNs, 'link', 'set', `${lab.id}d0`, 'up']);
    await lab.startWireGuard(deviceNs, deviceIf);
    const conf = await root.get<string>(`/api/networks/${networkId}/mesh/devices/laptop/config?format=syncconf`);
    expect(conf.status).toBe(200);
    await lab.must('ip', ['netns', 'exec', deviceNs, 'wg', 'setconf', deviceIf, lab.secretFile('laptop.conf', conf.body)]);
    const addressing = (await root.get<{ ipv4Cidr: string; ipv6Prefix: string }>(`/api/networks/${networkId}/mesh`)).body;
    for (const address of interfaceAddresses(
      { ipv4Range: addressing.ipv4Cidr, ipv6Prefix: addressing.ipv6Prefix },
      { ipv4: device.body.ipv4!, ipv6: device.body.ipv6! },
    )) {
      await lab.must('ip', ['-n', deviceNs, 'addr', 'add', address, 'dev', deviceIf, ...(address.includes(':') ? ['nodad'] : [])]);
    }
    await lab.must('ip', ['-n', deviceNs, 'link', 'set', deviceIf, 'up']);

    const mesh = (await root.get<{ peers: PeerView[] }>(`/api/networks/${networkId}/mesh`)).body;
    web = mesh.peers.find((p) => p.name === machine && !p.revoked)!;
    phonebook = mesh.peers.find((p) => p.kind === 'host' && !p.revoked)!.ipv4!;
    expect(web).toBeTruthy();

    // Name resolution in the namespaces goes to the phonebook (`ip netns exec` bind-mounts this over /etc/resolv.conf).
    for (const dir of netnsEtc) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'resolv.conf'), `nameserver ${phonebook}\n`);
    }
    const ca = await root.get<string>(`/api/networks/${networkId}/ca.pem`);
    expect(ca.status).toBe(200);
    caFile = lab.secretFile('ca.pem', typeof ca.body === 'string' ? ca.body : String(ca.body));

    const deploy = await root.post(`/api/networks/${networkId}/machines/${machine}/deploy`, {});
    expect(deploy.status).toBe(202);
    const built = await finished(deploy.body.taskId);
    await expectSucceeded(built);
    await expectSucceeded(await finished(built.result!['deployTaskId'] as string));
    domainName = (await root.get(`/api/networks/${networkId}/machines/${machine}/vm`)).body.domainName;
  });

  afterAll(async () => {
    await panel?.kill('SIGTERM').catch(() => undefined);
    if (domainName) cleanUpVms(domainName, null);
    cleanUpVms('clan-none-', profilesDir);
    await lab.cleanup();
    if (bridgeMade) await lab.must('ip', ['link', 'del', bridge]).catch(() => undefined);
    for (const dir of netnsEtc) rmSync(dir, { recursive: true, force: true });
    await db?.drop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    flake?.remove();
  });

  it('the guest joins the mesh over its NIC, resolves its own name through the phonebook and listens on 443', async () => {
    const up = await serialLine(/CLAN-MESH up addr=(\S+) underlay=(\S+) peers=(\d+)/, 'CLAN-MESH up');
    expect(up[1].split(',')).toEqual([`${web.ipv4}/24`, `${web.ipv6}/64`]);
    // The underlay address came from udhcpd in the lab namespace.
    expect(up[2]).toMatch(new RegExp(`^eth0:${UNDERLAY.replace(/\./g, '\\.')}\\.(1[0-4][0-9]|150)/24$`));
    await serialLine(/CLAN-HTTPS listening 443/, 'CLAN-HTTPS listening 443');
    const dns = await serialLine(/CLAN-DNS (\S+) (\S+)/, 'CLAN-DNS');
    expect([dns[1], dns[2]]).toEqual([meshName, web.ipv4]);
    // No secret on the console: neither the mesh private key nor the TLS key.
    expect(serial()).not.toMatch(/PRIVATE KEY|PrivateKey/);
  });

  it('curl --cacert <network CA> https://<machine>.<network>.clan/ succeeds over the mesh, the name resolved by the phonebook', async () => {
    const r = await curl(['--cacert', caFile, `https://${meshName}/`]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    // The responder's one line names the machine; then curl's `-w`: status and the address it connected to.
    expect(r.stdout).toContain(`cLAN demo machine ${machine} at https://${meshName}/`);
    const [httpCode, remote] = r.stdout.split('\n').at(-1)!.split(' ');
    expect(httpCode).toBe('200');
    // Reached at its mesh address (IPv4 or IPv6, both from the phonebook), not on the underlay.
    expect([web.ipv4, web.ipv6]).toContain(remote);
  });

  it('fails without the CA: curl reports a certificate problem (exit 60)', async () => {
    const r = await curl([`https://${meshName}/`]);
    expect(r.code).toBe(60);
    expect(r.stderr).toMatch(/certificate/i);
  });

  it('a device with its config from the API reaches it the same way: through the host relay, by its phonebook name', async () => {
    const r = await curl(['--cacert', caFile, `https://${meshName}/`], deviceNs);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`cLAN demo machine ${machine} at https://${meshName}/`);
    const [httpCode, remote] = r.stdout.split('\n').at(-1)!.split(' ');
    expect(httpCode).toBe('200');
    expect([web.ipv4, web.ipv6]).toContain(remote);
    expect((await curl([`https://${meshName}/`], deviceNs)).code).toBe(60);
  });
});
