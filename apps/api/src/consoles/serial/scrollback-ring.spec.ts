import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RING_FILE, readRingView, ScrollbackRing } from './scrollback-ring';

describe('ScrollbackRing', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'clan-ring-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const text = async (ring: ScrollbackRing, from = 0, to?: number) => {
    const r = await ring.read(from, to);
    return { from: r.from, text: r.data.toString() };
  };

  it('numbers bytes with absolute offsets and reads ranges back', async () => {
    const ring = await ScrollbackRing.open(dir, 16);
    expect(await ring.append(Buffer.from('hello '))).toBe(0);
    expect(await ring.append(Buffer.from('world'))).toBe(6);
    expect(ring.end).toBe(11);
    expect(await text(ring)).toEqual({ from: 0, text: 'hello world' });
    expect(await text(ring, 6, 9)).toEqual({ from: 6, text: 'wor' });
    await ring.close();
  });

  it('keeps only the last `capacity` bytes, across the wrap-around, and never grows the file', async () => {
    const ring = await ScrollbackRing.open(dir, 10);
    for (const part of ['0123456', '789ab', 'cdefghij', 'XY']) await ring.append(Buffer.from(part));
    expect(ring.end).toBe(22);
    expect(ring.start).toBe(12);
    expect(await text(ring)).toEqual({ from: 12, text: 'cdefghijXY' });
    // Asking for older bytes gives what is left, starting at `start`.
    expect(await text(ring, 3, 15)).toEqual({ from: 12, text: 'cde' });
    await ring.close();
    expect(statSync(join(dir, RING_FILE)).size).toBe(64 + 10);
  });

  it('writes appends that arrive together in order, each told its own offset', async () => {
    const ring = await ScrollbackRing.open(dir, 1000);
    const offsets = await Promise.all(['a', 'bb', 'ccc', 'dddd'].map((s) => ring.append(Buffer.from(s))));
    expect(offsets).toEqual([0, 1, 3, 6]);
    expect((await text(ring)).text).toBe('abbcccdddd');
    await ring.close();
  });

  it('keeps the tail of one append larger than the ring', async () => {
    const ring = await ScrollbackRing.open(dir, 8);
    await ring.append(Buffer.from('0123456789abcdef'));
    expect(await text(ring)).toEqual({ from: 8, text: '89abcdef' });
    await ring.close();
  });

  it('survives a reopen (a panel restart) with its offsets and boot marks', async () => {
    const ring = await ScrollbackRing.open(dir, 64);
    await ring.markBoot('uuid:1', new Date('2030-01-01T00:00:00Z'));
    await ring.append(Buffer.from('boot one\n'));
    await ring.markBoot('uuid:2', new Date('2030-01-02T00:00:00Z'));
    await ring.append(Buffer.from('boot two\n'));
    await ring.close();
    const again = await ScrollbackRing.open(dir, 64);
    expect(again.end).toBe(18);
    expect(again.bootMarks).toEqual([
      { offset: 0, at: '2030-01-01T00:00:00.000Z', key: 'uuid:1' },
      { offset: 9, at: '2030-01-02T00:00:00.000Z', key: 'uuid:2' },
    ]);
    expect((await text(again, again.lastBoot!.offset)).text).toBe('boot two\n');
    await again.close();
  });

  it('forgets boot marks that fell out of the window, but keeps the one the window starts in', async () => {
    const ring = await ScrollbackRing.open(dir, 10);
    await ring.markBoot('b1');
    await ring.append(Buffer.from('aaaaaaaaaa'));
    await ring.markBoot('b2');
    await ring.append(Buffer.from('bbbbbbbbbb'));
    await ring.markBoot('b3');
    await ring.append(Buffer.from('ccccc'));
    await ring.markBoot('b4');
    expect(ring.bootMarks.map((b) => b.key)).toEqual(['b2', 'b3', 'b4']);
    await ring.close();
  });

  it('keeps the newest bytes when reopened with another capacity', async () => {
    const ring = await ScrollbackRing.open(dir, 20);
    await ring.append(Buffer.from('0123456789abcdefghij'));
    await ring.close();
    const smaller = await ScrollbackRing.open(dir, 8);
    expect(await text(smaller)).toEqual({ from: 12, text: 'cdefghij' });
    expect(await smaller.append(Buffer.from('!'))).toBe(20);
    await smaller.close();
  });

  it('starts afresh over a file that is not a ring', async () => {
    const { writeFileSync, existsSync } = await import('node:fs');
    writeFileSync(join(dir, RING_FILE), 'garbage');
    const ring = await ScrollbackRing.open(dir, 8);
    expect(ring.end).toBe(0);
    expect(existsSync(join(dir, `${RING_FILE}.corrupt`))).toBe(true);
    await ring.close();
  });

  it('can be read by another reader while it is written, never returning overwritten bytes', async () => {
    const ring = await ScrollbackRing.open(dir, 10);
    await ring.append(Buffer.from('0123456789'));
    const view = await readRingView(dir);
    expect(view).toMatchObject({ start: 0, end: 10, capacity: 10 });
    await ring.append(Buffer.from('ABCD')); // overwrites 0123 behind the view's back
    const r = await view!.read(0, 10);
    expect(r).toEqual({ from: 4, data: Buffer.from('456789') });
    await ring.close();
    expect(await readRingView(join(dir, 'none'))).toBeNull();
  });
});
