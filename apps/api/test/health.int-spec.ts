import { startTestPanel, TestClient, type TestPanel } from './harness';

describe('GET /api/health (real Postgres + Redis)', () => {
  let t: TestPanel;
  beforeAll(async () => {
    t = await startTestPanel();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 200 with every component', async () => {
    const res = await new TestClient(t.baseUrl).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.components.database.status).toBe('ok');
    expect(res.body.components.database.detail).toMatch(/PostgreSQL/);
    expect(res.body.components.redis.status).toBe('ok');
    expect(['ok', 'unavailable']).toContain(res.body.components.libvirt.status);
    expect(['ok', 'unavailable']).toContain(res.body.components.nix.status);
    expect(res.headers.get('x-correlation-id')).toMatch(/.{8,}/);
  });

  it('answers unknown endpoints with the error shape', async () => {
    const res = await new TestClient(t.baseUrl).get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining('/api/nope'), correlationId: expect.any(String) });
  });

  it('rejects malformed JSON with 400 naming the body', async () => {
    const res = await new TestClient(t.baseUrl).request('POST', '/api/health', '{"broken', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
