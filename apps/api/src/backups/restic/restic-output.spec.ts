import { parseBackupLine, parseCheckProgress, parseLsLines, parseSnapshots, parseStats } from './restic-output';

/** Lines as restic 0.14 printed them in real runs. */
describe('restic output parsers', () => {
  it('reads backup status, summary and error lines', () => {
    expect(
      parseBackupLine(
        '{"message_type":"status","percent_done":0.999990000099999,"total_files":4,"files_done":2,"total_bytes":600006,"bytes_done":600000,"current_files":["/src/a/f1"]}',
      ),
    ).toEqual({
      kind: 'progress',
      progress: { percent: 99.9990000099999, bytesDone: 600000, totalBytes: 600006, filesDone: 2, totalFiles: 4 },
    });
    expect(
      parseBackupLine(
        '{"message_type":"summary","files_new":4,"files_changed":0,"files_unmodified":0,"dirs_new":2,"dirs_changed":0,"dirs_unmodified":0,"data_blobs":4,"tree_blobs":3,"data_added":602094,"total_files_processed":4,"total_bytes_processed":600006,"total_duration":0.230248142,"snapshot_id":"8c1f882f"}',
      ),
    ).toEqual({
      kind: 'summary',
      summary: {
        snapshotId: '8c1f882f',
        filesNew: 4,
        filesChanged: 0,
        filesUnmodified: 0,
        dirsNew: 2,
        dirsChanged: 0,
        bytesAdded: 602094,
        totalBytesProcessed: 600006,
        totalFilesProcessed: 4,
        durationSeconds: 0.230248142,
      },
    });
    expect(
      parseBackupLine(
        '{"message_type":"error","error":{"Op":"open","Path":"/WORK/src/unreadable","Err":13},"during":"archival","item":"/WORK/src/unreadable"}',
      ),
    ).toEqual({ kind: 'error', error: { path: '/WORK/src/unreadable', message: 'open failed (errno 13)' } });
    expect(parseBackupLine('Warning: at least one source file could not be read')).toEqual({ kind: 'other' });
    expect(parseBackupLine('{"broken')).toEqual({ kind: 'other' });
  });

  it('reads a summary without a snapshot (nothing changed, restic ≥ 0.17)', () => {
    const line = parseBackupLine('{"message_type":"summary","files_new":0,"files_changed":0,"files_unmodified":5,"data_added":0}');
    expect(line.kind === 'summary' && line.summary.snapshotId).toBeNull();
  });

  it('reads check progress lines', () => {
    expect(parseCheckProgress('[0:00] 54.55%  6 / 11 packs')).toEqual({ phase: 'packs', fraction: 0.5455, done: 6, total: 11 });
    expect(parseCheckProgress('[0:00] 100.00%  2 / 2 snapshots')).toEqual({ phase: 'snapshots', fraction: 1, done: 2, total: 2 });
    expect(parseCheckProgress('load indexes')).toBeNull();
  });

  it('reads snapshots, ls and stats', () => {
    const snaps = parseSnapshots(
      '[{"time":"2026-11-23T18:57:56.252355849Z","tree":"3cdb","paths":["/tmp/rx/src/a"],"hostname":"laptop","username":"root","tags":["t1"],"id":"793b1eb02ce8cffc20598efed7857e2d212d63cbb7680e65089e514be9925793","short_id":"793b1eb0"}]',
    );
    expect(snaps).toEqual([
      {
        id: '793b1eb02ce8cffc20598efed7857e2d212d63cbb7680e65089e514be9925793',
        shortId: '793b1eb0',
        time: '2026-11-23T18:57:56.252355849Z',
        hostname: 'laptop',
        paths: ['/tmp/rx/src/a'],
        tags: ['t1'],
      },
    ]);
    expect(parseSnapshots('')).toEqual([]);
    const ls = parseLsLines(
      [
        '{"time":"2026-11-23T18:57:57.530141082Z","tree":"177b","paths":["/db.sql"],"hostname":"vm","username":"root","tags":["dump"],"id":"a7e0b472faf1","short_id":"a7e0b472","struct_type":"snapshot"}',
        '{"name":"db.sql","type":"file","path":"/db.sql","uid":0,"gid":0,"size":9,"mode":420,"permissions":"-rw-r--r--","mtime":"2026-11-23T18:57:57.530141082Z","struct_type":"node"}',
        '{"name":"a","type":"dir","path":"/a","mode":2147484141,"permissions":"drwxr-xr-x","mtime":"2026-11-23T18:56:53.809793961Z","struct_type":"node"}',
      ].join('\n'),
    );
    expect(ls.snapshot?.shortId).toBe('a7e0b472');
    expect(ls.entries).toEqual([
      { name: 'db.sql', path: '/db.sql', type: 'file', size: 9, mtime: '2026-11-23T18:57:57.530141082Z', permissions: '-rw-r--r--' },
      { name: 'a', path: '/a', type: 'dir', size: null, mtime: '2026-11-23T18:56:53.809793961Z', permissions: 'drwxr-xr-x' },
    ]);
    expect(parseStats('{"total_size":300624889,"total_file_count":0,"total_blob_count":210,"snapshots_count":3}')).toEqual({
      totalSize: 300624889,
      snapshotsCount: 3,
    });
  });
});
