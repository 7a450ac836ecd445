import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyResticFailure, resticErrorSummary, type ResticErrorClass } from './restic-errors';

/** Real stderr of failing restic runs, captured by fixtures/capture.sh on Debian's restic 0.14. */
const FIXTURES = join(__dirname, 'fixtures');
const captured = (name: string) => ({
  stderr: readFileSync(join(FIXTURES, `${name}.stderr`), 'utf8'),
  exit: Number(readFileSync(join(FIXTURES, `${name}.exit`), 'utf8').trim()),
});

const EXPECTED: Record<string, ResticErrorClass> = {
  'repository-missing': 'repository-missing',
  'wrong-password': 'wrong-password',
  locked: 'repository-locked',
  'locked-exclusively': 'repository-locked',
  'source-unreadable': 'source-unreadable',
  'source-missing': 'source-missing',
  'check-corrupted': 'repository-damaged',
};

describe('classifyResticFailure on real restic 0.14 stderr', () => {
  const old = { detailedExitCodes: false };

  it('has a captured run for every case', () => {
    const names = readdirSync(FIXTURES)
      .filter((f) => f.startsWith('0.14.0-') && f.endsWith('.stderr'))
      .map((f) => f.slice('0.14.0-'.length, -'.stderr'.length));
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s → %s', (name, cls) => {
    const run = captured(`0.14.0-${name}`);
    expect(run.exit).not.toBe(0);
    expect(classifyResticFailure(run.exit, run.stderr, old)).toBe(cls);
  });

  it('source-unreadable is exit 3 even without stderr (documented since 0.9)', () => {
    expect(classifyResticFailure(3, '', old)).toBe('source-unreadable');
  });

  it('summarises the Fatal line without JSON records', () => {
    expect(resticErrorSummary(captured('0.14.0-wrong-password').stderr)).toBe('wrong password or no key found');
    expect(resticErrorSummary(captured('0.14.0-repository-missing').stderr)).toBe(
      'unable to open config file: stat /WORK/missing/config: no such file or directory Is there a repository at the following location? /WORK/missing',
    );
    expect(resticErrorSummary(captured('0.14.0-source-unreadable').stderr)).toBe('Warning: at least one source file could not be read');
  });
});

describe('classifyResticFailure with restic ≥ 0.17 exit codes', () => {
  const modern = { detailedExitCodes: true };

  it.each([
    [10, 'repository-missing'],
    [11, 'repository-locked'],
    [12, 'wrong-password'],
    [3, 'source-unreadable'],
    [130, 'cancelled'],
  ] as const)('exit %i → %s whatever stderr says', (code, cls) => {
    expect(classifyResticFailure(code, 'Fatal: something', modern)).toBe(cls);
  });

  it('falls back to stderr for exit 1', () => {
    expect(classifyResticFailure(1, captured('0.14.0-check-corrupted').stderr, modern)).toBe('repository-damaged');
    expect(classifyResticFailure(1, 'Fatal: network is down', modern)).toBe('other');
  });

  it('does not trust 10–12 from an older restic', () => {
    expect(classifyResticFailure(12, 'Fatal: something else', { detailedExitCodes: false })).toBe('other');
  });
});
