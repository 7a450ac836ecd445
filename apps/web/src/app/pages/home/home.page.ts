import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Session } from '../../core/auth/session';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { AskHelpDialog } from './ask-help.dialog';
import { HomeApi, type HomeNetworkView, type HomeView } from './home.api';
import { NetworkCa } from './network-ca';

/**
 * A member's landing page (docs/web.md, "Home"): what is theirs in plain
 * words — per network the apps they can open by mesh name, their devices and
 * the network's services with their backups, and who to ask for help. Host
 * pages are for host admins; everyone else starts here.
 */
@Component({
  selector: 'clan-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AskHelpDialog, ErrorBox, Icon, NetworkCa, RouterLink],
  styles: `
    .home-intro {
      margin: -4px 0 var(--gap);
    }
    .home-network h3 {
      margin: 16px 0 6px;
      font-size: 1rem;
    }
    .home-network h3:first-of-type {
      margin-top: 4px;
    }
    .home-list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 8px;
    }
    .home-item {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 12px;
      padding: 8px 10px;
      border: 1px solid var(--border);
      border-radius: 6px;
      min-width: 0;
    }
    .home-item-main {
      flex: 1 1 220px;
      min-width: 0;
    }
    .home-item-main p {
      margin: 2px 0 0;
    }
    .home-name {
      overflow-wrap: anywhere;
    }
    .home-state {
      font-weight: 600;
    }
    .home-state[data-tone='ok'] {
      color: var(--ok);
    }
    .home-state[data-tone='warn'] {
      color: var(--warn);
    }
    .home-state[data-tone='danger'] {
      color: var(--danger);
    }
    .home-help {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
    }
    .home-help p {
      margin: 0;
    }
  `,
  template: `
    <div class="page-head" data-testid="home-page">
      <div>
        <p class="crumb">Home</p>
        <h1>Hello, {{ greetingName() }}</h1>
      </div>
      <button type="button" class="btn btn-small" data-testid="home-refresh" [disabled]="loading()" (click)="load()">
        <clan-icon name="refresh" /> Refresh
      </button>
    </div>
    <clan-error [error]="error()" />
    @if (home(); as h) {
      <p class="muted home-intro">Here is what is yours: your networks, the apps you can open, your devices and their backups.</p>
      @for (n of h.networks; track n.id) {
        <section class="panel home-network" [attr.data-testid]="'home-network-' + n.name" [attr.aria-label]="'Network ' + n.name">
          <h2 class="panel-header">
            <clan-icon name="network" /> {{ n.name }}
            <span class="badge badge-muted">{{ n.role }}</span>
            @if (n.system === 'demo') {
              <span class="badge badge-info" title="A simulated network for trying the panel out">demo</span>
            }
          </h2>
          @if (n.description) {
            <p class="muted small">{{ n.description }}</p>
          }
          @if (n.problem) {
            <div class="alert alert-warn" role="status">
              <p>{{ n.problem }}</p>
            </div>
          }

          <h3>Apps</h3>
          @if (n.apps.length) {
            <ul class="home-list">
              @for (a of n.apps; track a.machine + '/' + a.app) {
                <li class="home-item" [attr.data-testid]="'home-app-' + a.app">
                  <div class="home-item-main">
                    <strong>{{ a.title }}</strong>
                    <p class="small muted">{{ a.description }}</p>
                    <p class="small muted home-name">on {{ a.meshName }}</p>
                  </div>
                  @if (a.url) {
                    <a
                      class="btn btn-small"
                      target="_blank"
                      rel="noopener noreferrer"
                      [href]="a.url"
                      [attr.data-testid]="'home-app-open-' + a.app"
                      [attr.aria-label]="'Open ' + a.title"
                      >Open</a
                    >
                  }
                </li>
              }
            </ul>
            @if (n.system === 'demo') {
              <p class="small muted" [attr.data-testid]="'home-demo-' + n.name">
                {{ n.name }} is a demo network: its machines run a test system, so the links do not open the apps yet.
              </p>
            } @else {
              <p class="small muted">The links work on your devices connected to {{ n.name }}.</p>
            }
          } @else {
            <p class="muted">No apps in {{ n.name }} yet. The admins add them.</p>
          }

          <h3>Your devices</h3>
          @if (n.devices.length) {
            <ul class="home-list">
              @for (d of n.devices; track d.name) {
                <li class="home-item" [attr.data-testid]="'home-device-' + d.name">
                  <div class="home-item-main">
                    <strong class="home-name">{{ d.name }}</strong>
                    <p class="small muted home-name">{{ d.meshName }}</p>
                  </div>
                  <span
                    class="home-state"
                    data-testid="home-backup-state"
                    [attr.data-tone]="d.backup.tone"
                    [attr.data-state]="d.backup.state"
                  >
                    {{ d.backup.words }}
                  </span>
                </li>
              }
            </ul>
          } @else {
            <p class="muted" [attr.data-testid]="'home-no-devices-' + n.name">
              None of your devices is connected to {{ n.name }} yet. Ask an admin for an invite link to connect your laptop or phone.
            </p>
          }

          <clan-network-ca [network]="n.name" [ca]="n.ca" [attr.data-testid]="'home-ca-' + n.name" />

          @if (n.machines.length) {
            <h3>Your network's services</h3>
            <ul class="home-list">
              @for (m of n.machines; track m.name) {
                <li class="home-item" [attr.data-testid]="'home-machine-' + m.name">
                  <div class="home-item-main">
                    <strong class="home-name">{{ m.name }}</strong>
                    <span class="muted small" [attr.data-testid]="'home-machine-state-' + m.name"> · {{ m.stateWords }}</span>
                    @if (m.apps.length) {
                      <p class="small muted">Runs {{ m.apps.join(', ') }}</p>
                    }
                  </div>
                  <span
                    class="home-state"
                    data-testid="home-backup-state"
                    [attr.data-tone]="m.backup.tone"
                    [attr.data-state]="m.backup.state"
                  >
                    {{ m.backup.words }}
                  </span>
                </li>
              }
            </ul>
          }

          <h3>Get help</h3>
          <div class="home-help">
            <p [attr.data-testid]="'home-admins-' + n.name">{{ adminsText(n) }}</p>
            <button type="button" class="btn btn-small" data-testid="home-ask-help" (click)="asking.set(n)">Ask for remote help</button>
          </div>
        </section>
      } @empty {
        <div class="alert alert-info" role="status" data-testid="home-empty">
          @if (session.isHostAdmin()) {
            <p>You are not a member of any network. As the host admin you manage them from <a routerLink="/host">the host page</a>.</p>
          } @else {
            <p>You are not in a network yet: ask an admin for an invite link.</p>
          }
        </div>
      }
    } @else if (loading()) {
      <p class="muted">Loading your home…</p>
    }

    @if (asking(); as n) {
      <clan-ask-help-dialog [networkId]="n.id" [networkName]="n.name" [admins]="adminNames(n)" (closed)="asking.set(null)" />
    }
  `,
})
export class HomePage {
  private readonly api = inject(HomeApi);
  protected readonly session = inject(Session);
  protected readonly home = signal<HomeView | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly asking = signal<HomeNetworkView | null>(null);

  constructor() {
    void this.load();
  }

  protected greetingName(): string {
    const user = this.session.user();
    return this.home()?.displayName || user?.displayName || user?.username || 'there';
  }

  protected adminNames(n: HomeNetworkView): string[] {
    return n.admins.map((a) => a.name);
  }

  protected adminsText(n: HomeNetworkView): string {
    const names = this.adminNames(n);
    if (!names.length) return `${n.name} has no admin of its own; the panel's admin can help.`;
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    return `${list} ${names.length === 1 ? 'looks' : 'look'} after ${n.name}.`;
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.home.set(await this.api.get());
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
