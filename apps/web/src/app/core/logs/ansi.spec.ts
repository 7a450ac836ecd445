import { AnsiStripper, stripAnsi } from './ansi';

describe('stripAnsi', () => {
  it('drops colours, cursor moves and mode switches', () => {
    expect(stripAnsi('\x1b[0;32m  OK  \x1b[0m] Started \x1b[1;39mnginx.service\x1b[0m.\r\n')).toBe('  OK  ] Started nginx.service.\n');
    expect(stripAnsi('\x1b[?25l\x1b[2J\x1b[Hhello\x1b[K')).toBe('hello');
    expect(stripAnsi('a\x1b[38;2;255;0;0mb')).toBe('ab');
  });

  it('drops window titles (OSC) ended by BEL or ST, and two-byte sequences', () => {
    expect(stripAnsi('\x1b]0;root@web: ~\x07root@web:~# ')).toBe('root@web:~# ');
    expect(stripAnsi('\x1b]2;title\x1b\\x')).toBe('x');
    expect(stripAnsi('\x1b7saved\x1b8\x1b(Bdone')).toBe('saveddone');
  });

  it('normalises CRLF, and keeps what a carriage return drew last', () => {
    expect(stripAnsi('one\r\ntwo\r\n')).toBe('one\ntwo\n');
    expect(stripAnsi('progress 10%\rprogress 55%\rprogress 100%\n')).toBe('progress 100%\n');
    expect(stripAnsi('abcdef\rXY\n')).toBe('XYcdef\n');
  });

  it('applies backspaces and drops bells and other stray controls, keeping tabs', () => {
    expect(stripAnsi('pa\bX\x07ss\tword\x00\n')).toBe('pXss\tword\n');
  });

  it('keeps text that has no escapes, unicode included', () => {
    expect(stripAnsi('third entry ☃ ✓\n')).toBe('third entry ☃ ✓\n');
  });
});

describe('AnsiStripper', () => {
  it('holds an escape sequence split across chunks until it is complete', () => {
    const s = new AnsiStripper();
    expect(s.push('red: \x1b[3')).toBe('');
    expect(s.peek()).toBe('red: ');
    expect(s.push('1mERROR\x1b[0m\n')).toBe('red: ERROR\n');
    expect(s.peek()).toBe('');
  });

  it('returns complete lines and keeps the unfinished one pending (peek shows it)', () => {
    const s = new AnsiStripper();
    expect(s.push('line 1\nline')).toBe('line 1\n');
    expect(s.peek()).toBe('line');
    expect(s.push(' 2\nlogin: ')).toBe('line 2\n');
    expect(s.flush()).toBe('login: ');
    expect(s.peek()).toBe('');
  });

  it('draws a line redrawn with \\r across chunks once, as last drawn', () => {
    const s = new AnsiStripper();
    expect(s.push('[  10%]')).toBe('');
    expect(s.push('\r[  60%]')).toBe('');
    expect(s.peek()).toBe('[  60%]');
    expect(s.push('\r[ 100%]\r')).toBe('');
    expect(s.push('\ndone\n')).toBe('[ 100%]\ndone\n');
  });

  it('gives up on an unterminated sequence that runs too long', () => {
    const s = new AnsiStripper();
    const out = s.push(`\x1b]0;${'x'.repeat(5000)}`) + s.push('\nafter\n');
    expect(out.endsWith('after\n')).toBe(true);
  });
});
