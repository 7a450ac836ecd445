import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LibvirtClient } from './client';
import { parseDomstats } from './stats';
import { VmState } from './vm-state';

describe('parseDomstats', () => {
  it('parses recorded qemu output into typed records', () => {
    const stats = parseDomstats(readFileSync(join(__dirname, '__fixtures__/domstats-qemu.txt'), 'utf8'));
    expect(stats).toHaveLength(2);
    const [web, off] = stats;
    expect(web).toMatchObject({
      domain: 'clan-web-1',
      state: VmState.Running,
      cpuTimeNs: 48211932000,
      balloonCurrentKiB: 1048576,
      balloonMaximumKiB: 1048576,
      block: [
        { name: 'vda', readBytes: 301234176, writeBytes: 53219328 },
        { name: 'vdb', readBytes: 49152, writeBytes: 0 },
      ],
      net: [{ name: 'vnet3', rxBytes: 123456789, txBytes: 98765432 }],
    });
    expect(web?.raw['balloon.rss']).toBe('412332');
    expect(off).toMatchObject({
      domain: "it''s shut",
      state: VmState.ShutOff,
      cpuTimeNs: undefined,
      balloonCurrentKiB: undefined,
      block: [],
      net: [],
    });
  });

  it('returns nothing for empty output', () => {
    expect(parseDomstats('')).toEqual([]);
  });

  it("parses the test driver's real output for all domains in one call", async () => {
    const client = new LibvirtClient({ uri: 'test:///default', session: true });
    try {
      const stats = await client.stats();
      expect(stats.map((s) => s.domain)).toContain('test');
      expect(stats.find((s) => s.domain === 'test')?.state).toBe(VmState.Running);
    } finally {
      client.close();
    }
  });
});
