import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { describeError } from '../api/errors';
import { safeReturnUrl } from './return-url';
import { AuthService } from './auth.service';
import { Session } from './session';

type Probe = 'signed-in' | 'setup' | 'signed-out' | 'unreachable';

/** Where the visitor stands; an unreachable panel is remembered for the login page to explain. */
async function probe(auth: AuthService): Promise<Probe> {
  try {
    if (await auth.restore()) return 'signed-in';
    return (await auth.setupRequired()) ? 'setup' : 'signed-out';
  } catch (error) {
    auth.unreachable.set(describeError(error).message);
    return 'unreachable';
  }
}

/** Signed-in pages: otherwise /setup on a fresh panel, else /login. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const where = await probe(inject(AuthService));
  if (where === 'signed-in') return true;
  if (where === 'setup') return router.createUrlTree(['/setup']);
  const returnUrl = state.url && state.url !== '/' ? state.url : undefined;
  return router.createUrlTree(['/login'], { queryParams: { returnUrl } });
};

/** The login page: skip it when already signed in, and send a fresh panel to first-run setup. */
export const loginGuard: CanActivateFn = async (route) => {
  const router = inject(Router);
  const where = await probe(inject(AuthService));
  if (where === 'signed-in') return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl') ?? undefined));
  if (where === 'setup') return router.createUrlTree(['/setup']);
  return true;
};

/** First-run setup exists only until the host admin is created. */
export const setupGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const where = await probe(inject(AuthService));
  if (where === 'setup') return true;
  return router.createUrlTree([where === 'signed-in' ? '/' : '/login']);
};

/** Host-admin pages; the API checks too. Everyone else is sent to their home. */
export const hostAdminGuard: CanActivateFn = () => {
  const session = inject(Session);
  return session.isHostAdmin() ? true : inject(Router).createUrlTree(['/home']);
};

/**
 * "/": host admins land on the host summary, everyone else on their home.
 * A child of the authGuard route, so the session is known when it runs.
 */
export const landingGuard: CanActivateFn = () => {
  const session = inject(Session);
  return inject(Router).createUrlTree([session.isHostAdmin() ? '/host' : '/home']);
};
