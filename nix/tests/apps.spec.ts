/**
 * lib.appSettings.<app> cfg meshIf, evaluated by real Nix, against the option
 * values each app must produce. Every app's ports are opened on the mesh
 * interface only (networking.firewall.interfaces.<mesh-if>), never globally.
 */
import { evalLib, Scratch } from './support/nix';

let scratch: Scratch;
beforeAll(() => (scratch = new Scratch()));
afterAll(() => scratch.remove());

const settings = (app: string, cfg: unknown, meshIf = 'clan-wg') =>
  evalLib(scratch, `lib.appSettings.${app} data.cfg data.meshIf`, { cfg, meshIf });

const meshFirewall = (meshIf: string, tcp: number[], udp: number[] = []) => ({
  firewall: {
    interfaces: {
      [meshIf]: {
        ...(tcp.length ? { allowedTCPPorts: tcp } : {}),
        ...(udp.length ? { allowedUDPPorts: udp } : {}),
      },
    },
  },
});

describe('lib.appSettings', () => {
  it('syncthing: GUI port, folders created when missing, sync ports on the mesh interface', () => {
    expect(settings('syncthing', { enable: true, sharedFolders: ['/shared/docs', "/shared/it's"], guiPort: 8385 }, 'clan-ygg')).toEqual({
      services: {
        syncthing: {
          enable: true,
          guiAddress: '0.0.0.0:8385',
          openDefaultPorts: false,
          overrideDevices: false,
          overrideFolders: false,
          settings: { folders: { '/shared/docs': { path: '/shared/docs' }, "/shared/it's": { path: "/shared/it's" } } },
        },
      },
      systemd: {
        services: {
          // The web interface's password: app-credentials.spec.ts.
          'clan-syncthing-gui-password': expect.any(Object),
          'clan-syncthing-folders': {
            description: 'cLAN: create missing folders for syncthing.service',
            wantedBy: ['multi-user.target'],
            before: ['syncthing.service'],
            requiredBy: ['syncthing.service'],
            serviceConfig: { Type: 'oneshot', RemainAfterExit: true },
            script:
              "[ -e '/shared/docs' ] || install -d -m 0750 -o syncthing -g syncthing -- '/shared/docs'\n" +
              "[ -e '/shared/it'\\''s' ] || install -d -m 0750 -o syncthing -g syncthing -- '/shared/it'\\''s'\n",
          },
        },
      },
      networking: meshFirewall('clan-ygg', [22000, 8385], [22000, 21027]),
    });
  });

  it('syncthing with defaults and no folders: no folder unit', () => {
    expect(settings('syncthing', { enable: true })).toEqual({
      services: {
        syncthing: {
          enable: true,
          guiAddress: '0.0.0.0:8384',
          openDefaultPorts: false,
          overrideDevices: false,
          overrideFolders: false,
          settings: { folders: {} },
        },
      },
      systemd: { services: { 'clan-syncthing-gui-password': expect.any(Object) } },
      networking: meshFirewall('clan-wg', [22000, 8384], [22000, 21027]),
    });
  });

  it("nextcloud: host name, upload size, local PostgreSQL, admin password from the panel's secrets disk", () => {
    const out = settings('nextcloud', {
      enable: true,
      hostName: 'cloud.family.clan',
      adminUser: 'root.admin',
      maxUploadSizeMiB: 2048,
      apps: ['calendar'],
    });
    expect(out).toEqual({
      services: {
        nextcloud: {
          enable: true,
          hostName: 'cloud.family.clan',
          maxUploadSize: '2048M',
          database: { createLocally: true },
          config: { dbtype: 'pgsql', adminuser: 'root.admin', adminpassFile: '/run/clan-secrets/apps/nextcloud/admin-password' },
        },
      },
      systemd: {
        services: { 'nextcloud-setup': { unitConfig: { RequiresMountsFor: ['/run/clan-secrets/apps/nextcloud/admin-password'] } } },
      },
      networking: meshFirewall('clan-wg', [80]),
    });
  });

  it('forgejo: ports, built-in SSH server, registration, app name quoted for go-ini', () => {
    expect(settings('forgejo', { enable: true, httpPort: 3001, sshPort: 2223, allowRegistration: true, appName: 'Our forge' })).toEqual({
      services: {
        forgejo: {
          enable: true,
          settings: {
            DEFAULT: { APP_NAME: '`Our forge`' },
            server: { HTTP_ADDR: '0.0.0.0', HTTP_PORT: 3001, START_SSH_SERVER: true, SSH_PORT: 2223, SSH_LISTEN_PORT: 2223 },
            service: { DISABLE_REGISTRATION: false },
          },
        },
      },
      // The administrator: app-credentials.spec.ts.
      systemd: { services: { 'clan-forgejo-admin': expect.any(Object) } },
      networking: meshFirewall('clan-wg', [3001, 2223]),
    });
  });

  it('mumbleServer: port on TCP and UDP, limits, welcome text encoded for murmur.ini', () => {
    expect(settings('mumbleServer', { enable: true, port: 64739, welcomeText: 'Hello', bandwidth: 128000, users: 20 })).toEqual({
      services: { murmur: { enable: true, openFirewall: false, port: 64739, bandwidth: 128000, users: 20, welcometext: 'Hello' } },
      networking: meshFirewall('clan-wg', [64739], [64739]),
    });
  });

  it('mumbleServer: text murmur.ini or envsubst would misread is escaped (quotes, $, line breaks, leading @)', () => {
    const out = settings('mumbleServer', { enable: true, welcomeText: '@home: say "hi" to $USER\\\n\u0001' }) as {
      services: { murmur: { welcometext: string } };
    };
    expect(out.services.murmur.welcometext).toBe('@@home: say \\"hi\\" to $$USER\\\\\\n\\x01""');
  });

  it('forgejo: an app name with a backtick is wrapped in triple quotes', () => {
    const out = settings('forgejo', { enable: true, appName: 'The `forge`' }) as {
      services: { forgejo: { settings: { DEFAULT: unknown } } };
    };
    expect(out.services.forgejo.settings.DEFAULT).toEqual({ APP_NAME: '"""The `forge`"""' });
  });

  it('mumbleClient: a client settings file, no ports', () => {
    expect(settings('mumbleClient', { server: 'mumble.family.clan' })).toEqual({
      environment: {
        etc: {
          'clan/mumble-client.json': {
            text: JSON.stringify({ port: 64738, server: 'mumble.family.clan', url: 'mumble://mumble.family.clan:64738/' }),
          },
        },
      },
    });
  });

  it('vaultwarden: address, port, sign-ups, domain quoted for the environment file', () => {
    expect(settings('vaultwarden', { enable: true, port: 8223, signupsAllowed: true, domain: 'https://vault.family.clan' })).toEqual({
      services: {
        vaultwarden: {
          enable: true,
          config: { ROCKET_ADDRESS: '0.0.0.0', ROCKET_PORT: 8223, SIGNUPS_ALLOWED: true, DOMAIN: "'https://vault.family.clan'" },
          environmentFile: '/run/clan-secrets/apps/vaultwarden/env',
        },
      },
      systemd: { services: { vaultwarden: { unitConfig: { RequiresMountsFor: ['/run/clan-secrets/apps/vaultwarden/env'] } } } },
      networking: meshFirewall('clan-wg', [8223]),
    });
    // An empty domain is left out (vaultwarden's own default applies).
    expect(settings('vaultwarden', { enable: true })).toEqual({
      services: {
        vaultwarden: {
          enable: true,
          config: { ROCKET_ADDRESS: '0.0.0.0', ROCKET_PORT: 8222, SIGNUPS_ALLOWED: false },
          environmentFile: '/run/clan-secrets/apps/vaultwarden/env',
        },
      },
      systemd: { services: { vaultwarden: { unitConfig: { RequiresMountsFor: ['/run/clan-secrets/apps/vaultwarden/env'] } } } },
      networking: meshFirewall('clan-wg', [8222]),
    });
  });

  it('jellyfin: service, media folders created when missing, port 8096', () => {
    expect(settings('jellyfin', { enable: true, mediaFolders: ['/srv/media'] })).toEqual({
      services: { jellyfin: { enable: true, openFirewall: false } },
      systemd: {
        services: {
          // The setup wizard: app-credentials.spec.ts.
          'clan-jellyfin-setup': expect.any(Object),
          'clan-jellyfin-media': {
            description: 'cLAN: create missing folders for jellyfin.service',
            wantedBy: ['multi-user.target'],
            before: ['jellyfin.service'],
            requiredBy: ['jellyfin.service'],
            serviceConfig: { Type: 'oneshot', RemainAfterExit: true },
            script: "[ -e '/srv/media' ] || install -d -m 0750 -o jellyfin -g jellyfin -- '/srv/media'\n",
          },
        },
      },
      networking: meshFirewall('clan-wg', [8096]),
    });
  });

  it('homeAssistant: time zone and unit system in its YAML config, port 8123', () => {
    expect(settings('homeAssistant', { enable: true, timeZone: 'Europe/Berlin', unitSystem: 'metric' })).toEqual({
      services: {
        'home-assistant': {
          enable: true,
          openFirewall: false,
          config: {
            default_config: {},
            homeassistant: { time_zone: 'Europe/Berlin', unit_system: 'metric' },
            http: { server_port: 8123 },
          },
        },
      },
      // The owner: app-credentials.spec.ts.
      systemd: { services: { 'clan-home-assistant-owner': expect.any(Object) } },
      networking: meshFirewall('clan-wg', [8123]),
    });
  });

  it('paperless: address, port, OCR languages', () => {
    expect(settings('paperless', { enable: true, port: 28982, ocrLanguage: 'deu+eng' })).toEqual({
      services: {
        paperless: {
          enable: true,
          address: '0.0.0.0',
          port: 28982,
          settings: { PAPERLESS_OCR_LANGUAGE: 'deu+eng' },
          passwordFile: '/run/clan-secrets/apps/paperless/admin-password',
        },
      },
      systemd: {
        services: { 'paperless-scheduler': { unitConfig: { RequiresMountsFor: ['/run/clan-secrets/apps/paperless/admin-password'] } } },
      },
      networking: meshFirewall('clan-wg', [28982]),
    });
  });

  it('an app that is off sets nothing at all', () => {
    for (const app of ['syncthing', 'nextcloud', 'forgejo', 'mumbleServer', 'vaultwarden', 'jellyfin', 'homeAssistant', 'paperless']) {
      expect(settings(app, {})).toEqual({});
      expect(settings(app, { enable: false })).toEqual({});
    }
  });

  it('app defaults are the contract catalog defaults', () => {
    expect(evalLib(scratch, 'lib.appDefaults')).toEqual({
      syncthing: { enable: false, sharedFolders: [], guiPort: 8384 },
      nextcloud: { enable: false, hostName: 'cloud', adminUser: 'admin', maxUploadSizeMiB: 512, apps: [] },
      forgejo: { enable: false, httpPort: 3000, sshPort: 2222, allowRegistration: false, appName: 'Forgejo' },
      mumbleServer: { enable: false, port: 64738, welcomeText: '', bandwidth: 72000, users: 100 },
      mumbleClient: { port: 64738 },
      vaultwarden: { enable: false, port: 8222, signupsAllowed: false, domain: '' },
      jellyfin: { enable: false, mediaFolders: [] },
      homeAssistant: { enable: false, timeZone: 'UTC', unitSystem: 'metric' },
      paperless: { enable: false, port: 28981, ocrLanguage: 'eng' },
    });
  });

  it('settings only touch the top-level options the NixOS module maps', () => {
    const tops = evalLib<Record<string, string[]>>(
      scratch,
      `builtins.mapAttrs (app: f: builtins.attrNames (f data.${'${app}'} "clan-wg")) lib.appSettings`,
      {
        syncthing: { enable: true, sharedFolders: ['/a'] },
        nextcloud: { enable: true },
        forgejo: { enable: true },
        mumbleServer: { enable: true },
        mumbleClient: { server: 'm.clan' },
        vaultwarden: { enable: true, domain: 'https://v.clan' },
        jellyfin: { enable: true, mediaFolders: ['/m'] },
        homeAssistant: { enable: true },
        paperless: { enable: true },
      },
    );
    const allowed = evalLib<string[]>(scratch, 'lib.settingsTopLevel');
    expect(Object.keys(tops).sort()).toEqual([
      'forgejo',
      'homeAssistant',
      'jellyfin',
      'mumbleClient',
      'mumbleServer',
      'nextcloud',
      'paperless',
      'syncthing',
      'vaultwarden',
    ]);
    for (const names of Object.values(tops)) for (const name of names) expect(allowed).toContain(name);
  });
});
