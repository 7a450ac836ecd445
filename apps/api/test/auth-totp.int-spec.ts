import { generateSync } from 'otplib';
import { Client } from 'pg';
import { createUser, login, setupAdmin, signedIn } from './auth-helpers';
import { startTestPanel, TestClient, type TestPanel } from './harness';

/** The code an authenticator app shows `offsetSteps` 30-second steps from now. */
const codeFor = (secret: string, offsetSteps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

describe('two-factor sign-in with TOTP (real Postgres + Redis)', () => {
  let t: TestPanel;
  let admin: TestClient;
  beforeAll(async () => {
    t = await startTestPanel({ CLAN_LOGIN_MAX_FAILURES: '50' });
    admin = await setupAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('enrols, verifies, then requires the code at sign-in; recovery codes work once', async () => {
    await createUser(admin, 'carol', 'carol password 1');
    const carol = await signedIn(t, 'carol', 'carol password 1');

    const enrol = await carol.post('/api/auth/totp/enrol');
    expect(enrol.status).toBe(200);
    const { secret, otpauthUrl, qrSvg } = enrol.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toBe(`otpauth://totp/cLAN%20panel:carol?secret=${secret}&issuer=cLAN%20panel`);
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    // Still off until verified.
    expect((await carol.get('/api/auth/me')).body.user.totpEnabled).toBe(false);
    expect((await login(new TestClient(t.baseUrl), { username: 'carol', password: 'carol password 1' })).status).toBe(200);

    const wrong = await carol.post('/api/auth/totp/verify', { code: codeFor(secret, 5) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields[0].field).toBe('code');
    const malformed = await carol.post('/api/auth/totp/verify', { code: '12 34' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.fields[0].field).toBe('code');

    const verify = await carol.post('/api/auth/totp/verify', { code: codeFor(secret) });
    expect(verify.status).toBe(200);
    const recoveryCodes: string[] = verify.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    for (const rc of recoveryCodes) expect(rc).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/);
    expect((await carol.get('/api/auth/me')).body.user.totpEnabled).toBe(true);
    expect((await carol.post('/api/auth/totp/enrol')).status).toBe(409);

    // The secret is stored sealed, never in clear.
    const stored = await dbRow(`SELECT totp_secret, totp_pending_secret, recovery_code_hashes FROM users WHERE username = 'carol'`);
    expect(stored.totp_secret).toMatch(/^v1:/);
    expect(stored.totp_secret).not.toContain(secret);
    expect(stored.totp_pending_secret).toBeNull();
    expect(JSON.stringify(stored.recovery_code_hashes)).not.toContain(recoveryCodes[0]);

    const c = new TestClient(t.baseUrl);
    const required = await login(c, { username: 'carol', password: 'carol password 1' });
    expect(required.status).toBe(401);
    expect(required.body.code).toBe('TOTP_REQUIRED');
    expect(required.body.message).toBe('Enter the 6-digit code from your authenticator app.');
    expect((await c.get('/api/auth/me')).status).toBe(401);

    // A wrong password never reveals that TOTP is on.
    const badPw = await login(c, { username: 'carol', password: 'wrong password', totpCode: codeFor(secret, 1) });
    expect(badPw.body.code).toBe('INVALID_CREDENTIALS');

    const wrongCode = await login(c, { username: 'carol', password: 'carol password 1', totpCode: codeFor(secret, 4) });
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.body.code).toBe('TOTP_INVALID');

    // The verify step consumed the current step; the next step's code is inside the ±1 window.
    const next = codeFor(secret, 1);
    const ok = await login(c, { username: 'carol', password: 'carol password 1', totpCode: next });
    expect(ok.status).toBe(200);
    expect(ok.body.user.totpEnabled).toBe(true);

    const replay = await login(new TestClient(t.baseUrl), { username: 'carol', password: 'carol password 1', totpCode: next });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'TOTP_INVALID', message: 'That code was already used; wait for the next one.' });
    const older = await login(new TestClient(t.baseUrl), { username: 'carol', password: 'carol password 1', totpCode: codeFor(secret) });
    expect(older.body.code).toBe('TOTP_INVALID');

    // Recovery codes: typed loosely, single use.
    const rc = recoveryCodes[3];
    const viaRecovery = await login(new TestClient(t.baseUrl), {
      username: 'carol',
      password: 'carol password 1',
      recoveryCode: ` ${rc.toUpperCase()} `,
    });
    expect(viaRecovery.status).toBe(200);
    const again = await login(new TestClient(t.baseUrl), { username: 'carol', password: 'carol password 1', recoveryCode: rc });
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ code: 'TOTP_INVALID', message: 'That recovery code is not valid or was already used.' });
    const other = await login(new TestClient(t.baseUrl), {
      username: 'carol',
      password: 'carol password 1',
      recoveryCode: recoveryCodes[7],
    });
    expect(other.status).toBe(200);
    const left = await dbRow(`SELECT jsonb_array_length(recovery_code_hashes) AS n FROM users WHERE username = 'carol'`);
    expect(left.n).toBe(8);
  });

  it('spends a recovery code only once when two sign-ins race with it', async () => {
    await createUser(admin, 'dave', 'dave password 1');
    const dave = await signedIn(t, 'dave', 'dave password 1');
    const { secret } = (await dave.post('/api/auth/totp/enrol')).body;
    const { recoveryCodes } = (await dave.post('/api/auth/totp/verify', { code: codeFor(secret) })).body;
    const attempts = await Promise.all(
      [0, 1, 2].map(() =>
        login(new TestClient(t.baseUrl), { username: 'dave', password: 'dave password 1', recoveryCode: recoveryCodes[0] }),
      ),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 401, 401]);
  });

  it('turns off with the password only, and sign-in then needs no code', async () => {
    await createUser(admin, 'erin', 'erin password 1');
    const erin = await signedIn(t, 'erin', 'erin password 1');
    const { secret } = (await erin.post('/api/auth/totp/enrol')).body;
    expect((await erin.post('/api/auth/totp/verify', { code: codeFor(secret) })).status).toBe(200);

    const wrong = await erin.post('/api/auth/totp/disable', { password: 'not my password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields[0].field).toBe('password');
    const off = await erin.post('/api/auth/totp/disable', { password: 'erin password 1' });
    expect(off.status).toBe(204);
    expect((await erin.get('/api/auth/me')).body.user.totpEnabled).toBe(false);
    expect((await login(new TestClient(t.baseUrl), { username: 'erin', password: 'erin password 1' })).status).toBe(200);
  });

  it('refuses to verify when nothing is being set up', async () => {
    const res = await admin.post('/api/auth/totp/verify', { code: '123456' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/enrol/);
  });

  // Last in this file: it uses up the loopback address's failure budget.
  it('rate-limits enrolment verification like sign-in: wrong codes count, then even the right one waits', async () => {
    await createUser(admin, 'gina', 'gina password 1');
    const gina = await signedIn(t, 'gina', 'gina password 1');
    const { secret } = (await gina.post('/api/auth/totp/enrol')).body;
    let limited: Awaited<ReturnType<TestClient['post']>> | undefined;
    let wrongAnswers = 0;
    // CLAN_LOGIN_MAX_FAILURES is 50 here; earlier failures from this address count too.
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await gina.post('/api/auth/totp/verify', { code: codeFor(secret, 10) });
      if (res.status === 429) limited = res;
      else {
        expect(res.status).toBe(400);
        wrongAnswers++;
      }
    }
    expect(limited).toBeDefined();
    expect(wrongAnswers).toBeLessThanOrEqual(50);
    expect(limited?.body.code).toBe('RATE_LIMITED');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await gina.post('/api/auth/totp/verify', { code: codeFor(secret) });
    expect(right.status).toBe(429);
    expect((await gina.get('/api/auth/me')).body.user.totpEnabled).toBe(false);
  });

  async function dbRow(sql: string): Promise<Record<string, unknown>> {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      return (await c.query(sql)).rows[0];
    } finally {
      await c.end();
    }
  }
});
