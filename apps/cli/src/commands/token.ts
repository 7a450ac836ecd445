import type { CliContext } from '../app/context';
import type { ApiToken, CreatedToken } from '../lib/api';
import { removeConfigToken } from '../lib/config';
import { parseExpires } from '../lib/expires';
import { formatTimestamp, type Painter, relativeTime, table } from '../lib/format';

export function tokenState(t: ApiToken, now: Date): 'active' | 'expired' | 'revoked' {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export function renderTokens(tokens: readonly ApiToken[], now: Date, currentToken: string | undefined, paint: Painter): string {
  if (!tokens.length) return 'No API tokens. Create one with `clanctl token create <name>`.';
  const isCurrent = (t: ApiToken) => Boolean(currentToken && t.prefix && currentToken.startsWith(t.prefix) && !t.revokedAt);
  return table(tokens, [
    { header: 'id', value: (t) => t.id },
    {
      header: 'name',
      value: (t) => (isCurrent(t) ? `${t.name} (this one)` : t.name),
    },
    { header: 'prefix', value: (t) => `${t.prefix}…` },
    {
      header: 'state',
      value: (t) => {
        const state = tokenState(t, now);
        return state === 'active' ? paint('green', state) : paint('dim', state);
      },
    },
    { header: 'created', value: (t) => relativeTime(t.createdAt, now) },
    {
      header: 'last used',
      value: (t) => (t.lastUsedAt ? relativeTime(t.lastUsedAt, now) : 'never'),
    },
    {
      header: 'expires',
      value: (t) => (t.revokedAt ? '—' : t.expiresAt ? relativeTime(t.expiresAt, now) : 'never'),
    },
  ]);
}

/** The secret alone goes to stdout, so `TOKEN=$(clanctl token create ci)` works; the rest is a note. */
export function renderCreatedNote(t: CreatedToken, now: Date): string {
  const expiry = t.expiresAt ? `expires ${formatTimestamp(t.expiresAt)} (${relativeTime(t.expiresAt, now)})` : 'never expires';
  return `Created API token "${t.name}" (id ${t.id}), ${expiry}.\nCopy the secret now: it will not be shown again.`;
}

export async function tokenCreateCommand(ctx: CliContext, name: string, options: { expires?: string }): Promise<void> {
  const expiresAt = options.expires ? parseExpires(options.expires, ctx.now()) : undefined;
  const created = await ctx.api().tokens.create(name, expiresAt);
  ctx.note(renderCreatedNote(created, ctx.now()));
  ctx.print(created, () => created.token);
}

export async function tokenListCommand(ctx: CliContext): Promise<void> {
  const page = await ctx.api().tokens.list();
  ctx.print(page, () => renderTokens(page.items, ctx.now(), ctx.connection.token, ctx.paint));
}

export async function tokenRevokeCommand(ctx: CliContext, id: string): Promise<void> {
  await ctx.api().tokens.revoke(id);
  const wasStored = ctx.stored.tokenId === id && ctx.stored.url === ctx.connection.url;
  if (wasStored) removeConfigToken(ctx.configPath);
  ctx.print({ revoked: id, forgotten: wasStored }, () =>
    wasStored
      ? `Revoked token ${id}. It was this machine's login, so it is forgotten too: run \`clanctl login\` again.`
      : `Revoked token ${id}.`,
  );
}

/** Revokes every token of the caller (tokens survive a password change); the stored login is one of them. */
export async function tokenRevokeAllCommand(ctx: CliContext): Promise<void> {
  const { revoked } = await ctx.api().tokens.revokeAll();
  const wasStored = Boolean(ctx.stored.tokenId) && ctx.stored.url === ctx.connection.url;
  if (wasStored) removeConfigToken(ctx.configPath);
  const s = revoked === 1 ? '' : 's';
  ctx.print({ revoked, forgotten: wasStored }, () =>
    wasStored
      ? `Revoked ${revoked} token${s}, including this machine's login, which is forgotten too: run \`clanctl login\` again.`
      : `Revoked ${revoked} token${s}.`,
  );
}
