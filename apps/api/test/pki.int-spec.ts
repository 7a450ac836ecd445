import { X509Certificate } from 'node:crypto';
import { NetworkRole } from '@clan/contracts';
import { DataSource } from 'typeorm';
import { MeshMachines } from '../src/mesh/machines';
import { MachineCertificateEntity } from '../src/pki/machine-certificate.entity';
import { NetworkCaEntity } from '../src/pki/network-ca.entity';
import { VmSecrets } from '../src/vms/vm-secrets';
import { createMeshDevice } from './fixtures/db';
import { addNetwork, addUser, type TestUser } from './fixtures/principals';
import { startTestPanel, type TestPanel } from './harness';

/**
 * Names and HTTPS inside the mesh (docs/https.md) on the real panel,
 * Postgres and Redis: the network's CA is created once with its key sealed,
 * a machine's certificate verifies against it and names the machine's mesh
 * names and addresses, the three files reach the secrets disk's list, and
 * only members can download the CA.
 */
describe('network CA and machine certificates', () => {
  let t: TestPanel;
  let host: TestUser;
  let anna: TestUser;
  let eve: TestUser;
  let family: string;
  let ds: DataSource;

  beforeAll(async () => {
    // Machines join the mesh (off by default in tests): the certificate carries the machine's mesh addresses.
    t = await startTestPanel({ CLAN_MESH_MACHINES: 'true' });
    ds = t.panel.app.get(DataSource);
    host = await addUser(t, 'pki-host', { hostAdmin: true });
    anna = await addUser(t, 'anna');
    eve = await addUser(t, 'eve');
    family = await addNetwork(t, 'family', [[anna, NetworkRole.Member]]);
    await addNetwork(t, 'work', [[eve, NetworkRole.Owner]]);
    await createMeshDevice(t, family, 'laptop-anna'); // the mesh's ranges exist before the machine joins
    const created = await host.client.post(`/api/networks/${family}/machines`, {
      name: 'files',
      config: { applications: { syncthing: { enable: true } } },
    });
    expect(created.status).toBe(201);
    await t.panel.app.get(MeshMachines).settled();
  });
  afterAll(async () => {
    await t?.close();
  });

  const download = (user: TestUser, file: string) =>
    fetch(`${t.baseUrl}/api/networks/${family}/${file}`, { headers: { authorization: `Bearer ${user.token}` } });

  it('creates the CA once, on first need, with its private key sealed', async () => {
    const [first, second] = await Promise.all([download(anna, 'ca.pem'), download(anna, 'ca.pem')]);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/x-pem-file');
    expect(first.headers.get('content-disposition')).toBe('attachment; filename="family-clan-ca.pem"');
    const pem = await first.text();
    expect(await second.text()).toBe(pem);
    const ca = new X509Certificate(pem);
    expect(ca.ca).toBe(true);

    const rows = await ds.getRepository(NetworkCaEntity).find({ where: { networkId: family } });
    expect(rows).toHaveLength(1);
    expect(rows[0].certificatePem).toBe(pem);
    expect(rows[0].privateKeyEncrypted).toMatch(/^v1:/);
    const raw = JSON.stringify(await ds.query('SELECT * FROM "network_cas"'));
    expect(raw).not.toContain('PRIVATE KEY');
  });

  it("puts the machine's certificate, key and the CA on its secrets disk; the certificate verifies and names the machine", async () => {
    const files = await t.panel.app.get(VmSecrets).filesFor(family, 'files');
    const tls = Object.fromEntries(files.filter((f) => f.path.startsWith('tls/')).map((f) => [f.path, String(f.content)]));
    expect(Object.keys(tls).sort()).toEqual(['tls/ca.pem', 'tls/cert.pem', 'tls/key.pem']);
    const ca = new X509Certificate(tls['tls/ca.pem']);
    const leaf = new X509Certificate(tls['tls/cert.pem']); // the first certificate of the chain
    expect(tls['tls/cert.pem'].trimEnd().endsWith(tls['tls/ca.pem'].trimEnd())).toBe(true);
    expect(tls['tls/key.pem']).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkPrivateKey(await import('node:crypto').then((c) => c.createPrivateKey(tls['tls/key.pem'])))).toBe(true);

    const mesh = (await host.client.get(`/api/networks/${family}/mesh`)).body as { peers: { name: string; ipv4: string; ipv6: string }[] };
    const peer = mesh.peers.find((p) => p.name === 'files');
    expect(peer).toBeDefined();
    const sans = (leaf.subjectAltName ?? '').split(', ');
    expect(sans.slice(0, 3)).toEqual(['DNS:files.family.clan', 'DNS:*.files.family.clan', `IP Address:${peer?.ipv4}`]);
    expect(sans).toHaveLength(4); // and its mesh IPv6
    expect(leaf.checkIP(peer?.ipv6 ?? '')).toBe(peer?.ipv6);

    // The next deployment reuses it (not within 30 days of its end); the key is sealed in the row.
    const again = await t.panel.app.get(VmSecrets).filesFor(family, 'files');
    expect(again.find((f) => f.path === 'tls/cert.pem')?.content).toBe(tls['tls/cert.pem']);
    const row = await ds.getRepository(MachineCertificateEntity).findOneByOrFail({ networkId: family, machine: 'files' });
    expect(row.privateKeyEncrypted).toMatch(/^v1:/);
    expect(JSON.stringify(await ds.query('SELECT * FROM "machine_certificates"'))).not.toContain('PRIVATE KEY');

    // Near its end it is replaced at the next deployment.
    await ds
      .getRepository(MachineCertificateEntity)
      .update({ networkId: family, machine: 'files' }, { notAfter: new Date(Date.now() + 86_400_000) });
    const renewed = await t.panel.app.get(VmSecrets).filesFor(family, 'files');
    expect(renewed.find((f) => f.path === 'tls/cert.pem')?.content).not.toBe(tls['tls/cert.pem']);
  });

  it('lets a member download the CA as DER and as an Apple profile, and refuses a non-member', async () => {
    const pem = await (await download(anna, 'ca.pem')).text();
    const der = await download(anna, 'ca.crt');
    expect(der.status).toBe(200);
    expect(der.headers.get('content-type')).toContain('application/x-x509-ca-cert');
    expect(new X509Certificate(Buffer.from(await der.arrayBuffer())).fingerprint256).toBe(new X509Certificate(pem).fingerprint256);
    const profile = await download(anna, 'ca.mobileconfig');
    expect(profile.status).toBe(200);
    expect(profile.headers.get('content-type')).toContain('application/x-apple-aspen-config');
    expect(await profile.text()).toContain('com.apple.security.root');

    for (const file of ['ca.pem', 'ca.crt', 'ca.mobileconfig']) {
      const refused = await download(eve, file);
      expect(refused.status).toBe(403);
    }
  });

  it("gives a member's home page signed links a phone opens without signing in, for a day, and the apps' https addresses", async () => {
    const home = await anna.client.get('/api/me/home');
    expect(home.status).toBe(200);
    const net = (
      home.body as {
        networks: { name: string; ca: { signed: Record<string, string> }; apps: { app: string; url: string | null }[] }[];
      }
    ).networks.find((n) => n.name === 'family')!;
    // The machine is in the mesh: its apps answer by name over HTTPS (docs/https.md).
    expect(net.apps.find((a) => a.app === 'syncthing')?.url).toBe('https://syncthing.files.family.clan/');
    // The admin's Apps panel says where the first credential is used.
    const credentials = await host.client.get(`/api/networks/${family}/machines/files/app-credentials`);
    expect((credentials.body as { items: { app: string; url: string | null }[] }).items).toEqual([
      expect.objectContaining({ app: 'syncthing', url: 'https://syncthing.files.family.clan/' }),
    ]);

    const link = net.ca.signed['mobileconfig'];
    expect(link).toMatch(new RegExp(`^/api/ca/${family}/mobileconfig\\?expires=\\d+&signature=[A-Za-z0-9_-]+$`));
    const anonymous = await fetch(`${t.baseUrl}${link}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toContain('application/x-apple-aspen-config');
    expect(await anonymous.text()).toBe(await (await download(anna, 'ca.mobileconfig')).text());
    const der = await fetch(`${t.baseUrl}${net.ca.signed['crt']}`);
    expect([der.status, der.headers.get('content-type')]).toEqual([200, 'application/x-x509-ca-cert']);

    // Tampered: another format with the same signature, a later expiry, no signature.
    const refusals = [
      link.replace('/mobileconfig?', '/pem?'),
      link.replace(/expires=(\d+)/, (_, e: string) => `expires=${Number(e) + 60}`),
      link.replace(/&signature=.*/, ''),
    ];
    for (const bad of refusals) {
      const r = await fetch(`${t.baseUrl}${bad}`);
      expect(r.status).toBe(403);
      expect(((await r.json()) as { message: string }).message).toMatch(/^This download link is not valid: open your home page/);
    }
    const unknown = await fetch(`${t.baseUrl}${link.replace('/mobileconfig?', '/exe?')}`);
    expect(unknown.status).toBe(400);
  });
});
