/**
 * What passport keeps in `req.user` for a browser session: just the id
 * (create-app's serializeUser/deserializeUser). AccessGuard loads the rest.
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User {
      id: string;
    }
  }
}

export type SessionUser = Express.User;
