/**
 * The contract's core promise, checked against the real evaluator: whatever a
 * user types reaches Nix only through builtins.fromJSON (builtins.readFile
 * ./configs.json) and arrives exactly as TypeScript validated it, and every
 * generated .nix file parses. Thousands of generated configs with hostile
 * strings, batched so one nix-instantiate call checks a whole batch.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { HOSTILE_FRAGMENTS, networkConfigs } from '../../test/arbitraries';
import { renderNetworkRepo } from '../lib/repo';
import { nixEvalJson, nixParse } from './nix';

const BATCH = 50;
const RUNS = 100;
const URL = 'git+https://git.clan.example/clan';

describe('configs.json through real Nix (nix-instantiate; Debian package nix-bin)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nix-schema-roundtrip-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(`returns exactly the validated value for ${BATCH * RUNS} generated configs, and every generated .nix file parses`, async () => {
    let batchNo = 0;
    let networks = 0;
    let machines = 0;
    let nixFiles = 0;
    let longStrings = 0;
    const seenFragments = new Set<string>();

    await fc.assert(
      fc.asyncProperty(fc.array(networkConfigs, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const dir = join(root, `batch-${batchNo++}`);
        const expected: unknown[] = [];
        const parseTargets: string[] = [];
        batch.forEach((configs, i) => {
          const repo = renderNetworkRepo({ configs, clanFlakeUrl: URL });
          for (const [path, contents] of Object.entries(repo.files)) {
            const file = join(dir, String(i), path);
            mkdirSync(join(file, '..'), { recursive: true });
            writeFileSync(file, contents);
            if (path.endsWith('.nix')) parseTargets.push(file);
          }
          expected.push(repo.configs);
          // Statistics only: shows the generator really produces what the test claims.
          const json = repo.files['configs.json'];
          for (const f of HOSTILE_FRAGMENTS) if (json.includes(JSON.stringify(f).slice(1, -1))) seenFragments.add(f);
          if (/[^"]{10000}/.test(json)) longStrings++;
        });
        const reads = batch.map((_, i) => `  (builtins.fromJSON (builtins.readFile ./${i}/configs.json))`).join('\n');
        writeFileSync(join(dir, 'eval.nix'), `[\n${reads}\n]\n`);

        const fromNix = await nixEvalJson<unknown[]>({ file: join(dir, 'eval.nix') });
        expect(fromNix).toHaveLength(batch.length);
        const mismatch = fromNix.findIndex((value, i) => !isDeepStrictEqual(value, expected[i]));
        if (mismatch >= 0) {
          throw new Error(
            `Nix read configs #${mismatch} differently:\n  TS:  ${JSON.stringify(expected[mismatch]).slice(0, 2000)}\n  Nix: ${JSON.stringify(fromNix[mismatch]).slice(0, 2000)}`,
          );
        }
        await nixParse(parseTargets);

        networks += batch.length;
        machines += batch.reduce((n, c) => n + Object.keys(c).length, 0);
        nixFiles += parseTargets.length;
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: RUNS },
    );

    expect(networks).toBe(BATCH * RUNS);
    expect(machines).toBeGreaterThan(networks);
    expect(nixFiles).toBe(networks + machines);
    // The hostile inputs really were exercised (quotes, ${, '', backslashes, newlines, astral chars, long values).
    for (const f of ['"', '${', "''", '\\', '\n', '😀', '𝕏']) expect(seenFragments).toContain(f);
    expect(longStrings).toBeGreaterThan(0);
  }, 400_000);
});
