import { ClanApiError } from '@clan/api-client';
import type { CliContext } from '../app/context';
import type { LoginResult, PanelApi } from '../lib/api';
import { writeConfig } from '../lib/config';
import { UsageError } from '../lib/errors';

export interface LoginOptions {
  username?: string;
  passwordStdin?: boolean;
  totp?: string;
}

export function tokenNameFor(hostname: string): string {
  return `clanctl@${hostname}`;
}

async function ask(ctx: CliContext, question: string, hidden: boolean, hint: string): Promise<string> {
  if (!ctx.deps.stdinIsTTY) throw new UsageError(`No terminal to ask for ${question.replace(/:\s*$/, '').toLowerCase()}: ${hint}`);
  const answer = (await ctx.deps.prompt(question, { hidden })).trim();
  if (!answer) throw new UsageError(`${question.replace(/:\s*$/, '')} must not be empty.`);
  return answer;
}

async function signIn(ctx: CliContext, api: PanelApi, username: string, password: string, totp: string | undefined): Promise<LoginResult> {
  try {
    return await api.auth.login({ username, password });
  } catch (err) {
    if (!(err instanceof ClanApiError) || err.code !== 'TOTP_REQUIRED') throw err;
  }
  const code = totp ?? (await ask(ctx, 'TOTP code: ', false, 'this account has two-factor sign-in; pass --totp <code>'));
  return api.auth.login({ username, password, totpCode: code.replace(/\s+/g, '') });
}

/**
 * `clanctl login`: signs in with a short-lived cookie session only to mint an
 * API token named `clanctl@<hostname>`, then ends that session. Later commands
 * use the token as a bearer, so no cookie or CSRF state is kept on disk.
 */
export async function loginCommand(ctx: CliContext, options: LoginOptions): Promise<void> {
  const username = options.username?.trim() || (await ask(ctx, 'Username: ', false, 'pass --username <name> --password-stdin'));
  const password = options.passwordStdin
    ? await ctx.deps.readStdin()
    : await ask(ctx, 'Password: ', true, 'pass --password-stdin and pipe the password in');
  if (!password) throw new UsageError('The password must not be empty.');

  const { url } = ctx.connection;
  const session = ctx.api({ session: true, token: null });
  const result = await signIn(ctx, session, username, password, options.totp);
  session.useCsrfToken(result.csrfToken);
  const name = tokenNameFor(ctx.deps.hostname());
  const created = await session.tokens.create(name);
  await session.auth.logout().catch(() => undefined);

  // Re-signing in replaces the token this machine had for the same panel instead of piling them up.
  const previous = ctx.stored;
  if (previous.token && previous.tokenId && previous.url === url && previous.tokenId !== created.id) {
    await ctx
      .api({ token: created.token })
      .tokens.revoke(previous.tokenId)
      .catch(() => undefined);
  }
  writeConfig(ctx.configPath, {
    url,
    token: created.token,
    tokenId: created.id,
    username: result.user.username,
  });
  ctx.print(
    {
      url,
      username: result.user.username,
      tokenId: created.id,
      tokenName: created.name,
      configPath: ctx.configPath,
    },
    () =>
      [
        `Signed in to ${url} as ${result.user.username}.`,
        `Stored API token "${created.name}" (${created.prefix}…) in ${ctx.configPath}.`,
      ].join('\n'),
  );
}
