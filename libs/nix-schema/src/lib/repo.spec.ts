import fc from 'fast-check';
import { collectStrings, networkConfigs } from '../../test/arbitraries';
import { ConfigValidationError, parseConfigs } from './config-schema';
import { nixString } from './nix-string';
import {
  CLAN_FLAKE_URL_PATTERN,
  clanFlakeUrlProblem,
  DEFAULT_OVERRIDE_NIX,
  renderConfigsJson,
  renderFlakeNix,
  renderNetworkRepo,
} from './repo';
import { stableJson } from './stable-json';

const URL = 'git+https://git.clan.example/clan?ref=main';

describe('renderNetworkRepo', () => {
  it('renders flake.nix, configs.json, README.md and one default override per machine', () => {
    const repo = renderNetworkRepo({ configs: { bob: {}, anna: { networkLayer: 'yggdrasil' } }, clanFlakeUrl: URL, networkName: 'family' });
    expect(Object.keys(repo.files)).toEqual(['flake.nix', 'configs.json', 'README.md', 'overrides/anna.nix', 'overrides/bob.nix']);
    expect(repo.files['overrides/anna.nix']).toBe('{ ... }: { }\n');
    expect(repo.files['README.md']).toMatch(/^# family: a cLAN network\n/);
    expect(repo.files['flake.nix']).toBe(renderFlakeNix(URL));
    expect(JSON.parse(repo.files['configs.json'])).toEqual(repo.configs);
    expect(repo.configs['anna'].networkLayer).toBe('yggdrasil');
  });

  it('writes configs.json with sorted keys at every level, 2-space indent and a trailing newline', () => {
    const text = renderConfigsJson(parseConfigs({ zed: {}, alpha: { applications: { syncthing: { guiPort: 9000, enable: true } } } }));
    expect(text.endsWith('}\n')).toBe(true);
    expect(
      text.startsWith(
        '{\n  "alpha": {\n    "adminMode": "local",\n    "applications": {\n      "syncthing": {\n        "enable": true,\n        "guiPort": 9000,',
      ),
    ).toBe(true);
    expect(text.indexOf('"alpha"')).toBeLessThan(text.indexOf('"zed"'));
  });

  it('is deterministic and independent of key order in the input', () => {
    const a = renderNetworkRepo({ configs: { x: { system: 'aarch64-linux', adminMode: 'remote' }, y: {} }, clanFlakeUrl: URL });
    const b = renderNetworkRepo({ configs: { y: {}, x: { adminMode: 'remote', system: 'aarch64-linux' } }, clanFlakeUrl: URL });
    expect(b.files).toEqual(a.files);
    expect(Object.keys(b.files)).toEqual(Object.keys(a.files));
  });

  it('keeps "__proto__" an ordinary key when sorting', () => {
    expect(stableJson(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe('{\n  "__proto__": {\n    "x": 1\n  },\n  "b": 1\n}\n');
  });

  it('validates the configs and throws ConfigValidationError with the errors', () => {
    expect(() => renderNetworkRepo({ configs: { m: { networkLayer: 'tinc' } }, clanFlakeUrl: URL })).toThrow(ConfigValidationError);
    expect(() => renderNetworkRepo({ configs: { m: { networkLayer: 'tinc' } }, clanFlakeUrl: URL })).toThrow(/tinc is not supported yet/);
  });

  it('validates the network name it puts in the README', () => {
    expect(() => renderNetworkRepo({ configs: {}, clanFlakeUrl: URL, networkName: 'Family ${x}' })).toThrow(
      'The network name may use lower-case letters, digits and "-", and must start and end with a letter or digit.',
    );
    expect(renderNetworkRepo({ configs: {}, clanFlakeUrl: URL }).files['README.md']).toMatch(/^# A cLAN network\n/);
  });

  it('emits .nix files that do not depend on the configs at all (property)', () => {
    const flake = renderFlakeNix(URL);
    fc.assert(
      fc.property(networkConfigs, (configs) => {
        const { files } = renderNetworkRepo({ configs, clanFlakeUrl: URL });
        for (const [path, text] of Object.entries(files)) {
          if (path === 'flake.nix') expect(text).toBe(flake);
          else if (path.endsWith('.nix')) expect(text).toBe(DEFAULT_OVERRIDE_NIX);
        }
        expect(Object.keys(files).filter((p) => p.endsWith('.nix'))).toHaveLength(1 + Object.keys(configs).length);
      }),
      { numRuns: 200 },
    );
  });

  it('puts no user string into any .nix file: canaries in every free-text field land in configs.json only', () => {
    const canary = (n: number) => `CANARY-${n}-"\${builtins.abort "x"}''\\`;
    const configs = {
      'canary-1': {
        backup: { extraPaths: [`/${canary(1)}`] },
        applications: {
          syncthing: { enable: true, sharedFolders: [`/${canary(2)}`] },
          forgejo: { enable: true, appName: `${canary(3)}.` },
          mumbleServer: { enable: true, welcomeText: canary(4) },
          jellyfin: { mediaFolders: [`/${canary(5)}`] },
          vaultwarden: { domain: `https://${canary(6).replace(/[\s]/g, '')}` },
          nextcloud: { hostName: 'canary-7.example', adminUser: 'canary-8' },
          mumbleClient: { server: 'canary-9.example' },
        },
      },
    };
    const { files } = renderNetworkRepo({ configs, clanFlakeUrl: URL });
    const userStrings = collectStrings(configs).filter((s) => s.includes('canary') || s.includes('CANARY'));
    expect(userStrings.length).toBeGreaterThanOrEqual(10);
    for (const s of userStrings) {
      expect(files['configs.json']).toContain(JSON.stringify(s));
      for (const [path, text] of Object.entries(files)) if (path.endsWith('.nix')) expect(text.includes(s)).toBe(false);
    }
    for (const [path, text] of Object.entries(files)) if (path.endsWith('.nix')) expect(text).not.toMatch(/canary/i);
  });
});

describe('renderFlakeNix', () => {
  it('leaves building the machines to the cLAN flake: its only input is clan, and it calls no nixosSystem itself', () => {
    const flake = renderFlakeNix(URL);
    expect(flake).not.toMatch(/nixpkgs|nixosSystem|follows/);
    expect(flake).toContain('  outputs = { self, clan, ... }:\n');
    expect(flake).toContain('      nixosModules = clan.lib.generateNixosModules { inherit configs overrides; };\n');
    expect(flake).toContain(
      '      nixosConfigurations = clan.lib.nixosConfigurations {\n        inherit configs overrides;\n        nixosModules = self.nixosModules;\n      };\n',
    );
  });
});

describe('the cLAN flake URL (a panel setting)', () => {
  it.each([
    'git+https://git.clan.example/clan',
    'github:clan-org/clan?ref=v1.2',
    'path:/srv/clan',
    'git+ssh://git@host.example/clan.git',
    'git+file:///srv/clan',
  ])('accepts %s', (url) => {
    expect(clanFlakeUrlProblem(url)).toBeNull();
    expect(renderFlakeNix(url)).toContain(`  inputs.clan.url = "${url}";\n`);
  });

  it.each([
    ['', 'must be a non-empty string'],
    ['git+https://x/"; outputs = _: {}; x = "', 'may only use'],
    ['git+https://x/${builtins.abort "x"}', 'may only use'],
    ['git+https://x/\\"', 'may only use'],
    ["git+https://x/''", 'may only use'],
    ['git+https://x/a b', 'may only use'],
    ['git+https://x/a\nb', 'may only use'],
    ['git+https://x/#frag', 'may only use'],
    ['git+https://x/{a}', 'may only use'],
    ['git+https://x/é', 'may only use'],
    ['//host/clan', 'must start with a flake scheme'],
    ['-x:y', 'must start with a flake scheme'],
    ['x:'.repeat(1025), 'at most 2048'],
  ])('rejects %j', (url, why) => {
    expect(clanFlakeUrlProblem(url)).toContain(why);
    expect(() => renderFlakeNix(url)).toThrow(why);
  });

  it('rejects non-strings', () => {
    expect(clanFlakeUrlProblem(undefined)).toBe('The cLAN flake URL must be a non-empty string.');
  });

  it('needs no escaping for any allowed URL: its Nix string is its JSON string (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(CLAN_FLAKE_URL_PATTERN), (tail) => {
        const url = `git+https://${tail}`;
        expect(nixString(url)).toBe(JSON.stringify(url));
        expect(
          renderFlakeNix(url)
            .split('\n')
            .filter((l) => l.includes(url)),
        ).toEqual([`  inputs.clan.url = ${JSON.stringify(url)};`]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('nixString', () => {
  it('escapes quotes, backslashes, every $ and line breaks', () => {
    expect(nixString('a"b\\c${d}$e\n\r\t')).toBe('"a\\"b\\\\c\\${d}\\$e\\n\\r\\t"');
    expect(nixString("''")).toBe(`"''"`);
    expect(nixString('😀')).toBe('"😀"');
  });

  it('refuses NUL, which no Nix string can hold', () => {
    expect(() => nixString('a\u0000')).toThrow('A Nix string cannot contain NUL characters.');
  });
});

describe('user strings in configs', () => {
  it('collects keys and values (helper used by the Nix tests)', () => {
    expect(collectStrings({ a: ['b', { c: 'd' }], e: 1 })).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
