import type { GitAuthor } from '../services/git/git-repo';

/** Characters git strips from the ends of a name; a name made only of them is refused. */
const CRUD = /^[\s.,:;<>"\\']+|[\s.,:;<>"\\']+$/g;

/**
 * The commit author for a panel user: their display name (or username) and a
 * non-routable address naming the account, so history shows who changed what.
 */
export function authorFor(user: { username: string; displayName?: string | null }): GitAuthor {
  const clean = (s: string) =>
    s
      .replace(/[<>\0\r\n]/g, ' ')
      .replace(CRUD, '')
      .replace(/\s+/g, ' ');
  const name = clean(user.displayName ?? '') || clean(user.username) || 'cLAN user';
  return { name, email: `${user.username}@users.clan.invalid` };
}

export const PANEL_AUTHOR: GitAuthor = { name: 'cLAN panel', email: 'panel@clan.invalid' };
