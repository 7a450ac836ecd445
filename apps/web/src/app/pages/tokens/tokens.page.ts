import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ClanApi } from '../../core/api/clan-api';
import type { CreatedTokenView, TokenView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { CopyBox } from '../../shared/copy-box';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';

export type ExpiryChoice = 'never' | '7' | '30' | '90' | '365' | 'date';

/** The expiry to send for a choice: end of the chosen day, in ISO form; undefined = never. */
export function expiryFor(choice: ExpiryChoice, customDay: string, now = new Date()): string | undefined {
  if (choice === 'never') return undefined;
  if (choice === 'date') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(customDay)) return undefined;
    return new Date(`${customDay}T23:59:59`).toISOString();
  }
  const date = new Date(now);
  date.setDate(date.getDate() + Number(choice));
  return date.toISOString();
}

@Component({
  selector: 'clan-tokens-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, DatePipe, CopyBox, ErrorBox, Icon],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">Account</p>
        <h1><clan-icon name="key" /> API tokens</h1>
      </div>
    </div>
    <p class="muted">
      Tokens let scripts and <code>clanctl</code> act as you: send <code>Authorization: Bearer clan_…</code>. They have your access, so give
      each one a clear name and an expiry, and revoke the ones you no longer use.
    </p>
    <p class="muted" data-testid="tokens-survive-password">
      Tokens keep working when you change your password. If you think one leaked, or you changed your password because someone else knew it,
      revoke them: <strong>Revoke all my tokens</strong> below ends every one at once.
    </p>

    @if (created(); as token) {
      <section class="panel panel-highlight" aria-labelledby="new-token-title" data-testid="token-created">
        <h2 id="new-token-title" class="panel-header">Token “{{ token.name }}” created</h2>
        <div class="alert alert-warn" role="alert">
          Copy this token now. It is shown <strong>only once</strong> — the panel keeps only a hash of it.
        </div>
        <clan-copy-box [value]="token.token" label="API token" testId="token-secret" />
        <div class="form-actions">
          <button type="button" class="btn btn-primary" data-testid="token-secret-done" (click)="created.set(null)">
            I have copied it
          </button>
        </div>
      </section>
    }

    <section class="panel" aria-labelledby="create-token-title">
      <h2 id="create-token-title" class="panel-header">New token</h2>
      <form class="inline-form wrap" (ngSubmit)="create()">
        <div class="field grow">
          <label for="token-name">Name</label>
          <input
            id="token-name"
            name="name"
            data-testid="token-name"
            required
            maxlength="100"
            placeholder="e.g. backup script on laptop"
            autocomplete="off"
            [(ngModel)]="name"
          />
        </div>
        <div class="field">
          <label for="token-expiry">Expires</label>
          <select id="token-expiry" name="expiry" data-testid="token-expiry" [(ngModel)]="expiry">
            <option value="never">Never</option>
            <option value="7">In 7 days</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In a year</option>
            <option value="date">On a date…</option>
          </select>
        </div>
        @if (expiry() === 'date') {
          <div class="field">
            <label for="token-expiry-date">Date</label>
            <input id="token-expiry-date" name="expiryDate" type="date" required [min]="today" [(ngModel)]="expiryDate" />
          </div>
        }
        <button type="submit" class="btn btn-primary" data-testid="token-create" [disabled]="busy() || !name().trim()">
          {{ busy() ? 'Creating…' : 'Create token' }}
        </button>
      </form>
      <clan-error [error]="error()" />
    </section>

    <section class="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title" class="panel-header">Your tokens</h2>
      @if (active().length) {
        <p>
          <button type="button" class="btn btn-danger" data-testid="tokens-revoke-all" [disabled]="busy()" (click)="revokeAll()">
            Revoke all my tokens
          </button>
        </p>
      }
      <div class="table-wrap">
        <table class="table table-cards">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (token of active(); track token.id) {
              <tr [attr.data-testid]="'token-row-' + token.name">
                <td data-label="Name">
                  <strong>{{ token.name }}</strong>
                </td>
                <td data-label="Token">
                  <code>{{ token.prefix }}…</code>
                </td>
                <td data-label="Created">
                  {{ token.createdAt | date: 'yyyy-MM-dd HH:mm' }}
                </td>
                <td data-label="Expires">
                  @if (!token.expiresAt) {
                    never
                  } @else if (isExpired(token)) {
                    <span class="badge badge-danger">expired</span>
                    {{ token.expiresAt | date: 'yyyy-MM-dd' }}
                  } @else {
                    {{ token.expiresAt | date: 'yyyy-MM-dd HH:mm' }}
                  }
                </td>
                <td data-label="Last used">
                  {{ (token.lastUsedAt | date: 'yyyy-MM-dd HH:mm') ?? 'never' }}
                </td>
                <td class="actions">
                  <button
                    type="button"
                    class="btn btn-small btn-danger-outline"
                    [attr.data-testid]="'token-revoke-' + token.name"
                    [disabled]="busy()"
                    (click)="revoke(token)"
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="6">
                  {{ loading() ? 'Loading…' : 'No tokens yet.' }}
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (revoked().length) {
        <details class="revoked">
          <summary>Revoked tokens ({{ revoked().length }})</summary>
          <ul>
            @for (token of revoked(); track token.id) {
              <li [attr.data-testid]="'token-revoked-' + token.name">
                <strong>{{ token.name }}</strong>
                <code>{{ token.prefix }}…</code>
                <span class="muted">revoked {{ token.revokedAt | date: 'yyyy-MM-dd HH:mm' }}</span>
              </li>
            }
          </ul>
        </details>
      }
    </section>
  `,
})
export class TokensPage {
  private readonly api = inject(ClanApi);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  protected readonly tokens = signal<TokenView[]>([]);
  protected readonly active = computed(() => this.tokens().filter((t) => !t.revokedAt));
  protected readonly revoked = computed(() => this.tokens().filter((t) => t.revokedAt));
  /** The one answer that carries the secret; cleared when dismissed, never stored anywhere else. */
  protected readonly created = signal<CreatedTokenView | null>(null);
  protected readonly name = signal('');
  protected readonly expiry = signal<ExpiryChoice>('never');
  protected readonly expiryDate = signal('');
  protected readonly busy = signal(false);
  protected readonly loading = signal(true);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly today = new Date().toISOString().slice(0, 10);

  constructor() {
    void this.load();
  }

  protected isExpired(token: TokenView): boolean {
    return token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();
  }

  protected async create(): Promise<void> {
    const name = this.name().trim();
    if (!name || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const token = await this.api.createToken(name, expiryFor(this.expiry(), this.expiryDate()));
      this.created.set(token);
      this.name.set('');
      await this.load();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async revoke(token: TokenView): Promise<void> {
    const yes = await this.confirm.ask({
      title: 'Revoke token',
      message: `Revoke “${token.name}” (${token.prefix}…)? Scripts using it stop working immediately.`,
      confirmLabel: 'Revoke',
      danger: true,
    });
    if (!yes) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.api.revokeToken(token.id);
      if (this.created()?.id === token.id) this.created.set(null);
      this.notifier.ok(`Token “${token.name}” revoked.`);
      await this.load();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async revokeAll(): Promise<void> {
    const count = this.active().length;
    const yes = await this.confirm.ask({
      title: 'Revoke all my tokens',
      message: `Revoke all ${count} of your active token${count === 1 ? '' : 's'}? Every script and clanctl using one stops working immediately. Your sign-in is not affected.`,
      confirmLabel: 'Revoke all',
      danger: true,
    });
    if (!yes) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { revoked } = await this.api.revokeAllTokens();
      this.created.set(null);
      this.notifier.ok(`${revoked} token${revoked === 1 ? '' : 's'} revoked.`);
      await this.load();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.tokens.set(await this.api.tokens());
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
