import { SerialLogBuffer, bootLine, sliceBytes, withBootLines, type SerialPage } from './serial-log';

function page(over: Partial<SerialPage> & Pick<SerialPage, 'text' | 'from'>): SerialPage {
  const bytes = new TextEncoder().encode(over.text).length;
  return { to: over.from + bytes, start: 0, end: over.from + bytes, more: false, boots: [], ...over };
}

const BOOT_1 = { offset: 0, at: '2026-03-10T09:00:00Z' };
const BOOT_2 = { offset: 20, at: '2026-03-10T14:05:12Z' };

describe('sliceBytes', () => {
  it('cuts UTF-8 text at absolute byte offsets', () => {
    // "a☃b": a=1 byte, ☃=3 bytes, b=1 byte; starts at byte 100.
    expect(sliceBytes('a☃b', 100, 101)).toBe('☃b');
    expect(sliceBytes('a☃b', 100, 104)).toBe('b');
    expect(sliceBytes('a☃b', 100, 100, 101)).toBe('a');
    expect(sliceBytes('a☃b', 100, 50)).toBe('a☃b');
    expect(sliceBytes('a☃b', 100, 200)).toBe('');
  });
});

describe('withBootLines', () => {
  it('puts a line where each boot inside the text begins, on a line of its own', () => {
    const text = 'first boot output\nlogin: second boot\n';
    const out = withBootLines(text, 0, [BOOT_1, { offset: 25, at: BOOT_2.at }]);
    const lines = out.split('\n');
    expect(lines[0]).toBe(bootLine(BOOT_1));
    expect(lines[1]).toBe('first boot output');
    expect(lines[2]).toBe('login: ');
    expect(lines[3]).toBe(bootLine(BOOT_2));
    expect(lines[4]).toBe('second boot');
  });

  it('leaves text without boots in it alone', () => {
    expect(withBootLines('abc', 10, [BOOT_1, { offset: 13, at: BOOT_2.at }])).toBe('abc');
  });

  it('says when the boot began', () => {
    expect(bootLine(BOOT_2)).toMatch(/^──── boot of 2026-03-1\d \d\d:\d\d:12 ────$/);
  });
});

describe('SerialLogBuffer', () => {
  it('shows a page as plain text, with the boot it begins with', () => {
    const b = new SerialLogBuffer();
    b.reset(page({ text: '\x1b[32mOK\x1b[0m started\r\nlogin: ', from: 0, boots: [BOOT_1] }));
    expect(b.text).toBe(`${bootLine(BOOT_1)}\nOK started\nlogin: `);
    expect(b.from).toBe(0);
    expect(b.to).toBe(new TextEncoder().encode('\x1b[32mOK\x1b[0m started\r\nlogin: ').length);
    expect(b.hasEarlier).toBe(false);
  });

  it('appends follow events, skipping output it already has and saying when some was lost', () => {
    const b = new SerialLogBuffer();
    b.reset(page({ text: 'abc\n', from: 10, start: 0 }));
    expect(b.hasEarlier).toBe(true);
    b.appendChunk({ from: 14, to: 18, text: 'def\n' });
    b.appendChunk({ from: 14, to: 18, text: 'def\n' }); // a repeat after a reconnect
    b.appendChunk({ from: 16, to: 20, text: 'f\ngh' }); // overlaps: only "gh" is new
    expect(b.text).toBe('abc\ndef\ngh');
    expect(b.to).toBe(20);
    b.appendChunk({ from: 30, to: 33, text: 'xyz' });
    expect(b.text).toContain('[… 10 bytes of output were no longer kept …]');
    expect(b.text.endsWith('xyz')).toBe(true);
    expect(b.to).toBe(33);
  });

  it('joins a line split between two events, escape sequences included', () => {
    const b = new SerialLogBuffer();
    b.reset(page({ text: 'Welcome \x1b[1', from: 0 }));
    b.appendChunk({ from: 11, to: 24, text: 'mto\x1b[0m web\n' });
    expect(b.text).toBe('Welcome to web\n');
  });

  it('catches up with a page from where it stands', () => {
    const b = new SerialLogBuffer();
    b.reset(page({ text: 'one\n', from: 0 }));
    b.appendPage(page({ text: 'ne\ntwo\n', from: 1 }));
    expect(b.text).toBe('one\ntwo\n');
    b.appendPage(page({ text: 'two\n', from: 4 })); // nothing new
    expect(b.text).toBe('one\ntwo\n');
  });

  it('loads earlier output in front, up to where the view began', () => {
    const b = new SerialLogBuffer();
    b.reset(page({ text: 'second boot\n', from: BOOT_2.offset, start: 0, boots: [BOOT_1, BOOT_2] }));
    expect(b.hasEarlier).toBe(true);
    // The page read from an earlier offset runs past where the view begins; only the part before it is used.
    b.prependPage(page({ text: 'first boot: login: \nsecond boot\n', from: 0, start: 0, boots: [BOOT_1, BOOT_2] }));
    expect(b.from).toBe(0);
    expect(b.hasEarlier).toBe(false);
    expect(b.text.split('\n')).toEqual([bootLine(BOOT_1), 'first boot: login: ', bootLine(BOOT_2), 'second boot', '']);
  });

  it('rejoins a line the first page cut in the middle', () => {
    const b = new SerialLogBuffer();
    b.reset(page({ text: 'llo world\n', from: 2, start: 0 }));
    b.prependPage(page({ text: 'hello world\n', from: 0 }));
    expect(b.text).toBe('hello world\n');
  });

  it('drops the oldest lines past its cap and stops offering earlier output', () => {
    const b = new SerialLogBuffer(100);
    b.reset(page({ text: '', from: 0 }));
    for (let i = 0; i < 20; i++) b.appendChunk({ from: i * 10, to: i * 10 + 10, text: `line ${String(i).padStart(3, '0')}\n` });
    expect(b.text.length).toBeLessThanOrEqual(100);
    expect(b.text.endsWith('line 019\n')).toBe(true);
    expect(b.trimmed).toBe(true);
    expect(b.hasEarlier).toBe(false);
  });
});
