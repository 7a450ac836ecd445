import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { ClanApi } from '../../core/api/clan-api';
import type { AuditEntryView } from '../../core/api/api-types';
import { describeError, type ErrorView } from '../../core/api/errors';
import { AuditTable } from '../../shared/audit-table';
import { ErrorBox } from '../../shared/error-box';
import { Pager } from '../../shared/pager';
import { NetworkContext } from './network-context';

const PAGE = 50;

@Component({
  selector: 'clan-network-audit-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AuditTable, ErrorBox, Pager],
  template: `
    <clan-error [error]="error()" />
    <section class="panel" aria-labelledby="net-audit-title">
      <h2 id="net-audit-title" class="panel-header">
        Audit log
        <button type="button" class="btn btn-small" (click)="reload()">Refresh</button>
      </h2>
      <clan-audit-table [entries]="entries()" [loading]="loading()" emptyText="Nothing recorded for this network yet." />
      <clan-pager [offset]="offset()" [limit]="limit" [total]="total()" (offsetChange)="goTo($event)" />
    </section>
  `,
})
export class NetworkAuditTab {
  private readonly context = inject(NetworkContext);
  private readonly api = inject(ClanApi);
  protected readonly limit = PAGE;
  protected readonly entries = signal<AuditEntryView[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);

  constructor() {
    effect(() => {
      const id = this.context.networkId();
      if (id) untracked(() => void this.goTo(0));
    });
  }

  protected reload(): void {
    void this.goTo(this.offset());
  }

  protected async goTo(offset: number): Promise<void> {
    const id = this.context.networkId();
    if (!id) return;
    this.offset.set(offset);
    this.loading.set(true);
    try {
      const page = await this.api.networkAudit(id, PAGE, offset);
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
