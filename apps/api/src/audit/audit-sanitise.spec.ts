import { parseSpool, toSpoolLine } from './audit-spool';
import { MAX_DETAILS_CHARS, sanitiseDetails, sanitiseText, sanitiseValue } from './audit-sanitise';
import { storableEntry } from './audit.service';

describe('audit sanitising', () => {
  it('escapes control characters visibly, keeps tab and newlines, replaces lone surrogates', () => {
    expect(sanitiseText('a\u0000b\u001bc')).toBe('a\\u0000b\\u001bc');
    expect(sanitiseText('line\n\ttab\r')).toBe('line\n\ttab\r');
    expect(sanitiseText('x\ud800y\udc00')).toBe('x\ufffdy\ufffd');
    expect(sanitiseText('👩‍👩‍👧')).toBe('👩‍👩‍👧');
  });

  it('sanitises every string and property name, and bounds depth', () => {
    expect(sanitiseValue({ 'k\u0000': ['v\u0000', 1, null, true, { deep: 'x\u0001' }] })).toEqual({
      'k\\u0000': ['v\\u0000', 1, null, true, { deep: 'x\\u0001' }],
    });
    let nested: unknown = 'leaf';
    for (let i = 0; i < 20; i++) nested = { n: nested };
    expect(JSON.stringify(sanitiseValue(nested))).toContain('[too deep]');
  });

  it('summarises details too large to keep', () => {
    const body = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field${i}`, 'x'.repeat(500)]));
    const out = sanitiseDetails({ body });
    expect(JSON.stringify(out).length).toBeLessThan(MAX_DETAILS_CHARS);
    expect(out['summarised']).toMatch(/only their outline is kept/);
    expect((out['body'] as { properties: string[] }).properties).toHaveLength(50);
  });

  it('makes an entry fit its columns', () => {
    const row = storableEntry({
      at: new Date('2026-01-01T00:00:00Z'),
      userId: 'not-a-uuid',
      username: `an\u0000na${'x'.repeat(100)}`,
      tokenId: null,
      ip: '127.0.0.1',
      action: 'network.update',
      method: 'PATCH',
      path: '/api/networks/:networkId',
      targetType: 'network',
      targetId: 'n\u0000',
      networkId: null,
      statusCode: 400,
      result: 'failure',
      errorCode: 'VALIDATION_FAILED',
      correlationId: 'c1',
      details: { body: { description: 'a\u0000' } },
    });
    expect(row).toMatchObject({ userId: null, targetId: 'n\\u0000', details: { body: { description: 'a\\u0000' } } });
    expect(row.username).toHaveLength(64);
    expect(row.username?.startsWith('an\\u0000na')).toBe(true);
  });

  it('round-trips spool lines and skips a torn last line', () => {
    const entry = storableEntry({
      at: new Date('2026-01-01T00:00:00Z'),
      userId: null,
      username: null,
      tokenId: null,
      ip: null,
      action: 'a',
      method: 'POST',
      path: '/api/x',
      targetType: null,
      targetId: null,
      networkId: null,
      statusCode: 201,
      result: 'success',
      errorCode: null,
      correlationId: 'c2',
      details: {},
    });
    const text = toSpoolLine(entry) + toSpoolLine({ ...entry, correlationId: 'c3' }) + '{"at":"2026-01-01T0';
    const parsed = parseSpool(text);
    expect(parsed.map((e) => e.correlationId)).toEqual(['c2', 'c3']);
    expect(parsed[0].at).toEqual(entry.at);
  });
});
