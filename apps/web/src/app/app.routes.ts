import { Route } from '@angular/router';
import { authGuard, hostAdminGuard, landingGuard, loginGuard, setupGuard } from './core/auth/guards';

export const appRoutes: Route[] = [
  {
    path: 'setup',
    title: 'First run · cLAN panel',
    canActivate: [setupGuard],
    loadComponent: () => import('./pages/setup/setup.page').then((m) => m.SetupPage),
  },
  {
    path: 'login',
    title: 'Sign in · cLAN panel',
    canActivate: [loginGuard],
    loadComponent: () => import('./pages/login/login.page').then((m) => m.LoginPage),
  },
  {
    // Public: the invite link is the credential (docs/web.md "Mesh").
    path: 'join/:token',
    title: 'Join a network · cLAN panel',
    loadComponent: () => import('./pages/join/join.page').then((m) => m.JoinPage),
  },
  {
    // Public: the invitation link is the credential (docs/web.md "People").
    path: 'invite/:token',
    title: 'Invitation · cLAN panel',
    loadComponent: () => import('./pages/invite/invite.page').then((m) => m.InvitePage),
  },
  {
    // Public: the reset link is the credential.
    path: 'reset-password/:token',
    title: 'New password · cLAN panel',
    loadComponent: () => import('./pages/reset-password/reset-password.page').then((m) => m.ResetPasswordPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./layout/shell').then((m) => m.Shell),
    children: [
      // Host admins land on the host, everyone else on their home (a guard: it runs after authGuard knows who it is).
      { path: '', pathMatch: 'full', canActivate: [landingGuard], children: [] },
      {
        path: 'home',
        title: 'Home · cLAN panel',
        loadComponent: () => import('./pages/home/home.page').then((m) => m.HomePage),
      },
      {
        path: 'host',
        title: 'Host · cLAN panel',
        canActivate: [hostAdminGuard],
        loadComponent: () => import('./pages/host/host-summary.page').then((m) => m.HostSummaryPage),
      },
      {
        // Before ':machine': "new" is a reserved machine name, so it can never be one.
        path: 'networks/:networkId/machines/new',
        title: 'New machine · cLAN panel',
        loadComponent: () => import('./pages/new-machine/new-machine.page').then((m) => m.NewMachinePage),
      },
      {
        path: 'networks/:networkId/machines/:machine',
        loadComponent: () => import('./pages/machine/machine.page').then((m) => m.MachinePage),
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'summary' },
          {
            path: 'summary',
            loadComponent: () => import('./pages/machine/machine-summary.tab').then((m) => m.MachineSummaryTab),
          },
          {
            path: 'config',
            loadComponent: () => import('./pages/machine/machine-config.tab').then((m) => m.MachineConfigTab),
          },
          {
            path: 'generations',
            loadComponent: () => import('./pages/machine/machine-generations.tab').then((m) => m.MachineGenerationsTab),
          },
          {
            path: 'history',
            loadComponent: () => import('./pages/machine/machine-history.tab').then((m) => m.MachineHistoryTab),
          },
          {
            path: 'console',
            loadComponent: () => import('./pages/machine/machine-console.tab').then((m) => m.MachineConsoleTab),
          },
          {
            path: 'logs',
            loadComponent: () => import('./pages/machine/machine-logs.tab').then((m) => m.MachineLogsTab),
          },
        ],
      },
      {
        path: 'networks/:networkId',
        loadComponent: () => import('./pages/network/network.page').then((m) => m.NetworkPage),
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'summary' },
          {
            path: 'summary',
            loadComponent: () => import('./pages/network/network-summary.tab').then((m) => m.NetworkSummaryTab),
          },
          {
            path: 'machines',
            loadComponent: () => import('./pages/network/network-machines.tab').then((m) => m.NetworkMachinesTab),
          },
          {
            path: 'history',
            loadComponent: () => import('./pages/network/network-history.tab').then((m) => m.NetworkHistoryTab),
          },
          {
            path: 'raw',
            loadComponent: () => import('./pages/network/network-raw.tab').then((m) => m.NetworkRawTab),
          },
          {
            path: 'members',
            loadComponent: () => import('./pages/network/network-members.tab').then((m) => m.NetworkMembersTab),
          },
          {
            path: 'mesh',
            loadComponent: () => import('./pages/network/network-mesh.tab').then((m) => m.NetworkMeshTab),
          },
          {
            path: 'backups',
            loadComponent: () => import('./pages/network/network-backups.tab').then((m) => m.NetworkBackupsTab),
          },
          {
            path: 'updates',
            loadComponent: () => import('./pages/network/network-updates.tab').then((m) => m.NetworkUpdatesTab),
          },
          {
            path: 'audit',
            loadComponent: () => import('./pages/network/network-audit.tab').then((m) => m.NetworkAuditTab),
          },
          {
            path: 'notifications',
            loadComponent: () => import('./pages/notifications/network-notifications.tab').then((m) => m.NetworkNotificationsTab),
          },
          {
            // Third-party apps pinned in the network, and the reviews before they are pinned (docs/marketplace.md).
            path: 'marketplace',
            loadComponent: () => import('./pages/network-marketplace/network-marketplace.tab').then((m) => m.NetworkMarketplaceTab),
          },
          {
            path: 'marketplace/reviews/:reviewId',
            loadComponent: () => import('./pages/network-marketplace/marketplace-review.page').then((m) => m.MarketplaceReviewPage),
          },
        ],
      },
      {
        // The fleet: every host that runs this panel's machines (docs/web.md "Hosts").
        path: 'hosts',
        title: 'Hosts · cLAN panel',
        canActivate: [hostAdminGuard],
        loadComponent: () => import('./pages/hosts/hosts.page').then((m) => m.HostsPage),
      },
      {
        // Before ':hostId': Tang servers, Clevis policies and the dependency matrix (docs/web.md "Unattended unlock").
        path: 'hosts/unlock',
        title: 'Unattended unlock · Hosts · cLAN panel',
        canActivate: [hostAdminGuard],
        loadComponent: () => import('./pages/hosts/unlock/unlock.page').then((m) => m.UnlockPage),
      },
      {
        path: 'hosts/:hostId',
        title: 'Host · cLAN panel',
        canActivate: [hostAdminGuard],
        loadComponent: () => import('./pages/hosts/host-detail.page').then((m) => m.HostDetailPage),
      },
      {
        path: 'host/terminal',
        title: 'Host shell · cLAN panel',
        canActivate: [hostAdminGuard],
        loadComponent: () => import('./pages/host/host-terminal.page').then((m) => m.HostTerminalPage),
      },
      {
        path: 'host/logs',
        title: 'Host logs · cLAN panel',
        canActivate: [hostAdminGuard],
        loadComponent: () => import('./pages/host/host-logs.page').then((m) => m.HostLogsPage),
      },
      {
        // Everyone signed in browses; the sources section inside is for host admins (docs/web.md "Marketplace").
        path: 'marketplace',
        loadChildren: () => import('./pages/marketplace/marketplace.routes').then((m) => m.MARKETPLACE_ROUTES),
      },
      {
        // /open?link=nix://…: what a network or template link points at (docs/web.md "Marketplace").
        path: 'open',
        title: 'Open a nix:// link · cLAN panel',
        loadComponent: () => import('./pages/open-link/open-link.page').then((m) => m.OpenLinkPage),
      },
      {
        path: 'recordings',
        title: 'Terminal recordings · cLAN panel',
        loadComponent: () => import('./pages/recordings/recordings.page').then((m) => m.RecordingsPage),
      },
      {
        path: 'recordings/:recordingId',
        title: 'Recording · cLAN panel',
        loadComponent: () => import('./pages/recordings/recording-player.page').then((m) => m.RecordingPlayerPage),
      },
      {
        path: 'users',
        title: 'Users · cLAN panel',
        canActivate: [hostAdminGuard],
        loadComponent: () => import('./pages/users/users.page').then((m) => m.UsersPage),
      },
      {
        path: 'audit',
        title: 'Audit log · cLAN panel',
        canActivate: [hostAdminGuard],
        loadComponent: () => import('./pages/audit/audit-log.page').then((m) => m.AuditLogPage),
      },
      {
        path: 'notifications',
        title: 'Notifications · cLAN panel',
        loadComponent: () => import('./pages/notifications/notifications.page').then((m) => m.NotificationsPage),
      },
      {
        path: 'notifications/settings',
        title: 'Notification delivery · cLAN panel',
        canActivate: [hostAdminGuard],
        loadComponent: () => import('./pages/notifications/notification-settings.page').then((m) => m.NotificationSettingsPage),
      },
      {
        path: 'backups',
        title: 'My backups · cLAN panel',
        loadComponent: () => import('./pages/backups/my-backups.page').then((m) => m.MyBackupsPage),
      },
      {
        path: 'tokens',
        title: 'API tokens · cLAN panel',
        loadComponent: () => import('./pages/tokens/tokens.page').then((m) => m.TokensPage),
      },
      {
        path: 'account',
        title: 'Account · cLAN panel',
        loadComponent: () => import('./pages/account/account.page').then((m) => m.AccountPage),
      },
      {
        path: '**',
        title: 'Not found · cLAN panel',
        loadComponent: () => import('./pages/not-found/not-found.page').then((m) => m.NotFoundPage),
      },
    ],
  },
];
