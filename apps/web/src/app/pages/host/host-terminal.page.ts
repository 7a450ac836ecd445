import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { describeError, type ErrorView } from '../../core/api/errors';
import { ConsoleApi } from '../../core/consoles/console-api';
import { CONSOLE_WEBSOCKET, ConsoleConnection } from '../../core/consoles/console-connection';
import type { HostTerminalSessionView } from '../../core/consoles/console-types';
import { timeAgo } from '../../core/vm/vm-rules';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { TerminalView } from '../../shared/terminal/terminal-view';

const REFRESH_MS = 5000;

/**
 * The remote-support terminal (docs/consoles.md): a shell on the host for
 * host admins. Lists the running shells with who is connected; opens a new
 * one or joins one, and everyone on it sees everyone else.
 */
@Component({
  selector: 'clan-host-terminal-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ErrorBox, Icon, TerminalView],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb"><a routerLink="/host">Host</a></p>
        <h1><clan-icon name="host" /> Host shell</h1>
      </div>
      <div class="toolbar">
        <button type="button" class="btn btn-primary" data-testid="host-terminal-new" (click)="openShell()">Open a new shell</button>
      </div>
    </div>

    <div class="alert alert-warn" data-testid="host-terminal-warning">
      <p>
        <strong>This is a root shell on the host.</strong> It runs as the panel’s own user (root on a standard install): what is typed here
        can change or break the panel and every machine on this host.
      </p>
      <p>
        Everything the shell prints is recorded and can be replayed from <a routerLink="/recordings">Terminal recordings</a>; what you type
        is not recorded. Everyone connected to a shell sees the same screen, and anyone of them can type.
      </p>
    </div>
    <clan-error [error]="error()" />

    @if (connection(); as c) {
      <section class="panel" aria-labelledby="shell-title" data-testid="host-terminal-attached">
        <h2 id="shell-title" class="panel-header">
          {{ c.hello()?.title ?? 'Host shell' }}
          <span class="panel-header-actions">
            <button type="button" class="btn btn-small" data-testid="host-terminal-leave" (click)="leave()">Leave</button>
          </span>
        </h2>
        @if (exited(); as text) {
          <div class="alert alert-info" data-testid="host-terminal-exited">
            <p>
              {{ text }}
              <button type="button" class="btn btn-small btn-primary" data-testid="host-terminal-new-again" (click)="openShell()">
                Open a new shell
              </button>
            </p>
          </div>
        }
        <clan-terminal-view [connection]="c" label="Host shell" />
        <p class="hint">
          Leaving keeps the shell running for a minute after the last person has left: it can be joined again from the list.
        </p>
      </section>
    }

    <section class="panel" aria-labelledby="sessions-title" data-testid="host-terminal-sessions">
      <h2 id="sessions-title" class="panel-header">
        Running shells
        <span class="panel-header-actions">
          <button type="button" class="btn btn-small" aria-label="Refresh the list of shells" [disabled]="loading()" (click)="refresh()">
            <clan-icon name="refresh" />
          </button>
        </span>
      </h2>
      @if (sessions(); as list) {
        @if (list.length) {
          <div class="table-wrap">
            <table class="table table-compact">
              <thead>
                <tr>
                  <th scope="col">Shell</th>
                  <th scope="col">Started</th>
                  <th scope="col">Connected</th>
                  <th scope="col"><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                @for (s of list; track s.sessionId) {
                  <tr data-testid="host-terminal-session" [attr.data-session-id]="s.sessionId">
                    <td>
                      <code>{{ s.shell }}</code>
                    </td>
                    <td>{{ ago(s.startedAt) }} by {{ s.startedBy }}</td>
                    <td data-testid="host-terminal-participants">{{ people(s) }}</td>
                    <td class="nowrap">
                      @if (attachedTo() === s.sessionId) {
                        <span class="badge badge-ok">you are on it</span>
                      } @else {
                        <button type="button" class="btn btn-small" data-testid="host-terminal-join" (click)="join(s.sessionId)">
                          Join
                        </button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else {
          <p class="muted" data-testid="host-terminal-none">
            No shell is running. <em>Open a new shell</em> starts one; other host admins can then join it from this list.
          </p>
        }
      } @else if (loading()) {
        <p class="muted">Loading…</p>
      }
    </section>
  `,
})
export class HostTerminalPage {
  private readonly api = inject(ConsoleApi);
  private readonly webSocket = inject(CONSOLE_WEBSOCKET);

  protected readonly sessions = signal<HostTerminalSessionView[] | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly connection = signal<ConsoleConnection | null>(null);
  private readonly now = signal(Date.now());

  /** The shell this page is attached to. */
  protected readonly attachedTo = computed(() => {
    const c = this.connection();
    return c && c.state().kind !== 'closed' ? (c.hello()?.sessionId ?? null) : null;
  });
  protected readonly exited = computed(() => {
    const state = this.connection()?.state();
    if (state?.kind !== 'closed' || state.reason.kind !== 'exited') return null;
    return state.reason.exitCode === null ? 'The shell exited.' : `The shell exited (code ${state.reason.exitCode}).`;
  });

  constructor() {
    void this.refresh();
    const timer = setInterval(() => {
      this.now.set(Date.now());
      void this.refresh();
    }, REFRESH_MS);

    // The list changes when this page joins or leaves a shell: show it at once.
    effect(() => {
      this.attachedTo();
      untracked(() => void this.refresh());
    });

    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      this.connection()?.close();
    });
  }

  protected openShell(): void {
    this.attach(null);
  }

  protected join(sessionId: string): void {
    this.attach(sessionId);
  }

  protected leave(): void {
    this.connection()?.close();
    this.connection.set(null);
  }

  protected async refresh(): Promise<void> {
    this.loading.set(true);
    try {
      this.sessions.set(await this.api.hostSessions());
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected ago(iso: string): string {
    return timeAgo(iso, this.now());
  }

  protected people(session: HostTerminalSessionView): string {
    if (!session.participants.length) return 'nobody (it ends a minute after the last person left)';
    return session.participants.map((p) => (p.connections > 1 ? `${p.username} (${p.connections} windows)` : p.username)).join(', ');
  }

  /** A new shell (null) or a running one; a reconnect always rejoins the shell the first `hello` named. */
  private attach(sessionId: string | null): void {
    this.connection()?.close();
    this.connection.set(
      new ConsoleConnection({
        ticket: (request) => this.api.hostTicket(request.sessionId ?? sessionId ?? undefined),
        WebSocket: this.webSocket,
      }),
    );
  }
}
