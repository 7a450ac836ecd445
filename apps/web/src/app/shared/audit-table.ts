import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { AuditEntryView } from '../core/api/api-types';

/** Audit entries, as a table on wide screens and as cards on a phone. */
@Component({
  selector: 'clan-audit-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <div class="table-wrap">
      <table class="table table-cards" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">User</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Result</th>
            <th scope="col">Address</th>
          </tr>
        </thead>
        <tbody>
          @for (entry of entries(); track entry.id) {
            <tr>
              <td data-label="Time" class="nowrap">
                {{ entry.at | date: 'yyyy-MM-dd HH:mm:ss' }}
              </td>
              <td data-label="User" [attr.title]="entry.username">{{ entry.actorName ?? entry.username ?? '—' }}</td>
              <td data-label="Action">
                <code>{{ entry.action }}</code>
                <span class="muted small block">{{ entry.method }} {{ entry.path }}</span>
              </td>
              <td data-label="Target">
                {{ entry.targetType ? entry.targetType + ' ' + (entry.targetId ?? '') : '—' }}
              </td>
              <td data-label="Result">
                <span [class]="'badge badge-' + (entry.result === 'success' ? 'ok' : 'danger')">{{ entry.result }}</span>
                <span class="muted small"> {{ entry.statusCode }}{{ entry.errorCode ? ' ' + entry.errorCode : '' }}</span>
              </td>
              <td data-label="Address" class="muted">{{ entry.ip ?? '—' }}</td>
            </tr>
          } @empty {
            <tr class="empty-row">
              <td colspan="6">{{ loading() ? 'Loading…' : emptyText() }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class AuditTable {
  readonly entries = input.required<AuditEntryView[]>();
  readonly loading = input(false);
  readonly emptyText = input('No audit entries.');
}
