import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ClanApi } from '../../core/api/clan-api';
import type { AuditEntryView, AuditQuery, UserView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { NetworkStore } from '../../core/networks/network-store';
import { AuditTable } from '../../shared/audit-table';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { Pager } from '../../shared/pager';

const PAGE = 50;

/** `2026-11-23` (a date input) → the start of that day, or of the next one for an inclusive "until". */
export function dayToIso(day: string, endOfDay = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (endOfDay) date.setDate(date.getDate() + 1);
  return date.toISOString();
}

@Component({
  selector: 'clan-audit-log-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, AuditTable, ErrorBox, Pager, Icon],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">Host</p>
        <h1><clan-icon name="list" /> Audit log</h1>
      </div>
    </div>
    <p class="muted">Every state-changing request: who did what, to what, when, and whether it worked.</p>
    <form class="panel filters" (ngSubmit)="goTo(0)" aria-label="Filter audit entries">
      <div class="field">
        <label for="audit-user">User</label>
        <select id="audit-user" name="userId" [(ngModel)]="userId">
          <option value="">Anyone</option>
          @for (user of users(); track user.id) {
            <option [value]="user.id">{{ user.displayName || user.username }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="audit-network">Network</label>
        <select id="audit-network" name="networkId" [(ngModel)]="networkId">
          <option value="">Any</option>
          @for (network of networks.sorted(); track network.id) {
            <option [value]="network.id">{{ network.name }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="audit-action">Action</label>
        <input id="audit-action" name="action" placeholder="e.g. network.create" [(ngModel)]="action" />
      </div>
      <div class="field">
        <label for="audit-result">Result</label>
        <select id="audit-result" name="result" [(ngModel)]="result">
          <option value="">Any</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
        </select>
      </div>
      <div class="field">
        <label for="audit-since">From</label>
        <input id="audit-since" name="since" type="date" [(ngModel)]="since" />
      </div>
      <div class="field">
        <label for="audit-until">To</label>
        <input id="audit-until" name="until" type="date" [(ngModel)]="until" />
      </div>
      <div class="filter-actions">
        <button type="submit" class="btn btn-primary">Apply</button>
        <button type="button" class="btn" (click)="reset()">Reset</button>
      </div>
    </form>
    <clan-error [error]="error()" />
    <section class="panel">
      <clan-audit-table [entries]="entries()" [loading]="loading()" emptyText="No entries match these filters." />
      <clan-pager [offset]="offset()" [limit]="limit" [total]="total()" (offsetChange)="goTo($event)" />
    </section>
  `,
})
export class AuditLogPage {
  protected readonly networks = inject(NetworkStore);
  private readonly api = inject(ClanApi);
  protected readonly limit = PAGE;
  protected readonly users = signal<UserView[]>([]);
  protected readonly entries = signal<AuditEntryView[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);

  protected readonly userId = signal('');
  protected readonly networkId = signal('');
  protected readonly action = signal('');
  protected readonly result = signal<'' | 'success' | 'failure'>('');
  protected readonly since = signal('');
  protected readonly until = signal('');

  constructor() {
    void this.goTo(0);
    this.api.users().then(
      (users) => this.users.set(users),
      () => this.users.set([]), // the filter just offers "Anyone" then
    );
  }

  protected reset(): void {
    this.userId.set('');
    this.networkId.set('');
    this.action.set('');
    this.result.set('');
    this.since.set('');
    this.until.set('');
    void this.goTo(0);
  }

  protected async goTo(offset: number): Promise<void> {
    this.offset.set(offset);
    this.loading.set(true);
    const query: AuditQuery = { limit: PAGE, offset };
    if (this.userId()) query.userId = this.userId();
    if (this.networkId()) query.networkId = this.networkId();
    if (this.action().trim()) query.action = this.action().trim();
    if (this.result()) query.result = this.result() as 'success' | 'failure';
    query.since = dayToIso(this.since());
    query.until = dayToIso(this.until(), true);
    try {
      const page = await this.api.audit(query);
      this.entries.set(page.items);
      this.total.set(page.total);
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
