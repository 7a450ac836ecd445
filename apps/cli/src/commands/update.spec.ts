import { renderUpdates } from './update';

const plain = (_style: string, text: string) => text;
const now = new Date('2026-12-07T12:00:00Z');
const REV = '42f252a9c6679fb484cb24e583d96234cddbe4ac';
const NEXT = '0123456789abcdef0123456789abcdef01234567';
const input = {
  input: 'clan',
  currentRev: REV,
  currentDate: null,
  latestRev: NEXT,
  latestDate: null,
  checkedAt: '2026-12-07T11:00:00Z',
  error: null,
};

describe('renderUpdates', () => {
  it('shows the pin, the latest revision and whether an update is available', () => {
    const text = renderUpdates(
      [
        { network: 'family', updates: { upstream: 'git+file:///srv/clan?ref=main', inputs: [{ ...input, available: true }] } },
        { network: 'lab', updates: { upstream: null, inputs: [] } },
      ],
      now,
      plain,
    );
    expect(text).toContain('git+file:///srv/clan?ref=main');
    expect(text).toContain(REV.slice(0, 7));
    expect(text).toContain('update available');
    expect(text).toContain("the panel's flake (no lock)");
  });
  it('says when a check failed or never ran', () => {
    const failed = renderUpdates(
      [
        {
          network: 'family',
          updates: { upstream: 'u', inputs: [{ ...input, available: false, error: 'The upstream u could not be read.' }] },
        },
      ],
      now,
      plain,
    );
    expect(failed).toContain('could not be read');
    const never = renderUpdates(
      [{ network: 'f', updates: { upstream: 'u', inputs: [{ ...input, available: false, checkedAt: null }] } }],
      now,
      plain,
    );
    expect(never).toContain('not checked yet');
  });
});
