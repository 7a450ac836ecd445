import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, numberAttribute, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Session } from '../../core/auth/session';
import { NetworkStore } from '../../core/networks/network-store';
import { Confirm } from '../../core/ui/confirm';
import { Notifier } from '../../core/ui/notifier';
import { timeAgo } from '../../core/vm/vm-rules';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { Pager } from '../../shared/pager';
import { formatBytes } from '../network/network-mesh-format';
import { durationText, kindLabel, otherParticipants, recordingTarget } from './recording-format';
import { RecordingsApi, type RecordingPage, type RecordingQuery, type RecordingView } from './recordings.api';

const PAGE = 25;
type Kind = '' | 'serial' | 'host';

/**
 * Every terminal session the caller may replay (`/recordings`): host admins
 * all of them, everyone else the serial consoles of networks where they hold
 * Machine.Console. Filters live in the URL (`?networkId&machine&kind&offset`),
 * so the console tab links straight to a machine's recordings.
 */
@Component({
  selector: 'clan-recordings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DatePipe, ErrorBox, Icon, Pager],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb">Host</p>
        <h1><clan-icon name="list" /> Terminal recordings</h1>
      </div>
    </div>
    <p class="muted">
      Every console session is recorded: what the terminal printed, who was connected and when — never what was typed. Replay one here, or
      with <code>clanctl recording play</code>.
    </p>
    <form class="panel filters" aria-label="Filter recordings" (submit)="$event.preventDefault()">
      @if (isHostAdmin()) {
        <div class="field">
          <label for="rec-kind">Kind</label>
          <select id="rec-kind" data-testid="recordings-kind" [value]="kindFilter()" (change)="filter({ kind: value($event) })">
            <option value="" [selected]="kindFilter() === ''">Any</option>
            <option value="serial" [selected]="kindFilter() === 'serial'">Serial consoles</option>
            <option value="host" [selected]="kindFilter() === 'host'">Host shells</option>
          </select>
        </div>
      }
      <div class="field">
        <label for="rec-network">Network</label>
        <select id="rec-network" data-testid="recordings-network" (change)="filter({ networkId: value($event), machine: '' })">
          <option value="" [selected]="!networkFilter()">Any</option>
          @for (n of networks.sorted(); track n.id) {
            <option [value]="n.id" [selected]="n.id === networkFilter()">{{ n.name }}</option>
          }
          @if (networkFilter() && !knownNetwork()) {
            <option [value]="networkFilter()" selected>{{ networkFilter() }}</option>
          }
        </select>
      </div>
      @if (networkFilter()) {
        <div class="field">
          <label for="rec-machine">Machine</label>
          <select id="rec-machine" data-testid="recordings-machine" (change)="filter({ machine: value($event) })">
            <option value="" [selected]="!machineFilter()">Any</option>
            @for (m of machineNames(); track m) {
              <option [value]="m" [selected]="m === machineFilter()">{{ m }}</option>
            }
          </select>
        </div>
      }
      @if (filtered()) {
        <div class="filter-actions">
          <button type="button" class="btn" (click)="clearFilters()">Show all</button>
        </div>
      }
    </form>
    <clan-error [error]="error()" />
    <section class="panel">
      <div class="table-wrap">
        <table class="table table-cards" data-testid="recordings-table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Target</th>
              <th scope="col">People</th>
              <th scope="col">Started</th>
              <th scope="col">Length</th>
              <th scope="col">Size</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (r of items(); track r.id) {
              <tr data-testid="recording-row" [attr.data-recording-id]="r.id">
                <td data-label="Kind">
                  <span [class]="'badge ' + (r.kind === 'host' ? 'badge-warn' : 'badge-muted')">{{ kindText(r) }}</span>
                  @if (!r.endedAt) {
                    <span class="badge badge-info" data-testid="recording-live" title="Still being recorded">live</span>
                  }
                </td>
                <td data-label="Target">{{ target(r) }}</td>
                <td data-label="People">
                  {{ r.startedByName }}
                  @if (others(r).length) {
                    <span class="muted small">with {{ others(r).join(', ') }}</span>
                  }
                </td>
                <td data-label="Started" class="nowrap" [title]="r.startedAt | date: 'yyyy-MM-dd HH:mm:ss'">{{ ago(r.startedAt) }}</td>
                <td data-label="Length" class="mono">{{ length(r) }}</td>
                <td data-label="Size">{{ r.endedAt ? bytes(r.bytes) : '—' }}</td>
                <td class="actions nowrap">
                  <a
                    class="btn btn-small"
                    data-testid="recording-open"
                    [routerLink]="['/recordings', r.id]"
                    [queryParams]="r.networkId ? { networkId: r.networkId } : {}"
                    [attr.aria-label]="'Replay the ' + kindText(r) + ' recording of ' + target(r) + ' started ' + ago(r.startedAt)"
                    >Replay</a
                  >
                  @if (isHostAdmin()) {
                    <button
                      type="button"
                      class="btn btn-small btn-danger-outline"
                      data-testid="recording-delete"
                      [disabled]="deleting() === r.id"
                      [attr.aria-label]="'Delete the recording of ' + target(r) + ' started ' + ago(r.startedAt)"
                      (click)="remove(r)"
                    >
                      Delete
                    </button>
                  }
                </td>
              </tr>
            } @empty {
              <tr class="empty-row">
                <td colspan="7" data-testid="recordings-empty">{{ emptyText() }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <clan-pager [offset]="pageOffset()" [limit]="limit" [total]="total()" (offsetChange)="filter({ offset: $event })" />
    </section>
    <p class="muted small" data-testid="recordings-retention">{{ retentionText() }} Download a recording to keep it longer.</p>
  `,
  styles: `
    .actions .btn + .btn {
      margin-left: 6px;
    }
  `,
})
export class RecordingsPage {
  /** Query parameters, bound by the router. */
  readonly networkId = input<string | undefined>(undefined);
  readonly machine = input<string | undefined>(undefined);
  readonly kind = input<string | undefined>(undefined);
  readonly offset = input(0, { transform: (v: unknown) => Math.max(0, numberAttribute(v, 0)) });

  protected readonly networks = inject(NetworkStore);
  private readonly api = inject(RecordingsApi);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly confirm = inject(Confirm);
  private readonly notifier = inject(Notifier);

  protected readonly limit = PAGE;
  protected readonly isHostAdmin = this.session.isHostAdmin;
  protected readonly items = signal<RecordingView[]>([]);
  protected readonly total = signal(0);
  private readonly retention = signal<RecordingPage['retention'] | null>(null);
  /** The limits in force (CLAN_RECORDINGS_KEEP_DAYS / _COUNT), in words. */
  protected readonly retentionText = computed(() => {
    const r = this.retention();
    if (!r) return 'Finished recordings are deleted automatically after a while.';
    const limits = [
      r.keepDays > 0 ? `after ${r.keepDays} day${r.keepDays === 1 ? '' : 's'}` : '',
      r.keepCount > 0 ? `beyond the newest ${r.keepCount}` : '',
    ].filter(Boolean);
    return limits.length
      ? `Finished recordings are deleted automatically ${limits.join(', and ')}.`
      : 'This panel keeps finished recordings until someone deletes them.';
  });
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly deleting = signal<string | null>(null);
  private readonly now = signal(Date.now());

  protected readonly networkFilter = computed(() => this.networkId() ?? '');
  protected readonly machineFilter = computed(() => this.machine() ?? '');
  protected readonly kindFilter = computed<Kind>(() => {
    const k = this.kind();
    return k === 'serial' || k === 'host' ? k : '';
  });
  protected readonly pageOffset = computed(() => this.offset());
  private readonly query = computed<RecordingQuery>(() => {
    const kind = this.kindFilter();
    return {
      limit: PAGE,
      offset: this.pageOffset(),
      ...(this.networkFilter() ? { networkId: this.networkFilter() } : {}),
      ...(this.machineFilter() ? { machine: this.machineFilter() } : {}),
      ...(kind ? { kind } : {}),
    };
  });
  protected readonly filtered = computed(() => !!(this.networkFilter() || this.machineFilter() || this.kindFilter()));
  protected readonly knownNetwork = computed(() => this.networks.networks().some((n) => n.id === this.networkFilter()));
  protected readonly machineNames = computed(() => {
    const names = (this.networks.machinesOf(this.networkFilter())?.items ?? []).map((m) => m.name);
    const chosen = this.machineFilter();
    return chosen && !names.includes(chosen) ? [chosen, ...names] : names;
  });
  protected readonly emptyText = computed(() => {
    if (this.loading() || !this.loaded()) return 'Loading…';
    if (this.error()) return 'The recordings could not be listed (see above).';
    if (this.filtered()) return 'No recordings match these filters. Choose "Show all" to see every recording you may replay.';
    return this.isHostAdmin()
      ? 'No recordings yet. Every session on a serial console or the host shell is recorded and shows up here.'
      : 'No recordings you may replay. You see the serial-console sessions of networks where you may use the console.';
  });

  constructor() {
    if (!this.networks.loaded()) void this.networks.load();
    effect(() => {
      const query = this.query();
      untracked(() => void this.load(query));
    });
    effect(() => {
      const id = this.networkFilter();
      if (id) untracked(() => this.networks.ensureMachines(id));
    });
  }

  protected value(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }

  protected kindText(r: RecordingView): string {
    return kindLabel(r.kind);
  }

  protected target(r: RecordingView): string {
    return recordingTarget(r);
  }

  protected others(r: RecordingView): string[] {
    return otherParticipants(r);
  }

  protected ago(iso: string): string {
    return timeAgo(iso, this.now());
  }

  protected length(r: RecordingView): string {
    return durationText(r, this.now());
  }

  protected bytes(n: number): string {
    return formatBytes(n);
  }

  /** Changes filters or the page through the URL; any filter change goes back to the first page. */
  protected filter(change: { networkId?: string; machine?: string; kind?: string; offset?: number }): void {
    const next = {
      networkId: change.networkId ?? this.networkFilter(),
      machine: change.machine ?? this.machineFilter(),
      kind: change.kind ?? this.kindFilter(),
      offset: change.offset ?? 0,
    };
    void this.router.navigate([], {
      queryParams: {
        networkId: next.networkId || null,
        machine: next.machine || null,
        kind: next.kind || null,
        offset: next.offset || null,
      },
    });
  }

  protected clearFilters(): void {
    void this.router.navigate([], { queryParams: {} });
  }

  protected async remove(r: RecordingView): Promise<void> {
    const ok = await this.confirm.ask({
      title: 'Delete this recording?',
      message: `The ${kindLabel(r.kind)} recording of ${recordingTarget(r)}, started by ${r.startedByName} ${timeAgo(r.startedAt)}, is deleted with its file. It cannot be replayed afterwards.`,
      confirmLabel: 'Delete recording',
      danger: true,
    });
    if (!ok) return;
    this.deleting.set(r.id);
    this.error.set(null);
    try {
      await this.api.delete(r.id);
      this.notifier.ok('Recording deleted.');
      await this.reload();
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.deleting.set(null);
    }
  }

  private reload(): Promise<void> {
    return this.load(this.query());
  }

  private async load(query: RecordingQuery): Promise<void> {
    this.loading.set(true);
    try {
      const page = await this.api.list(query);
      this.now.set(Date.now());
      // The last page may have emptied (a deletion, retention): go back one.
      if (!page.items.length && page.total > 0 && (query.offset ?? 0) > 0) {
        this.filter({ offset: Math.max(0, Math.floor((page.total - 1) / PAGE) * PAGE) });
        return;
      }
      this.items.set(page.items);
      this.total.set(page.total);
      this.retention.set(page.retention ?? null);
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
      this.items.set([]);
      this.total.set(0);
    } finally {
      this.loading.set(false);
      this.loaded.set(true);
    }
  }
}
