import { overlap, planSeed } from './serial-seed';

const b = (s: string) => Buffer.from(s);
const seed = (log: string, have: number, anchor: string, early: string, logStart = 0) =>
  planSeed({ log: b(log), logStart, have, anchor: b(anchor), early: b(early) }).toString();

describe('overlap', () => {
  it('finds the longest suffix of a that starts b', () => {
    expect(overlap(b('hello wor'), b('world'))).toBe(3);
    expect(overlap(b('abcabc'), b('abcabcx'))).toBe(6);
    expect(overlap(b('aaaa'), b('aa'))).toBe(2);
    expect(overlap(b('abc'), b('xyz'))).toBe(0);
    expect(overlap(b(''), b('x'))).toBe(0);
    expect(overlap(b('x'), b(''))).toBe(0);
  });

  it('treats every byte value as data (no separator collisions)', () => {
    const a = Buffer.from([0, 255, 1, 2]);
    expect(overlap(a, Buffer.from([1, 2, 255]))).toBe(2);
    expect(overlap(Buffer.from([0xff]), Buffer.from([0xff, 0]))).toBe(1);
  });
});

describe('planSeed', () => {
  it('a boot the panel never saw: the whole log, minus what the attachment already delivered', () => {
    expect(seed('kernel\nCLAN-BOOT\nlogin: ', 0, '', 'login: ')).toBe('kernel\nCLAN-BOOT\n');
    expect(seed('kernel\n', 0, '', '')).toBe('kernel\n');
  });

  it('the panel was away for a while: only the part after what the ring has', () => {
    expect(seed('one\ntwo\nthree\n', 4, 'one\n', '')).toBe('two\nthree\n');
    expect(seed('one\ntwo\nthree\n', 4, 'one\n', 'three\nfour')).toBe('two\n');
  });

  it('nothing was missed: nothing to add', () => {
    expect(seed('one\ntwo\n', 8, 'two\n', '')).toBe('');
  });

  it('the ring and the log disagree on the length: realigns on the ring tail', () => {
    // The ring has 2 bytes more than the log for this boot (e.g. a line ending added by virsh).
    expect(seed('prompt$ ls\nfile\n', 12, 'ls\n\r\n', '')).toBe('');
    expect(seed('prompt$ ls\nfile\nmore\n', 9, 'pt$ ls\n', '')).toBe('file\nmore\n');
  });

  it('only the end of a long log was read: positions are absolute', () => {
    expect(seed('cdefgh', 4, 'bcd', 'gh', 2)).toBe('ef');
  });

  it('cannot align (log rotated past the ring): adds nothing rather than repeating output', () => {
    expect(seed('unrelated output', 100, 'ring tail', '')).toBe('');
  });
});
