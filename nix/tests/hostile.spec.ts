/**
 * User text never becomes code. configs.json is read only with
 * builtins.fromJSON (builtins.readFile …), so quotes, `${`, `''`, backslashes,
 * newlines and any Unicode arrive in Nix unchanged; and where nixpkgs pastes
 * a string into a config file without quoting it, lib/encode.nix quotes it so
 * that the consuming program reads back exactly the user's text.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { evalExpr, evalLib, NIX_DIR, Scratch } from './support/nix';
import { envsubst, goIniRead, goIniWrite, qsettingsValue, systemdEnvValue } from './support/readers';

let scratch: Scratch;
beforeAll(() => (scratch = new Scratch()));
afterAll(() => scratch.remove());

/** Texts that break naive quoting in Nix, shells, INI files, YAML and envsubst. */
const HOSTILE = [
  'plain',
  '"double" and \'single\' quotes',
  '${builtins.readFile /etc/shadow}',
  "''${ /etc/passwd } '' ''\\n",
  '"; services.openssh.enable = true; x = "',
  '}; imports = [ /etc/nixos ]; {',
  'back\\slash \\\\ \\" \\n',
  'line one\nline two\r\nline three',
  '\ttabs\tand  spaces  ',
  ' leading space',
  'Grüße, 你好, مرحبا, 👨‍👩‍👧 ✓ e\u0301',
  '$HOME ${PATH} $$ $1 ${x:-y} $',
  '`whoami` $(reboot) ; rm -rf / #',
  '@Variant(\\0\\0\\0\\x7f) @ByteArray(x)',
  '@@starts with two ats',
  '%(RUN_USER) not a go-ini reference',
  'semi;colon # hash',
  'bell\u0007 and delete\u007f and escape\u001b[31m',
  '\\x41 looks like an escape',
  '"""triple""" on one line',
  'x'.repeat(3000),
];

/** The configs.json the panel would write: pretty-printed, sorted keys, trailing newline. */
function writeConfigs(configs: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return scratch.text(`${JSON.stringify(sorted(configs), null, 2)}\n`, `configs-${Math.random().toString(36).slice(2)}.json`);
}

const READ = '{ nixDir, file }: let lib = import (nixDir + "/lib"); configs = builtins.fromJSON (builtins.readFile file); in';

describe('configs.json text reaches Nix unchanged', () => {
  const configs = Object.fromEntries(
    HOSTILE.map((text, i) => [
      `m${i}`,
      {
        applications: {
          mumbleServer: { enable: true, welcomeText: text },
          syncthing: { enable: true, sharedFolders: [`/shared/${text}`] },
          jellyfin: { enable: true, mediaFolders: [`/media/${text}`] },
        },
        backup: { extraPaths: [`/srv/${text}`] },
      },
    ]),
  );

  it('fromJSON gives back every string, and withDefaults keeps it', () => {
    const file = writeConfigs(configs);
    const parsed = evalExpr<typeof configs>(`${READ} configs`, { nixDir: NIX_DIR, file });
    expect(parsed).toEqual(configs);
    const filled = evalExpr<Record<string, { applications: { mumbleServer: { welcomeText: string } } }>>(
      `${READ} lib.configsWithDefaults configs`,
      {
        nixDir: NIX_DIR,
        file,
      },
    );
    HOSTILE.forEach((text, i) => expect(filled[`m${i}`].applications.mumbleServer.welcomeText).toBe(text));
  });

  it('the generated NixOS module hands the text to clan.applications unchanged', () => {
    const file = writeConfigs(configs);
    const expr = `${READ} let
      stubLib = import (nixDir + "/tests/support/stub-lib.nix");
      modules = lib.generateNixosModules { inherit configs; };
    in builtins.mapAttrs (_: m: (m { lib = stubLib; }).config.clan.applications) modules`;
    const apps = evalExpr<Record<string, { mumbleServer: { welcomeText: string }; syncthing: { sharedFolders: string[] } }>>(expr, {
      nixDir: NIX_DIR,
      file,
    });
    HOSTILE.forEach((text, i) => {
      expect(apps[`m${i}`].mumbleServer.welcomeText).toBe(text);
      expect(apps[`m${i}`].syncthing.sharedFolders).toEqual([`/shared/${text}`]);
    });
  });

  it('paths arrive unchanged in services.syncthing (rendered as JSON by nixpkgs) and in the backup plan', () => {
    const file = writeConfigs(configs);
    const out = evalExpr<Record<string, { folders: Record<string, { path: string }>; paths: string[] }>>(
      `${READ} builtins.mapAttrs (_: c: { folders = (lib.machineSettings c).services.syncthing.settings.folders; paths = (lib.backupPlan c).paths; }) configs`,
      { nixDir: NIX_DIR, file },
    );
    HOSTILE.forEach((text, i) => {
      expect(out[`m${i}`].folders).toEqual({ [`/shared/${text}`]: { path: `/shared/${text}` } });
      expect(out[`m${i}`].paths).toEqual(['/var/lib/syncthing', `/shared/${text}`, '/var/lib/murmur', '/var/lib/jellyfin', `/srv/${text}`]);
    });
  });

  it('the folder-creating scripts quote paths so that bash reads exactly the path', () => {
    const file = writeConfigs(configs);
    const scripts = evalExpr<Record<string, string>>(
      `${READ} builtins.mapAttrs (_: c: (lib.machineSettings c).systemd.services.clan-jellyfin-media.script) configs`,
      { nixDir: NIX_DIR, file },
    );
    HOSTILE.forEach((text, i) => {
      // Run the generated line with `install` replaced by a printer: bash parses the quoting.
      const script = scripts[`m${i}`];
      const r = spawnSync('bash', ['-c', `install() { printf '%s\\0' "$@"; }\n${script}`], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout.split('\0').filter(Boolean)).toEqual([
        '-d',
        '-m',
        '0750',
        '-o',
        'jellyfin',
        '-g',
        'jellyfin',
        '--',
        `/media/${text}`,
      ]);
    });
  });

  it('a murmur welcome text is read back by murmur exactly (envsubst, then QSettings)', () => {
    const file = writeConfigs(configs);
    const encoded = evalExpr<Record<string, string>>(
      `${READ} builtins.mapAttrs (_: c: (lib.machineSettings c).services.murmur.welcometext) configs`,
      {
        nixDir: NIX_DIR,
        file,
      },
    );
    HOSTILE.forEach((text, i) => {
      // nixpkgs writes welcometext="<value>" into murmur.ini.
      expect(qsettingsValue(envsubst(`"${encoded[`m${i}`]}"`))).toBe(text);
    });
    // Ordinary text is not touched at all.
    expect(encoded['m0']).toBe('plain');
    expect(encoded['m10']).toBe(HOSTILE[10]);
  });
});

/** Random text biased towards the characters that matter. */
const DANGEROUS = [
  '"',
  "'",
  '`',
  '$',
  '{',
  '}',
  '\\',
  '\n',
  '\r',
  '\t',
  ' ',
  '#',
  ';',
  ',',
  '@',
  '%',
  '(',
  ')',
  '=',
  's',
  'x',
  '0',
  'f',
  '\u0001',
  '\u007f',
  '\u00a0',
  '\u0085',
  '\u2028',
  'é',
  '👋',
];
const anyChar = fc
  .integer({ min: 1, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));
const hostileText = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DANGEROUS) }, { weight: 1, arbitrary: anyChar }), { maxLength: 40 })
  .map((a) => a.join(''));

/** Evaluates the encoders of lib/encode.nix over many strings in one Nix run. */
function encodeAll(texts: string[]) {
  const file = join(scratch.dir, `texts-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(texts));
  return evalExpr<{ text: string; murmur: string; goProblem: string | null; goIni: string | null; shell: string }[]>(
    `{ nixDir, file }: let e = (import (nixDir + "/lib")).encode; in map (s: {
      text = s;
      murmur = e.murmurIniString s;
      goProblem = e.goIniProblem s;
      goIni = if e.goIniProblem s == null then e.goIniValue s else null;
      shell = e.escapeShellArg s;
    }) (builtins.fromJSON (builtins.readFile file))`,
    { nixDir: NIX_DIR, file },
  );
}

describe('encoders, on random text', () => {
  const texts = fc.sample(hostileText, { numRuns: 400, seed: 20261123 }).concat(HOSTILE);
  let results: ReturnType<typeof encodeAll>;
  beforeAll(() => (results = encodeAll(texts)));

  it('Nix sees the same strings', () => {
    expect(results.map((r) => r.text)).toEqual(texts);
  });

  it('murmur.ini: envsubst + QSettings read back every text', () => {
    for (const r of results) expect(qsettingsValue(envsubst(`"${r.murmur}"`))).toBe(r.text);
  });

  it('app.ini: every accepted text survives go-ini reading, rewriting (environment-to-ini) and reading again', () => {
    let accepted = 0;
    for (const r of results) {
      if (r.goProblem !== null) continue;
      accepted++;
      for (const opts of [{ ignoreInlineComment: false }, { ignoreInlineComment: true }]) {
        // Other keys follow in the file; a reader that ran past the value would swallow them.
        const first = goIniRead(`${r.goIni}\nRUN_USER = forgejo\n`, opts);
        expect({ text: r.text, first }).toEqual({ text: r.text, first: r.text });
        const second = goIniRead(`${goIniWrite(first, opts)}\nRUN_USER = forgejo\n`, opts);
        expect({ text: r.text, second }).toEqual({ text: r.text, second: r.text });
      }
    }
    // Most text is accepted; rejections are the few shapes go-ini cannot carry.
    expect(accepted).toBeGreaterThan(texts.length * 0.6);
  });

  it('shell words: bash reads back every text', () => {
    const words = results.map((r) => r.shell);
    const r = spawnSync('bash', ['-c', `for w in ${words.join(' ')}; do printf '%s\\0' "$w"; done`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(texts);
  });

  it('systemd environment file: every URL the schema accepts is read back exactly', () => {
    const printable = fc.array(
      fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      { minLength: 1, maxLength: 40 },
    );
    const urls = fc.sample(printable, { numRuns: 300, seed: 7 }).map((a) => `https://${a.join('')}`);
    urls.push("https://x/'quote'", 'https://x/"dq"\\', 'https://x/$HOME`id`');
    const encoded = evalLib<string[]>(scratch, 'map lib.encode.systemdEnvValue data', urls);
    encoded.forEach((value, i) => expect(systemdEnvValue(value)).toBe(urls[i]));
  });
});
