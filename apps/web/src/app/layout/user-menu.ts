import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../core/auth/auth.service';
import { Session } from '../core/auth/session';
import { Notifier } from '../core/ui/notifier';
import { Icon } from '../shared/icon';

@Component({
  selector: 'clan-user-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, Icon],
  host: {
    class: 'user-menu',
    '(document:click)': 'onDocumentClick($event)',
    '(keydown)': 'onKey($event)',
  },
  template: `
    <button
      #trigger
      type="button"
      class="user-menu-trigger"
      data-testid="user-menu"
      aria-haspopup="menu"
      aria-controls="user-menu-list"
      [attr.aria-expanded]="open()"
      (click)="toggle()"
    >
      <clan-icon name="user" />
      <span class="user-name">{{ session.user()?.displayName || session.user()?.username }}</span>
      @if (session.isHostAdmin()) {
        <span class="badge badge-info user-role">host admin</span>
      }
    </button>
    @if (open()) {
      <div id="user-menu-list" class="menu" role="menu" aria-label="Account">
        <div class="menu-header" role="none">
          Signed in as <strong>{{ session.user()?.username }}</strong>
        </div>
        <a role="menuitem" class="menu-item" routerLink="/account" (click)="close()"><clan-icon name="user" /> Account</a>
        <a role="menuitem" class="menu-item" routerLink="/marketplace" data-testid="menu-marketplace" (click)="close()">
          <clan-icon name="list" /> Marketplace
        </a>
        <a role="menuitem" class="menu-item" routerLink="/backups" data-testid="menu-backups" (click)="close()">
          <clan-icon name="shield" /> My backups
        </a>
        <a role="menuitem" class="menu-item" routerLink="/tokens" data-testid="menu-tokens" (click)="close()">
          <clan-icon name="key" /> API tokens
        </a>
        <a role="menuitem" class="menu-item" routerLink="/recordings" data-testid="menu-recordings" (click)="close()">
          <clan-icon name="list" /> Terminal recordings
        </a>
        @if (session.isHostAdmin()) {
          <a role="menuitem" class="menu-item" routerLink="/host/terminal" data-testid="menu-host-terminal" (click)="close()">
            <clan-icon name="machine" /> Host shell
          </a>
          <a role="menuitem" class="menu-item" routerLink="/host/logs" data-testid="menu-host-logs" (click)="close()">
            <clan-icon name="list" /> Host logs
          </a>
          <a role="menuitem" class="menu-item" routerLink="/users" data-testid="menu-users" (click)="close()">
            <clan-icon name="user" /> Users
          </a>
          <a role="menuitem" class="menu-item" routerLink="/audit" (click)="close()"><clan-icon name="list" /> Audit log</a>
        }
        <button role="menuitem" type="button" class="menu-item" data-testid="logout" (click)="logout()">
          <clan-icon name="logout" /> Sign out
        </button>
      </div>
    }
  `,
})
export class UserMenu {
  protected readonly session = inject(Session);
  protected readonly open = signal(false);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly trigger = viewChild.required<ElementRef<HTMLButtonElement>>('trigger');

  protected toggle(): void {
    this.open.set(!this.open());
    if (this.open()) queueMicrotask(() => this.items()[0]?.focus());
  }

  protected close(returnFocus = false): void {
    this.open.set(false);
    if (returnFocus) this.trigger().nativeElement.focus();
  }

  protected async logout(): Promise<void> {
    this.close();
    try {
      await this.auth.logout();
    } catch {
      this.notifier.error('The panel did not confirm the sign-out; your local session was cleared anyway.');
    }
    await this.router.navigate(['/login']);
  }

  protected onDocumentClick(event: MouseEvent): void {
    if (this.open() && !this.host.nativeElement.contains(event.target as Node)) this.close();
  }

  protected onKey(event: KeyboardEvent): void {
    if (!this.open()) return;
    const items = this.items();
    const index = items.indexOf(event.target as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close(true);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Tab') {
      this.close();
    }
  }

  private items(): HTMLElement[] {
    return Array.from(this.host.nativeElement.querySelectorAll<HTMLElement>('[role="menuitem"]'));
  }
}
