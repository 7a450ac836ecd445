import { type FileHandle, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A VM's serial output, kept on disk and bounded: a ring file of `capacity`
 * bytes behind a 64-byte header (magic, capacity, end). Every byte ever
 * appended has an absolute offset (0, 1, 2, … across boots); the file keeps
 * [end − capacity, end). Boots are marked in a small JSON index beside it, so
 * "since this boot" is a range. One process (the console's owner) writes;
 * anyone may read (readRingView), and a reader that raced a wrap-around
 * notices from the header and drops what was overwritten.
 */
const MAGIC = Buffer.from('CLANRNG1');
const HEADER = 64;
const MAX_BOOTS = 200;

export const RING_FILE = 'scrollback';
export const BOOTS_FILE = 'scrollback.boots.json';

export interface BootMark {
  /** Offset of the boot's first byte. */
  offset: number;
  at: string;
  /** Identifies the boot (domain uuid + libvirt id): a panel restart does not make a new one. */
  key: string;
}

interface Header {
  capacity: number;
  end: number;
}

function encodeHeader(h: Header): Buffer {
  const b = Buffer.alloc(HEADER);
  MAGIC.copy(b, 0);
  b.writeBigUInt64LE(BigInt(h.capacity), 8);
  b.writeBigUInt64LE(BigInt(h.end), 16);
  return b;
}

function decodeHeader(b: Buffer): Header | null {
  if (b.length < HEADER || !b.subarray(0, 8).equals(MAGIC)) return null;
  const capacity = Number(b.readBigUInt64LE(8));
  const end = Number(b.readBigUInt64LE(16));
  return capacity > 0 && Number.isSafeInteger(end) ? { capacity, end } : null;
}

/** Reads [from, to) of a ring through `fh`, in at most two pieces (the data may wrap). */
async function readRange(fh: FileHandle, capacity: number, from: number, to: number): Promise<Buffer> {
  const out = Buffer.alloc(Math.max(0, to - from));
  let done = 0;
  while (done < out.length) {
    const pos = (from + done) % capacity;
    const n = Math.min(out.length - done, capacity - pos);
    const { bytesRead } = await fh.read(out, done, n, HEADER + pos);
    if (bytesRead === 0) break; // a sparse tail never written: zeros are not output
    done += bytesRead;
  }
  return out.subarray(0, done);
}

async function readBoots(dir: string): Promise<BootMark[]> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, BOOTS_FILE), 'utf8')) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter(
          (b): b is BootMark =>
            typeof b === 'object' && b !== null && Number.isSafeInteger((b as BootMark).offset) && typeof (b as BootMark).key === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

export class ScrollbackRing {
  /** End of what is in the file (the header says so). */
  private flushedEnd: number;
  /** End including appends still being written. */
  private logicalEnd: number;
  private pending: { data: Buffer; resolve: (offset: number) => void; reject: (e: Error) => void; offset: number }[] = [];
  private writing: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    readonly dir: string,
    readonly capacity: number,
    end: number,
    private boots: BootMark[],
  ) {
    this.flushedEnd = end;
    this.logicalEnd = end;
  }

  /** Opens (or creates) the ring in `dir`; an existing ring of another size keeps its newest bytes. */
  static async open(dir: string, capacity: number): Promise<ScrollbackRing> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, RING_FILE);
    let fh = await open(file, 'a+').then(async (h) => {
      await h.close();
      return open(file, 'r+');
    });
    const head = Buffer.alloc(HEADER);
    await fh.read(head, 0, HEADER, 0);
    let header = decodeHeader(head);
    let boots = await readBoots(dir);
    if (header && header.capacity !== capacity) {
      // Resized: carry the newest bytes over, renumbering nothing (offsets stay absolute).
      const keep = Math.min(header.capacity, capacity, header.end);
      const tail = await readRange(fh, header.capacity, header.end - keep, header.end);
      await fh.close();
      await rename(file, `${file}.resized`);
      fh = await open(file, 'w+');
      await fh.write(encodeHeader({ capacity, end: header.end }), 0, HEADER, 0);
      const ring = new ScrollbackRing(fh, dir, capacity, header.end - tail.length, boots);
      if (tail.length) await ring.append(tail);
      return ring;
    }
    if (!header) {
      const stale = (await fh.stat()).size > 0;
      if (stale) {
        await fh.close();
        await rename(file, `${file}.corrupt`);
        fh = await open(file, 'w+');
      }
      header = { capacity, end: 0 };
      boots = [];
      await fh.write(encodeHeader(header), 0, HEADER, 0);
    }
    return new ScrollbackRing(fh, dir, capacity, header.end, boots);
  }

  get end(): number {
    return this.flushedEnd;
  }

  /** Oldest offset still kept. */
  get start(): number {
    return Math.max(0, this.flushedEnd - this.capacity);
  }

  get bootMarks(): readonly BootMark[] {
    return this.boots;
  }

  get lastBoot(): BootMark | null {
    return this.boots.at(-1) ?? null;
  }

  /**
   * Appends `data`; resolves with the offset of its first byte once it is in
   * the file. Appends made while a write is under way are written together.
   */
  append(data: Buffer): Promise<number> {
    if (this.closed) return Promise.reject(new Error('scrollback ring is closed'));
    if (data.length === 0) return Promise.resolve(this.logicalEnd);
    const offset = this.logicalEnd;
    this.logicalEnd += data.length;
    const p = new Promise<number>((resolve, reject) => this.pending.push({ data, resolve, reject, offset }));
    this.writing ??= this.drain();
    return p;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending;
        this.pending = [];
        try {
          let all = batch.length === 1 ? batch[0].data : Buffer.concat(batch.map((b) => b.data));
          let from = batch[0].offset;
          // More than the whole ring at once: only its tail can be kept.
          if (all.length > this.capacity) {
            from += all.length - this.capacity;
            all = all.subarray(all.length - this.capacity);
          }
          let done = 0;
          while (done < all.length) {
            const pos = (from + done) % this.capacity;
            const n = Math.min(all.length - done, this.capacity - pos);
            await this.fh.write(all, done, n, HEADER + pos);
            done += n;
          }
          const last = batch[batch.length - 1];
          const end = last.offset + last.data.length;
          await this.fh.write(encodeHeader({ capacity: this.capacity, end }), 0, HEADER, 0);
          this.flushedEnd = end;
          for (const b of batch) b.resolve(b.offset);
        } catch (err) {
          for (const b of batch) b.reject(err as Error);
        }
      }
    } finally {
      this.writing = null;
    }
  }

  /** Waits until every append so far is in the file. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Bytes [from, to) that are still kept (from is raised to `start`). */
  async read(from: number, to: number = this.flushedEnd): Promise<{ from: number; data: Buffer }> {
    const lo = Math.max(from, this.start);
    const hi = Math.min(to, this.flushedEnd);
    if (hi <= lo) return { from: Math.max(lo, Math.min(hi, this.flushedEnd)), data: Buffer.alloc(0) };
    const data = await readRange(this.fh, this.capacity, lo, hi);
    // A write during the read may have wrapped over its beginning.
    const overwritten = Math.max(0, this.start - lo);
    return { from: lo + overwritten, data: data.subarray(overwritten) };
  }

  /** Marks the start of a boot at the current end (after pending appends). */
  async markBoot(key: string, at = new Date()): Promise<BootMark> {
    await this.flush();
    const mark: BootMark = { offset: this.logicalEnd, at: at.toISOString(), key };
    const start = this.start;
    // Keep the newest boot that began before the window (the window starts inside it) and every later one.
    const kept = this.boots.filter((b, i, all) => b.offset >= start || (all[i + 1]?.offset ?? Infinity) > start);
    this.boots = [...kept, mark].slice(-MAX_BOOTS);
    const tmp = join(this.dir, `${BOOTS_FILE}.tmp`);
    await writeFile(tmp, JSON.stringify(this.boots), { mode: 0o600 });
    await rename(tmp, join(this.dir, BOOTS_FILE));
    return mark;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.fh.close();
  }
}

export interface RingView {
  start: number;
  end: number;
  capacity: number;
  boots: BootMark[];
  /** Bytes [from, to) still kept when read. */
  read(from: number, to: number): Promise<{ from: number; data: Buffer }>;
}

/** A read-only look at a ring another process may be writing; null when there is none. */
export async function readRingView(dir: string): Promise<RingView | null> {
  let fh: FileHandle;
  try {
    fh = await open(join(dir, RING_FILE), 'r');
  } catch {
    return null;
  }
  try {
    const headerNow = async () => {
      const b = Buffer.alloc(HEADER);
      await fh.read(b, 0, HEADER, 0);
      return decodeHeader(b);
    };
    const h = await headerNow();
    if (!h) return null;
    const boots = await readBoots(dir);
    const start = Math.max(0, h.end - h.capacity);
    return {
      start,
      end: h.end,
      capacity: h.capacity,
      boots,
      async read(from, to) {
        const lo = Math.max(from, start);
        const hi = Math.min(to, h.end);
        if (hi <= lo) return { from: lo, data: Buffer.alloc(0) };
        const fh2 = await open(join(dir, RING_FILE), 'r');
        try {
          const data = await readRange(fh2, h.capacity, lo, hi);
          const b = Buffer.alloc(HEADER);
          await fh2.read(b, 0, HEADER, 0);
          const after = decodeHeader(b);
          const overwritten = after ? Math.max(0, after.end - after.capacity - lo) : 0;
          return { from: lo + overwritten, data: data.subarray(Math.min(overwritten, data.length)) };
        } finally {
          await fh2.close();
        }
      },
    };
  } finally {
    await fh.close();
  }
}
