import { secretPathProblem } from './secrets-disk';
import { VmSecrets } from './vm-secrets';

describe('secret file paths on the secrets disk', () => {
  it.each(['mesh/wireguard.key', 'backup.pass', 'a/b/c/d'])('accepts %s', (path) => {
    expect(secretPathProblem(path)).toBeNull();
  });
  it.each(['../etc/shadow', 'mesh/../../x', '/abs', 'a//b', '', 'a/b/c/d/e', 'sp ace', 'mesh/.'])('refuses %j', (path) => {
    expect(secretPathProblem(path)).toMatch(/must be 1 to 4 segments/);
  });
});

describe('VmSecrets', () => {
  it("gathers every source's files for a machine", async () => {
    const secrets = new VmSecrets();
    secrets.register('mesh', async (_n, machine) => [{ path: 'mesh/wireguard.key', content: `key of ${machine}\n` }]);
    secrets.register('backup', async () => [{ path: 'backup/password', content: 'pw' }]);
    expect(await secrets.filesFor('net', 'nas')).toEqual([
      { path: 'mesh/wireguard.key', content: 'key of nas\n' },
      { path: 'backup/password', content: 'pw' },
    ]);
  });

  it('refuses two sources writing one path, and paths outside the disk', async () => {
    const twice = new VmSecrets();
    twice.register('a', async () => [{ path: 'x', content: '1' }]);
    twice.register('b', async () => [{ path: 'x', content: '2' }]);
    await expect(twice.filesFor('net', 'nas')).rejects.toThrow('b and a both put x on the secrets disk of nas.');
    const escape = new VmSecrets();
    escape.register('evil', async () => [{ path: '../state.img', content: '' }]);
    await expect(escape.filesFor('net', 'nas')).rejects.toThrow(/^evil: The secret file path/);
  });
});
