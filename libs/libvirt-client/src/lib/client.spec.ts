import { LibvirtClient } from './client';
import { buildPushBackupXml, LibvirtBackupUnsupportedError } from './backup';
import { hostileSpec } from './__fixtures__/hostile-spec';
import { LibvirtConnectionError, LibvirtError, LibvirtErrorCode, libvirtUnavailableMessage } from './errors';
import { SessionVirshRunner } from './virsh-runner';
import { VmState } from './vm-state';

// test:///default keeps state per connection, so every client here runs in session mode.
const testClient = () => new LibvirtClient({ uri: 'test:///default', session: true, commandTimeoutMs: 10_000 });
let seq = 0;
const unique = (what: string) => `clan-lvc-${what}-${process.pid}-${++seq}`;

async function codeOf(p: Promise<unknown>): Promise<LibvirtErrorCode> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LibvirtError) return e.code;
    throw e;
  }
  throw new Error('expected a LibvirtError');
}

describe('LibvirtClient against test:///default', () => {
  let client: LibvirtClient;
  beforeEach(() => (client = testClient()));
  afterEach(() => client.close());

  it('runs a whole lifecycle: define → list → start → suspend → resume → shutdown → undefine', async () => {
    const name = unique(`life 'q' <&>`);
    await client.define(hostileSpec(name));
    expect(await client.listDomains()).toContain(name);

    const info = await client.get(name);
    expect(info).toMatchObject({ name, state: VmState.ShutOff, persistent: true, vcpus: 3, maxMemoryKiB: 1536 * 1024 });
    expect(info.uuid).toBe('0b6f5c3e-8a51-4d6b-9a65-2f1d3c4b5a69');
    expect((await client.list()).map((d) => d.name)).toContain(name);

    expect(info.id).toBeNull();
    // The test driver has no DAC security model: qemu's user is unknown there.
    expect(await client.qemuProcessLabel('qemu')).toBeNull();
    expect(await client.listRunning()).not.toContain(name);

    await client.start(name);
    expect(await client.state(name)).toEqual({ state: VmState.Running, reason: 'booted' });
    // A running domain has an id (a new one at every start) and is listed as running.
    expect((await client.get(name)).id).toEqual(expect.any(Number));
    expect(await client.listRunning()).toContain(name);
    await client.suspend(name);
    expect((await client.state(name)).state).toBe(VmState.Paused);
    await client.resume(name);
    expect((await client.state(name)).state).toBe(VmState.Running);
    await client.reboot(name);
    expect((await client.state(name)).state).toBe(VmState.Running);
    expect(await client.shutdown(name, { timeoutMs: 5000, pollMs: 50 })).toBe('graceful');
    expect((await client.state(name)).state).toBe(VmState.ShutOff);
    await client.undefine(name);
    expect(await client.listDomains()).not.toContain(name);
    expect(await client.state(name)).toEqual({ state: VmState.Undefined, reason: '' });
  });

  it('destroys a running domain', async () => {
    const name = unique('destroy');
    await client.define(hostileSpec(name));
    await client.start(name);
    await client.destroy(name);
    expect(await client.state(name)).toEqual({ state: VmState.ShutOff, reason: 'destroyed' });
  });

  it('refuses impossible actions with INVALID_STATE before calling libvirt', async () => {
    const name = unique('invalid');
    await client.define(hostileSpec(name));
    expect(await codeOf(client.resume(name))).toBe(LibvirtErrorCode.InvalidState);
    expect(await codeOf(client.shutdown(name))).toBe(LibvirtErrorCode.InvalidState);
    expect(await codeOf(client.destroy(name))).toBe(LibvirtErrorCode.InvalidState);
    await client.start(name);
    expect(await codeOf(client.start(name))).toBe(LibvirtErrorCode.InvalidState);
    expect(await codeOf(client.undefine(name))).toBe(LibvirtErrorCode.InvalidState);
    expect(await codeOf(client.resume(name))).toBe(LibvirtErrorCode.InvalidState);
    await client.suspend(name);
    expect(await codeOf(client.suspend(name))).toBe(LibvirtErrorCode.InvalidState);
    expect(await codeOf(client.reboot(name))).toBe(LibvirtErrorCode.InvalidState);
    expect((await client.state(name)).state).toBe(VmState.Paused);
  });

  it('reports unknown domains as NOT_FOUND', async () => {
    const name = unique('missing');
    expect(await codeOf(client.get(name))).toBe(LibvirtErrorCode.NotFound);
    expect(await codeOf(client.start(name))).toBe(LibvirtErrorCode.NotFound);
    expect(await codeOf(client.getSpec(name))).toBe(LibvirtErrorCode.NotFound);
  });

  it('reports a clashing UUID under another name as ALREADY_EXISTS', async () => {
    await client.define(hostileSpec(unique('first')));
    expect(await codeOf(client.define(hostileSpec(unique('second'))))).toBe(LibvirtErrorCode.AlreadyExists);
  });

  it('says a driver without push-mode backup jobs is unsupported (the test driver has none)', async () => {
    const name = unique('backup');
    await client.define(hostileSpec(name));
    await client.start(name);
    expect(await client.knowsBackupBegin()).toBe(true);
    const xml = buildPushBackupXml({ target: 'vda', file: '/nonexistent/copy.img', others: [] });
    await expect(client.backupBegin(name, xml)).rejects.toBeInstanceOf(LibvirtBackupUnsupportedError);
    await client.destroy(name);
    await client.undefine(name);
  });

  it('manages state-disk volumes in a dir pool', async () => {
    const pool = unique('pool');
    const path = `/var/lib/clan/test-pools/${pool}`;
    expect(await client.ensureDirPool(pool, path)).toEqual({ name: pool, path, active: true });
    // Idempotent, and refuses a different path for the same pool.
    expect(await client.ensureDirPool(pool, path)).toEqual({ name: pool, path, active: true });
    expect(await codeOf(client.ensureDirPool(pool, '/elsewhere'))).toBe(LibvirtErrorCode.InvalidState);

    const vol = await client.createVolume(pool, 'state disk.qcow2', { capacityBytes: 64 * 1024 * 1024, format: 'qcow2' });
    expect(vol).toMatchObject({
      name: 'state disk.qcow2',
      path: `${path}/state disk.qcow2`,
      format: 'qcow2',
      capacityBytes: 64 * 1024 * 1024,
    });
    await client.createVolume(pool, 'raw.img', { capacityBytes: 1024 * 1024, format: 'raw' });
    expect((await client.listVolumes(pool)).sort()).toEqual(['raw.img', 'state disk.qcow2']);
    expect((await client.volumeInfo(pool, 'raw.img')).format).toBe('raw');
    expect(await codeOf(client.createVolume(pool, 'raw.img', { capacityBytes: 1024, format: 'raw' }))).toBe(LibvirtErrorCode.AlreadyExists);

    await client.deleteVolume(pool, 'raw.img');
    expect(await client.listVolumes(pool)).toEqual(['state disk.qcow2']);
    expect(await codeOf(client.volumeInfo(pool, 'raw.img'))).toBe(LibvirtErrorCode.NotFound);
  });
});

describe('LibvirtClient connection handling', () => {
  it('shares one connect attempt between concurrent callers', async () => {
    const client = testClient();
    try {
      const a = client.connect();
      expect(client.connect()).toBe(a);
      await a;
      await client.connect();
    } finally {
      client.close();
    }
  });

  it('works one virsh process per command too (state does not persist on the test driver)', async () => {
    const client = new LibvirtClient({ uri: 'test:///default' });
    await client.destroy('test');
    // A fresh connection sees the driver's pristine state again.
    expect(await client.state('test')).toEqual({ state: VmState.Running, reason: 'unknown' });
  });

  it('rejects arguments with newlines in session mode instead of desynchronising', async () => {
    const client = testClient();
    try {
      expect(await codeOf(client.get('a\nlist'))).toBe(LibvirtErrorCode.Failed);
      expect(await client.listDomains()).toContain('test');
    } finally {
      client.close();
    }
  });

  it.each([
    ['an unknown driver', 'bogus:///nowhere'],
    ['a missing libvirtd socket', 'qemu+unix:///system?socket=/nonexistent/clan-test.sock'],
  ])('classifies %s as CONNECTION', async (_why, uri) => {
    const client = new LibvirtClient({ uri, commandTimeoutMs: 10_000 });
    expect(await codeOf(client.connect())).toBe(LibvirtErrorCode.Connection);
    expect(await codeOf(client.listDomains())).toBe(LibvirtErrorCode.Connection);
  });

  it('names the unreachable URI and what to do in a connection error', async () => {
    const uri = 'qemu+unix:///system?socket=/nonexistent/clan-test.sock';
    const client = new LibvirtClient({ uri, commandTimeoutMs: 10_000 });
    const err = await client.listDomains().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LibvirtConnectionError);
    expect((err as LibvirtConnectionError).uri).toBe(uri);
    expect((err as LibvirtConnectionError).virshMissing).toBe(false);
    expect((err as LibvirtConnectionError).advice).toBe(libvirtUnavailableMessage(uri));
    expect(libvirtUnavailableMessage(uri)).toMatch(
      /^libvirt is not reachable at qemu\+unix.*: start it with `sudo systemctl start libvirtd`/,
    );
  });

  it('reconnects once and retries when the connection dies between calls', async () => {
    const runner = new SessionVirshRunner('test:///default');
    const client = new LibvirtClient({ uri: 'test:///default', runner });
    try {
      expect(await client.listDomains()).toContain('test');
      const before = runner.pid;
      expect(before).toBeDefined();
      // Kill the session's virsh as a libvirtd restart would drop the connection.
      process.kill(before as number, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      expect(await client.listDomains()).toContain('test');
      expect(runner.pid).toBeDefined();
      expect(runner.pid).not.toBe(before);
    } finally {
      client.close();
    }
  });

  it('turns a command timeout into TIMEOUT', async () => {
    const client = new LibvirtClient({ uri: 'test:///default', session: true, commandTimeoutMs: 300 });
    try {
      await client.connect();
      // `event --timeout 5` blocks the session longer than the 300 ms budget.
      const run = (client as unknown as { virsh(a: string[], s: string): Promise<string> }).virsh(
        ['event', '--all', '--timeout', '5'],
        'wait',
      );
      expect(await codeOf(run)).toBe(LibvirtErrorCode.Timeout);
    } finally {
      client.close();
    }
  });
});
