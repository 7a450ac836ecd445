import type { AppKey } from '@clan/nix-schema';

/** One file of an app's credential on the secrets disk: `apps/<app's file name>/<name>`. */
export interface CredentialFile {
  name: string;
  content: string;
}

/**
 * What the panel generates for one app and how the app reads it
 * (docs/apps.md). The Nix side of each app (nix/lib/apps/<name>.nix,
 * `credential`) names the same directory, files and user;
 * nix/tests/app-credentials.spec.ts checks that both agree.
 */
export interface AppCredentialSpec {
  /** The directory under `apps/` on the secrets disk: the app's file name (`home-assistant`). */
  dir: string;
  kind: 'password' | 'token';
  /** The login name the secret belongs to (from the app's options when it has one); null for a token. */
  username: (options: Record<string, unknown>) => string | null;
  /** A sentence on where the secret is used. */
  usage: string;
  /**
   * `every-deploy`: a rotated secret replaces the old one at the next deployment.
   * `first-boot`: the app takes it once, when it is set up; a rotated secret only
   * reaches a machine whose app state is new (change it in the app afterwards).
   */
  applies: 'every-deploy' | 'first-boot';
  files: (secret: string) => CredentialFile[];
  /** Where the secret is entered, below the app's address (default "/"): Vaultwarden's admin page. */
  signInPath?: string;
}

const admin = (): string => 'admin';
const passwordFile = (name: string) => (secret: string) => [{ name, content: `${secret}\n` }];

/**
 * The apps that need a first credential; the others (the Mumble server and
 * client) have no administrator to sign in as. Keyed like configs.json.
 */
export const APP_CREDENTIALS: Readonly<Partial<Record<AppKey, AppCredentialSpec>>> = {
  syncthing: {
    dir: 'syncthing',
    kind: 'password',
    username: admin,
    usage: 'Sign in to the Syncthing web interface (user admin).',
    applies: 'every-deploy',
    files: passwordFile('gui-password'),
  },
  nextcloud: {
    dir: 'nextcloud',
    kind: 'password',
    username: (options) => (typeof options['adminUser'] === 'string' ? options['adminUser'] : 'admin'),
    usage: "Sign in to Nextcloud as its administrator (the app's adminUser).",
    applies: 'first-boot',
    files: passwordFile('admin-password'),
  },
  forgejo: {
    dir: 'forgejo',
    kind: 'password',
    username: admin,
    usage: 'Sign in to Forgejo as the administrator "admin" (created by the panel on first boot).',
    applies: 'every-deploy',
    files: passwordFile('admin-password'),
  },
  vaultwarden: {
    dir: 'vaultwarden',
    kind: 'token',
    username: () => null,
    usage: "Open Vaultwarden's admin page (/admin) with this token to invite the first people.",
    applies: 'every-deploy',
    signInPath: '/admin',
    // The env file is Vaultwarden's environmentFile (ADMIN_TOKEN=…); the token alone is for people and tools.
    files: (secret) => [
      { name: 'admin-token', content: `${secret}\n` },
      { name: 'env', content: `ADMIN_TOKEN=${secret}\n` },
    ],
  },
  jellyfin: {
    dir: 'jellyfin',
    kind: 'password',
    username: admin,
    usage: 'Sign in to Jellyfin as "admin": the panel completes Jellyfin\'s setup wizard with this password on first boot.',
    applies: 'first-boot',
    files: passwordFile('admin-password'),
  },
  homeAssistant: {
    dir: 'home-assistant',
    kind: 'password',
    username: admin,
    usage:
      'Sign in to Home Assistant as "admin": the panel creates this owner on first boot, so onboarding is not open to whoever comes first.',
    applies: 'first-boot',
    files: passwordFile('admin-password'),
  },
  paperless: {
    dir: 'paperless',
    kind: 'password',
    username: admin,
    usage: 'Sign in to Paperless-ngx as the superuser "admin".',
    applies: 'every-deploy',
    files: passwordFile('admin-password'),
  },
};

export function credentialSpec(app: string): AppCredentialSpec | undefined {
  return Object.prototype.hasOwnProperty.call(APP_CREDENTIALS, app) ? APP_CREDENTIALS[app as AppKey] : undefined;
}

/** The path of one credential file on the secrets disk (`apps/home-assistant/admin-password`). */
export function credentialPath(spec: AppCredentialSpec, file: string): string {
  return `apps/${spec.dir}/${file}`;
}
