import { MemoryScrollback } from './memory-scrollback';

describe('MemoryScrollback', () => {
  it('keeps the last `capacity` bytes with absolute offsets', () => {
    const s = new MemoryScrollback(8);
    expect(s.append(Buffer.from('hello'))).toBe(0);
    expect(s.append(Buffer.from(' world'))).toBe(5);
    expect(s.end).toBe(11);
    expect(s.start).toBe(3);
    expect(s.read(0)).toEqual({ from: 3, data: Buffer.from('lo world') });
    expect(s.read(9)).toEqual({ from: 9, data: Buffer.from('ld') });
    expect(s.read(11)).toEqual({ from: 11, data: Buffer.alloc(0) });
    expect(s.read(50)).toEqual({ from: 11, data: Buffer.alloc(0) });
  });

  it('cuts a single chunk larger than the capacity', () => {
    const s = new MemoryScrollback(4);
    s.append(Buffer.from('0123456789'));
    expect(s.read(0)).toEqual({ from: 6, data: Buffer.from('6789') });
  });
});
