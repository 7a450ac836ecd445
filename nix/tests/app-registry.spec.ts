/**
 * Apps are discovered, not listed. In a temporary copy of nix/ and of
 * libs/nix-schema/src, a throw-away app "pin-board" is added as files only
 * (catalog/apps/pin-board.ts, nix/lib/apps/pin-board.nix,
 * nix/modules/apps/pin-board.nix) and the index generator is run; no list is
 * edited. The app then shows up in the catalog API (the API's own controller,
 * reading the copied library), in the configs.json JSON Schema and zod schema,
 * and in the Nix library, modules and flake (real Nix, builtins only).
 */
import type * as NixSchema from '@clan/nix-schema';
import { APP_CATALOG, appJsonSchema, appKeys, appWeb, configsJsonSchema, PUBLISHABLE_APPS } from '@clan/nix-schema';
import Ajv2020 from 'ajv/dist/2020';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorLine, evalExpr, flakeEval, NIX_DIR, NixError, Scratch } from './support/nix';

const ROOT = resolve(NIX_DIR, '..');

const PIN_BOARD_TS = `import { booleanField, portField, strictObject } from '../../fields';
import { defineApp } from '../types';

export const pinBoardOptions = strictObject('Pin board settings', {
  enable: booleanField({ title: 'Enable the pin board', description: 'Run the pin board on this machine.' }, false),
  port: portField({ title: 'Port', description: 'Port of the pin board, on the mesh interface.' }, 8765),
});

export const pinBoard = defineApp({
  key: 'pinBoard',
  title: 'Pin board',
  description: 'A throw-away app that exists only in this test.',
  order: 55,
  nixosModule: 'environment.etc',
  options: pinBoardOptions,
  hasEnable: true,
  state: { paths: ['/var/lib/pin-board'] },
  ports: (o) => [{ port: o.port, protocol: 'tcp', option: 'port', description: 'Web page' }],
});
`;

const PIN_BOARD_LIB_NIX = `# A throw-away app that exists only in a test.
_: {
  order = 55;
  nixosModule = "environment.etc";
  enabledBy = "enable";
  options = {
    enable = { type = "bool"; default = false; description = "Run the pin board on this machine."; };
    port = { type = "port"; default = 8765; description = "Port of the pin board, on the mesh interface."; };
  };
  meshPorts = cfg: { tcp = [ cfg.port ]; udp = [ ]; };
  state = _: { paths = [ "/var/lib/pin-board" ]; hooks = [ ]; };
  settings = cfg: { environment.etc."clan/pin-board.json".text = builtins.toJSON { inherit (cfg) port; }; };
}
`;

const PIN_BOARD_MODULE_NIX = `import ../app-module.nix { app = "pinBoard"; }
`;

const BUILT_IN = [...appKeys];
const WITH_PIN_BOARD = [
  ...BUILT_IN.slice(0, BUILT_IN.indexOf('vaultwarden')),
  'pinBoard',
  ...BUILT_IN.slice(BUILT_IN.indexOf('vaultwarden')),
];

type CopiedLib = typeof NixSchema;
/** What the test reads of the API's CatalogController (apps/api/src/catalog). */
interface Controller {
  apps(): { items: { key: string; [field: string]: unknown }[] };
  schema(): { configs: Record<string, unknown>; machine: Record<string, unknown> };
}

let scratch: Scratch;
let nixCopy: string;
let lib: CopiedLib;
let controller: Controller;

beforeAll(() => {
  scratch = new Scratch();
  // Packages (zod, Nest) resolve from the copy as from the repository.
  symlinkSync(join(ROOT, 'node_modules'), join(scratch.dir, 'node_modules'));
  const libSrc = join(scratch.dir, 'libs', 'nix-schema', 'src');
  mkdirSync(libSrc, { recursive: true });
  cpSync(join(ROOT, 'libs', 'nix-schema', 'src'), libSrc, { recursive: true });
  nixCopy = scratch.copyOfNixDir('nix');

  // The app's files, and nothing else.
  const catalogDir = join(libSrc, 'lib', 'catalog');
  writeFileSync(join(catalogDir, 'apps', 'pin-board.ts'), PIN_BOARD_TS);
  writeFileSync(join(nixCopy, 'lib', 'apps', 'pin-board.nix'), PIN_BOARD_LIB_NIX);
  writeFileSync(join(nixCopy, 'modules', 'apps', 'pin-board.nix'), PIN_BOARD_MODULE_NIX);
  const generate = spawnSync(process.execPath, [join(ROOT, 'scripts', 'generate-app-catalog.mjs'), catalogDir], { encoding: 'utf8' });
  if (generate.status !== 0) throw new Error(`generate-app-catalog failed: ${generate.stderr}`);

  // The API's real catalog controller, with @clan/nix-schema pointing at the copy.
  jest.isolateModules(() => {
    lib = require(join(libSrc, 'index.ts')) as CopiedLib;
    jest.doMock('@clan/nix-schema', () => lib);
    const { CatalogController } = require(join(ROOT, 'apps', 'api', 'src', 'catalog', 'catalog.controller.ts')) as {
      CatalogController: new () => Controller;
    };
    controller = new CatalogController();
  });
  jest.dontMock('@clan/nix-schema');
});
afterAll(() => scratch?.remove());

/** Evaluates `body` with `lib` = the copy's nix/lib and `data` = the JSON value. */
function evalCopy<T = unknown>(body: string, data: unknown = null): T {
  return evalExpr<T>(
    `{ nixDir, dataFile }: let
      lib = import (nixDir + "/lib");
      stub = import (nixDir + "/tests/support/stub-lib.nix");
      data = builtins.fromJSON (builtins.readFile dataFile);
    in ${body}`,
    { nixDir: nixCopy, dataFile: scratch.json(data) },
  );
}

function evalCopyError(body: string, data: unknown = null): string {
  try {
    const value = evalCopy(body, data);
    throw new Error(`expected evaluation to fail, got ${JSON.stringify(value).slice(0, 300)}`);
  } catch (err) {
    if (err instanceof NixError) return errorLine(err.stderr);
    throw err;
  }
}

function jsonSchemaValidator(schema: Record<string, unknown>) {
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema);
}

describe('a throw-away app added as files only (temporary copy, no list edited)', () => {
  it('appears in the catalog API, in its order, with its ports, state and options schema', () => {
    const items = controller.apps().items;
    expect(items.map((item) => item.key)).toEqual(WITH_PIN_BOARD);
    expect(items.find((item) => item.key === 'pinBoard')).toMatchObject({
      title: 'Pin board',
      nixosModule: 'environment.etc',
      ports: [{ port: 8765, protocol: 'tcp', option: 'port', description: 'Web page' }],
      state: { paths: ['/var/lib/pin-board'], pathOptions: [], hooks: [] },
      schema: {
        title: 'Pin board',
        additionalProperties: false,
        properties: { enable: { type: 'boolean', default: false }, port: { type: 'integer', default: 8765 } },
      },
    });
    // The real tree does not have it: the copy is what changed.
    expect(appKeys).not.toContain('pinBoard');
  });

  it('is in the configs.json JSON Schema: accepts applications.pinBoard with its options, rejects bad ones', () => {
    const configs = jsonSchemaValidator(controller.schema().configs);
    const machine = jsonSchemaValidator(controller.schema().machine);
    expect(configs({ m: { applications: { pinBoard: { enable: true, port: 8080 } }, publish: [{ app: 'pinBoard', port: 8080 }] } })).toBe(
      true,
    );
    expect(machine({ applications: { pinBoard: {} } })).toBe(true);
    for (const bad of [{ port: 70000 }, { port: 'eighty' }, { enable: 'yes' }, { colour: 'red' }]) {
      expect(configs({ m: { applications: { pinBoard: bad } } })).toBe(false);
    }
    // The repository's own schema, without the app, rejects it.
    expect(jsonSchemaValidator(configsJsonSchema())({ m: { applications: { pinBoard: {} } } })).toBe(false);
  });

  it('is in the zod schema and the publishable apps, with the same order as the catalog', () => {
    expect(lib.appKeys).toEqual(WITH_PIN_BOARD);
    expect(lib.PUBLISHABLE_APPS).toEqual(WITH_PIN_BOARD.filter((key) => key !== 'mumbleClient'));
    const ok = lib.validateConfigs({ m: { applications: { pinBoard: { enable: true } }, publish: [{ app: 'pinBoard', port: 8765 }] } });
    expect(ok.ok && ok.value['m'].applications).toEqual({ pinBoard: { enable: true, port: 8765 } });
    expect(lib.validateConfigs({ m: { applications: { pinBoard: { port: 0 } } } })).toEqual({
      ok: false,
      errors: [{ path: '$.m.applications.pinBoard.port', message: 'Port must be a port number from 1 to 65535.' }],
    });
    expect(lib.validateConfigs({ m: { applications: { pinBoard: { colour: 'red' } } } })).toEqual({
      ok: false,
      errors: [
        { path: '$.m.applications.pinBoard', message: 'Pin board settings has unknown setting "colour"; known settings are enable, port.' },
      ],
    });
    // Port clashes with other apps are checked like for any app.
    const clash = lib.validateConfigs({ m: { applications: { pinBoard: { enable: true, port: 8384 }, syncthing: { enable: true } } } });
    expect(clash.ok).toBe(false);
  });

  it('is in the Nix library: catalog order, publishable apps, defaults, validation and settings', () => {
    expect(evalCopy('{ order = lib.appOrder; publishable = lib.publishableApps; defaults = lib.appDefaults.pinBoard; }')).toEqual({
      order: WITH_PIN_BOARD,
      publishable: WITH_PIN_BOARD.filter((key) => key !== 'mumbleClient'),
      defaults: { enable: false, port: 8765 },
    });
    const machine = { applications: { pinBoard: { enable: true } }, publish: [{ app: 'pinBoard', port: 8765 }] };
    const filled = lib.validateConfigs({ m: machine });
    expect(evalCopy('lib.withDefaults data', machine)).toEqual(filled.ok && filled.value['m']);
    expect(evalCopy('lib.machineSettings data', machine)).toEqual({
      environment: { etc: { 'clan/pin-board.json': { text: '{"port":8765}' } } },
      networking: { firewall: { allowedTCPPorts: [8765], interfaces: { 'clan-wg': { allowedTCPPorts: [8765] } } } },
    });
    expect(evalCopy('(lib.backupPlan data).paths', { applications: { pinBoard: { enable: true } } })).toEqual(['/var/lib/pin-board']);
    expect(evalCopyError('lib.withDefaults data', { applications: { pinBoard: { port: 70000 } } })).toMatch(
      /^clan: applications\.pinBoard\.port /,
    );
    expect(evalCopyError('lib.withDefaults data', { applications: { pinBoard: { colour: 'red' } } })).toBe(
      'clan: applications.pinBoard.colour is not a known setting of applications.pinBoard (known: enable, port).',
    );
  });

  it('is in the NixOS modules: nixosModules.default imports its module, which declares clan.applications.pinBoard', () => {
    const out = evalCopy<{ imports: string[]; kind: string; defaults: Record<string, unknown> }>(
      `let
        fakeConfig = { clan.applications.pinBoard = { enable = true; port = 8765; }; };
        m = import (nixDir + "/modules/apps/pin-board.nix") { config = fakeConfig; lib = stub; pkgs = { }; };
        opt = m.options.clan.applications.pinBoard;
      in {
        imports = map toString (import (nixDir + "/modules/default.nix")).imports;
        kind = opt.type.name;
        defaults = builtins.mapAttrs (_: o: o.default) opt.type.module.options;
      }`,
    );
    expect(out.imports).toContain(join(nixCopy, 'modules', 'apps', 'pin-board.nix'));
    expect(out.imports).toHaveLength(BUILT_IN.length + 2);
    expect(out).toMatchObject({ kind: 'submodule', defaults: { enable: false, port: 8765 } });
  });

  it('is a flake output: nixosModules.pinBoard', () => {
    const names = flakeEval<string[]>(nixCopy, 'nixosModules', { nixpkgs: scratch.stubNixpkgs() }, 'builtins.attrNames');
    expect(names).toEqual(['default', ...[...WITH_PIN_BOARD].sort(), 'vmGuest']);
  });

  it('a schema without its NixOS module is refused with a sentence, not silently ignored', () => {
    const half = scratch.copyOfNixDir('half');
    writeFileSync(join(half, 'lib', 'apps', 'pin-board.nix'), PIN_BOARD_LIB_NIX);
    expect(() => evalExpr(`{ d }: (import (d + "/modules/default.nix")).imports`, { d: half })).toThrow(
      'clan: the app pinBoard has a schema (lib/apps) but no NixOS module (modules/apps); add modules/apps/<name>.nix.',
    );
  });
});

describe('the repository catalog: one set of apps on both sides', () => {
  it('Nix discovers the same apps, in the same order, with the same publishable apps as the TypeScript catalog', () => {
    const out = evalExpr<{ order: string[]; publishable: string[]; modules: string[] }>(
      `{ nixDir }: let
        lib = import (nixDir + "/lib");
        discover = import (nixDir + "/lib/discover.nix");
      in {
        order = lib.appOrder;
        publishable = lib.publishableApps;
        modules = builtins.attrNames (discover.appFiles (nixDir + "/modules/apps"));
      }`,
      { nixDir: NIX_DIR },
    );
    expect(out.order).toEqual(appKeys);
    expect(out.publishable).toEqual([...PUBLISHABLE_APPS]);
    expect(out.modules).toEqual([...appKeys].sort());
    for (const key of appKeys) expect(APP_CATALOG[key].order).toBeDefined();
  });

  it('each app has the same option names and defaults in its TypeScript and its Nix file', () => {
    const nix = evalExpr<Record<string, { options: string[]; defaults: Record<string, unknown> }>>(
      `{ nixDir }: let lib = import (nixDir + "/lib"); in
        builtins.mapAttrs (app: def: { options = builtins.attrNames def.options; defaults = lib.appDefaults.\${app}; }) lib.catalog`,
      { nixDir: NIX_DIR },
    );
    for (const key of appKeys) {
      const schema = appJsonSchema(key) as { properties: Record<string, { default?: unknown }> };
      const defaults = Object.fromEntries(
        Object.entries(schema.properties).flatMap(([name, property]) => ('default' in property ? [[name, property.default]] : [])),
      );
      expect({ key, options: Object.keys(schema.properties).sort(), defaults }).toEqual({ key, ...nix[key] });
    }
  });

  it('each app has the same web interface (label and port at its defaults) in its TypeScript and its Nix file', () => {
    const nix = evalExpr<Record<string, { label: string; port: number }>>(
      `{ nixDir }: let lib = import (nixDir + "/lib"); in
        builtins.mapAttrs (app: web: { inherit (web) label; port = web.port lib.appDefaults.\${app}; }) lib.webInterfaces`,
      { nixDir: NIX_DIR },
    );
    const ts = Object.fromEntries(
      appKeys.flatMap((key) => {
        const defaults = APP_CATALOG[key].options.safeParse({});
        const web = defaults.success ? appWeb(key, defaults.data as never) : null;
        return web ? [[key, web]] : [];
      }),
    );
    expect(nix).toEqual(ts);
    // Every app with a web interface, and its label is its file name (the host name of https://<label>.<machine>.<network>.clan).
    expect(Object.keys(nix).sort()).toEqual(['forgejo', 'homeAssistant', 'jellyfin', 'nextcloud', 'paperless', 'syncthing', 'vaultwarden']);
    for (const [key, web] of Object.entries(nix)) expect(web.label).toBe(key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  });

  it('refuses an app file whose name breaks the naming rule', () => {
    const bad = scratch.copyOfNixDir('bad-name');
    writeFileSync(join(bad, 'lib', 'apps', 'Pin_Board.nix'), PIN_BOARD_LIB_NIX);
    expect(() => evalExpr(`{ d }: (import (d + "/lib")).appOrder`, { d: bad })).toThrow(
      /the app file .*\/lib\/apps\/Pin_Board\.nix must be named <name>\.nix with <name> in lower-case words/,
    );
  });
});
