import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { AuthService } from './auth.service';
import { Session } from './session';

/** Signed-in pages: otherwise /setup on a fresh panel, else /login. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (await auth.restore()) return true;
  if (await auth.setupRequired()) return router.createUrlTree(['/setup']);
  const returnUrl = state.url && state.url !== '/' ? state.url : undefined;
  return router.createUrlTree(['/login'], { queryParams: { returnUrl } });
};

/** The login page: skip it when already signed in, and send a fresh panel to first-run setup. */
export const loginGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (await auth.restore()) return router.createUrlTree(['/']);
  if (await auth.setupRequired()) return router.createUrlTree(['/setup']);
  return true;
};

/** First-run setup exists only until the host admin is created. */
export const setupGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (await auth.setupRequired()) return true;
  return router.createUrlTree([(await auth.restore()) ? '/' : '/login']);
};

/** Host-admin pages; the API checks too, this only keeps the menu honest. */
export const hostAdminGuard: CanActivateFn = () => {
  const session = inject(Session);
  return session.isHostAdmin() ? true : inject(Router).createUrlTree(['/host']);
};
