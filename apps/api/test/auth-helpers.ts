import { type ApiResponse, TestClient, type TestPanel } from './harness';

/** Shared by the auth, users and tokens integration tests. */
export const ADMIN = { username: 'admin', password: 'correct horse battery' };

/** Runs first-run setup and returns the signed-in host admin's client. */
export async function setupAdmin(t: TestPanel, creds: { username: string; password: string } = ADMIN): Promise<TestClient> {
  const c = new TestClient(t.baseUrl);
  const res = await c.post('/api/setup', creds);
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
  c.csrfToken = res.body.csrfToken;
  return c;
}

export async function login(
  c: TestClient,
  body: { username: string; password: string; totpCode?: string; recoveryCode?: string },
  headers: Record<string, string> = {},
): Promise<ApiResponse<any>> {
  const res = await c.request('POST', '/api/auth/login', body, headers);
  if (res.status === 200) c.csrfToken = res.body.csrfToken;
  return res;
}

/** A new client signed in as `username`; fails the test when sign-in does not work. */
export async function signedIn(t: TestPanel, username: string, password: string): Promise<TestClient> {
  const c = new TestClient(t.baseUrl);
  const res = await login(c, { username, password });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return c;
}

export async function createUser(admin: TestClient, username: string, password: string, isHostAdmin = false): Promise<string> {
  const res = await admin.post('/api/users', { username, password, isHostAdmin });
  if (res.status !== 201) throw new Error(`creating ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
