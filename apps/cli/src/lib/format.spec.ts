import { formatDuration, formatTimestamp, keyValues, painter, progressBar, relativeTime, table, visibleWidth } from './format';

const NOW = new Date('2025-11-23T12:00:00Z');

describe('table', () => {
  it('aligns columns under upper-case headers without trailing blanks', () => {
    const out = table(
      [
        { a: 'x', b: 'long value', n: '5' },
        { a: 'longer', b: 'v', n: '120' },
      ],
      [
        { header: 'name', value: (r) => r.a },
        { header: 'n', value: (r) => r.n, align: 'right' },
        { header: 'what', value: (r) => r.b },
      ],
    );
    expect(out.split('\n')).toEqual(['NAME      N  WHAT', 'x         5  long value', 'longer  120  v']);
  });

  it('ignores colour codes when measuring', () => {
    const red = painter(true)('red', 'bad');
    expect(visibleWidth(red)).toBe(3);
    const out = table(
      [{ s: red }, { s: 'ok' }],
      [
        { header: 'status', value: (r) => r.s },
        { header: 'x', value: () => '1' },
      ],
    );
    const lines = out.split('\n');
    expect(lines[1]).toBe('\u001b[31mbad\u001b[0m     1');
    expect(lines[2]).toBe('ok      1');
  });
});

describe('keyValues', () => {
  it('aligns values and leaves out undefined rows', () => {
    expect(
      keyValues([
        ['Task', '1'],
        ['Message', undefined],
        ['Started by', 'ann'],
      ]),
    ).toBe('Task:        1\nStarted by:  ann');
  });
});

describe('relativeTime', () => {
  it.each([
    ['2025-11-23T11:59:55Z', 'just now'],
    ['2025-11-23T11:59:30Z', '30 s ago'],
    ['2025-11-23T11:55:00Z', '5 min ago'],
    ['2025-11-23T09:00:00Z', '3 h ago'],
    ['2025-11-20T12:00:00Z', '3 d ago'],
    ['2025-12-23T12:00:00Z', 'in 30 d'],
    ['2026-01-23T12:00:00Z', 'in 2 mo'],
    ['2025-12-22T12:00:00Z', 'in 29 d'],
    ['2023-11-23T12:00:00Z', '2 y ago'],
  ])('%s → %s', (when, expected) => {
    expect(relativeTime(when, NOW)).toBe(expected);
  });

  it('shows a dash for missing or broken dates', () => {
    expect(relativeTime(null, NOW)).toBe('—');
    expect(relativeTime('not a date', NOW)).toBe('—');
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [4200, '4.2 s'],
    [42_000, '42 s'],
    [185_000, '3m 05s'],
    [7_620_000, '2h 07m'],
    [-1, '—'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('progressBar', () => {
  it('fills in proportion and clamps', () => {
    expect(progressBar(0)).toBe('[░░░░░░░░░░]   0%');
    expect(progressBar(60)).toBe('[██████░░░░]  60%');
    expect(progressBar(100)).toBe('[██████████] 100%');
    expect(progressBar(150)).toBe('[██████████] 100%');
    expect(progressBar(Number.NaN)).toBe('[░░░░░░░░░░]   0%');
    expect(progressBar(50, 4)).toBe('[██░░]  50%');
  });
});

describe('formatTimestamp', () => {
  it('prints UTC without milliseconds', () => {
    expect(formatTimestamp('2025-11-23T10:49:00.123Z')).toBe('2025-11-23 10:49:00 UTC');
    expect(formatTimestamp(undefined)).toBe('—');
  });
});

describe('painter', () => {
  it('adds no codes when disabled', () => {
    expect(painter(false)('red', 'x')).toBe('x');
    expect(painter(true)('red', 'x')).toBe('\u001b[31mx\u001b[0m');
  });
});
