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
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { interfaceAddresses } from '@clan/vpn';
import { MeshVmLab } from './fixtures/mesh-vm-lab';

jest.setTimeout(900_000);

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
  const t = new MeshVmLab('10.254.83');
  const { lab, hostNs, bridge, underlay: UNDERLAY } = t;
  /** A person's device on the mesh (its config from the API), on the same underlay. */
  const deviceNs = `${lab.id}-laptop`;
  const deviceIf = `${lab.id}l`;
  const machine = 'web';
  let networkId: string;
  let caFile: string;
  let meshName: string;
  let web: PeerView;
  let phonebook: string;
  const netnsEtc = [hostNs, deviceNs].map((ns) => `/etc/netns/${ns}`);

  const serial = () => t.serial(machine);
  const serialLine = (pattern: RegExp, what: string) => t.serialLine(machine, pattern, what);

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
    requireCommand('curl', 'curl');
    requireCommand('openssl', 'openssl');
    // The underlay: hostNs (the panel's mesh interface and phonebook, udhcpd) ↔ bridge ↔ the VM's tap.
    await t.start('tls');
    networkId = t.networkId;
    meshName = `${machine}.${t.networkName}.clan`;
    // The panel's own commit adds the machine's mesh section (with its mesh name and the phonebook) right after.
    await t.createMachine(machine, { resources: { memoryMiB: 256, stateDiskGiB: 1 } });
    const root = t.root;
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

    await t.deploy(machine);
  });

  afterAll(async () => {
    await t.cleanup();
    for (const dir of netnsEtc) rmSync(dir, { recursive: true, force: true });
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
