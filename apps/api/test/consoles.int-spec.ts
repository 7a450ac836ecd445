/**
 * Consoles (docs/consoles.md) against a real panel: tickets in the real Redis,
 * real WebSocket handshakes, a real shell in a real pty (node-pty), real
 * asciicast files, real journal files (systemd-journal-remote) read by the
 * real journalctl, and a real VNC server (qemu) behind the VNC proxy. The
 * serial console of a booted VM is in consoles-vm.int-spec.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asciicastOutput, parseAsciicast } from '@clan/contracts';
import { DataSource } from 'typeorm';
import { LibvirtService } from '../src/services/libvirt/libvirt.service';
import { VmLayout } from '../src/services/disk/vm-layout';
import { ConsoleClient, readEvents } from './fixtures/console-client';
import { requireJournalTools, writeJournal } from './fixtures/journal';
import { addUser, type TestUser, waitFor } from './fixtures/principals';
import { startTestPanel, type TestPanel } from './harness';

jest.setTimeout(120_000);

interface Ticket {
  ticket: string;
  target: string;
  url: string;
  expiresAt: string;
}

describe('consoles: tickets, handshake, host terminal, recordings, journal, VNC (real panel)', () => {
  let t: TestPanel;
  let journalDir: string;
  let root: TestUser;
  let ops: TestUser;
  let nadia: TestUser;
  let moe: TestUser;
  let sam: TestUser;
  let netId: string;
  const clients: ConsoleClient[] = [];
  const processes: ChildProcess[] = [];

  const open = async (path: string, headers: Record<string, string> = {}, protocols?: string[]) => {
    const c = await ConsoleClient.open(t.baseUrl, path, { headers, protocols });
    clients.push(c);
    return c;
  };
  const serialTicket = (u: TestUser, machine = 'web', kind = 'serial') =>
    u.client.post<Ticket>(`/api/networks/${netId}/machines/${machine}/console/ticket`, { kind });
  const hostTicket = (u: TestUser, sessionId?: string) =>
    u.client.post<Ticket>('/api/host/terminal/ticket', sessionId ? { sessionId } : {});
  const sql = (q: string, params: unknown[] = []) => t.panel.app.get(DataSource).query(q, params);

  beforeAll(async () => {
    requireJournalTools();
    journalDir = mkdtempSync(join(tmpdir(), 'clan-journal-'));
    writeJournal(journalDir, [
      { _SYSTEMD_UNIT: 'clan-test.service', SYSLOG_IDENTIFIER: 'clan', _PID: '42', PRIORITY: '6', MESSAGE: 'first entry' },
      { _SYSTEMD_UNIT: 'other.service', SYSLOG_IDENTIFIER: 'other', PRIORITY: '3', MESSAGE: 'an error elsewhere' },
      { _SYSTEMD_UNIT: 'clan-test.service', SYSLOG_IDENTIFIER: 'clan', PRIORITY: '6', MESSAGE: 'second entry' },
      { _SYSTEMD_UNIT: 'clan-test.service', SYSLOG_IDENTIFIER: 'clan', PRIORITY: '4', MESSAGE: 'third entry ☃' },
    ]);
    t = await startTestPanel({ CLAN_CONSOLE_TICKET_SECONDS: '5', CLAN_JOURNAL_DIR: journalDir, CLAN_TERMINAL_SHELL: '/bin/sh' });
    root = await addUser(t, 'root', { hostAdmin: true });
    ops = await addUser(t, 'ops', { hostAdmin: true });
    nadia = await addUser(t, 'nadia');
    moe = await addUser(t, 'moe');
    sam = await addUser(t, 'sam');
    const net = await root.client.post('/api/networks', { name: 'family' });
    expect(net.status).toBe(201);
    netId = net.body.id;
    for (const [u, role] of [
      [nadia, 'admin'],
      [moe, 'member'],
      [sam, 'admin'],
    ] as const) {
      expect((await root.client.post(`/api/networks/${netId}/members`, { username: u.username, role })).status).toBe(201);
    }
    for (const name of ['web', 'desk']) {
      const m = await root.client.post(`/api/networks/${netId}/machines`, { name, config: {} });
      expect(m.status).toBe(201);
    }
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const p of processes) p.kill('SIGTERM');
    await t?.close();
    if (journalDir) rmSync(journalDir, { recursive: true, force: true });
  });

  describe('tickets and the handshake', () => {
    it('issues a short-lived ticket bound to the machine, and opens the serial console with it', async () => {
      const res = await serialTicket(nadia);
      expect(res.status).toBe(201);
      expect(res.body.ticket).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
      expect(res.body.target).toBe(`serial:${netId}/web`);
      expect(res.body.url).toBe(`/api/consoles/ws?ticket=${res.body.ticket}&target=${encodeURIComponent(res.body.target)}`);
      const ttl = new Date(res.body.expiresAt).getTime() - Date.now();
      expect(ttl).toBeGreaterThan(3000);
      expect(ttl).toBeLessThanOrEqual(5000);

      // A browser sends this panel as Origin.
      const c = await open(res.body.url, { origin: t.baseUrl });
      const hello = await c.waitMessage('hello');
      // test:///default has no VMs running here: the console says so, the scrollback is empty.
      expect(hello).toMatchObject({ kind: 'serial', state: 'stopped', offset: 0, title: 'family/web: serial console' });
      await c.waitMessage('replayed', (m) => m.offset === 0);
      const presence = await c.waitMessage('presence');
      expect(presence.participants).toEqual([expect.objectContaining({ userId: nadia.id, username: 'nadia', connections: 1 })]);
      c.control({ type: 'ping' });
      await c.waitMessage('pong');
      c.close();
    });

    it('refuses a connection without a ticket, or with a malformed one (401)', async () => {
      const target = encodeURIComponent(`serial:${netId}/web`);
      const none = await ConsoleClient.refusal(t.baseUrl, `/api/consoles/ws?target=${target}`);
      expect(none.status).toBe(401);
      expect(none.body).toMatch(/needs a ticket/);
      const bad = await ConsoleClient.refusal(t.baseUrl, `/api/consoles/ws?ticket=ct_nope&target=${target}`);
      expect(bad).toMatchObject({ status: 401, body: expect.stringMatching(/malformed/) });
      const forged = await ConsoleClient.refusal(t.baseUrl, `/api/consoles/ws?ticket=ct_${'A'.repeat(43)}&target=${target}`);
      expect(forged).toMatchObject({ status: 401, body: expect.stringMatching(/unknown or expired/) });
    });

    it('refuses a ticket that was already used (401): one ticket, one connection', async () => {
      const { body } = await serialTicket(nadia);
      const first = await open(body.url);
      await first.waitMessage('hello');
      const again = await ConsoleClient.refusal(t.baseUrl, body.url);
      expect(again).toMatchObject({ status: 401, body: expect.stringMatching(/already used/) });
      first.close();
    });

    it('refuses an expired ticket (401)', async () => {
      const { body } = await serialTicket(nadia);
      await new Promise((r) => setTimeout(r, new Date(body.expiresAt).getTime() - Date.now() + 300));
      const late = await ConsoleClient.refusal(t.baseUrl, body.url);
      expect(late).toMatchObject({ status: 401, body: expect.stringMatching(/expired/) });
    });

    it('refuses a ticket for another machine or another kind of console (403), and spends it', async () => {
      const { body } = await serialTicket(nadia, 'web');
      const other = `/api/consoles/ws?ticket=${body.ticket}&target=${encodeURIComponent(`serial:${netId}/desk`)}`;
      expect(await ConsoleClient.refusal(t.baseUrl, other)).toMatchObject({ status: 403, body: expect.stringMatching(/another console/) });
      // Spent by the wrong attempt: not usable for its own target any more.
      expect((await ConsoleClient.refusal(t.baseUrl, body.url)).status).toBe(401);

      const host = (await hostTicket(root)).body;
      const asSerial = `/api/consoles/ws?ticket=${host.ticket}&target=${encodeURIComponent(`serial:${netId}/web`)}`;
      expect((await ConsoleClient.refusal(t.baseUrl, asSerial)).status).toBe(403);
    });

    it('refuses a foreign Origin (403) before looking at the ticket', async () => {
      const { body } = await serialTicket(nadia);
      const evil = await ConsoleClient.refusal(t.baseUrl, body.url, { origin: 'https://evil.example' });
      expect(evil).toMatchObject({ status: 403, body: expect.stringMatching(/Origin/) });
      // The ticket was not spent by the refused attempt.
      const c = await open(body.url, { origin: t.baseUrl });
      await c.waitMessage('hello');
      c.close();
    });

    it('a member without Machine.Console gets no ticket; one who lost it since is refused at the handshake (403)', async () => {
      const denied = await serialTicket(moe);
      expect(denied.status).toBe(403);
      expect((await hostTicket(nadia)).status).toBe(403);

      const { body } = await serialTicket(sam);
      expect(body.ticket).toBeDefined();
      // sam is demoted to member between getting the ticket and connecting.
      expect((await root.client.patch(`/api/networks/${netId}/members/${sam.id}`, { role: 'member' })).status).toBe(200);
      const refused = await ConsoleClient.refusal(t.baseUrl, body.url);
      expect(refused).toMatchObject({ status: 403, body: expect.stringMatching(/no longer have Machine\.Console/) });
    });

    it('refuses tickets for machines that do not exist (404) and VNC for a machine without a display (409)', async () => {
      expect((await serialTicket(nadia, 'ghost')).status).toBe(404);
      const vnc = await serialTicket(nadia, 'web', 'vnc');
      expect(vnc.status).toBe(409);
      expect(vnc.body.message).toMatch(/has no display/);
    });
  });

  describe('the remote-support terminal on the host', () => {
    let sessionId: string;
    let recordingId: string | null;

    it('runs a real shell: type a command, read its output; a second admin joins and both see each other', async () => {
      const mine = await open((await hostTicket(root)).body.url);
      const hello = await mine.waitMessage('hello');
      expect(hello).toMatchObject({ kind: 'host', state: 'attached', cols: 80, rows: 24 });
      sessionId = hello.sessionId;
      recordingId = hello.recordingId;
      expect(recordingId).toEqual(expect.any(String));
      await mine.waitMessage('replayed');

      mine.type('echo hi-$((6*7))\r');
      await mine.waitText(/hi-42/, 'the shell to answer');

      // ops joins the same session by its id and gets the output so far replayed.
      const sessions = (await ops.client.get('/api/host/terminal/sessions')).body.items as { sessionId: string }[];
      expect(sessions.map((s) => s.sessionId)).toContain(sessionId);
      const theirs = await open((await hostTicket(ops, sessionId)).body.url);
      expect(await theirs.waitMessage('hello')).toMatchObject({ sessionId, recordingId });
      await theirs.waitText(/hi-42/, 'the replay');
      // Everyone connected is visible to everyone ("support is connected").
      for (const c of [mine, theirs]) {
        await c.waitMessage('presence', (m) => m.participants.length === 2);
      }
      const p = mine.messages.filter((m) => m.type === 'presence').at(-1)!;
      expect(p.type === 'presence' && p.participants.map((x) => x.username)).toEqual(['root', 'ops']);
      const listed = (await root.client.get('/api/host/terminal/sessions')).body.items.find(
        (s: { sessionId: string }) => s.sessionId === sessionId,
      );
      expect(listed.participants.map((x: { username: string }) => x.username)).toEqual(['root', 'ops']);

      // Input from either side reaches the shell; output reaches both.
      theirs.type('echo from-$((40+2))-ops\r');
      await mine.waitText(/from-42-ops/, 'output of the other admin’s command');
      // A resize applies to the pty and is announced.
      mine.control({ type: 'resize', cols: 100, rows: 30 });
      await theirs.waitMessage('resized', (m) => m.cols === 100 && m.rows === 30);
      mine.type('stty size\r');
      await theirs.waitText(/30 100/, 'the new window size inside the shell');

      theirs.close();
      await mine.waitMessage('presence', (m) => m.participants.length === 1);
      mine.close();
    });

    it('reconnecting is cheap: `since` replays only what came after the offset', async () => {
      const first = await open((await hostTicket(root, sessionId)).body.url);
      const replayed = await first.waitMessage('replayed');
      first.close();
      await first.waitClosed();
      // The shell keeps running while nobody is connected.
      const again = await open(`${(await hostTicket(root, sessionId)).body.url}&since=${replayed.offset}`);
      const hello = await again.waitMessage('hello');
      expect(hello.offset).toBe(replayed.offset);
      await again.waitMessage('replayed');
      expect(again.text).not.toMatch(/hi-42/);
      again.type('echo again-$((1+1))\r');
      await again.waitText(/again-2/, 'output after the reconnect');

      // Leaving the shell ends the session for everyone (close code 4000).
      again.type('exit\r');
      expect(await again.waitClosed()).toEqual({ code: 4000, reason: expect.stringMatching(/shell exited \(code 0\)/) });
      expect((await root.client.get('/api/host/terminal/sessions')).body.items).toEqual([]);
      // Joining the ended session: 404 at the ticket.
      expect((await hostTicket(root, sessionId)).status).toBe(404);
    });

    it('recorded the whole session as asciicast v2 with who, when and what', async () => {
      const rec = await waitFor(
        () => root.client.get(`/api/host/recordings/${recordingId}`).then((r) => r.body),
        (b) => b?.endedAt !== null && b?.endedAt !== undefined,
        15_000,
        'the recording to end',
      );
      expect(rec).toMatchObject({
        kind: 'host',
        sessionId,
        startedByName: 'root',
        networkId: null,
        machine: null,
        width: 80,
        height: 24,
        title: 'root: shell on the host',
      });
      expect(rec.participants.map((p: { username: string }) => p.username)).toEqual(['root', 'ops']);
      expect(rec.participants.every((p: { leftAt: string | null }) => p.leftAt !== null)).toBe(true);
      expect(rec.bytes).toBeGreaterThan(100);

      const file = await root.client.request('GET', `/api/host/recordings/${recordingId}/cast`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toMatch(/application\/x-asciicast/);
      const cast = parseAsciicast(file.body as string);
      expect(cast.header).toMatchObject({ version: 2, width: 80, height: 24, title: 'root: shell on the host' });
      expect(Math.abs(cast.header.timestamp! * 1000 - new Date(rec.startedAt).getTime())).toBeLessThan(2000);
      const out = asciicastOutput(cast);
      for (const seen of ['hi-42', 'from-42-ops', '30 100', 'again-2']) expect(out).toContain(seen);
      expect(cast.events).toContainEqual([expect.any(Number), 'r', '100x30']);
      expect(cast.events.filter((e) => e[1] === 'm').map((e) => e[2])).toEqual(
        expect.arrayContaining(['root joined', 'ops joined', 'ops left', 'root left']),
      );
      // Input is never recorded (it may be a password); only what the terminal printed.
      expect(cast.events.some((e) => e[1] === 'i')).toBe(false);
      expect(existsSync(join(t.config.stateDir, 'recordings', `${recordingId}.json`))).toBe(true);
    });

    it('shows recordings only to who may replay them: host admins all, network admins their serial consoles', async () => {
      // A serial-console session of nadia's machine (she is an admin of the network).
      const c = await open((await serialTicket(nadia)).body.url);
      const hello = await c.waitMessage('hello');
      c.close();
      await waitFor(
        () => sql('SELECT ended_at FROM console_recordings WHERE id = $1', [hello.recordingId]),
        (rows: { ended_at: Date | null }[]) => rows[0]?.ended_at !== null && rows[0]?.ended_at !== undefined,
        10_000,
        'the serial recording to end',
      );
      const ofRoot = (await root.client.get('/api/consoles/recordings?limit=200')).body;
      expect(ofRoot.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([recordingId, hello.recordingId]));
      const ofNadia = (await nadia.client.get('/api/consoles/recordings?limit=200')).body;
      expect(ofNadia.items.length).toBeGreaterThan(0);
      expect(ofNadia.items.every((r: { kind: string; networkId: string }) => r.kind === 'serial' && r.networkId === netId)).toBe(true);
      expect(ofNadia.items.map((r: { id: string }) => r.id)).toContain(hello.recordingId);
      // The host shell's recording is not one of her network's (404 there), and the host routes are not hers (403).
      expect((await nadia.client.get(`/api/networks/${netId}/recordings/${recordingId}`)).status).toBe(404);
      expect((await nadia.client.get(`/api/networks/${netId}/recordings/${recordingId}/cast`)).status).toBe(404);
      expect((await nadia.client.get(`/api/host/recordings/${recordingId}`)).status).toBe(403);
      const hers = await nadia.client.get(`/api/networks/${netId}/recordings/${hello.recordingId}`);
      expect(hers.body).toMatchObject({ kind: 'serial', machine: 'web', networkName: 'family', startedByName: 'nadia' });
      expect((await nadia.client.get(`/api/networks/${netId}/recordings/${hello.recordingId}/cast`)).status).toBe(200);
      expect(
        (await nadia.client.get(`/api/networks/${netId}/recordings?machine=web`)).body.items.map((r: { id: string }) => r.id),
      ).toContain(hello.recordingId);
      expect((await nadia.client.get('/api/consoles/recordings?kind=host')).body).toMatchObject({ items: [], total: 0 });
      // moe (member, no Machine.Console) sees nothing.
      expect((await moe.client.get('/api/consoles/recordings')).body).toEqual({
        items: [],
        total: 0,
        retention: { keepDays: 90, keepCount: 1000 },
      });
      expect((await moe.client.get(`/api/networks/${netId}/recordings/${hello.recordingId}`)).status).toBe(403);
      // Deleting is for host admins.
      expect((await nadia.client.delete(`/api/host/recordings/${hello.recordingId}`)).status).toBe(403);
      expect((await root.client.delete(`/api/host/recordings/${hello.recordingId}`)).status).toBe(204);
      expect(existsSync(join(t.config.stateDir, 'recordings', `${hello.recordingId}.cast`))).toBe(false);
    });
  });

  describe('the host journal', () => {
    const journal = (u: TestUser, q = '') => u.client.get(`/api/host/journal${q}`);
    type Page = {
      items: { message: string; unit: string; cursor: string; priority: number; pid: number | null }[];
      first: string;
      last: string;
    };

    it('pages the newest entries by cursor, oldest first', async () => {
      const all = (await journal(root)).body as Page;
      expect(all.items.map((e) => e.message)).toEqual(['first entry', 'an error elsewhere', 'second entry', 'third entry ☃']);
      expect(all.items[0]).toMatchObject({ unit: 'clan-test.service', identifier: 'clan', pid: 42, priority: 6, hostname: 'testhost' });
      expect(all.first).toBe(all.items[0]!.cursor);
      expect(all.last).toBe(all.items[3]!.cursor);

      const newest = (await journal(root, '?limit=2')).body as Page;
      expect(newest.items.map((e) => e.message)).toEqual(['second entry', 'third entry ☃']);
      const older = (await journal(root, `?limit=2&before=${encodeURIComponent(newest.first)}`)).body as Page;
      expect(older.items.map((e) => e.message)).toEqual(['first entry', 'an error elsewhere']);
      const newer = (await journal(root, `?after=${encodeURIComponent(older.first)}`)).body as Page;
      expect(newer.items.map((e) => e.message)).toEqual(['an error elsewhere', 'second entry', 'third entry ☃']);
      expect(((await journal(root, `?after=${encodeURIComponent(all.last)}`)).body as Page).items).toEqual([]);
    });

    it('filters by unit and by priority', async () => {
      const unit = (await journal(root, '?unit=clan-test.service')).body as Page;
      expect(unit.items.map((e) => e.message)).toEqual(['first entry', 'second entry', 'third entry ☃']);
      const warnings = (await journal(root, '?priority=4')).body as Page;
      expect(warnings.items.map((e) => e.message)).toEqual(['an error elsewhere', 'third entry ☃']);
    });

    it('refuses bad filters and cursors with 400, and non-admins with 403', async () => {
      expect((await journal(root, '?unit=a%20b')).status).toBe(400);
      expect((await journal(root, '?after=%3Brm')).status).toBe(400);
      const unknown = await journal(root, '?after=s%3Dnope');
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toMatch(/cursor/);
      expect((await journal(nadia)).status).toBe(403);
      expect((await nadia.client.get('/api/host/journal/stream')).status).toBe(403);
    });

    it('follows new entries as server-sent events (SSE), resumable by cursor', async () => {
      const url = `${t.baseUrl}/api/host/journal/stream?unit=clan-test.service`;
      const events = await readEvents<{ message: string; cursor: string }>(
        url,
        { authorization: `Bearer ${root.token}` },
        (evs) => evs.some((e) => e.data.message === 'followed entry'),
        async () => {
          // Give journalctl a moment to start watching, then log.
          await new Promise((r) => setTimeout(r, 700));
          writeJournal(journalDir, [
            { _SYSTEMD_UNIT: 'other.service', MESSAGE: 'not for this unit' },
            { _SYSTEMD_UNIT: 'clan-test.service', MESSAGE: 'followed entry' },
          ]);
        },
      );
      expect(events.map((e) => e.data.message)).toEqual(['followed entry']);
      expect(events[0]).toMatchObject({ type: 'entry', id: events[0]!.data.cursor });
      // From a cursor: what came after it, then live.
      const first = ((await journal(root, '?unit=clan-test.service')).body as Page).items[0]!;
      const resumed = await readEvents<{ message: string }>(
        `${url}&after=${encodeURIComponent(first.cursor)}`,
        { authorization: `Bearer ${root.token}` },
        (evs) => evs.length >= 3,
      );
      expect(resumed.map((e) => e.data.message)).toEqual(['second entry', 'third entry ☃', 'followed entry']);
      // A browser's EventSource reconnecting by itself sends Last-Event-ID: it wins over ?after=.
      const reconnected = await readEvents<{ message: string }>(
        `${url}&after=${encodeURIComponent(first.cursor)}`,
        { authorization: `Bearer ${root.token}`, 'last-event-id': resumed[1]!.id! },
        (evs) => evs.length >= 1,
      );
      expect(reconnected.map((e) => e.data.message)).toEqual(['followed entry']);
    });
  });

  describe('the graphical console (VNC) of a machine with a display', () => {
    it('proxies the RFB stream of a real VNC server through the WebSocket', async () => {
      // Machine settings: display on (Machine.Config).
      expect((await moe.client.request('PUT', `/api/networks/${netId}/machines/desk/console`, { display: true })).status).toBe(403);
      const set = await nadia.client.request('PUT', `/api/networks/${netId}/machines/desk/console`, { display: true });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ display: true, running: false, displayAvailable: false });

      // A running domain for desk on the panel's own test:///default connection, and qemu serving VNC on its socket.
      const libvirt = t.panel.app.get(LibvirtService);
      const domainName = libvirt.domainName(netId, 'desk');
      const layout = new VmLayout(t.config.stateDir, netId, 'desk');
      await layout.ensureDisplayDir(null);
      await libvirt.client.define({
        name: domainName,
        type: 'qemu',
        memoryMiB: 128,
        vcpus: 1,
        cpuMode: 'maximum',
        os: { kernel: '/k', initrd: '/i', cmdline: '' },
        disks: [],
        serial: { type: 'pty', logFile: layout.serialLog },
        graphics: { type: 'vnc', socket: layout.vncSocket },
      });
      await libvirt.client.start(domainName);
      await sql(
        `INSERT INTO machines (network_id, name, domain_name) VALUES ($1, 'desk', $2)
         ON CONFLICT (network_id, name) DO UPDATE SET domain_name = EXCLUDED.domain_name`,
        [netId, domainName],
      );
      const qemu = spawn(
        'qemu-system-x86_64',
        ['-machine', 'none', '-S', '-nodefaults', '-display', 'none', '-vnc', `unix:${layout.vncSocket}`],
        {
          stdio: 'ignore',
        },
      );
      processes.push(qemu);
      qemu.on('error', () => undefined);
      await waitFor(
        async () => existsSync(layout.vncSocket),
        (v) => v,
        15_000,
        'qemu (Debian package qemu-system-x86) to serve VNC on the socket',
      );
      expect((await nadia.client.get(`/api/networks/${netId}/machines/desk/console`)).body).toMatchObject({
        display: true,
        running: true,
        displayAvailable: true,
      });

      const ticket = await serialTicket(nadia, 'desk', 'vnc');
      expect(ticket.status).toBe(201);
      // noVNC asks for the "binary" subprotocol.
      const vnc = await open(ticket.body.url, { origin: t.baseUrl }, ['binary']);
      expect(vnc.socket.protocol).toBe('binary');
      await vnc.waitText(/^RFB 003\.008\n/, 'the RFB greeting');
      // The other direction: our version answer is met with the security types.
      vnc.socket.send(Buffer.from('RFB 003.008\n'), { binary: true });
      await waitFor(
        async () => vnc.bytes,
        (n) => n > 12,
        10_000,
        'the security types',
      );
      // Only binary frames: a text frame is a protocol error.
      vnc.socket.send('hello');
      expect((await vnc.waitClosed()).code).toBe(4400);

      // The VNC server goes away: the WebSocket closes with 4410.
      const again = await open((await serialTicket(nadia, 'desk', 'vnc')).body.url, {}, ['binary']);
      await again.waitText(/^RFB/, 'the RFB greeting');
      qemu.kill('SIGTERM');
      expect((await again.waitClosed()).code).toBe(4410);
    });
  });
});

describe('recording retention', () => {
  let t: TestPanel;
  let root: TestUser;

  beforeAll(async () => {
    t = await startTestPanel({ CLAN_RECORDINGS_KEEP_COUNT: '2', CLAN_RECORDINGS_KEEP_DAYS: '30', CLAN_TERMINAL_SHELL: '/bin/sh' });
    root = await addUser(t, 'root', { hostAdmin: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps the newest N recordings and none older than the age limit; files go with them', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { body } = await root.client.post<Ticket>('/api/host/terminal/ticket', {});
      const c = await ConsoleClient.open(t.baseUrl, body.url);
      const hello = await c.waitMessage('hello');
      ids.push(hello.recordingId!);
      c.type(`echo run-${i}\rexit\r`);
      await c.waitClosed();
      await waitFor(
        () => root.client.get(`/api/host/recordings/${hello.recordingId}`).then((r) => r.body?.endedAt ?? null),
        (v) => v !== null,
        10_000,
        'the recording to end',
      );
    }
    const listed = await waitFor(
      () => root.client.get('/api/consoles/recordings').then((r) => r.body.items.map((x: { id: string }) => x.id) as string[]),
      (l) => l.length === 2,
      10_000,
      'retention to keep two',
    );
    expect(listed).toEqual([ids[2], ids[1]]);
    // The page tells people the limits in force.
    expect((await root.client.get('/api/consoles/recordings')).body.retention).toEqual({ keepDays: 30, keepCount: 2 });
    const dir = join(t.config.stateDir, 'recordings');
    expect(existsSync(join(dir, `${ids[0]}.cast`))).toBe(false);
    expect(existsSync(join(dir, `${ids[0]}.json`))).toBe(false);
    expect(existsSync(join(dir, `${ids[2]}.cast`))).toBe(true);

    // Age: a recording from 31 days ago goes at the next pass.
    await t.panel.app
      .get(DataSource)
      .query(`UPDATE console_recordings SET started_at = now() - interval '31 days' WHERE id = $1`, [ids[1]]);
    const { body } = await root.client.post<Ticket>('/api/host/terminal/ticket', {});
    const c = await ConsoleClient.open(t.baseUrl, body.url);
    await c.waitMessage('hello');
    c.type('exit\r');
    await c.waitClosed();
    await waitFor(
      () => root.client.get('/api/consoles/recordings').then((r) => r.body.items.map((x: { id: string }) => x.id) as string[]),
      (l) => !l.includes(ids[1]!) && l.includes(ids[2]!),
      10_000,
      'the old recording to be pruned',
    );
  });
});
