import { APP_CATALOG, appKeys, isAppKey } from '@clan/nix-schema';
import { secretPathProblem } from '../vms/secrets-disk';
import { APP_CREDENTIALS, credentialPath, credentialSpec } from './app-credential-specs';
import { newAppSecret } from './app-credentials.service';

describe('app credential specs', () => {
  it("keeps each credential's directory the app's web label: its sign-in address is https://<dir>.<machine>.<network>.clan", () => {
    for (const [app, spec] of Object.entries(APP_CREDENTIALS)) {
      expect([app, spec.dir]).toEqual([app, (APP_CATALOG as Record<string, { web?: { label: string } }>)[app].web?.label]);
    }
  });

  it('name catalog apps only, each with files the secrets disk accepts', () => {
    for (const [app, spec] of Object.entries(APP_CREDENTIALS)) {
      expect(isAppKey(app)).toBe(true);
      const files = spec.files('x');
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect({ app, problem: secretPathProblem(credentialPath(spec, f.name)) }).toEqual({ app, problem: null });
    }
    // The directory is the app's file name (kebab-case), as in nix/lib/apps.
    expect(credentialSpec('homeAssistant')?.dir).toBe('home-assistant');
    expect(credentialSpec('mumbleServer')).toBeUndefined();
    expect(credentialSpec('toString')).toBeUndefined();
    expect(appKeys.filter((k) => credentialSpec(k))).toEqual(
      Object.keys(APP_CREDENTIALS).sort((a, b) => appKeys.indexOf(a as never) - appKeys.indexOf(b as never)),
    );
  });

  it("writes Vaultwarden's env file as systemd reads it, and every password as one line", () => {
    const secret = newAppSecret();
    expect(APP_CREDENTIALS.vaultwarden?.files(secret)).toEqual([
      { name: 'admin-token', content: `${secret}\n` },
      { name: 'env', content: `ADMIN_TOKEN=${secret}\n` },
    ]);
    expect(APP_CREDENTIALS.forgejo?.files(secret)).toEqual([{ name: 'admin-password', content: `${secret}\n` }]);
    expect(APP_CREDENTIALS.nextcloud?.username({ adminUser: 'root' })).toBe('root');
    expect(APP_CREDENTIALS.vaultwarden?.username({})).toBeNull();
  });

  it('makes 32-character secrets safe in env files, shell words and JSON, never the same twice', () => {
    const secrets = Array.from({ length: 200 }, newAppSecret);
    for (const s of secrets) expect(s).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});
