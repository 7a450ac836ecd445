import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { appJsonSchema } from '../json-schema';
import {
  APP_CATALOG,
  appDefaults,
  appKeys,
  appPorts,
  appState,
  appWeb,
  isAppActive,
  isAppKey,
  notPublishableReasons,
  publishableAppKeys,
  type AppKey,
} from './index';

/** The contract's table (docs/config-schema.md): module, defaults, state and ports at defaults. */
const CONTRACT: Record<AppKey, { module: string; defaults: Record<string, unknown> | null; state: string[]; ports: string[] }> = {
  syncthing: {
    module: 'services.syncthing',
    defaults: { enable: false, sharedFolders: [], guiPort: 8384 },
    state: ['/var/lib/syncthing'],
    ports: ['22000/tcp', '22000/udp', '21027/udp', '8384/tcp'],
  },
  nextcloud: {
    module: 'services.nextcloud',
    defaults: { enable: false, hostName: 'cloud', adminUser: 'admin', maxUploadSizeMiB: 512, apps: [] },
    state: ['/var/lib/nextcloud'],
    ports: ['80/tcp'],
  },
  forgejo: {
    module: 'services.forgejo',
    defaults: { enable: false, httpPort: 3000, sshPort: 2222, allowRegistration: false, appName: 'Forgejo' },
    state: ['/var/lib/forgejo'],
    ports: ['3000/tcp', '2222/tcp'],
  },
  mumbleServer: {
    module: 'services.murmur',
    defaults: { enable: false, port: 64738, welcomeText: '', bandwidth: 72000, users: 100 },
    state: ['/var/lib/murmur'],
    ports: ['64738/tcp', '64738/udp'],
  },
  mumbleClient: { module: 'environment.etc', defaults: null, state: [], ports: [] },
  vaultwarden: {
    module: 'services.vaultwarden',
    defaults: { enable: false, port: 8222, signupsAllowed: false, domain: '' },
    state: ['/var/lib/vaultwarden'],
    ports: ['8222/tcp'],
  },
  jellyfin: {
    module: 'services.jellyfin',
    defaults: { enable: false, mediaFolders: [] },
    state: ['/var/lib/jellyfin'],
    ports: ['8096/tcp'],
  },
  homeAssistant: {
    module: 'services.home-assistant',
    defaults: { enable: false, timeZone: 'UTC', unitSystem: 'metric' },
    state: ['/var/lib/hass'],
    ports: ['8123/tcp'],
  },
  paperless: {
    module: 'services.paperless',
    defaults: { enable: false, port: 28981, ocrLanguage: 'eng' },
    state: ['/var/lib/paperless'],
    ports: ['28981/tcp'],
  },
};

describe('APP_CATALOG', () => {
  it('holds exactly the contract apps, in display order', () => {
    expect(appKeys).toEqual([
      'syncthing',
      'nextcloud',
      'forgejo',
      'mumbleServer',
      'mumbleClient',
      'vaultwarden',
      'jellyfin',
      'homeAssistant',
      'paperless',
    ]);
    expect(isAppKey('syncthing')).toBe(true);
    expect(isAppKey('toString')).toBe(false);
  });

  it.each(appKeys)('%s matches the contract: key, module, defaults, state and ports', (key) => {
    const app = APP_CATALOG[key];
    const contract = CONTRACT[key];
    expect(app.key).toBe(key);
    expect(app.nixosModule).toBe(contract.module);
    expect(app.title.length).toBeGreaterThan(2);
    expect(app.description).toMatch(/\.$/);
    expect(appDefaults(key)).toEqual(contract.defaults);
    const options = contract.defaults ?? { server: 'mumble.clan', port: 64738 };
    const parsed = app.options.parse(options);
    expect(appState(key, parsed as never).paths).toEqual(contract.state);
    expect(appPorts(key, parsed as never).map((p) => `${p.port}/${p.protocol}`)).toEqual(contract.ports);
  });

  it.each(appKeys)('%s: every option has a title, a description and (but for required ones) a default in its JSON Schema', (key) => {
    const schema = appJsonSchema(key) as {
      properties: Record<string, { title?: string; description?: string; default?: unknown }>;
      required?: string[];
    };
    const expected = Object.keys(CONTRACT[key].defaults ?? { server: '', port: 0 });
    expect(Object.keys(schema.properties)).toEqual(expected);
    for (const [name, property] of Object.entries(schema.properties)) {
      expect({ name, title: typeof property.title }).toEqual({ name, title: 'string' });
      expect({ name, description: typeof property.description }).toEqual({ name, description: 'string' });
      if (!(schema.required ?? []).includes(name)) expect({ name, hasDefault: 'default' in property }).toEqual({ name, hasDefault: true });
    }
  });

  it('adds option paths and dump hooks to the state to back up', () => {
    expect(appState('syncthing', APP_CATALOG.syncthing.options.parse({ sharedFolders: ['/shared/docs', '/photos'] }))).toEqual({
      paths: ['/var/lib/syncthing', '/shared/docs', '/photos'],
      hooks: [],
    });
    // Media folders are served, not backed up (they are large and usually kept elsewhere).
    expect(appState('jellyfin', APP_CATALOG.jellyfin.options.parse({ mediaFolders: ['/srv/media'] })).paths).toEqual(['/var/lib/jellyfin']);
    for (const key of ['nextcloud', 'vaultwarden', 'paperless'] as const) {
      expect(appState(key, APP_CATALOG[key].options.parse({}) as never).hooks).toHaveLength(1);
    }
  });

  it('follows options that move ports', () => {
    const forgejo = APP_CATALOG.forgejo.options.parse({ httpPort: 8080, sshPort: 22 });
    expect(appPorts('forgejo', forgejo)).toEqual([
      { port: 8080, protocol: 'tcp', option: 'httpPort', description: 'Web interface' },
      { port: 22, protocol: 'tcp', option: 'sshPort', description: 'Git over SSH' },
    ]);
  });

  it('names the web interface of every app people open in a browser: label = file name, port = the web port it listens on', () => {
    const webs = Object.fromEntries(
      appKeys.map((key) => [key, appWeb(key, APP_CATALOG[key].options.parse(CONTRACT[key].defaults ?? { server: 'm' }) as never)]),
    );
    expect(webs).toEqual({
      syncthing: { label: 'syncthing', port: 8384 },
      nextcloud: { label: 'nextcloud', port: 80 },
      forgejo: { label: 'forgejo', port: 3000 },
      mumbleServer: null,
      mumbleClient: null,
      vaultwarden: { label: 'vaultwarden', port: 8222 },
      jellyfin: { label: 'jellyfin', port: 8096 },
      homeAssistant: { label: 'home-assistant', port: 8123 },
      paperless: { label: 'paperless', port: 28981 },
    });
    // The port follows its option, and is one of the app's ports.
    expect(appWeb('forgejo', APP_CATALOG.forgejo.options.parse({ httpPort: 8080 }))).toEqual({ label: 'forgejo', port: 8080 });
    for (const key of appKeys) {
      const options = APP_CATALOG[key].options.parse(CONTRACT[key].defaults ?? { server: 'm' }) as never;
      const web = appWeb(key, options);
      if (web)
        expect({ key, listed: appPorts(key, options).some((p) => p.port === web.port && p.protocol === 'tcp') }).toEqual({
          key,
          listed: true,
        });
    }
  });

  it('knows when an app runs: enable for services, presence for the Mumble client', () => {
    expect(isAppActive('nextcloud', undefined)).toBe(false);
    expect(isAppActive('nextcloud', APP_CATALOG.nextcloud.options.parse({}))).toBe(false);
    expect(isAppActive('nextcloud', APP_CATALOG.nextcloud.options.parse({ enable: true }))).toBe(true);
    expect(isAppActive('mumbleClient', APP_CATALOG.mumbleClient.options.parse({ server: 'm' }))).toBe(true);
  });
});

describe('app discovery', () => {
  const root = join(__dirname, '..', '..', '..', '..', '..');

  it('the committed apps.generated.ts indexes exactly the files in catalog/apps (regenerate: node scripts/generate-app-catalog.mjs)', () => {
    const check = spawnSync(process.execPath, [join(root, 'scripts', 'generate-app-catalog.mjs'), '--check'], { encoding: 'utf8' });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('an app is its file: the key is the camelCase of the file name', () => {
    const files = readdirSync(join(__dirname, 'apps')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    const keys = files.map((f) => f.slice(0, -3).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    expect([...appKeys].sort()).toEqual(keys.sort());
    for (const key of appKeys) expect(APP_CATALOG[key].key).toBe(key);
  });

  it('orders apps by their order, then key; publishable apps are those without a notPublishable reason', () => {
    const orders = appKeys.map((key) => APP_CATALOG[key].order ?? 1000);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(publishableAppKeys).toEqual(appKeys.filter((key) => key !== 'mumbleClient'));
    expect(notPublishableReasons).toEqual({ mumbleClient: 'The Mumble client serves no ports, so there is nothing to publish.' });
  });
});
