import { randomBytes } from 'node:crypto';
import { setupAdmin } from './auth-helpers';
import { startTestPanel, type TestClient, type TestPanel } from './harness';

/**
 * A panel whose libvirt is not there (a URI whose socket does not exist, as
 * when libvirtd is stopped): health degrades with what to do, and every route
 * that needs libvirt answers 503 with that sentence, never 500.
 */
describe('libvirt down (a dead libvirt URI)', () => {
  const uri = `qemu+unix:///system?socket=/tmp/clan-nope-${randomBytes(4).toString('hex')}/nope.sock`;
  const sentence = `libvirt is not reachable at ${uri}: start it with \`sudo systemctl start libvirtd\``;
  let t: TestPanel;
  let admin: TestClient;

  beforeAll(async () => {
    t = await startTestPanel({ CLAN_LIBVIRT_URI: uri, CLAN_DOMAIN_TYPE: 'qemu' });
    admin = await setupAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('health is degraded (200) and the libvirt component says what to do', async () => {
    const res = await admin.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.components.database.status).toBe('ok');
    expect(res.body.components.libvirt).toEqual({
      status: 'unavailable',
      detail: expect.stringContaining(`libvirtd at ${uri} did not answer`),
      message: expect.stringContaining(sentence),
    });
    expect(res.body.domainType).toEqual({ type: 'qemu', automatic: false, detail: 'CLAN_DOMAIN_TYPE=qemu', warning: null });
  });

  it("the host's VM list answers 503 with the sentence", async () => {
    const res = await admin.get('/api/host/vms');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      code: 'LIBVIRT_UNAVAILABLE',
      message: expect.stringContaining(sentence),
      correlationId: expect.any(String),
    });
  });

  it("a machine's power action answers 503 with the sentence and starts no task", async () => {
    const id = (await admin.post('/api/networks', { name: 'family' })).body.id as string;
    expect((await admin.post(`/api/networks/${id}/machines`, { name: 'nas', config: {} })).status).toBe(201);
    const res = await admin.post(`/api/networks/${id}/machines/nas/vm/start`, {});
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('LIBVIRT_UNAVAILABLE');
    expect(res.body.message).toContain(sentence);
    const tasks = await admin.get(`/api/tasks?limit=50`);
    expect(tasks.status).toBe(200);
    expect((tasks.body.items as { type: string }[]).filter((task) => task.type === 'vm.power')).toEqual([]);
  });
});
