import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asciicastOutput, parseAsciicast } from '@clan/contracts';
import { AsciicastWriter } from './asciicast-writer';

describe('AsciicastWriter', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'clan-cast-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a v2 header and timed output, resize and marker events that parse back', async () => {
    const file = join(dir, 'a.cast');
    const w = AsciicastWriter.create(file, {
      width: 100,
      height: 30,
      timestamp: 1_800_000_000,
      title: 'anna@home/web',
      env: { TERM: 'xterm-256color' },
    });
    w.marker('anna joined');
    w.output(Buffer.from('$ echo hi\r\n'));
    await new Promise((r) => setTimeout(r, 20));
    w.resize(120, 40);
    w.output(Buffer.from('hi\r\n'));
    const bytes = await w.close();
    const text = readFileSync(file, 'utf8');
    expect(bytes).toBe(Buffer.byteLength(text));
    const cast = parseAsciicast(text);
    expect(cast.header).toEqual({
      version: 2,
      width: 100,
      height: 30,
      timestamp: 1_800_000_000,
      title: 'anna@home/web',
      env: { TERM: 'xterm-256color' },
    });
    expect(cast.events.map((e) => [e[1], e[2]])).toEqual([
      ['m', 'anna joined'],
      ['o', '$ echo hi\r\n'],
      ['r', '120x40'],
      ['o', 'hi\r\n'],
    ]);
    const times = cast.events.map((e) => e[0]);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(0.015);
    expect(asciicastOutput(cast)).toBe('$ echo hi\r\nhi\r\n');
  });

  it('keeps a UTF-8 character split across two chunks whole', async () => {
    const file = join(dir, 'b.cast');
    const w = AsciicastWriter.create(file, { width: 80, height: 24 });
    const snowman = Buffer.from('☃ ok');
    w.output(snowman.subarray(0, 1));
    w.output(snowman.subarray(1));
    await w.close();
    const cast = parseAsciicast(readFileSync(file, 'utf8'));
    expect(asciicastOutput(cast)).toBe('☃ ok');
    expect(cast.events.every((e) => !e[2].includes('\uFFFD'))).toBe(true);
  });

  it('never overwrites an existing recording', async () => {
    const file = join(dir, 'c.cast');
    await AsciicastWriter.create(file, { width: 80, height: 24 }).close();
    await expect(AsciicastWriter.create(file, { width: 80, height: 24 }).close()).rejects.toThrow(/EEXIST/);
  });
});
