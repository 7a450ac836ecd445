import { absolutePathProblem, cronProblem, readDataSubsetProblem } from './backup-validation';

describe('backup input checks', () => {
  it('accepts five-field cron and explains the rest', () => {
    expect(cronProblem('0 3 * * *')).toBeNull();
    expect(cronProblem('*/15 * * * 1-5')).toBeNull();
    expect(cronProblem('0 3 * *')).toMatch(/five fields/);
    expect(cronProblem('0 0 3 * * *')).toMatch(/five fields.*got 6/);
    expect(cronProblem('61 3 * * *')).toMatch(/not a valid cron expression/);
    expect(cronProblem('every day')).toMatch(/five fields/);
  });

  it('accepts restic read-data-subset forms', () => {
    for (const ok of ['10%', '2.5%', '100%', '1/5', '5/5']) expect(readDataSubsetProblem(ok)).toBeNull();
    for (const bad of ['0%', '101%', '6/5', '0/5', 'all', '10', '1/0']) expect(readDataSubsetProblem(bad)).not.toBeNull();
  });

  it('wants absolute normalised paths', () => {
    expect(absolutePathProblem('/srv/photos')).toBeNull();
    expect(absolutePathProblem('srv/photos')).toMatch(/not an absolute path/);
    expect(absolutePathProblem('/srv/../etc')).toMatch(/"\.\."/);
    expect(absolutePathProblem('/srv/a\nb')).toMatch(/control characters/);
  });
});
