import { ChangeDetectionStrategy, Component, DestroyRef, DOCUMENT, effect, inject, signal, untracked } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { LiveSocket } from '../core/live/live-socket';
import { PanelNotifications } from '../core/live/panel-notifications';
import { NotificationStore } from '../core/notifications/notification-store';
import { NetworkStore } from '../core/networks/network-store';
import { Session } from '../core/auth/session';
import { TaskStore } from '../core/tasks/task-store';
import { Theme } from '../core/ui/theme';
import { Icon } from '../shared/icon';
import { NewNetworkDialog } from './new-network-dialog';
import { NotificationBell } from './notification-bell';
import { ResourceTree } from './resource-tree';
import { TaskBar } from './task-bar';
import { TaskViewerDialog } from './task-viewer';
import { UserMenu } from './user-menu';

/** The signed-in frame: header, resource tree, content, task bar (Proxmox VE's layout). */
@Component({
  selector: 'clan-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    Icon,
    ResourceTree,
    TaskBar,
    TaskViewerDialog,
    UserMenu,
    NewNetworkDialog,
    NotificationBell,
  ],
  styles: `
    .sidebar-hosts {
      color: var(--text);
      padding-left: 28px;
      border-bottom: 1px solid var(--border);
      text-decoration: none !important;
    }
  `,
  template: `
    <a class="skip-link" href="#main" (click)="skipToContent($event)">Skip to content</a>
    <div class="shell" [class.tree-open]="treeOpen()">
      <header class="topbar">
        <button
          type="button"
          class="icon-btn tree-toggle"
          aria-label="Resource tree"
          aria-controls="resource-panel"
          [attr.aria-expanded]="treeOpen()"
          (click)="treeOpen.set(!treeOpen())"
        >
          <clan-icon name="menu" />
        </button>
        <a routerLink="/" class="brand" aria-label="cLAN panel home">
          <span class="brand-mark" aria-hidden="true">c</span><span class="brand-name">LAN panel</span>
        </a>
        <span class="topbar-spacer"></span>
        <clan-notification-bell />
        <button
          type="button"
          class="icon-btn"
          data-testid="theme-toggle"
          [attr.aria-label]="theme.effective() === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'"
          [attr.title]="theme.effective() === 'dark' ? 'Light theme' : 'Dark theme'"
          (click)="theme.toggle()"
        >
          <clan-icon [name]="theme.effective() === 'dark' ? 'sun' : 'moon'" />
        </button>
        <clan-user-menu />
      </header>

      <aside id="resource-panel" class="sidebar" aria-label="Resources">
        <div class="panel-head">
          <span class="panel-title">{{ session.isHostAdmin() ? 'Server view' : 'Your networks' }}</span>
          @if (session.isHostAdmin()) {
            <button type="button" class="btn btn-small" data-testid="new-network" (click)="creatingNetwork.set(true)">
              <clan-icon name="plus" /> New network
            </button>
          }
        </div>
        @if (session.isHostAdmin()) {
          <!-- The fleet sits beside the tree's root (this host): every host that runs machines for the panel. -->
          <a class="tree-row sidebar-hosts" routerLink="/hosts" routerLinkActive="selected" data-testid="nav-hosts">
            <clan-icon name="host" /><span class="tree-label">Hosts</span>
          </a>
        }
        <clan-resource-tree />
      </aside>
      <div class="drawer-backdrop" aria-hidden="true" (click)="treeOpen.set(false)"></div>

      <main id="main" class="content" tabindex="-1">
        <router-outlet />
      </main>

      <clan-task-bar class="taskbar-area" />
    </div>

    @if (creatingNetwork()) {
      <clan-new-network-dialog (closed)="creatingNetwork.set(false)" />
    }
    <clan-task-viewer />
  `,
})
export class Shell {
  protected readonly session = inject(Session);
  protected readonly theme = inject(Theme);
  protected readonly treeOpen = signal(false);
  protected readonly creatingNetwork = signal(false);
  private readonly doc = inject(DOCUMENT);

  constructor() {
    const socket = inject(LiveSocket);
    const tasks = inject(TaskStore);
    const networks = inject(NetworkStore);
    const stopFollowing = tasks.follow();
    const stopNotifications = inject(PanelNotifications).follow();
    const notifications = inject(NotificationStore);
    const stopInbox = notifications.follow();

    // The socket lives while someone is signed in. If the session ends and is found
    // again without leaving the shell (a stray 401, then the cookie still works),
    // it starts again and the task list catches up.
    let wasSignedIn = false;
    effect(() => {
      const signedIn = this.session.signedIn();
      untracked(() => {
        if (signedIn) {
          socket.start();
          if (!wasSignedIn) {
            void networks.load();
            void tasks.load();
          }
        } else {
          socket.stop();
        }
      });
      wasSignedIn = signedIn;
    });

    // On a phone the tree is a drawer: close it once the user has picked something.
    const navigation = inject(Router).events.subscribe((event) => {
      if (event instanceof NavigationEnd) this.treeOpen.set(false);
    });

    inject(DestroyRef).onDestroy(() => {
      navigation.unsubscribe();
      stopFollowing();
      stopNotifications();
      stopInbox();
      notifications.clear();
      socket.stop();
      tasks.clear();
      networks.clear();
    });
  }

  protected skipToContent(event: Event): void {
    event.preventDefault();
    this.doc.getElementById('main')?.focus();
  }
}
