import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createUser, setupAdmin, signedIn } from './auth-helpers';
import { type AuthorRepo, authorRepo } from './fixtures/marketplace';
import { git } from './fixtures/upstream';
import { startTestPanel, type TestClient, type TestPanel } from './harness';
import { childProcessEnv } from './test-config';

const run = promisify(execFile);

interface Source {
  id: string;
  verified: boolean;
  signers: string[];
  revision: string | null;
  lastError: string | null;
  entries: number;
  revisions: { revision: string; pinned: boolean }[];
}

/** An ed25519 key pair made with the real ssh-keygen: the private key's path, the public key and its fingerprint. */
async function sshKey(dir: string, name: string, comment: string): Promise<{ path: string; pub: string; fingerprint: string }> {
  const path = join(dir, name);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path], { env: childProcessEnv() });
  const fingerprint = (await run('ssh-keygen', ['-l', '-f', `${path}.pub`], { env: childProcessEnv() })).stdout.split(' ')[1];
  return { path, pub: readFileSync(`${path}.pub`, 'utf8').trim(), fingerprint };
}

/**
 * The author's commit signed with an SSH key (git's gpg.format=ssh), like `git commit -S` with a configured
 * signing key; it may change nothing (re-signing the tree an unsigned commit brought).
 */
async function signedCommit(repo: AuthorRepo, key: string, message: string, amend = false): Promise<string> {
  await git(repo.dir, 'add', '-A');
  await git(
    repo.dir,
    ...['-c', 'user.name=Author', '-c', 'user.email=author@example.org', '-c', 'gpg.format=ssh', '-c', `user.signingkey=${key}`],
    ...['commit', '-q', '-S', ...(amend ? ['--amend', '--no-edit'] : ['--allow-empty', '-m', message])],
  );
  return git(repo.dir, 'rev-parse', 'HEAD');
}

/**
 * Verified marketplace sources (docs/marketplace.md, "Verified sources"):
 * the fetched revision must carry an SSH signature by a key the host admin
 * listed, checked by real git and real ssh-keygen; real Nix indexes what
 * passes. The author's repository is a copy of examples/marketplace-source.
 */
describe('verified marketplace sources (real git, ssh-keygen, Nix, Postgres)', () => {
  let t: TestPanel;
  let admin: TestClient;
  let author: AuthorRepo;
  let keys: string;
  let trusted: Awaited<ReturnType<typeof sshKey>>;
  let stranger: Awaited<ReturnType<typeof sshKey>>;
  let source: Source;
  let first: string;

  const mirror = (id: string) => join(t.config.stateDir, 'marketplace', 'mirrors', `${id}.git`);
  const refresh = async (): Promise<Source> => {
    const res = await admin.post(`/api/marketplace/sources/${source.id}/refresh`, {});
    expect(res.status).toBe(200);
    return res.body as Source;
  };
  const pinBoard = async () =>
    (await admin.get('/api/marketplace/entries/signed-apps/app/pinBoard')).body as { revision: string; ports: unknown };

  beforeAll(async () => {
    t = await startTestPanel();
    admin = await setupAdmin(t);
    keys = mkdtempSync(join(tmpdir(), 'clan-signers-'));
    trusted = await sshKey(keys, 'ada', 'ada@example.org');
    stranger = await sshKey(keys, 'mallory', 'mallory@example.org');
    author = await authorRepo();
    // The author signs the first commit of the example source.
    first = await signedCommit(author, trusted.path, '', true);
  });
  afterAll(async () => {
    author.remove();
    rmSync(keys, { recursive: true, force: true });
    await t.close();
  });

  it('a verified source whose revision is signed by a listed key is indexed and pinned', async () => {
    const res = await admin.post('/api/marketplace/sources', {
      name: 'signed-apps',
      url: author.dir,
      verified: true,
      signers: [trusted.pub],
    });
    expect(res.status).toBe(201);
    source = res.body as Source;
    expect(source).toMatchObject({ verified: true, signers: [trusted.pub], revision: first, lastError: null, entries: 2 });
    expect(source.revisions).toEqual([expect.objectContaining({ revision: first, pinned: true })]);
    expect((await admin.get('/api/marketplace/sources')).body.items[0]).toMatchObject({ verified: true, signers: [trusted.pub] });
  });

  it('an unsigned update is refused with a sentence: not indexed, not pinned, the signed entries stay', async () => {
    author.edit('flake.nix', 'default = 8090;', 'default = 8091;');
    const unsigned = await author.commit('Port 8091, unsigned');
    const after = await refresh();
    expect(after.revision).toBe(first);
    expect(after.lastError).toBe(
      `Revision ${unsigned.slice(0, 12)} is not signed by a key this source trusts (verified source; the commit has no signature); it was not indexed. Entries of revision ${first.slice(0, 12)} stay listed.`,
    );
    expect(after.revisions.map((r) => r.revision)).toEqual([first]);
    await expect(git(mirror(source.id), 'rev-parse', '--verify', `refs/clan/pins/${unsigned}`)).rejects.toThrow();
    expect(await pinBoard()).toMatchObject({ revision: first, ports: [{ port: 8090, protocol: 'tcp' }] });
  });

  it('an update signed by a key the source does not list is refused, naming that key', async () => {
    const foreign = await signedCommit(author, stranger.path, 'Port 8091, signed by someone else');
    const after = await refresh();
    expect(after.revision).toBe(first);
    expect(after.lastError).toBe(
      `Revision ${foreign.slice(0, 12)} is not signed by a key this source trusts (verified source; it is signed with ED25519 key ${stranger.fingerprint}, which is not one of its signer keys); it was not indexed. Entries of revision ${first.slice(0, 12)} stay listed.`,
    );
    expect((await pinBoard()).revision).toBe(first);
  });

  it('an update with a GPG signature is refused: verified sources check SSH signatures only', async () => {
    const gnupg = mkdtempSync(join(tmpdir(), 'clan-gnupg-'));
    const env = { ...childProcessEnv(), HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GNUPGHOME: gnupg };
    try {
      await run('gpg', ['--batch', '--quiet', '--passphrase', '', '--quick-gen-key', 'Ada <ada@example.org>', 'ed25519', 'sign', 'never'], {
        env,
      });
      const args = ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.org', '-c', 'user.signingkey=ada@example.org'];
      await run('git', [...args, 'commit', '-q', '-S', '--allow-empty', '-m', 'Signed with GPG'], { cwd: author.dir, env });
    } finally {
      await run('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => undefined);
      rmSync(gnupg, { recursive: true, force: true });
    }
    const gpgSigned = await git(author.dir, 'rev-parse', 'HEAD');
    expect(await git(author.dir, 'cat-file', 'commit', gpgSigned)).toContain('-----BEGIN PGP SIGNATURE-----');
    const after = await refresh();
    expect(after.revision).toBe(first);
    expect(after.lastError).toBe(
      `Revision ${gpgSigned.slice(0, 12)} is not signed by a key this source trusts (verified source; it has a GPG signature, and verified sources check SSH signatures only); it was not indexed. Entries of revision ${first.slice(0, 12)} stay listed.`,
    );
  });

  it('an update signed by the listed key is indexed', async () => {
    const signed = await signedCommit(author, trusted.path, 'Port 8091, signed');
    const after = await refresh();
    expect(after).toMatchObject({ revision: signed, lastError: null, entries: 2 });
    expect(after.revisions.map((r) => [r.revision, r.pinned])).toEqual([
      [signed, true],
      [first, true],
    ]);
    expect(await pinBoard()).toMatchObject({ revision: signed, ports: [{ port: 8091, protocol: 'tcp' }] });
  });

  it('PATCH changes verified and signers only, with sentences for what it refuses', async () => {
    const patch = (body: unknown) => admin.patch(`/api/marketplace/sources/${source.id}`, body);
    const needsKey = 'A verified source needs at least one signer key: list the SSH public keys whose signatures its commits must carry.';
    const noKeys = await patch({ signers: [] });
    expect(noKeys.status).toBe(400);
    expect(noKeys.body).toMatchObject({ code: 'VALIDATION_FAILED', message: needsKey, fields: [{ field: 'signers', message: needsKey }] });
    const notSsh = await patch({ signers: [trusted.pub, 'ssh-ed25519 AAAA-not-a-key ada'] });
    expect(notSsh.status).toBe(400);
    expect(notSsh.body.fields).toEqual([
      { field: 'signers', message: expect.stringMatching(/^Signer 2 is not a well-formed ssh-ed25519 public key/) },
    ]);
    const gpg = await patch({ signers: ['-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF…\n-----END PGP PUBLIC KEY BLOCK-----'] });
    expect(gpg.body.fields[0].message).toMatch(
      /^Signer 1 looks like a GPG key; verified sources check SSH signatures only \(GPG is not supported yet\)/,
    );
    const twice = await patch({ signers: [trusted.pub, trusted.pub] });
    expect(twice.body.fields[0].message).toBe('Signer 2 is the same key as signer 1; list each key once.');
    expect((await patch({ signers: Array.from({ length: 33 }, () => trusted.pub) })).status).toBe(400);
    const renamed = await patch({ name: 'other-name' });
    expect(renamed.status).toBe(400);
    expect(renamed.body.fields).toEqual([{ field: 'name', message: expect.stringContaining('should not exist') }]);
    expect((await patch({ verified: 'yes' })).status).toBe(400);
    expect((await admin.patch('/api/marketplace/sources/00000000-0000-4000-8000-000000000000', { verified: false })).status).toBe(404);
    const created = await admin.post('/api/marketplace/sources', { name: 'no-keys', url: author.dir, verified: true });
    expect(created.status).toBe(400);
    expect(created.body.fields).toEqual([{ field: 'signers', message: needsKey }]);
    expect((await admin.get('/api/marketplace/sources')).body.items.map((s: Source & { name: string }) => s.name)).toEqual(['signed-apps']);

    // Both keys, normalised (blanks around and between the fields); nothing else of the source changed.
    const both = await patch({ signers: [`  ${trusted.pub}  `, stranger.pub] });
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ verified: true, signers: [trusted.pub, stranger.pub], name: 'signed-apps', url: author.dir });
    const back = await patch({ signers: [trusted.pub] });
    expect(back.body.signers).toEqual([trusted.pub]);
  });

  it('switching verified on does not re-check the indexed revision at once; the next refresh does', async () => {
    expect((await admin.patch(`/api/marketplace/sources/${source.id}`, { verified: false })).body).toMatchObject({ verified: false });
    author.edit('flake.nix', 'default = 8091;', 'default = 8092;');
    const unsigned = await author.commit('Port 8092, unsigned');
    expect(await refresh()).toMatchObject({ revision: unsigned, lastError: null });

    const verified = await admin.patch(`/api/marketplace/sources/${source.id}`, { verified: true });
    expect(verified.body).toMatchObject({ verified: true, revision: unsigned, lastError: null });
    const after = await refresh();
    expect(after.revision).toBe(unsigned);
    expect(after.lastError).toBe(
      `Revision ${unsigned.slice(0, 12)}, the one indexed now, is not signed by a key this source trusts (verified source; the commit has no signature). Its entries stay listed until a signed revision replaces them.`,
    );
    expect((await pinBoard()).revision).toBe(unsigned);
    const signed = await signedCommit(author, trusted.path, 'Signed again');
    expect(await refresh()).toMatchObject({ revision: signed, lastError: null });
  });

  it('only host admins change a source', async () => {
    await createUser(admin, 'mara', 'mara password 1');
    const mara = await signedIn(t, 'mara', 'mara password 1');
    const res = await mara.patch(`/api/marketplace/sources/${source.id}`, { verified: false });
    expect(res.status).toBe(403);
    expect(
      (await mara.post('/api/marketplace/sources', { name: 'mine', url: author.dir, verified: true, signers: [trusted.pub] })).status,
    ).toBe(403);
    expect(((await admin.get(`/api/marketplace/sources/${source.id}`)).body as Source).verified).toBe(true);
  });
});
