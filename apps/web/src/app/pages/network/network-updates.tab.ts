import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { describeError, type ErrorView } from '../../core/api/errors';
import { Confirm } from '../../core/ui/confirm';
import { NetworkStore } from '../../core/networks/network-store';
import { timeAgo } from '../../core/vm/vm-rules';
import { ErrorBox } from '../../shared/error-box';
import { Icon } from '../../shared/icon';
import { TaskProgress } from '../../shared/task-progress';
import { NetworkContext } from './network-context';
import { UpdatesApi, type UpdatesView } from './network-updates.api';
import { rolloutActive } from './updates/update-format';
import { UpdatePreviewPanel } from './updates/update-preview.panel';
import { UpdateRolloutPanel } from './updates/update-rollout.panel';
import { UpdateRolloutsList } from './updates/update-rollouts.list';
import { UpdateSettingsPanel } from './updates/update-settings.panel';

/** The example the field shows: a local mirror, which works offline. */
export const UPSTREAM_EXAMPLE = 'git+file:///srv/mirror/clan?ref=main';
/** How often the tab reloads while a preview builds or a rollout runs (the tasks themselves are followed live). */
export const UPDATES_POLL_MS = 5_000;

/**
 * A network's updates (docs/updates.md, decision 0017): what its `clan` input
 * follows (a form to follow a git upstream or stop), per input what runs now
 * against what the upstream has ("Check now"), then the preview of an update,
 * its rollout as a timeline, the automatic-update settings and past rollouts.
 * The pieces live in ./updates/.
 */
@Component({
  selector: 'clan-network-updates-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBox, Icon, TaskProgress, FormsModule, UpdatePreviewPanel, UpdateRolloutPanel, UpdateRolloutsList, UpdateSettingsPanel],
  template: `
    <div data-testid="updates-tab">
      <!-- A rollout under way (or halted, waiting for a decision) comes first: it is what needs attention. -->
      @if (updates()?.rollout; as r) {
        @if (rolloutActive(r)) {
          <clan-update-rollout [rollout]="r" [canConfigure]="canConfigure()" [now]="now()" (changed)="refresh()" />
        }
      }
      <section class="panel" aria-labelledby="updates-upstream-title">
        <h2 id="updates-upstream-title" class="panel-header">
          What this network follows
          <span class="panel-header-actions">
            <button type="button" class="btn btn-small" data-testid="updates-refresh" [disabled]="loading()" (click)="refresh()">
              <clan-icon name="refresh" /> Refresh
            </button>
          </span>
        </h2>
        <clan-error [error]="error()" />
        @if (updates(); as u) {
          <p data-testid="updates-upstream">
            @if (u.upstream) {
              The git flake <code>{{ u.upstream }}</code>, pinned by <code>flake.lock</code> in the network's repository: machines build
              exactly that revision until an update is applied.
            } @else {
              The panel's own cLAN flake (updated when the panel is upgraded).
            }
          </p>
          @if (canConfigure()) {
            <form class="form" data-testid="updates-follow-form" (ngSubmit)="follow()">
              <div class="field">
                <label for="updates-upstream-url">{{ u.upstream ? 'Follow another git upstream' : 'Follow a git upstream' }}</label>
                <input
                  id="updates-upstream-url"
                  name="upstream"
                  class="mono"
                  autocomplete="off"
                  spellcheck="false"
                  data-testid="updates-upstream-input"
                  aria-describedby="updates-upstream-hint"
                  [placeholder]="example"
                  [attr.aria-invalid]="fieldError() ? 'true' : null"
                  [(ngModel)]="draft"
                />
                <small id="updates-upstream-hint" class="hint">
                  A git repository and branch holding the cLAN flake: a copy on this host (<code>git+file:///path?ref=branch</code>) or a
                  server (<code>git+https://host/path?ref=branch</code>). The panel pins the branch's current revision and commits it to the
                  network's repository; nothing is built or deployed. No user names, passwords or tokens: the address is committed.
                </small>
                @if (fieldError(); as m) {
                  <small class="hint hint-error" role="alert" data-testid="updates-upstream-error">{{ m }}</small>
                }
              </div>
              <div class="form-actions">
                @if (u.upstream) {
                  <button type="button" class="btn" data-testid="updates-stop" [disabled]="busy()" (click)="stop(u.upstream)">
                    Stop following
                  </button>
                }
                <button type="submit" class="btn btn-primary" data-testid="updates-follow" [disabled]="busy() || !draft().trim()">
                  {{ busy() ? 'Working…' : 'Follow' }}
                </button>
              </div>
            </form>
          }
        } @else if (loading()) {
          <p class="muted">Loading what this network follows…</p>
        }
      </section>

      @if (updates()?.upstream) {
        <section class="panel" aria-labelledby="updates-inputs-title">
          <h2 id="updates-inputs-title" class="panel-header">
            Updates
            @if (canConfigure()) {
              <span class="panel-header-actions">
                @if (canPreview()) {
                  <button
                    type="button"
                    class="btn btn-small btn-primary"
                    data-testid="updates-preview"
                    [disabled]="previewing()"
                    (click)="startPreview()"
                  >
                    {{ updates()?.preview?.status === 'failed' ? 'Preview again' : 'Preview update' }}
                  </button>
                }
                <button type="button" class="btn btn-small" data-testid="updates-check" [disabled]="checking()" (click)="check()">
                  Check now
                </button>
              </span>
            }
          </h2>
          <div class="table-wrap">
            <table class="table table-cards" data-testid="updates-inputs">
              <thead>
                <tr>
                  <th scope="col">Input</th>
                  <th scope="col">State</th>
                  <th scope="col">Pinned</th>
                  <th scope="col">Latest upstream</th>
                  <th scope="col">Last checked</th>
                </tr>
              </thead>
              <tbody>
                @for (i of updates()?.inputs ?? []; track i.input) {
                  <tr [attr.data-testid]="'update-input-' + i.input">
                    <td data-label="Input">
                      <strong>{{ i.input }}</strong>
                    </td>
                    <td data-label="State">
                      @if (!i.checkedAt) {
                        <span class="badge badge-muted" [attr.data-testid]="'update-state-' + i.input">not checked</span>
                      } @else if (i.available) {
                        <span class="badge badge-warn" [attr.data-testid]="'update-state-' + i.input">Update available</span>
                      } @else if (rolloutActive(updates()?.rollout ?? null)) {
                        <!-- The lock already pins the new revision; machines the rollout has not reached still run the old one. -->
                        <span class="badge badge-warn" [attr.data-testid]="'update-state-' + i.input">Rolling out</span>
                      } @else {
                        <span class="badge badge-ok" [attr.data-testid]="'update-state-' + i.input">Up to date</span>
                      }
                    </td>
                    <td data-label="Pinned" [attr.data-testid]="'update-current-' + i.input">
                      @if (i.currentRev) {
                        <code [title]="i.currentRev">{{ short(i.currentRev) }}</code>
                        <span class="muted small" [title]="i.currentDate ?? ''">&ngsp;{{ from(i.currentDate) }}</span>
                      } @else {
                        <span class="muted">—</span>
                      }
                    </td>
                    <td data-label="Latest upstream" [attr.data-testid]="'update-latest-' + i.input">
                      @if (i.latestRev) {
                        <code [title]="i.latestRev">{{ short(i.latestRev) }}</code>
                        <span class="muted small" [title]="i.latestDate ?? ''">&ngsp;{{ from(i.latestDate) }}</span>
                      } @else {
                        <span class="muted">—</span>
                      }
                    </td>
                    <td data-label="Last checked" [title]="i.checkedAt ?? ''" [attr.data-testid]="'update-checked-' + i.input">
                      {{ i.checkedAt ? words(i.checkedAt) : 'never' }}
                      @if (i.error) {
                        <div class="small text-danger" [attr.data-testid]="'update-error-' + i.input">{{ i.error }}</div>
                      }
                    </td>
                  </tr>
                } @empty {
                  <tr>
                    <td colspan="5" class="muted" data-testid="updates-none">
                      Not checked yet.
                      @if (canConfigure()) {
                        <strong>Check now</strong> compares the pinned revision with the upstream's branch.
                      } @else {
                        The panel checks on a schedule.
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          @if (canPreview() && !updates()?.preview) {
            <p class="small" data-testid="updates-preview-hint">
              <strong>Preview update</strong> builds every machine with the new version and shows what would change; nothing is deployed.
            </p>
          }
          <clan-error [error]="checkError()" />
          @if (checkTaskId(); as taskId) {
            <clan-task-progress [taskId]="taskId" (taskEnded)="checkEnded()" (dismissed)="checkTaskId.set(null)" />
          }
        </section>
      }

      @if (updates(); as u) {
        @if (u.preview) {
          <clan-update-preview
            [preview]="u.preview"
            [input]="u.inputs.at(0) ?? null"
            [canConfigure]="canConfigure()"
            [rolloutBusy]="rolloutActive(u.rollout)"
            [rolledOut]="u.rollout?.previewId === u.preview.id && u.rollout?.status === 'succeeded'"
            [now]="now()"
            (changed)="refresh()"
          />
        }
        @if (u.rollout && !rolloutActive(u.rollout)) {
          <clan-update-rollout [rollout]="u.rollout" [canConfigure]="canConfigure()" [now]="now()" (changed)="refresh()" />
        }
        @if (u.upstream) {
          <clan-update-settings [updates]="u" [canConfigure]="canConfigure()" (savedView)="updates.set($event)" />
        }
        @if (u.upstream || u.rollout) {
          <clan-update-rollouts [networkId]="context.networkId()!" [version]="version()" [now]="now()" />
        }
      }
    </div>
  `,
})
export class NetworkUpdatesTab {
  protected readonly context = inject(NetworkContext);
  private readonly api = inject(UpdatesApi);
  private readonly confirm = inject(Confirm);
  private readonly networks = inject(NetworkStore);

  protected readonly example = UPSTREAM_EXAMPLE;
  protected readonly updates = signal<UpdatesView | null>(null);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  /** From "Check now" until its task ends. */
  protected readonly checking = signal(false);
  protected readonly error = signal<ErrorView | null>(null);
  protected readonly fieldError = signal<string | null>(null);
  protected readonly checkError = signal<ErrorView | null>(null);
  protected readonly checkTaskId = signal<string | null>(null);
  protected readonly draft = signal('');
  protected readonly now = signal(Date.now());
  /** From "Preview update" until the answer. */
  protected readonly previewing = signal(false);
  /** Bumped on every load, so the past rollouts follow. */
  protected readonly version = signal(0);
  protected readonly rolloutActive = rolloutActive;

  /** UI hint only (which controls to show); the API checks every call itself (Machine.Config). */
  protected readonly canConfigure = computed(() => this.context.canConfigure());

  /** An update is available and nothing is being previewed or rolled out for it. */
  protected readonly canPreview = computed(() => {
    const u = this.updates();
    const input = u?.inputs[0];
    if (!u || !input?.available || rolloutActive(u.rollout)) return false;
    const p = u.preview;
    return !p || p.status === 'failed' || (p.status === 'ready' && !!input.latestRev && p.toRev !== input.latestRev);
  });

  /** Something runs that the page shows: reload now and then. */
  private readonly busyUpstream = computed(() => {
    const u = this.updates();
    return !!u && (u.preview?.status === 'building' || u.rollout?.status === 'running' || u.rollout?.status === 'aborting');
  });

  constructor() {
    effect(() => {
      const id = this.context.networkId();
      if (id) untracked(() => void this.load(id));
    });
    effect((onCleanup) => {
      if (!this.busyUpstream()) return;
      const timer = setInterval(() => {
        if (!this.loading()) this.refresh();
      }, UPDATES_POLL_MS);
      onCleanup(() => clearInterval(timer));
    });
  }

  protected short(rev: string): string {
    return rev.slice(0, 12);
  }

  /** "from 3 days ago"; the date itself is in the title. */
  protected from(iso: string | null): string {
    return iso ? `from ${timeAgo(iso, this.now())}` : '';
  }

  protected words(iso: string): string {
    return timeAgo(iso, this.now());
  }

  refresh(): void {
    const id = this.context.networkId();
    if (id) void this.load(id);
  }

  protected async follow(): Promise<void> {
    const upstream = this.draft().trim();
    if (!upstream) return;
    const done = await this.setUpstream(upstream);
    if (done) this.draft.set('');
  }

  protected async stop(upstream: string): Promise<void> {
    const ok = await this.confirm.ask({
      title: 'Stop following this upstream?',
      message: `The network builds from the panel's own cLAN flake again (updated when the panel is upgraded): flake.nix names it, flake.lock is removed from the network's repository, and the check results go. Nothing is built or deployed now. Following ${upstream} again later pins its latest revision.`,
      confirmLabel: 'Stop following',
      danger: true,
    });
    if (ok) await this.setUpstream(null);
  }

  protected async check(): Promise<void> {
    const id = this.context.networkId();
    if (!id || this.checking()) return;
    this.checking.set(true);
    this.checkError.set(null);
    try {
      this.checkTaskId.set(await this.api.check(id));
    } catch (error) {
      this.checkError.set(describeError(error));
      this.checking.set(false);
    }
  }

  protected async startPreview(): Promise<void> {
    const id = this.context.networkId();
    if (!id || this.previewing()) return;
    this.previewing.set(true);
    this.checkError.set(null);
    try {
      await this.api.preview(id);
      await this.load(id);
    } catch (error) {
      this.checkError.set(describeError(error));
    } finally {
      this.previewing.set(false);
    }
  }

  protected checkEnded(): void {
    this.checking.set(false);
    this.refresh();
  }

  /** PUT …/updates/upstream; a 400 naming the field lands under it, anything else (a 409 from Nix) in the error box. */
  private async setUpstream(upstream: string | null): Promise<boolean> {
    const id = this.context.networkId();
    if (!id || this.busy()) return false;
    this.busy.set(true);
    this.error.set(null);
    this.fieldError.set(null);
    try {
      const answer = await this.api.setUpstream(id, upstream);
      if (this.context.networkId() === id) {
        this.now.set(Date.now());
        this.updates.set(answer);
      }
      return true;
    } catch (error) {
      const view = describeError(error);
      const onField = view.fields.find((f) => f.field === 'upstream');
      if (onField && upstream !== null) this.fieldError.set(onField.message);
      else this.error.set(view);
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  private async load(networkId: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const updates = await this.api.get(networkId);
      if (this.context.networkId() !== networkId) return;
      this.now.set(Date.now());
      this.updates.set(updates);
      this.version.update((v) => v + 1);
      this.syncTreeBadge(networkId, updates);
    } catch (error) {
      if (this.context.networkId() === networkId) this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** The tree's badge ("update", "halted") follows what this tab reads, without waiting for a reload of the page. */
  private syncTreeBadge(networkId: string, u: UpdatesView): void {
    const shown = this.networks.byId(networkId);
    if (!shown) return;
    const available = u.inputs.some((i) => i.available);
    const halted = u.rollout?.status === 'halted';
    if (shown.updateAvailable !== available || shown.rolloutHalted !== halted) void this.networks.load();
  }
}
