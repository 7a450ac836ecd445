import { LibvirtClient } from './client';
import { parseEventLine, type LibvirtEvent } from './events';

describe('parseEventLine', () => {
  it('parses lifecycle lines recorded from virsh event --all --loop --timestamp', () => {
    expect(parseEventLine("2026-11-23 12:27:46.357+0000: event 'lifecycle' for domain 'clan-evtest-probe': Defined Added")).toEqual({
      at: new Date('2026-11-23T12:27:46.357Z'),
      type: 'lifecycle',
      domain: 'clan-evtest-probe',
      event: 'Defined',
      detail: 'Added',
    });
    expect(parseEventLine("2026-11-23 13:00:00.001+0100: event 'lifecycle' for domain 'a b': Stopped Destroyed")).toMatchObject({
      at: new Date('2026-11-23T12:00:00.001Z'),
      domain: 'a b',
      event: 'Stopped',
      detail: 'Destroyed',
    });
  });

  it('parses other event types and ignores noise', () => {
    expect(parseEventLine("2026-11-23 12:00:00.000+0000: event 'reboot' for domain 'web'")).toMatchObject({
      type: 'reboot',
      domain: 'web',
      detail: '',
    });
    expect(parseEventLine("2026-11-23 12:00:00.000+0000: event 'rtc-change' for domain 'web': -3")).toMatchObject({
      type: 'rtc-change',
      detail: '-3',
    });
    expect(parseEventLine('event loop interrupted')).toBeUndefined();
    expect(parseEventLine('')).toBeUndefined();
  });
});

describe('LibvirtClient.events (real libvirtd)', () => {
  // Only define/undefine (no boot) on the real QEMU driver: the test driver
  // cannot deliver events across connections.
  it('streams Defined and Undefined lifecycle events from qemu:///system', async () => {
    const client = new LibvirtClient({ uri: 'qemu:///system' });
    const name = `clan-lvc-events-${process.pid}-${Date.now()}`;
    const stream = client.events();
    const seen: LibvirtEvent[] = [];
    const done = new Promise<void>((resolve) => {
      stream.on('event', (e: LibvirtEvent) => {
        if (e.domain !== name) return;
        seen.push(e);
        if (e.event === 'Undefined') resolve();
      });
    });
    try {
      await new Promise((r) => setTimeout(r, 500)); // let virsh register for events
      await client.define({
        name,
        type: 'qemu',
        memoryMiB: 64,
        vcpus: 1,
        cpuMode: 'maximum',
        os: { kernel: '/nonexistent/bzImage', initrd: '/nonexistent/initrd', cmdline: 'console=ttyS0' },
        disks: [],
      });
      await client.undefine(name);
      await done;
      expect(seen.map((e) => e.event)).toEqual(['Defined', 'Undefined']);
      expect(seen[0]?.type).toBe('lifecycle');
    } finally {
      stream.close();
      await client.undefine(name).catch(() => undefined);
    }
    expect(stream.isClosed).toBe(true);
  }, 20_000);

  it('ends the async iterator on close()', async () => {
    const stream = new LibvirtClient({ uri: 'test:///default' }).events();
    setTimeout(() => stream.close(), 200);
    const got: LibvirtEvent[] = [];
    for await (const e of stream) got.push(e);
    expect(got).toEqual([]);
    expect(stream.isClosed).toBe(true);
  });
});
