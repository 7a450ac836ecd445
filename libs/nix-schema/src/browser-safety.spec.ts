import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** Files reachable from `entry` through relative imports, and the packages they import. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s([^'"]*?)from\s+['"]([^'"]+)['"]/g)) {
      const spec = match[2];
      // A type-only import is erased: it puts nothing into a bundle.
      if (/^type\s/.test(match[1]) && !spec.startsWith('.')) continue;
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const base = join(dirname(file), spec);
      const resolved = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (!resolved) throw new Error(`cannot resolve ${spec} from ${file}`);
      queue.push(resolved);
    }
  }
  return { files, packages };
}

describe('browser safety of @clan/nix-schema (tag type:shared)', () => {
  const graph = importGraph(join(__dirname, 'index.ts'));

  it('imports only browser-safe libraries from the main entry: no Node built-ins, no fast-check', () => {
    const node = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect([...graph.packages].filter((p) => node.has(p))).toEqual([]);
    // Browser-safe libraries only: zod, ipaddr.js (IPv6 text), jsonc-parser (JSON positions).
    expect([...graph.packages].sort()).toEqual(['ipaddr.js', 'jsonc-parser', 'zod']);
  });

  it('does not reach the Node-only helpers', () => {
    const reached = graph.files.map((f) => relative(__dirname, f));
    expect(reached).toContain('lib/config-schema.ts');
    expect(reached.filter((f) => f.startsWith('node') || f.includes('spec'))).toEqual([]);
  });
});
