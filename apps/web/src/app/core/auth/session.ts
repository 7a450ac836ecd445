import { computed, Injectable, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { HOST_ADMIN_ROLE, NetworkRole, Privilege, roleHasPrivilege } from '@clan/contracts';
import type { MembershipView, UserView } from '../api/api-types';

/** Who is signed in, and the CSRF token every write must carry. Holds state only. */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly router = inject(Router);

  readonly user = signal<UserView | null>(null);
  readonly csrfToken = signal<string | null>(null);
  readonly memberships = signal<MembershipView[]>([]);
  readonly signedIn = computed(() => this.user() !== null);
  readonly isHostAdmin = computed(() => this.user()?.isHostAdmin === true);

  start(user: UserView, csrfToken: string | null, memberships?: MembershipView[]): void {
    this.user.set(user);
    this.csrfToken.set(csrfToken);
    if (memberships) this.memberships.set(memberships);
  }

  clear(): void {
    this.user.set(null);
    this.csrfToken.set(null);
    this.memberships.set([]);
  }

  /** The API said we are no longer signed in: drop the state and ask for credentials again. */
  expire(): void {
    const wasSignedIn = this.signedIn();
    this.clear();
    const current = this.router.url;
    if (current.startsWith('/login') || current.startsWith('/setup')) return;
    const returnUrl = current && current !== '/' ? current : undefined;
    void this.router.navigate(['/login'], {
      queryParams: { returnUrl, expired: wasSignedIn ? 1 : undefined },
    });
  }

  roleIn(networkId: string): NetworkRole | typeof HOST_ADMIN_ROLE | null {
    if (this.isHostAdmin()) return HOST_ADMIN_ROLE;
    return this.memberships().find((m) => m.networkId === networkId)?.role ?? null;
  }

  /** UI hint only: the API enforces every privilege itself. */
  can(privilege: Privilege, networkId?: string): boolean {
    if (this.isHostAdmin()) return true;
    if (!networkId) return false;
    const role = this.roleIn(networkId);
    return role !== null && roleHasPrivilege(role, privilege);
  }
}
