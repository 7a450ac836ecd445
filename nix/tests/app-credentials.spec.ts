/**
 * Every catalog app usable on first boot, nobody else's on first contact
 * (docs/apps.md), evaluated by real Nix without nixpkgs: each app that has an
 * administrator reads the panel-generated secret from the secrets disk
 * (/run/clan-secrets/apps/<app>/…), never from the Nix store; the units that
 * read it wait for the disk; sign-ups stay closed; the web interfaces and
 * setup wizards are claimed by the panel's administrator before anyone on the
 * mesh can reach them (as far as Nix expresses it). The Nix side and the
 * API's apps/api/src/app-credentials/app-credential-specs.ts agree on the
 * directories, files, user names and when a rotated secret applies.
 */
import { join } from 'node:path';
import { evalLib, NIX_DIR, Scratch } from './support/nix';

const MOUNT = '/run/clan-secrets';

interface NixCredential {
  dir: string;
  files: string[];
  username?: string | null;
  usernameOption?: string;
  applies: 'every-deploy' | 'first-boot';
}
interface ApiSpec {
  dir: string;
  kind: 'password' | 'token';
  username: (options: Record<string, unknown>) => string | null;
  applies: string;
  files: (secret: string) => { name: string; content: string }[];
}
interface Unit {
  after?: string[];
  before?: string[];
  requires?: string[];
  requiredBy?: string[];
  wantedBy?: string[];
  script?: string;
  unitConfig?: { RequiresMountsFor?: string[] };
  serviceConfig?: Record<string, unknown>;
}
type Settings = { services: Record<string, Record<string, unknown>>; systemd?: { services: Record<string, Unit> } };

// Loaded by path like app-registry.spec.ts does: the nix project has no build dependency on the API.
const { APP_CREDENTIALS } = require(join(NIX_DIR, '..', 'apps', 'api', 'src', 'app-credentials', 'app-credential-specs.ts')) as {
  APP_CREDENTIALS: Record<string, ApiSpec>;
};

let scratch: Scratch;
let credentials: Record<string, NixCredential>;
let appOrder: string[];
beforeAll(() => {
  scratch = new Scratch();
  credentials = evalLib(scratch, 'lib.appCredentials');
  appOrder = evalLib(scratch, 'lib.appOrder');
});
afterAll(() => scratch.remove());

/** The app on, with its defaults, on the WireGuard mesh. */
const settingsOf = (app: string) => evalLib<Settings>(scratch, 'lib.machineSettings data', { applications: { [app]: { enable: true } } });

/** Every string anywhere in a value, with its path. */
function strings(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

describe('app credentials in Nix', () => {
  it('every app that serves a web interface has a first credential; the Mumble server and client have no administrator', () => {
    expect(Object.keys(credentials).sort()).toEqual(appOrder.filter((app) => !['mumbleServer', 'mumbleClient'].includes(app)).sort());
  });

  it('agrees with the API on directories, files, user names and when a rotation applies', () => {
    expect(Object.keys(APP_CREDENTIALS).sort()).toEqual(Object.keys(credentials).sort());
    for (const [app, nix] of Object.entries(credentials)) {
      const api = APP_CREDENTIALS[app];
      const options = { adminUser: 'someone' };
      expect({ app, dir: api.dir, files: api.files('x').map((f) => f.name), applies: api.applies }).toEqual({
        app,
        dir: nix.dir,
        files: nix.files,
        applies: nix.applies,
      });
      const username = nix.usernameOption ? options[nix.usernameOption as keyof typeof options] : nix.username;
      expect({ app, username: api.username(options) }).toEqual({ app, username });
      expect(api.kind === 'token').toBe(username === null);
    }
  });

  it.each(['syncthing', 'nextcloud', 'forgejo', 'vaultwarden', 'jellyfin', 'homeAssistant', 'paperless'])(
    '%s: reads its secret from the secrets disk, never from the store, after the disk is mounted',
    (app) => {
      const nix = credentials[app];
      const settings = settingsOf(app);
      const all = strings(settings);
      const paths = nix.files.map((f) => `${MOUNT}/apps/${nix.dir}/${f}`);
      // At least one of its files is what the app or its unit reads…
      const readers = all.filter((s) => paths.some((p) => s.value.includes(p)));
      expect({ app, read: readers.length > 0 }).toEqual({ app, read: true });
      // …every path naming a secret is on the disk (no store path, no machine-local generator)…
      const secretish = all.filter((s) => /pass(word)?file|environmentfile|adminpass|token|secret/i.test(s.path));
      for (const s of secretish)
        expect({ app, at: s.path, value: s.value }).toEqual({
          app,
          at: s.path,
          value: expect.stringMatching(/^\/run\/clan-secrets\/apps\//),
        });
      expect(all.filter((s) => s.value.includes('/nix/store'))).toEqual([]);
      expect(all.filter((s) => s.value.includes('/var/lib/clan/secrets'))).toEqual([]);
      // …and every unit that names one waits for the disk's mount (or gets it through LoadCredential, which systemd reads then).
      for (const [name, unit] of Object.entries(settings.systemd?.services ?? {})) {
        const named = paths.filter((p) => JSON.stringify(unit).includes(p));
        if (named.length === 0) continue;
        expect({ app, unit: name, mounts: unit.unitConfig?.RequiresMountsFor }).toEqual({
          app,
          unit: name,
          mounts: expect.arrayContaining([expect.stringMatching(/^\/run\/clan-secrets\/apps\//)]),
        });
      }
    },
  );

  it('services that take the secret as an option: Vaultwarden (ADMIN_TOKEN env file), Paperless (passwordFile), Nextcloud (adminpassFile)', () => {
    expect(settingsOf('vaultwarden').services['vaultwarden']).toMatchObject({
      environmentFile: `${MOUNT}/apps/vaultwarden/env`,
      config: { SIGNUPS_ALLOWED: false },
    });
    const paperless = settingsOf('paperless').services['paperless'] as { passwordFile: string; settings: Record<string, unknown> };
    expect(paperless.passwordFile).toBe(`${MOUNT}/apps/paperless/admin-password`);
    // Never the "no login" mode.
    expect(paperless.settings['PAPERLESS_AUTO_LOGIN_USERNAME']).toBeUndefined();
    expect(settingsOf('nextcloud').services['nextcloud']).toMatchObject({
      config: { adminpassFile: `${MOUNT}/apps/nextcloud/admin-password` },
    });
  });

  it('Forgejo: registration closed, the administrator created or updated by a unit after forgejo, as the forgejo user with the secret as a credential', () => {
    const s = settingsOf('forgejo');
    expect(s.services['forgejo']).toMatchObject({ settings: { service: { DISABLE_REGISTRATION: true } } });
    const unit = s.systemd?.services['clan-forgejo-admin'] as Unit;
    expect(unit).toMatchObject({
      after: ['forgejo.service'],
      requires: ['forgejo.service'],
      wantedBy: ['multi-user.target'],
      serviceConfig: { Type: 'oneshot', User: 'forgejo', LoadCredential: [`admin-password:${MOUNT}/apps/forgejo/admin-password`] },
    });
    expect(unit.script).toContain('forgejo admin user create --admin --username admin');
    expect(unit.script).toContain('forgejo admin user change-password --username admin');
    expect(unit.script).toContain('"$CREDENTIALS_DIRECTORY/admin-password"');
    // Applied once per secret: a password changed in Forgejo stays until the panel rotates it.
    expect(unit.script).toMatch(/sha256sum[\s\S]*exit 0/);
  });

  it('Syncthing: the web interface gets user admin and the password before Syncthing first starts, and Syncthing needs that to start', () => {
    const unit = settingsOf('syncthing').systemd?.services['clan-syncthing-gui-password'] as Unit;
    expect(unit).toMatchObject({ before: ['syncthing.service'], requiredBy: ['syncthing.service'], serviceConfig: { Type: 'oneshot' } });
    expect(unit.script).toContain(`head -n 1 ${MOUNT}/apps/syncthing/gui-password | syncthing generate`);
    expect(unit.script).toContain('--gui-user=admin --gui-password=-');
    // The password reaches syncthing on stdin, never in its arguments.
    expect(unit.script).not.toMatch(/--gui-password=[^-]/);
  });

  it('Jellyfin and Home Assistant: the first-run wizard is claimed over loopback by the panel administrator, once', () => {
    const jellyfin = settingsOf('jellyfin').systemd?.services['clan-jellyfin-setup'] as Unit;
    expect(jellyfin).toMatchObject({ after: ['jellyfin.service'], requires: ['jellyfin.service'], wantedBy: ['multi-user.target'] });
    expect(jellyfin.script).toContain('api=http://127.0.0.1:8096');
    expect(jellyfin.script).toContain('StartupWizardCompleted == true');
    expect(jellyfin.script).toMatch(/post \/Startup\/User[\s\S]*post \/Startup\/Complete/);

    const ha = settingsOf('homeAssistant').systemd?.services['clan-home-assistant-owner'] as Unit;
    expect(ha).toMatchObject({ after: ['home-assistant.service'], requires: ['home-assistant.service'], wantedBy: ['multi-user.target'] });
    expect(ha.script).toContain('api=http://127.0.0.1:8123');
    expect(ha.script).toContain('any(.[]; .step == "user" and .done)');
    expect(ha.script).toContain('"$api/api/onboarding/users"');
    // The password is read from the file by jq, never put on a command line.
    for (const script of [jellyfin.script, ha.script]) expect(script).toMatch(/jq -n --rawfile pw \/run\/clan-secrets\/apps\//);
  });
});
