import { mergeLog } from './task-viewer';
import { safeReturnUrl } from '../core/auth/return-url';

const line = (seq: number, text = `line ${seq}`) => ({
  seq,
  at: '2026-11-23T10:00:00Z',
  level: 'info' as const,
  text,
});

describe('mergeLog', () => {
  it('merges the REST backlog and live lines by sequence number, without duplicates', () => {
    const live = [line(5), line(6)];
    const backlog = [line(1), line(2), line(3), line(4), line(5)];
    expect(mergeLog(live, backlog).map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps the current array when nothing new arrives', () => {
    const current = [line(1)];
    expect(mergeLog(current, [])).toBe(current);
  });
});

describe('safeReturnUrl', () => {
  it('accepts same-site paths only', () => {
    expect(safeReturnUrl('/networks/abc/members')).toBe('/networks/abc/members');
    expect(safeReturnUrl('//evil.example/x')).toBe('/');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl('/login?x=1')).toBe('/');
    expect(safeReturnUrl(undefined)).toBe('/');
  });
});
