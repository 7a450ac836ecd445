import { ClanApiError } from '@clan/api-client';
import type { CliContext } from '../app/context';
import { removeConfigToken } from '../lib/config';

/** Finds a token's id from its secret: the list shows each token's prefix. */
async function idOfToken(ctx: CliContext, token: string): Promise<string | undefined> {
  const { items } = await ctx.api({ token }).tokens.list();
  const matches = items.filter((t) => t.prefix && token.startsWith(t.prefix));
  return matches.length === 1 ? matches[0].id : undefined;
}

/**
 * `clanctl logout`: revokes the token on the panel, then forgets it. A token
 * the panel already refuses (revoked, expired) is simply forgotten.
 */
export async function logoutCommand(ctx: CliContext, options: { local?: boolean }): Promise<void> {
  const { url, token, tokenSource } = ctx.connection;
  if (!token) {
    ctx.print({ url, revoked: false, forgotten: false }, () => `Not signed in to ${url}; nothing to do.`);
    return;
  }
  let revoked = false;
  if (!options.local) {
    try {
      const id = tokenSource === 'config' && ctx.stored.tokenId ? ctx.stored.tokenId : await idOfToken(ctx, token);
      if (id) {
        await ctx.api({ token }).tokens.revoke(id);
        revoked = true;
      } else {
        ctx.note('Could not tell which token this is; revoke it with `clanctl token list` / `clanctl token revoke <id>`.');
      }
    } catch (err) {
      if (!(err instanceof ClanApiError && err.status === 401)) throw err;
      ctx.note('The panel no longer accepts this token (revoked or expired).');
    }
  }
  const forgotten = tokenSource === 'config' || (ctx.stored.token === token && ctx.stored.url === url);
  if (forgotten) removeConfigToken(ctx.configPath);
  ctx.print({ url, revoked, forgotten }, () =>
    [
      revoked ? `Revoked the API token on ${url}.` : options.local ? 'Left the token valid on the panel (--local).' : undefined,
      forgotten
        ? `Forgot it in ${ctx.configPath}.`
        : `The token came from ${tokenSource === 'env' ? 'CLAN_TOKEN' : '--token'}; nothing stored to forget.`,
    ]
      .filter(Boolean)
      .join('\n'),
  );
}
