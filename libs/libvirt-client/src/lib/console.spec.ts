import { LibvirtConsole, type ConsoleEnd } from './console';

const ended = (c: LibvirtConsole) => new Promise<ConsoleEnd>((resolve) => c.once('end', resolve));

describe('LibvirtConsole (virsh console under a pty)', () => {
  it("ends with virsh's own error when the driver has no console streams (test:///default)", async () => {
    const c = new LibvirtConsole('test:///default', 'test');
    const data: Buffer[] = [];
    c.on('data', (d: Buffer) => data.push(d));
    const end = await ended(c);
    expect(end.exitCode).not.toBe(0);
    expect(end.error).toMatch(/not supported by the connection driver: virDomainOpenConsole/);
    // The banner and virsh's diagnostics never reach the stream.
    expect(Buffer.concat(data).toString()).not.toMatch(/Escape character|Connected to domain|error:/);
  });

  it('ends with "failed to get domain" for an unknown domain', async () => {
    const end = await ended(new LibvirtConsole('test:///default', 'no-such-domain-☃'));
    expect(end.error).toMatch(/failed to get domain/);
  });

  it('drops the escape character from input and ignores writes after the end', async () => {
    const c = new LibvirtConsole('test:///default', 'test');
    c.write(Buffer.from([0x61, 0x1d, 0x62]));
    await ended(c);
    expect(() => c.write('after')).not.toThrow();
  });
});
