import { TestBed } from '@angular/core/testing';
import { type ActivatedRouteSnapshot, provideRouter, type RouterStateSnapshot, UrlTree } from '@angular/router';
import { hostAdminGuard, landingGuard } from './guards';
import { Session } from './session';

describe('landing and host-admin guards', () => {
  function signIn(isHostAdmin: boolean): void {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    TestBed.inject(Session).start({ id: 'u1', username: 'anna', displayName: 'Anna', isHostAdmin, totpEnabled: false }, 'csrf');
  }
  const run = (guard: typeof landingGuard) =>
    TestBed.runInInjectionContext(() => guard({} as ActivatedRouteSnapshot, { url: '/' } as RouterStateSnapshot));
  const target = (result: unknown) => (result instanceof UrlTree ? result.toString() : result);

  it('lands members on their home and keeps them out of the host pages', () => {
    signIn(false);
    expect(target(run(landingGuard))).toBe('/home');
    expect(target(run(hostAdminGuard))).toBe('/home');
  });

  it('lands host admins on the host summary and lets them in', () => {
    signIn(true);
    expect(target(run(landingGuard))).toBe('/host');
    expect(run(hostAdminGuard)).toBe(true);
  });
});
