import { ChangeDetectionStrategy, Component, DOCUMENT, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ClanApi } from '../../core/api/clan-api';
import type { ConfigStatusView } from '../../core/api/config-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { CopyBox } from '../../shared/copy-box';
import { ErrorBox } from '../../shared/error-box';

/**
 * The network's configuration repository for its members: the head, the
 * nix:// link to advertise, and how to clone it with git (an API token is the password).
 */
@Component({
  selector: 'clan-network-repo-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CopyBox, ErrorBox, RouterLink],
  template: `
    <section class="panel" aria-labelledby="repo-title" data-testid="network-repo">
      <h2 id="repo-title" class="panel-header">Configuration repository</h2>
      <clan-error [error]="error()" />
      @if (status(); as s) {
        <dl class="props">
          <dt>Head</dt>
          <dd>
            @if (s.head) {
              <code [attr.title]="s.head">{{ s.head.slice(0, 7) }}</code>
              <a routerLink="../history" class="small">history</a>
            } @else {
              <span class="muted">no commits yet</span>
            }
          </dd>
          <dt>Network link</dt>
          <dd>
            @if (s.link) {
              <clan-copy-box [value]="s.link" label="network link" testId="network-link" />
            } @else {
              <span class="muted">None: the panel has no host name others can reach.</span>
            }
          </dd>
        </dl>
        <h3 class="subhead">Clone with git</h3>
        <clan-copy-box [value]="cloneCommand()" label="git clone command" testId="git-clone" />
        <p class="muted small">
          Read-only. Git asks for a user name (yours: <code>{{ username() || 'your user name' }}</code>) and a password: use an
          <a routerLink="/tokens">API token</a>, not your panel password. Changes are made in the panel, which commits them for you.
        </p>
      } @else if (!error()) {
        <p class="muted">Loading…</p>
      }
    </section>
  `,
})
export class NetworkRepoPanel {
  readonly networkId = input.required<string>();
  readonly networkName = input('');
  readonly username = input('');
  protected readonly status = signal<ConfigStatusView | null>(null);
  protected readonly error = signal<ErrorView | null>(null);
  private readonly api = inject(ClanApi);
  private readonly origin = inject(DOCUMENT).location.origin;

  protected readonly cloneUrl = computed(() => `${this.origin}/api/networks/${encodeURIComponent(this.networkId())}/config.git`);
  protected readonly cloneCommand = computed(() => `git clone ${this.cloneUrl()} ${this.networkName() || 'network-config'}`);

  constructor() {
    effect(() => {
      const id = this.networkId();
      untracked(() => void this.load(id));
    });
  }

  private async load(networkId: string): Promise<void> {
    try {
      const status = await this.api.configStatus(networkId);
      if (networkId === this.networkId()) {
        this.status.set(status);
        this.error.set(null);
      }
    } catch (error) {
      if (networkId === this.networkId()) this.error.set(describeError(error));
    }
  }
}
