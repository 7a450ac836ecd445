import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { RepoStore } from './rest-repo-store';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const body = (b: Buffer) => Readable.from([b.subarray(0, 3), b.subarray(3)]);

describe('RepoStore', () => {
  let dir: string;
  let store: RepoStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rest-repo-store-'));
    store = new RepoStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a file once, in restic’s layout, and never replaces it', async () => {
    const content = Buffer.from('pack content');
    const name = sha(content);
    const path = store.pathOf({ kind: 'object', type: 'data', name });
    expect(path).toBe(join(dir, 'data', name.slice(0, 2), name));
    expect(await store.create(path, body(content), { expectedHash: name, maxBytes: 100 })).toBe('created');
    expect(readFileSync(path)).toEqual(content);
    expect(await store.create(path, body(content), { expectedHash: name, maxBytes: 100 })).toBe('exists');
    expect(await store.list('data')).toEqual([{ name, size: content.length }]);
    expect(readdirSync(join(dir, '.uploads'))).toEqual([]);
  });

  it('refuses content that does not match its name, or is too large, and leaves nothing behind', async () => {
    const content = Buffer.from('snapshot');
    const wrong = sha(Buffer.from('other'));
    const path = store.pathOf({ kind: 'object', type: 'snapshots', name: wrong });
    expect(await store.create(path, body(content), { expectedHash: wrong, maxBytes: 100 })).toBe('hash-mismatch');
    expect(await store.create(path, body(content), { expectedHash: wrong, maxBytes: 4 })).toBe('too-large');
    expect(await store.size(path)).toBeNull();
    expect(await store.list('snapshots')).toEqual([]);
    expect(readdirSync(join(dir, '.uploads'))).toEqual([]);
  });

  it('removes a file once', async () => {
    const content = Buffer.from('lock');
    const path = store.pathOf({ kind: 'object', type: 'locks', name: sha(content) });
    await store.create(path, body(content), { expectedHash: sha(content), maxBytes: 100 });
    expect(await store.remove(path)).toBe(true);
    expect(await store.remove(path)).toBe(false);
  });
});
