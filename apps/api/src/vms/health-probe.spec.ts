import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pingOnce, waitHealthy } from './health-probe';

/** A stand-in guest on a real unix socket: answers like the test system, or not at all. */
function guest(path: string, answer: (nonce: string) => string | null): Promise<Server> {
  const server = createServer((s) => {
    s.on('data', (d) => {
      for (const line of d.toString().split('\n')) {
        const m = /^PING (\S+)/.exec(line);
        const reply = m ? answer(m[1]) : null;
        if (reply !== null) s.write(reply + '\n');
      }
    });
  });
  return new Promise((r) => server.listen(path, () => r(server)));
}

describe('health probe', () => {
  let dir: string;
  let server: Server | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'clan-health-'))));
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the PONG for its own nonce', async () => {
    const sock = join(dir, 'h.sock');
    server = await guest(sock, (n) => `PONG ${n} anna 3`);
    expect(await pingOnce(sock, 2000)).toEqual({ machine: 'anna', generation: 3 });
  });

  it('ignores replies to another nonce and missing sockets', async () => {
    const sock = join(dir, 'h.sock');
    server = await guest(sock, () => 'PONG deadbeef anna 3');
    expect(await pingOnce(sock, 300)).toBeNull();
    expect(await pingOnce(join(dir, 'absent.sock'), 300)).toBeNull();
  });

  it('waits for the expected generation and reports why it gave up', async () => {
    const sock = join(dir, 'h.sock');
    server = await guest(sock, (n) => `PONG ${n} anna 2`);
    const ac = new AbortController();
    const bad = await waitHealthy(sock, { machine: 'anna', generation: 3 }, { deadlineMs: 600, signal: ac.signal, intervalMs: 100 });
    expect(bad).toEqual({ healthy: false, reason: 'the guest answered as anna generation 2, not generation 3' });
    const good = await waitHealthy(sock, { machine: 'anna', generation: 2 }, { deadlineMs: 600, signal: ac.signal, intervalMs: 100 });
    expect(good.healthy).toBe(true);
  });

  it('a silent guest times out with a sentence', async () => {
    const sock = join(dir, 'h.sock');
    server = await guest(sock, () => null);
    const r = await waitHealthy(
      sock,
      { machine: 'anna', generation: 1 },
      { deadlineMs: 500, signal: new AbortController().signal, intervalMs: 100 },
    );
    expect(r.healthy).toBe(false);
    expect(r.healthy === false && r.reason).toMatch(/^no answer on the health channel within/);
  });
});
