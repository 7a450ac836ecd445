import { authorize, parseBasicAuth, passwordVerifier, VerifierTable } from './rest-repo-auth';
import { parseRepoPath } from './rest-repo-request';

const net = '0a1b2c3d-0000-4000-8000-00000000abcd';
const other = '0a1b2c3d-0000-4000-8000-00000000ffff';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const table = new VerifierTable([
  { networkId: net, machine: 'alpha', verifier: passwordVerifier('alpha-secret') },
  { networkId: net, machine: 'beta', verifier: passwordVerifier('beta-secret') },
]);
const path = (s: string) => parseRepoPath(s)!;

describe('parseBasicAuth', () => {
  it('splits at the first colon (a password may contain one)', () => {
    expect(parseBasicAuth(basic('alpha', 'a:b'))).toEqual({ user: 'alpha', password: 'a:b' });
    expect(parseBasicAuth(undefined)).toBeNull();
    expect(parseBasicAuth('Bearer xyz')).toBeNull();
    expect(parseBasicAuth(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeNull();
  });
});

describe('authorize', () => {
  it('lets a machine reach its own repository', () => {
    expect(authorize(path(`/${net}/alpha/config`), basic('alpha', 'alpha-secret'), table)).toEqual({ ok: true });
  });

  it('refuses another machine’s repository with 403, bad or missing credentials with 401', () => {
    expect(authorize(path(`/${net}/beta/config`), basic('alpha', 'alpha-secret'), table)).toMatchObject({ ok: false, status: 403 });
    expect(authorize(path(`/${net}/beta/config`), basic('beta', 'alpha-secret'), table)).toMatchObject({ ok: false, status: 401 });
    expect(authorize(path(`/${net}/alpha/config`), basic('alpha', 'wrong'), table)).toMatchObject({ ok: false, status: 401 });
    expect(authorize(path(`/${net}/alpha/config`), undefined, table)).toMatchObject({ ok: false, status: 401 });
    // The same machine name in another network is another machine.
    expect(authorize(path(`/${other}/alpha/config`), basic('alpha', 'alpha-secret'), table)).toMatchObject({ ok: false, status: 401 });
  });

  it('keeps verifiers, never passwords', () => {
    expect(JSON.stringify(table)).not.toContain('alpha-secret');
  });
});
