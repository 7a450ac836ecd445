import { backupUnsupported, buildPushBackupXml, parseDomJobInfo } from './backup';
import { child, childrenNamed, parseXml } from './xml';

describe('buildPushBackupXml', () => {
  it('copies the one disk into a raw file and names every other disk backup="no"', () => {
    const xml = buildPushBackupXml({
      target: 'vda',
      file: `/var/lib/clan/vms/n/m/state.img.live-copy-1 'q' <&>`,
      others: ['vda', 'vdb', 'vdc'],
    });
    const root = parseXml(xml);
    expect(root.name).toBe('domainbackup');
    expect(root.attrs).toEqual({ mode: 'push' });
    const disks = childrenNamed(child(root, 'disks'), 'disk');
    expect(disks.map((d) => d.attrs)).toEqual([
      { name: 'vda', backup: 'yes', type: 'file' },
      { name: 'vdb', backup: 'no' },
      { name: 'vdc', backup: 'no' },
    ]);
    // The path survives quoting characters (escaped in the XML, back as they were when parsed).
    expect(child(disks[0], 'target')?.attrs).toEqual({ file: `/var/lib/clan/vms/n/m/state.img.live-copy-1 'q' <&>` });
    expect(child(disks[0], 'driver')?.attrs).toEqual({ type: 'raw' });
    expect(xml).toContain('&lt;&amp;&gt;');
  });
});

describe('parseDomJobInfo', () => {
  it('reads a running backup job', () => {
    const text = [
      'Job type:         Unbounded',
      'Operation:        Backup',
      'Time elapsed:     1203         ms',
      'File processed:   12.000 MiB',
      'Data processed:   12.000 MiB',
      'Data remaining:   1012.000 MiB',
      'Data total:       1.000 GiB',
      '',
    ].join('\n');
    expect(parseDomJobInfo(text)).toEqual({
      type: 'Unbounded',
      operation: 'Backup',
      dataProcessedBytes: 12 * 1024 ** 2,
      dataTotalBytes: 1024 ** 3,
    });
  });

  it('reads a completed backup job as libvirt 9 prints it ("File …") and a cancelled one', () => {
    const done =
      'Job type:         Completed   \nOperation:        Backup      \nTime elapsed:     121          ms\nFile processed:   64.000 MiB\nFile remaining:   0.000 B\nFile total:       64.000 MiB\n';
    expect(parseDomJobInfo(done)).toEqual({
      type: 'Completed',
      operation: 'Backup',
      dataProcessedBytes: 64 * 1024 ** 2,
      dataTotalBytes: 64 * 1024 ** 2,
    });
    expect(
      parseDomJobInfo('Job type:         Cancelled   \nOperation:        Backup      \nError message:    Operation canceled\n'),
    ).toEqual({
      type: 'Cancelled',
      operation: 'Backup',
      errorMessage: 'Operation canceled',
    });
  });

  it('reads no job, a completed and a failed one', () => {
    expect(parseDomJobInfo('Job type:         None        \n')).toEqual({ type: 'None' });
    expect(parseDomJobInfo('Job type:         Completed\nOperation:        Backup\nData total:       512 B\n')).toEqual({
      type: 'Completed',
      operation: 'Backup',
      dataTotalBytes: 512,
    });
    expect(parseDomJobInfo('Job type:         Failed\nOperation:        Backup\nError message:    No space left on device\n')).toEqual({
      type: 'Failed',
      operation: 'Backup',
      errorMessage: 'No space left on device',
    });
    expect(parseDomJobInfo('something else')).toEqual({ type: 'Unknown' });
  });
});

describe('backupUnsupported', () => {
  it("knows virsh's and the drivers' words for a missing backup-begin", () => {
    expect(backupUnsupported('this function is not supported by the connection driver: virDomainBackupBegin')).toBe(true);
    expect(backupUnsupported("unknown command: 'backup-begin'")).toBe(true);
    expect(backupUnsupported('operation failed: domain is not running')).toBe(false);
  });
});
