import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VmSecrets } from '../../vms/vm-secrets';
import { controlSocketBeside } from '../disk/vm-layout';
import { SecretBox } from '../secrets/secret-box';
import { GuestChannel, GuestRefusedError, GuestUnreachableError } from './guest-channel';
import { GuestTokens } from './guest-tokens';

const TOKEN = 'tok_en-1';

/**
 * A stand-in controller on a real unix socket, answering like controller.sh; counts overlapping connections.
 * `control`: like a current controller, it also listens on the control socket beside `path`, says so in its
 * PONG, and answers requests only there; HOOK slow takes `control` ms.
 */
function fakeGuest(path: string, opts: { slowMs?: number; control?: number } = {}) {
  const seen: string[] = [];
  const controlSeen: string[] = [];
  /** `open` when a client connects, `answered` when its answer is written: turns alternate when no two overlap. */
  const events: string[] = [];
  const answer = (s: Socket, line: string) => {
    seen.push(line);
    events.push('answered');
    const ping = /^PING (\S+)$/.exec(line);
    if (ping) return s.write(`PONG ${ping[1]} anna 3${opts.control !== undefined ? ' control' : ''}\n`);
    const req = /^REQ (\S+) (\S+) (\S+) ?(.*)$/.exec(line);
    if (!req) return;
    const [, id, token, verb, args] = req;
    if (opts.control !== undefined) return s.write(`END ${id} error Requests go to the control port org.clan.control.0.\n`);
    if (token !== TOKEN) return s.write(`END ${id} error The request's token is not this machine's controller token; nothing was run.\n`);
    if (verb === 'FACTS')
      return s.write(`LOG ffff0000ffff0000 stale line\nEND 0123 ok {}\nEND ${id} ok {"machine":"anna","generation":3}\n`);
    if (verb === 'HOOK' && args === 'db-dump')
      return s.write(`LOG ${id} dumping\nLOG ${id} done\nEND ${id} ok {"hook":"db-dump","exitCode":0}\n`);
    if (verb === 'HOOK') return s.write(`END ${id} error This machine declares no hook named ${args}; nothing was run.\n`);
    // FREEZE: never answers (a guest that hangs).
  };
  const control: Server = createServer((s) => {
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        controlSeen.push(line);
        const req = /^REQ (\S+) (\S+) HOOK slow$/.exec(line);
        if (req) setTimeout(() => s.write(`END ${req[1]} ok {"hook":"slow","exitCode":0}\n`), opts.control);
      }
    });
  });
  const server: Server = createServer((s) => {
    events.push('open');
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        setTimeout(() => answer(s, line), opts.slowMs ?? 0);
      }
    });
  });
  const listen = (srv: Server, at: string) => new Promise<void>((r) => srv.listen(at, () => r()));
  const close = (srv: Server) => new Promise<void>((r) => (srv.listening ? srv.close(() => r()) : r()));
  return {
    seen,
    controlSeen,
    events,
    listening: Promise.all([listen(server, path), opts.control !== undefined && listen(control, controlSocketBeside(path))]),
    close: async () => {
      await close(server);
      await close(control);
    },
  };
}

describe('GuestChannel', () => {
  let dir: string;
  let guest: ReturnType<typeof fakeGuest> | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'clan-guest-'))));
  afterEach(async () => {
    await guest?.close();
    guest = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('is one object per socket path', () => {
    expect(GuestChannel.for(join(dir, 'a.sock'))).toBe(GuestChannel.for(join(dir, 'a.sock')));
    expect(GuestChannel.for(join(dir, 'a.sock'))).not.toBe(GuestChannel.for(join(dir, 'b.sock')));
  });

  it("sends REQ with the token, passes the request's LOG lines on and resolves with END's JSON (other ids ignored)", async () => {
    const sock = join(dir, 'g.sock');
    guest = fakeGuest(sock);
    await guest.listening;
    const ch = GuestChannel.for(sock);
    expect(await ch.request('FACTS', [], { token: TOKEN })).toEqual({ machine: 'anna', generation: 3 });
    const logs: string[] = [];
    expect(await ch.request('HOOK', ['db-dump'], { token: TOKEN, onLog: (l) => logs.push(l) })).toEqual({ hook: 'db-dump', exitCode: 0 });
    expect(logs).toEqual(['dumping', 'done']);
    // An older controller (no `control` in its PONG): each request goes to the health socket after a PING.
    expect(guest.seen[2]).toMatch(/^PING [0-9a-f]{16}$/);
    expect(guest.seen[3]).toMatch(new RegExp(`^REQ [0-9a-f]{16} ${TOKEN} HOOK db-dump$`));
  });

  it("rejects with the guest's sentence on END error (a wrong token, an undeclared hook)", async () => {
    const sock = join(dir, 'g.sock');
    guest = fakeGuest(sock);
    await guest.listening;
    const ch = GuestChannel.for(sock);
    await expect(ch.request('FACTS', [], { token: 'wrong' })).rejects.toEqual(
      new GuestRefusedError("The request's token is not this machine's controller token; nothing was run."),
    );
    await expect(ch.request('HOOK', ['nope'], { token: TOKEN })).rejects.toBeInstanceOf(GuestRefusedError);
  });

  it('refuses arguments that could split the line, before connecting', async () => {
    const sock = join(dir, 'g.sock');
    guest = fakeGuest(sock);
    await guest.listening;
    await expect(GuestChannel.for(sock).request('HOOK', ['a b\nREQ'], { token: TOKEN })).rejects.toThrow(
      'cannot be sent to the controller',
    );
    expect(guest.seen).toEqual([]);
  });

  it('says the controller is unreachable when the socket is missing or END never comes', async () => {
    await expect(GuestChannel.for(join(dir, 'absent.sock')).request('FACTS', [], { token: TOKEN })).rejects.toEqual(
      new GuestUnreachableError("The machine's controller channel is not open (is the VM running?)."),
    );
    const sock = join(dir, 'g.sock');
    guest = fakeGuest(sock);
    await guest.listening;
    await expect(GuestChannel.for(sock).request('FREEZE', ['/'], { token: TOKEN, timeoutMs: 300 })).rejects.toBeInstanceOf(
      GuestUnreachableError,
    );
    expect(await GuestChannel.for(join(dir, 'absent.sock')).ping(300)).toBeNull();
  });

  it('stops waiting when aborted', async () => {
    const sock = join(dir, 'g.sock');
    guest = fakeGuest(sock);
    await guest.listening;
    const ac = new AbortController();
    const p = GuestChannel.for(sock).request('FREEZE', ['/'], { token: TOKEN, signal: ac.signal, timeoutMs: 10_000 });
    ac.abort(new Error('cancelled by the user'));
    await expect(p).rejects.toThrow('cancelled by the user');
  });

  it('sends requests to the control socket, so a ping is answered while a long request runs', async () => {
    const sock = join(dir, 'g.sock');
    guest = fakeGuest(sock, { control: 1500 });
    await guest.listening;
    const ch = GuestChannel.for(sock);
    let ended = false;
    const slow = ch.request('HOOK', ['slow'], { token: TOKEN }).then((v) => ((ended = true), v));
    while (guest.controlSeen.length === 0) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    expect(await ch.ping(1000)).toEqual({ machine: 'anna', generation: 3, control: true });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ended).toBe(false);
    expect(await slow).toEqual({ hook: 'slow', exitCode: 0 });
    expect(guest.controlSeen).toEqual([expect.stringMatching(new RegExp(`^REQ [0-9a-f]{16} ${TOKEN} HOOK slow$`))]);
    expect(guest.seen.every((l) => l.startsWith('PING '))).toBe(true);
  });

  it('says the controller is unreachable when it does not answer the PING that precedes a request', async () => {
    const sock = join(dir, 'g.sock');
    const mute = createServer((s) => s.on('end', () => s.destroy()));
    await new Promise<void>((r) => mute.listen(sock, () => r()));
    await expect(GuestChannel.for(sock).request('FACTS', [], { token: TOKEN, timeoutMs: 1000 })).rejects.toEqual(
      new GuestUnreachableError("The machine's controller did not answer within 1 s."),
    );
    mute.close();
  });

  it('never opens two connections at once: pings and requests take turns', async () => {
    const sock = join(dir, 'g.sock');
    guest = fakeGuest(sock, { slowMs: 50 });
    await guest.listening;
    const ch = GuestChannel.for(sock);
    const results = await Promise.all([
      ch.ping(2000),
      ch.request('FACTS', [], { token: TOKEN }),
      ch.ping(2000),
      ch.request('HOOK', ['nope'], { token: TOKEN }).catch((e: Error) => e.name),
      ch.ping(2000),
    ]);
    expect(results).toEqual([
      { machine: 'anna', generation: 3 },
      { machine: 'anna', generation: 3 },
      { machine: 'anna', generation: 3 },
      'GuestRefusedError',
      { machine: 'anna', generation: 3 },
    ]);
    // Each request to an older controller is preceded by its PING: 7 connections, one after the other.
    expect(guest.seen).toHaveLength(7);
    expect(guest.events).toEqual(Array.from({ length: 7 }, () => ['open', 'answered']).flat());
  });
});

describe('GuestTokens', () => {
  it("puts each machine's own token on its secrets disk as controller/token", async () => {
    const secrets = new VmSecrets();
    const tokens = new GuestTokens(new SecretBox(Buffer.alloc(32, 7)), secrets);
    tokens.onModuleInit();
    const a = tokens.tokenFor('net-1', 'anna');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.tokenFor('net-1', 'anna')).toBe(a);
    expect(tokens.tokenFor('net-1', 'bert')).not.toBe(a);
    expect(tokens.tokenFor('net-2', 'anna')).not.toBe(a);
    expect(await secrets.filesFor('net-1', 'anna')).toEqual([{ path: 'controller/token', content: `${a}\n` }]);
  });
});
