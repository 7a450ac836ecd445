import { CommandError } from '../process/process-runner';
import { nixSaid } from './nix-cli';

describe("nixSaid: Nix's own words for a sentence", () => {
  it('takes the last line that mentions an error, without its prefix', () => {
    const stderr =
      "warning: Git tree '/x' is dirty\nerror: cannot lock flake 'path:/tmp/x'\n       … while updating the lock file\nerror: getting status of '/nonexistent': No such file or directory\n";
    expect(nixSaid(new CommandError('nix failed', 1, stderr))).toBe("getting status of '/nonexistent': No such file or directory");
  });

  it('falls back to the last line Nix printed, then to the error itself', () => {
    expect(nixSaid(new CommandError('nix failed', 1, 'building…\nsomething went sideways\n'))).toBe('something went sideways');
    expect(nixSaid(new CommandError('nix failed (exit status 1)', 1, ''))).toBe('nix failed (exit status 1)');
    expect(nixSaid(new Error('timed out after 120 s'))).toBe('timed out after 120 s');
  });

  it('says a missing Nix is missing, not what it did not print', () => {
    const missing = new CommandError('nix is not installed: install the Debian package nix-bin.', null, '', true);
    expect(nixSaid(missing)).toBe('nix is not installed: install the Debian package nix-bin.');
  });
});
