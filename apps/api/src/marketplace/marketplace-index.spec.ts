import { indexMarketplace, MarketplaceIndexError } from './marketplace-index';

/** An app as marketplace-nix.ts hands it over (functions applied, paths relative). */
function app(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Pin board',
    description: 'A notice board.',
    category: 'productivity',
    author: 'A. Author',
    licence: 'MIT',
    enabledBy: 'enable',
    options: {
      enable: { type: 'bool', default: false, description: 'Run it.' },
      port: { type: 'port', default: 8090, description: 'Its port.' },
      size: { type: 'int', min: 1, max: 10, default: 3, description: 'How big.' },
      mode: { type: 'enum', values: ['a', 'b'], default: 'a', description: 'Which mode.' },
      folders: { type: 'list', format: 'absolutePath', default: [], description: 'Folders.' },
    },
    meshPorts: { tcp: [8090], udp: [] },
    state: { paths: ['/var/lib/pin-board'], hooks: [] },
    web: { label: 'pin-board', port: 8090 },
    nixosModule: './apps/pin-board.nix',
    ...overrides,
  };
}

function problem(value: unknown): string {
  try {
    indexMarketplace(value);
  } catch (err) {
    if (err instanceof MarketplaceIndexError) return err.message;
    throw err;
  }
  throw new Error('indexed without a problem');
}

describe('indexing clanMarketplace', () => {
  it('turns apps into entries with a JSON Schema of their options, like the built-in apps', () => {
    const [entry] = indexMarketplace({ apps: { pinBoard: app() } });
    expect(entry).toMatchObject({ kind: 'app', key: 'pinBoard' });
    expect(entry.data.app?.options).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: [],
      properties: {
        enable: { type: 'boolean', default: false },
        port: { type: 'integer', minimum: 1, maximum: 65535, default: 8090 },
        size: { type: 'integer', minimum: 1, maximum: 10 },
        mode: { type: 'string', enum: ['a', 'b'] },
        folders: { type: 'array', items: { type: 'string', 'x-clan-format': 'absolutePath' } },
      },
    });
    expect(entry.data.app?.ports).toEqual([{ port: 8090, protocol: 'tcp' }]);
  });

  it('names the entry and the field of the first problem', () => {
    expect(problem({ apps: { pinBoard: app({ title: '' }) } })).toBe('app "pinBoard": title must be a non-empty string.');
    expect(problem({ apps: { pinBoard: app({ options: { enable: { type: 'bool', default: 'yes', description: 'x' } } }) } })).toBe(
      'app "pinBoard": options.enable.default must be true or false.',
    );
    expect(problem({ apps: { pinBoard: app({ options: { enable: { type: 'boolean', description: 'x' } } }) } })).toBe(
      'app "pinBoard": options.enable.type must be one of bool, port, int, enum, string, list, object.',
    );
    expect(problem({ apps: { pinBoard: app({ meshPorts: { tcp: [0] } }) } })).toBe(
      'app "pinBoard": meshPorts.tcp[0] must be a port number from 1 to 65535.',
    );
    expect(problem({ apps: { pinBoard: app({ meshPorts: { __clanFunction: true } }) } })).toMatch(
      /^app "pinBoard": meshPorts must be an attribute set/,
    );
    expect(problem({ apps: { pinBoard: app({ nixosModule: 'missing:./apps/gone.nix' }) } })).toBe(
      'app "pinBoard": nixosModule names a file that is not in the repository (./apps/gone.nix).',
    );
    expect(problem({ apps: { pinBoard: app({ nixosModule: 'outside:/etc/passwd' }) } })).toMatch(
      /nixosModule must be a path to a \.nix file/,
    );
    expect(problem({ apps: { pinBoard: app({ colour: 'red' }) } })).toMatch(
      /^app "pinBoard": colour is not a field of an entry \(known: title, /,
    );
    expect(problem({ apps: { syncthing: app() } })).toBe('app "syncthing": the key is the name of a built-in app; choose another.');
    expect(problem({ apps: { 'pin-board': app() } })).toMatch(/^clanMarketplace: apps\.pin-board must be named in camelCase/);
    expect(problem({})).toBe('clanMarketplace declares no apps and no templates.');
  });

  it('checks that a template names machines and apps it can use', () => {
    const template = (configs: unknown) => ({ title: 'T', description: 'D', author: 'A', licence: 'MIT', configs });
    const [, t] = indexMarketplace({
      apps: { pinBoard: app() },
      templates: { home: template({ 'home-server': { applications: { pinBoard: { enable: true }, syncthing: { enable: true } } } }) },
    });
    expect(t.data.template?.apps).toEqual(['pinBoard', 'syncthing']);
    expect(problem({ templates: { home: template({ 'home-server': { applications: { unknownApp: {} } } }) } })).toBe(
      'template "home": configs.home-server.applications.unknownApp is neither a built-in app, an app of this source nor one named under sources.',
    );
    // An app of another source, named with that source's URL (a published network's template).
    const withSources = template({ 'home-server': { applications: { otherApp: { enable: true } } } });
    const indexed = indexMarketplace({
      templates: { home: { ...withSources, sources: { otherApp: { url: 'https://git.example.org/other' } } } },
    });
    expect(indexed[0].data.template).toMatchObject({ apps: ['otherApp'], sources: { otherApp: { url: 'https://git.example.org/other' } } });
    expect(problem({ templates: { home: { ...withSources, sources: { otherApp: { url: 'javascript:alert(1)' } } } } })).toBe(
      'template "home": sources.otherApp.url must be the git URL of a source (https://, http://, file:/// or an absolute path).',
    );
    expect(problem({ templates: { home: template({ Home: {} }) } })).toMatch(/^template "home": configs\.Home must be a machine name/);
    expect(problem({ templates: { home: template({}) } })).toBe('template "home": configs must hold at least one machine.');
  });
});
