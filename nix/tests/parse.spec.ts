/** Every .nix file of the flake is valid Nix (nix-instantiate --parse also rejects undefined variables). */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NIX_DIR, parseFile } from './support/nix';

function nixFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : nixFiles(path);
    return entry.name.endsWith('.nix') ? [path] : [];
  });
}

const files = nixFiles(NIX_DIR);

describe('nix-instantiate --parse', () => {
  it('finds the flake, the library, the modules, the checks and the fixtures', () => {
    const names = files.map((f) => relative(NIX_DIR, f));
    for (const expected of [
      'flake.nix',
      'lib/default.nix',
      'modules/default.nix',
      'modules/core.nix',
      'modules/vm-guest.nix',
      'checks/default.nix',
      'checks/vm-guest.nix',
      'tests/fixtures/network/flake.nix',
    ]) {
      expect(names).toContain(expected);
    }
    expect(names.filter((n) => n.startsWith('lib/apps/'))).toHaveLength(9);
    expect(names.filter((n) => n.startsWith('modules/apps/'))).toHaveLength(9);
  });

  it.each(files.map((f) => [relative(NIX_DIR, f), f]))('%s parses', (_name, file) => {
    expect(() => parseFile(file)).not.toThrow();
  });
});
