import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import {
  allUpCell,
  coldStartText,
  failureSentences,
  hostNames,
  matrixCell,
  policyText,
  stuckWithAllUp,
  type MatrixCell,
} from './unlock-format';
import type { HostUnlockAnalysisView, UnlockHostView, UnlockOverviewView } from './unlock-types';

interface MatrixRow {
  host: UnlockHostView;
  /** Null for a host without a policy: one muted cell says so. */
  cells: { allUp: MatrixCell; others: { hostId: string; cell: MatrixCell }[] } | null;
  policy: string;
  spare: string;
}

/** How many more pin hosts may be down, in words. */
function spareWords(analysis: HostUnlockAnalysisView): string {
  const spare = analysis.spareFailures;
  if (spare === null) return '';
  if (spare < 0) return 'stuck already';
  if (spare === 0) return 'no spare pin';
  return spare === 1 ? '1 pin host may be down' : `${spare} pin hosts may be down`;
}

/**
 * The dependency matrix: rows are the host that reboots, columns the host that is down; each cell says
 * whether the row's host still opens its disk unattended. Above it, the same in sentences: which host's
 * failure strands which, and what a power cut does.
 */
@Component({
  selector: 'clan-unlock-matrix',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel" aria-labelledby="unlock-matrix-title" data-testid="unlock-matrix">
      <h2 id="unlock-matrix-title" class="panel-header">Who boots when a host is down</h2>
      <ul class="unlock-summary" data-testid="unlock-summary">
        @for (name of stuckAllUp(); track name) {
          <li class="text-danger" data-testid="unlock-stuck-all-up">{{ name }} stays at the passphrase prompt even with every host up.</li>
        }
        @for (sentence of failures(); track sentence) {
          <li data-testid="unlock-failure">{{ sentence }}</li>
        } @empty {
          @if (managedCount()) {
            <li data-testid="unlock-no-failure">No single host’s failure leaves another one at the passphrase prompt.</li>
          } @else {
            <li data-testid="unlock-no-policy">No host has a policy yet: give an encrypted host one below to have it counted here.</li>
          }
        }
        <li data-testid="unlock-cold-start">{{ coldStart() }}</li>
      </ul>

      <div class="table-wrap unlock-matrix-wrap" role="region" aria-labelledby="unlock-matrix-caption" tabindex="0">
        <table class="table table-compact unlock-matrix" data-testid="unlock-grid">
          <caption id="unlock-matrix-caption" class="sr-only">
            Dependency matrix: each row is a host that reboots, each column a host that is down at that moment.
          </caption>
          <thead>
            <tr>
              <th scope="col">Reboots ↓ · Down →</th>
              <th scope="col" title="Every host is up">All up</th>
              @for (h of hosts(); track h.hostId) {
                <th scope="col" [attr.title]="'If ' + h.name + ' is down'" [attr.data-testid]="'unlock-col-' + h.name">
                  <span class="sr-only">If </span>{{ h.name }}<span class="sr-only"> is down</span>
                </th>
              }
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.host.hostId) {
              @if (row.cells; as cells) {
                <tr [attr.data-testid]="'unlock-row-' + row.host.name">
                  <th scope="row">
                    {{ row.host.name }}
                    <span class="unlock-row-policy">{{ row.policy }}{{ row.spare ? ' · ' + row.spare : '' }}</span>
                  </th>
                  <ng-container
                    *ngTemplateOutlet="cellTpl; context: { $implicit: cells.allUp, id: 'unlock-cell-' + row.host.name + '-all' }"
                  />
                  @for (c of cells.others; track c.hostId) {
                    <ng-container
                      *ngTemplateOutlet="
                        cellTpl;
                        context: { $implicit: c.cell, id: 'unlock-cell-' + row.host.name + '-' + nameOf(c.hostId) }
                      "
                    />
                  }
                </tr>
              } @else {
                <tr class="unlock-row-unmanaged" [attr.data-testid]="'unlock-row-' + row.host.name" data-managed="false">
                  <th scope="row">{{ row.host.name }}</th>
                  <td [attr.colspan]="hosts().length + 1">no policy: unlocks by itself or by hand</td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>
      <p class="unlock-legend" aria-hidden="true">
        <span><span class="unlock-cell unlock-cell-boots">✓</span> boots unattended</span>
        <span><span class="unlock-cell unlock-cell-stuck">✗</span> stuck at the passphrase prompt</span>
        <span><span class="unlock-cell unlock-cell-self">—</span> the host itself</span>
      </p>
    </section>

    <ng-template #cellTpl let-cell let-id="id">
      <td [class]="'unlock-cell unlock-cell-' + cell.kind" [attr.title]="cell.label" [attr.data-testid]="id" [attr.data-kind]="cell.kind">
        <span aria-hidden="true">{{ cell.symbol }}</span><span class="sr-only">{{ cell.label }}</span>
      </td>
    </ng-template>
  `,
  imports: [NgTemplateOutlet],
})
export class UnlockMatrix {
  readonly overview = input.required<UnlockOverviewView>();

  protected readonly hosts = computed(() => this.overview().hosts);
  private readonly names = computed(() => hostNames(this.hosts()));
  protected readonly managedCount = computed(() => this.overview().matrix.hosts.filter((r) => r.managed).length);
  protected readonly failures = computed(() => failureSentences(this.overview().matrix.ifHostFails, this.names()));
  protected readonly stuckAllUp = computed(() => stuckWithAllUp(this.overview().matrix.hosts, this.names()));
  protected readonly coldStart = computed(() => coldStartText(this.overview().coldStart, this.names()));

  protected readonly rows = computed<MatrixRow[]>(() => {
    const names = this.names();
    const analyses = new Map(this.overview().matrix.hosts.map((a) => [a.hostId, a]));
    return this.hosts().map((host) => {
      const analysis = analyses.get(host.hostId);
      if (!analysis?.managed || !host.policy) return { host, cells: null, policy: '', spare: '' };
      return {
        host,
        policy: policyText(host.policy, names),
        spare: spareWords(analysis),
        cells: {
          allUp: allUpCell(analysis, names),
          others: this.hosts().map((column) => ({ hostId: column.hostId, cell: matrixCell(analysis, column.hostId, names) })),
        },
      };
    });
  });

  protected nameOf(hostId: string): string {
    return this.names().get(hostId) ?? hostId;
  }
}
