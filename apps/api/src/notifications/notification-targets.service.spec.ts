import { DomainError } from '../common/errors/domain-error';
import { applySection, DEFAULT_NTFY_SERVER } from './notification-targets.service';

const fieldOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.fields?.[0]?.field;
    throw e;
  }
  return undefined;
};

describe('applySection (target settings and write-only secrets)', () => {
  it('splits a new webhook section into settings and secrets', () => {
    expect(
      applySection(
        'webhook',
        null,
        {},
        { url: 'https://h.example/x', headerName: 'Authorization', headerSecret: 'Bearer s', signingSecret: 'k' },
      ),
    ).toEqual({
      settings: { url: 'https://h.example/x', headerName: 'Authorization' },
      secrets: { headerSecret: 'Bearer s', signingSecret: 'k' },
    });
  });

  it('keeps absent secrets, clears null ones, replaces given ones', () => {
    const current = { url: 'https://h.example/x', headerName: 'Authorization' };
    const secrets = { headerSecret: 'old', signingSecret: 'sig' };
    expect(applySection('webhook', current, secrets, { url: 'https://h.example/y' }).secrets).toEqual(secrets);
    expect(applySection('webhook', current, secrets, { signingSecret: null }).secrets).toEqual({ headerSecret: 'old' });
    expect(applySection('webhook', current, secrets, { headerSecret: 'new' }).secrets).toEqual({
      headerSecret: 'new',
      signingSecret: 'sig',
    });
  });

  it('refuses a secret header without its name (and the reverse), and headers the panel sets', () => {
    expect(fieldOf(() => applySection('webhook', null, {}, { url: 'https://h.example', headerSecret: 'x' }))).toBe('webhook.headerName');
    expect(fieldOf(() => applySection('webhook', null, {}, { url: 'https://h.example', headerName: 'X-Key' }))).toBe(
      'webhook.headerSecret',
    );
    expect(
      fieldOf(() => applySection('webhook', null, {}, { url: 'https://h.example', headerName: 'X-Clan-Event', headerSecret: 'x' })),
    ).toBe('webhook.headerName');
  });

  it('defaults the ntfy server and the email TLS mode from the port', () => {
    expect(applySection('ntfy', null, {}, { topic: 'fam' }).settings).toEqual({ server: DEFAULT_NTFY_SERVER, topic: 'fam' });
    const email = { host: 'smtp.example.org', from: 'p@example.org', to: ['a@example.org'] };
    expect(applySection('email', null, {}, { ...email, port: 465 }).settings).toMatchObject({ secure: true, username: null });
    expect(applySection('email', null, {}, { ...email, port: 587 }).settings).toMatchObject({ secure: false });
    const stored = applySection('email', null, {}, { ...email, port: 587, secure: true }).settings;
    expect(applySection('email', stored, {}, { from: 'q@example.org' }).settings).toMatchObject({
      secure: true,
      port: 587,
      from: 'q@example.org',
    });
    expect(fieldOf(() => applySection('email', null, {}, { ...email, port: 25, password: 'pw' }))).toBe('email.username');
  });
});
