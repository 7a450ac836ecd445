import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { PhonebookDnsServer } from './phonebook-dns-server';
import { PhonebookTable } from './phonebook-dns-table';
import { decodeDnsMessage, DnsClass, DnsRcode, DnsType, encodeDnsMessage } from './phonebook-dns-wire';

/**
 * The phonebook as a mesh peer sees it: a network namespace (the peer) joined
 * to the host by a veth pair on a private /30 (plus a ULA /64), the responder
 * bound to the host side's addresses on port 53, and a real resolver (busybox
 * nslookup) asking from inside the namespace. Needs root, iproute2 and
 * busybox-static; fails (never skips) without them.
 */

const PACKAGES: Record<string, string> = { ip: 'iproute2', busybox: 'busybox-static' };

function run(cmd: string, args: string[], okCodes = [0]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 10_000 }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: unknown }).code : 0;
      if (code === 'ENOENT') {
        reject(new Error(`\`${cmd}\` not found: install the Debian package ${PACKAGES[cmd] ?? cmd}`));
        return;
      }
      const numeric = typeof code === 'number' ? code : 1;
      const out = stdout + stderr;
      if (!okCodes.includes(numeric)) reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${String(code)}): ${out.trim()}`));
      else resolve({ code: numeric, out });
    });
  });
}

const tag = randomBytes(3).toString('hex');
const ns = `clan-pb-${process.pid}-${tag}`;
const hostIf = `pbh${tag}`; // interface names are at most 15 characters
const peerIf = `pbp${tag}`;
// A /30 in 10.253.0.0/16 and a /64 in fd53::/16 picked per run, so parallel runs do not collide.
const block = randomBytes(2);
const third = block[0];
const fourth = block[1] & 0xfc;
const HOST4 = `10.253.${third}.${fourth + 1}`;
const PEER4 = `10.253.${third}.${fourth + 2}`;
const prefix6 = `fd53:${block.toString('hex')}:${tag.slice(0, 4)}:1`;
const HOST6 = `${prefix6}::1`;
const PEER6 = `${prefix6}::2`;

const inNs = (cmd: string, args: string[], okCodes?: number[]) => run('ip', ['netns', 'exec', ns, cmd, ...args], okCodes);
const nslookup = (args: string[]) => inNs('busybox', ['nslookup', ...args], [0, 1]);

describe('phonebook inside a network namespace (root, iproute2, busybox-static)', () => {
  const table = new PhonebookTable();
  table.setDevice('family', 'laptop-anna', { ipv4: '10.77.0.2', ipv6: 'fd7a:115c:a1e0::2' });
  table.setDevice('family', 'phone-ben', { ipv4: '10.77.0.3' });
  table.setDevice('work', 'build', { ipv4: '10.88.0.2' });
  const server = new PhonebookDnsServer(table);
  let created = false;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('This test creates network namespaces: run it as root (it needs CAP_NET_ADMIN).');
    await run('busybox', ['true']);
    await run('ip', ['netns', 'add', ns]);
    created = true;
    await run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', peerIf, 'netns', ns]);
    await run('ip', ['addr', 'add', `${HOST4}/30`, 'dev', hostIf]);
    await run('ip', ['-6', 'addr', 'add', `${HOST6}/64`, 'dev', hostIf, 'nodad']);
    await run('ip', ['link', 'set', hostIf, 'up']);
    await inNs('ip', ['addr', 'add', `${PEER4}/30`, 'dev', peerIf]);
    await inNs('ip', ['-6', 'addr', 'add', `${PEER6}/64`, 'dev', peerIf, 'nodad']);
    await inNs('ip', ['link', 'set', peerIf, 'up']);
    await inNs('ip', ['link', 'set', 'lo', 'up']);
    // Port 53: what a peer's resolver (wg-quick DNS=, systemd-resolved) uses; it cannot name another port.
    await server.listen({ address: HOST4, port: 53, networks: ['family'] });
    await server.listen({ address: HOST6, port: 53, networks: ['family'] });
  });

  afterAll(async () => {
    await server.close();
    // Deleting the namespace deletes the veth pair with it; the host end is removed too in case the move failed.
    if (created) await run('ip', ['netns', 'del', ns]).catch(() => undefined);
    await run('ip', ['link', 'del', hostIf], [0, 1, 2]).catch(() => undefined);
  });

  it('resolves laptop-anna.family.clan to its A and AAAA from inside the namespace, over IPv4 and IPv6', async () => {
    for (const address of [HOST4, HOST6]) {
      const r = await nslookup(['laptop-anna.family.clan', address]);
      expect([address, r.code]).toEqual([address, 0]);
      expect(r.out).toMatch(/Name:\s+laptop-anna\.family\.clan\nAddress: 10\.77\.0\.2\n/);
      expect(r.out).toMatch(/Name:\s+laptop-anna\.family\.clan\nAddress: fd7a:115c:a1e0::2\n/);
    }
  });

  it('answers NXDOMAIN for an unknown device and REFUSED for example.com', async () => {
    const unknown = await nslookup(['tablet-zoe.family.clan', HOST4]);
    expect([unknown.code, unknown.out]).toEqual([1, expect.stringContaining("** server can't find tablet-zoe.family.clan: NXDOMAIN")]);
    const outside = await nslookup(['example.com', HOST4]);
    expect([outside.code, outside.out]).toEqual([1, expect.stringContaining("** server can't find example.com: REFUSED")]);
    // Another network's device is not visible on this network's address.
    const foreign = await nslookup(['build.work.clan', HOST4]);
    expect(foreign.out).toContain("** server can't find build.work.clan: NXDOMAIN");
  });

  it('follows devices being added and removed while it serves', async () => {
    table.setDevice('family', 'tablet-zoe', { ipv4: '10.77.0.9' });
    const added = await nslookup(['-type=a', 'tablet-zoe.family.clan', HOST4]);
    expect(added.out).toMatch(/Name:\s+tablet-zoe\.family\.clan\nAddress: 10\.77\.0\.9\n/);
    table.removeDevice('family', 'phone-ben');
    const removed = await nslookup(['phone-ben.family.clan', HOST4]);
    expect(removed.out).toContain("** server can't find phone-ben.family.clan: NXDOMAIN");
  });

  it('answers over TCP on the mesh address as well', async () => {
    const q = encodeDnsMessage({
      header: { id: 4242, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false, rcode: 0 },
      questions: [{ name: ['laptop-anna', 'family', 'clan'], type: DnsType.AAAA, class: DnsClass.IN }],
      answers: [],
      authorities: [],
      additionals: [],
    });
    // A tiny TCP client run inside the namespace: sends one length-prefixed query, prints the framed answer as hex.
    const client = [
      "const s = require('net').connect(53, process.argv[1]);",
      "const q = Buffer.from(process.argv[2], 'hex'); const len = Buffer.alloc(2); len.writeUInt16BE(q.length);",
      's.write(Buffer.concat([len, q])); let got = Buffer.alloc(0);',
      "s.on('data', (d) => { got = Buffer.concat([got, d]); if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) { process.stdout.write(got.toString('hex')); s.destroy(); } });",
    ].join('\n');
    const { out } = await inNs(process.execPath, ['-e', client, HOST4, q.toString('hex')]);
    const framed = Buffer.from(out.trim(), 'hex');
    expect(framed.readUInt16BE(0)).toBe(framed.length - 2);
    const m = decodeDnsMessage(framed.subarray(2));
    expect([m.header.id, m.header.rcode, m.header.aa]).toEqual([4242, DnsRcode.NOERROR, true]);
    expect(m.answers.map((r) => ('address' in r ? Buffer.from(r.address).toString('hex') : ''))).toEqual([
      'fd7a115ca1e000000000000000000002',
    ]);
  });
});
