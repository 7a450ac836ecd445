/**
 * The generated flake.nix evaluated by real Nix (flakes, offline): a stub cLAN
 * flake stands in for the real one through --override-input, as the contract
 * allows, so this checks the boilerplate itself: its one input, fromJSON,
 * overrides and the nixosConfigurations wiring (clan.lib.nixosConfigurations).
 * Also proves the flake URL cannot break out of its string.
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostileText } from '../../test/arbitraries';
import { nixString } from '../lib/nix-string';
import { marketplaceInputName, marketplaceInputUrl, type MarketplaceAppPin } from '../lib/marketplace-apps';
import { CLAN_FLAKE_URL_PATTERN, renderFlakeNix, renderNetworkRepo } from '../lib/repo';
import { nixEvalFlakeJson, nixEvalJson, nixParse } from './nix';
import { writeNetworkRepo } from './repo-fs';

const URL = 'git+https://git.clan.example/clan';

describe('generated flake.nix under real Nix (need Debian nix-bin)', () => {
  let root: string;
  let stubClan: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nix-schema-flake-'));
    stubClan = join(root, 'stub-clan');
    mkdirSync(stubClan);
    // Mirrors the contract's signatures: generateNixosModules { configs, overrides ? null } and
    // nixosConfigurations { configs, overrides ? null, nixosModules } (the real one calls nixosSystem).
    writeFileSync(
      join(stubClan, 'flake.nix'),
      `{
  outputs = { self }: {
    lib.generateNixosModules = { configs, overrides ? null, marketplace ? null }:
      builtins.mapAttrs (name: config: {
        clan = config;
        override = if overrides != null && builtins.pathExists (overrides + "/\${name}.nix") then import (overrides + "/\${name}.nix") { } else null;
      } // (if marketplace == null then { } else { inherit marketplace; })) configs;
    lib.nixosConfigurations = { configs, overrides ? null, marketplace ? null, nixosModules }:
      builtins.mapAttrs (name: config: {
        system = config.system or "x86_64-linux";
        module = nixosModules.\${name};
        overridesDir = overrides != null;
      }) configs;
  };
}
`,
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function evalRepo(dir: string, attr: string): Promise<unknown> {
    return nixEvalFlakeJson(`path:${dir}#${attr}`, { overrideInputs: { clan: `path:${stubClan}` } });
  }

  it('exposes the configs, one module per machine (with its override) and one nixosSystem per machine', async () => {
    const configs = {
      anna: {
        networkLayer: 'yggdrasil',
        applications: { mumbleServer: { enable: true, welcomeText: '"${builtins.abort "pwned"}\'\' \\ \n 😀' } },
      },
      bob: { system: 'aarch64-linux' },
    };
    const repo = renderNetworkRepo({ configs, clanFlakeUrl: URL });
    const dir = join(root, 'repo-two');
    await writeNetworkRepo(dir, repo);
    writeFileSync(join(dir, 'overrides', 'bob.nix'), '{ ... }: { services.openssh.enable = true; }\n');

    expect(await evalRepo(dir, 'clanConfigs')).toEqual(repo.configs);
    expect(await evalRepo(dir, 'nixosModules')).toEqual({
      anna: { clan: repo.configs['anna'], override: {} },
      bob: { clan: repo.configs['bob'], override: { services: { openssh: { enable: true } } } },
    });
    // nixosConfigurations come from clan.lib.nixosConfigurations, given the flake's own nixosModules.
    expect(await evalRepo(dir, 'nixosConfigurations')).toEqual({
      anna: { system: 'x86_64-linux', module: { clan: repo.configs['anna'], override: {} }, overridesDir: true },
      bob: {
        system: 'aarch64-linux',
        module: { clan: repo.configs['bob'], override: { services: { openssh: { enable: true } } } },
        overridesDir: true,
      },
    });
  }, 60_000);

  it('works for a network without machines (no overrides directory)', async () => {
    const dir = join(root, 'repo-empty');
    await writeNetworkRepo(dir, renderNetworkRepo({ configs: {}, clanFlakeUrl: URL }));
    expect(await evalRepo(dir, 'clanConfigs')).toEqual({});
    expect(await evalRepo(dir, 'nixosModules')).toEqual({});
    expect(await evalRepo(dir, 'nixosConfigurations')).toEqual({});
  }, 60_000);

  it('reads each marketplace app from its mirror at the pinned revision and hands them to the cLAN lib', async () => {
    // A source with one app, mirrored bare (as the panel does) and pinned under refs/clan/pins/<rev>.
    const source = join(root, 'mp-source');
    mkdirSync(source);
    writeFileSync(
      join(source, 'flake.nix'),
      '{ outputs = { self }: { clanMarketplace.apps.pinBoard = { title = "Pin board"; }; clanMarketplace.apps."let" = { title = "Let"; }; }; }\n',
    );
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd, encoding: 'utf8' }).trim();
    git(source, 'init', '-q');
    git(source, 'add', 'flake.nix');
    git(source, 'commit', '-q', '-m', 'app');
    const rev = git(source, 'rev-parse', 'HEAD');
    const mirror = join(root, 'mirrors', 'src1.git');
    git(root, 'clone', '-q', '--bare', source, mirror);
    git(mirror, 'update-ref', `refs/clan/pins/${rev}`, rev);
    // Later commits on the branch do not move the pin.
    writeFileSync(join(source, 'flake.nix'), '{ outputs = { self }: { clanMarketplace.apps.pinBoard = { title = "moved"; }; }; }\n');
    git(source, 'commit', '-q', '-am', 'moved');
    git(source, 'push', '-q', mirror, 'HEAD:refs/heads/master', 'HEAD:refs/heads/main');

    const pin = (key: string): MarketplaceAppPin => ({
      input: marketplaceInputName(key),
      url: marketplaceInputUrl(mirror, rev),
      source: { id: 'src1', name: 'example', url: source },
      rev,
      narHash: 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
      title: key,
      description: 'An app.',
      enabledBy: 'presence',
      options: { heading: { type: 'string', default: 'Hi', description: 'Heading.' } },
      ports: [],
      web: null,
      statePaths: [],
      acceptedAt: '2026-12-01T10:00:00.000Z',
      acceptedBy: null,
    });
    const repo = renderNetworkRepo({
      configs: { anna: { applications: { pinBoard: {} } } },
      clanFlakeUrl: URL,
      marketplace: { pinBoard: pin('pinBoard'), let: pin('let') },
    });
    const dir = join(root, 'repo-marketplace');
    await writeNetworkRepo(dir, repo);
    const modules = (await evalRepo(dir, 'nixosModules')) as Record<string, { clan: unknown; marketplace: unknown }>;
    expect(modules['anna'].clan).toEqual(repo.configs['anna']);
    expect(modules['anna'].marketplace).toEqual({ let: { title: 'Let' }, pinBoard: { title: 'Pin board' } });
    expect(await evalRepo(dir, 'clanConfigs')).toEqual(repo.configs);
  }, 60_000);

  it('keeps any allowed cLAN flake URL inside its string: Nix sees the same attributes and the exact URL (property)', async () => {
    const dir = join(root, 'urls');
    mkdirSync(dir);
    const urls = fc.sample(
      fc
        .tuple(fc.constantFrom('git+https://', 'github:', 'path:/', 'git+ssh://git@'), fc.stringMatching(CLAN_FLAKE_URL_PATTERN))
        .map(([a, b]) => a + b),
      { numRuns: 300, seed: 7 },
    );
    const files = urls.map((url, i) => {
      const file = join(dir, `${i}.nix`);
      writeFileSync(file, renderFlakeNix(url));
      return file;
    });
    await nixParse(files);
    const shape = `map (f: let flake = import f; in { names = builtins.attrNames flake; inputs = builtins.attrNames flake.inputs; clan = flake.inputs.clan; }) [ ${files.map((_, i) => `./${i}.nix`).join(' ')} ]`;
    writeFileSync(join(dir, 'eval.nix'), shape);
    const seen = await nixEvalJson<{ names: string[]; inputs: string[]; clan: unknown }[]>({ file: join(dir, 'eval.nix') });
    expect(seen).toEqual(urls.map((url) => ({ names: ['description', 'inputs', 'outputs'], inputs: ['clan'], clan: { url } })));
  }, 60_000);

  it('nixString round-trips hostile text through the Nix parser (property)', async () => {
    const dir = join(root, 'strings');
    mkdirSync(dir);
    const texts = fc.sample(hostileText, { numRuns: 500, seed: 11 });
    writeFileSync(join(dir, 'strings.nix'), `[\n${texts.map((t) => `  ${nixString(t)}`).join('\n')}\n]\n`);
    expect(await nixEvalJson({ file: join(dir, 'strings.nix') })).toEqual(texts);
  }, 60_000);
});
