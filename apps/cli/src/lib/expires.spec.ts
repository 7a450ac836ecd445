import { UsageError } from './errors';
import { parseExpires } from './expires';

const NOW = new Date('2025-11-23T12:00:00Z');

describe('parseExpires', () => {
  it.each([
    ['12h', '2025-11-24T00:00:00.000Z'],
    ['30d', '2025-12-23T12:00:00.000Z'],
    ['2w', '2025-12-07T12:00:00.000Z'],
    ['1y', '2026-11-23T12:00:00.000Z'],
    ['2026-01-31', '2026-01-31T23:59:59.000Z'],
    ['2026-01-31T08:00:00Z', '2026-01-31T08:00:00.000Z'],
    ['2026-01-31 08:00:00+02:00', '2026-01-31T06:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseExpires(input, NOW)).toBe(expected);
  });

  it.each(['tomorrow', '0d', '-3d', '30x', '2024-01-01', '2026-13-45'])('rejects %s as a usage error', (input) => {
    expect(() => parseExpires(input, NOW)).toThrow(UsageError);
  });

  it('names the option in its message', () => {
    expect(() => parseExpires('soon', NOW)).toThrow(/--expires: "soon"/);
  });
});
