import { createWriteStream, type WriteStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { AsciicastHeader } from '@clan/contracts';

/**
 * Writes an asciicast v2 recording as the session runs: the header line, then
 * one `[seconds, code, data]` line per event. Output is decoded as UTF-8
 * across chunk boundaries (asciicast carries text); input is never recorded
 * (it may hold passwords typed at a prompt that does not echo).
 */
export class AsciicastWriter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly started: bigint;
  private bytes = 0;
  private closing: Promise<number> | null = null;
  private failure: Error | null = null;

  private constructor(
    private readonly stream: WriteStream,
    header: AsciicastHeader,
  ) {
    this.started = process.hrtime.bigint();
    // A failed write (disk full, file exists) ends the recording; close() reports it.
    stream.on('error', (err) => (this.failure ??= err));
    this.line(JSON.stringify(header));
  }

  static create(file: string, header: Omit<AsciicastHeader, 'version'>): AsciicastWriter {
    const stream = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    return new AsciicastWriter(stream, { version: 2, ...header });
  }

  private now(): number {
    return Math.round(Number(process.hrtime.bigint() - this.started) / 1000) / 1e6;
  }

  private line(text: string): void {
    if (this.closing || this.failure) return;
    this.bytes += Buffer.byteLength(text) + 1;
    this.stream.write(text + '\n');
  }

  private event(code: 'o' | 'r' | 'm', data: string): void {
    this.line(JSON.stringify([this.now(), code, data]));
  }

  output(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    if (text) this.event('o', text);
  }

  resize(cols: number, rows: number): void {
    this.event('r', `${cols}x${rows}`);
  }

  /** A marker (asciinema shows them as chapter points): who joined or left. */
  marker(label: string): void {
    this.event('m', label);
  }

  /** Seconds since the start. */
  get elapsed(): number {
    return this.now();
  }

  /** Flushes and closes; resolves with the file's size. */
  close(): Promise<number> {
    if (this.closing) return this.closing;
    const rest = this.decoder.end();
    if (rest) this.event('o', rest);
    this.closing = new Promise((resolve, reject) => {
      const done = (err?: Error | null) => {
        const failure = err ?? this.failure;
        if (failure) reject(failure);
        else resolve(this.bytes);
      };
      if (this.stream.destroyed) done();
      else this.stream.end(done);
    });
    return this.closing;
  }
}
