/**
 * The last `capacity` bytes of a terminal's output in memory, with absolute
 * offsets like the serial ring file (a host shell's scrollback lives only as
 * long as the shell).
 */
export class MemoryScrollback {
  private chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(readonly capacity: number) {}

  get end(): number {
    return this.total;
  }

  get start(): number {
    return this.total - this.kept;
  }

  /** Returns the offset of the chunk's first byte. */
  append(chunk: Buffer): number {
    const offset = this.total;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    this.total += chunk.length;
    // Drop whole chunks while what remains still fills the capacity, then trim the first.
    while (this.chunks.length > 1 && this.kept - this.chunks[0].length >= this.capacity) {
      this.kept -= this.chunks[0].length;
      this.chunks.shift();
    }
    if (this.kept > this.capacity) {
      const first = this.chunks[0];
      const cut = this.kept - this.capacity;
      this.chunks[0] = first.subarray(cut);
      this.kept -= cut;
    }
    return offset;
  }

  /** Bytes from `from` (raised to `start`) to the end. */
  read(from: number): { from: number; data: Buffer } {
    const lo = Math.max(from, this.start);
    const all = Buffer.concat(this.chunks);
    return { from: Math.min(lo, this.total), data: all.subarray(Math.min(lo - this.start, all.length)) };
  }
}
