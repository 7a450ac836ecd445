import { ChangeDetectionStrategy, Component, DestroyRef, ViewEncapsulation, computed, inject, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { FleetApi } from './fleet.api';
import { describeError, type ErrorView } from '../../core/api/errors';
import type { HostView } from '../../core/api/fleet-types';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { AddHostDialog } from './add-host.dialog';
import { HostEnrolmentsPanel } from './host-enrolments.panel';
import { ROLE_TEXT, hostStateText } from './host-format';
import { HostMeters } from './host-meters';
import { HostVersions } from './host-versions';
import { HOSTS_STYLES } from './hosts.styles';

/** Heartbeats come every few seconds; the list asks again this often so "offline" shows without a reload. */
const REFRESH_MS = 30_000;

/** The fleet: every host that runs machines for this panel, how full it is, and adding another. */
@Component({
  selector: 'clan-hosts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: [HOSTS_STYLES],
  imports: [RouterLink, ErrorBox, Icon, AddHostDialog, HostEnrolmentsPanel, HostMeters, HostVersions],
  template: `
    <div class="page-head">
      <div>
        <p class="crumb"><a routerLink="/host">Host</a> / Hosts</p>
        <h1><clan-icon name="host" /> Hosts</h1>
      </div>
      <div class="toolbar">
        <button type="button" class="btn" [disabled]="loading()" (click)="load()"><clan-icon name="refresh" /> Refresh</button>
        <a class="btn" routerLink="/hosts/unlock" data-testid="hosts-unlock"><clan-icon name="key" /> Unattended unlock</a>
        <button type="button" class="btn btn-primary" data-testid="add-host" (click)="adding.set(true)">
          <clan-icon name="plus" /> Add a host
        </button>
      </div>
    </div>
    <clan-error [error]="error()" />

    @if (hosts(); as list) {
      @if (!workers()) {
        <section class="panel" aria-labelledby="fleet-empty-title" data-testid="fleet-empty">
          <h2 id="fleet-empty-title" class="panel-header">Run machines on more than one computer</h2>
          <p class="muted">
            A fleet is several computers (hosts) that run this panel’s machines, all managed here. Add a host to spread machines over more
            memory and disk, and to move them off a computer you want to repair or replace.
          </p>
          <button type="button" class="btn btn-primary" data-testid="fleet-empty-add" (click)="adding.set(true)">Add a host</button>
        </section>
      }
      <div class="hosts-grid" data-testid="hosts-list">
        @for (h of list; track h.id) {
          @let state = stateOf(h);
          <article class="panel host-card" [class.host-offline]="h.state === 'offline'" [attr.data-testid]="'host-' + h.name">
            <div class="host-card-head">
              <h2>
                <a [routerLink]="['/hosts', h.id]" [attr.data-testid]="'host-link-' + h.name">{{ h.name }}</a>
              </h2>
              <span
                [class]="'badge ' + (h.role === 'panel' ? 'badge-info' : 'badge-muted')"
                [attr.title]="roleText[h.role].help"
                [attr.data-testid]="'host-role-' + h.name"
                >{{ roleText[h.role].label }}</span
              >
              <span [class]="'badge badge-' + state.tone" [attr.data-testid]="'host-state-' + h.name" [attr.data-state]="h.state">{{
                state.label
              }}</span>
              @if (h.draining) {
                <span
                  class="badge badge-warn"
                  title="Machines are being moved off it; it takes no new ones"
                  [attr.data-testid]="'host-draining-' + h.name"
                  >draining</span
                >
              }
            </div>
            <div class="host-card-meta">
              @if (state.detail) {
                <span [attr.data-testid]="'host-seen-' + h.name">{{ state.detail }}</span>
              }
              <span>{{ h.machines.length === 1 ? '1 machine' : h.machines.length + ' machines' }}</span>
              @if (h.meshAddress) {
                <span
                  >mesh <code>{{ h.meshAddress }}</code></span
                >
              }
            </div>
            <clan-host-meters [host]="h" />
            <details class="host-versions">
              <summary>Versions</summary>
              <clan-host-versions [versions]="h.versions" />
            </details>
          </article>
        }
      </div>
    } @else if (loading()) {
      <p class="muted">Loading the hosts…</p>
    }

    <clan-host-enrolments-panel />

    @if (adding()) {
      <clan-add-host-dialog [takenNames]="names()" (enrolled)="enrolments()?.load()" (closed)="adding.set(false)" />
    }
  `,
})
export class HostsPage {
  private readonly api = inject(FleetApi);
  protected readonly roleText = ROLE_TEXT;
  protected readonly enrolments = viewChild(HostEnrolmentsPanel);

  protected readonly hosts = signal<HostView[] | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly adding = signal(false);
  private readonly now = signal(Date.now());
  protected readonly workers = computed(() => (this.hosts() ?? []).filter((h) => h.role === 'worker').length);
  protected readonly names = computed(() => (this.hosts() ?? []).map((h) => h.name));

  constructor() {
    const timer = setInterval(() => void this.load(), REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
    void this.load();
  }

  protected stateOf(host: HostView) {
    return hostStateText(host, this.now());
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.hosts.set(await this.api.hosts());
      this.now.set(Date.now());
      this.error.set(null);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
