import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink } from '@angular/router';
import { Privilege } from '@clan/contracts';
import { filter, map } from 'rxjs';
import { NetworkStore } from '../core/networks/network-store';
import { Session } from '../core/auth/session';
import { Icon } from '../shared/icon';

interface TreeNode {
  key: string;
  level: number;
  url: string;
  parent: string | null;
  expandable: boolean;
}

/**
 * Host → networks → machines, as a WAI-ARIA tree: one tab stop, arrow keys to
 * move, Right/Left to expand/collapse, Enter to open. A network's machines are
 * fetched when it is expanded.
 */
@Component({
  selector: 'clan-resource-tree',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, RouterLink],
  template: `
    <ul class="tree" role="tree" [attr.aria-label]="rootLabel() + ', networks and machines'" data-testid="resource-tree">
      <li
        role="treeitem"
        aria-level="1"
        data-key="host"
        [attr.aria-expanded]="isExpanded('host')"
        [attr.aria-selected]="selected() === 'host'"
        [attr.tabindex]="focusKey() === 'host' ? 0 : -1"
        (focus)="focusKey.set('host')"
        (click)="onClick('host', $event)"
        (keydown)="onKey('host', $event)"
      >
        <div class="tree-row" [class.selected]="selected() === 'host'">
          <span class="tree-twisty" [class.open]="isExpanded('host')">
            <clan-icon name="chevron" />
          </span>
          <clan-icon [name]="session.isHostAdmin() ? 'host' : 'user'" />
          <span class="tree-label" data-testid="tree-root">{{ rootLabel() }}</span>
        </div>
        @if (isExpanded('host')) {
          <ul role="group">
            @for (network of store.sorted(); track network.id) {
              <li
                role="treeitem"
                aria-level="2"
                [attr.data-key]="'net:' + network.id"
                [attr.data-testid]="'tree-network-' + network.name"
                [attr.aria-expanded]="isExpanded('net:' + network.id)"
                [attr.aria-selected]="selected() === 'net:' + network.id"
                [attr.tabindex]="focusKey() === 'net:' + network.id ? 0 : -1"
                (focus)="focusKey.set('net:' + network.id)"
                (click)="onClick('net:' + network.id, $event)"
                (keydown)="onKey('net:' + network.id, $event)"
              >
                <div
                  class="tree-row"
                  [class.selected]="selected() === 'net:' + network.id"
                  [attr.title]="network.description || network.name"
                >
                  <span class="tree-twisty" [class.open]="isExpanded('net:' + network.id)">
                    <clan-icon name="chevron" />
                  </span>
                  <clan-icon name="network" />
                  <span class="tree-label">{{ network.name }}</span>
                  @if (network.rolloutHalted) {
                    <span
                      class="badge badge-danger"
                      [attr.data-testid]="'tree-network-halted-' + network.name"
                      title="An update rollout stopped and waits for an admin (Updates tab)"
                      >halted<span class="sr-only">: an update rollout waits for an admin</span></span
                    >
                  } @else if (network.updateAvailable) {
                    <span
                      class="badge badge-info"
                      [attr.data-testid]="'tree-network-update-' + network.name"
                      title="An update is available (Updates tab)"
                      >update<span class="sr-only"> available</span></span
                    >
                  }
                  @if (network.system === 'demo') {
                    <span class="badge badge-warn" [attr.data-testid]="'tree-network-demo-' + network.name" title="Demo system (not NixOS)"
                      >demo<span class="sr-only"> system (not NixOS)</span></span
                    >
                  }
                </div>
                @if (isExpanded('net:' + network.id)) {
                  @let list = store.machinesOf(network.id);
                  <ul role="group">
                    @for (machine of list?.items ?? []; track machine.name) {
                      <li
                        role="treeitem"
                        aria-level="3"
                        [attr.data-key]="machineKey(network.id, machine.name)"
                        [attr.data-testid]="'tree-machine-' + network.name + '-' + machine.name"
                        [attr.aria-selected]="selected() === machineKey(network.id, machine.name)"
                        [attr.tabindex]="focusKey() === machineKey(network.id, machine.name) ? 0 : -1"
                        (focus)="focusKey.set(machineKey(network.id, machine.name))"
                        (click)="onClick(machineKey(network.id, machine.name), $event)"
                        (keydown)="onKey(machineKey(network.id, machine.name), $event)"
                      >
                        <div
                          class="tree-row"
                          [class.selected]="selected() === machineKey(network.id, machine.name)"
                          [attr.title]="machine.apps.length ? machine.name + ': ' + machine.apps.join(', ') : machine.name"
                        >
                          <clan-icon name="machine" />
                          <span class="tree-label">{{ machine.name }}</span>
                          @if (machine.drift === 'behind') {
                            <span class="tree-dot tree-dot-warn" title="Configuration changed since the last deployment"></span>
                          }
                        </div>
                      </li>
                    } @empty {
                      <li role="none" class="tree-empty" [attr.data-testid]="'tree-machines-empty-' + network.name">
                        @if (!list || (list.loading && !list.loaded)) {
                          Loading machines…
                        } @else if (list.error) {
                          {{ list.error }}
                        } @else {
                          No machines yet.
                        }
                      </li>
                    }
                    @if (canAddMachine(network.id)) {
                      <li role="none" class="tree-action">
                        <a
                          [routerLink]="['/networks', network.id, 'machines', 'new']"
                          tabindex="-1"
                          [attr.data-testid]="'tree-new-machine-' + network.name"
                          (click)="$event.stopPropagation()"
                          ><clan-icon name="plus" /> machine</a
                        >
                      </li>
                    }
                  </ul>
                }
              </li>
            } @empty {
              <li role="none" class="tree-empty" data-testid="tree-empty-state">
                @if (!store.loaded()) {
                  Loading networks…
                } @else if (store.error()) {
                  {{ store.error() }}
                } @else {
                  <strong>No networks yet.</strong>
                  {{ session.isHostAdmin() ? 'Create one with “New network”.' : 'Ask a host admin to add you to one.' }}
                  Machines live inside a network.
                }
              </li>
            }
          </ul>
        }
      </li>
    </ul>
  `,
})
export class ResourceTree {
  protected readonly store = inject(NetworkStore);
  protected readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  private readonly expanded = signal<ReadonlySet<string>>(new Set(['host']));
  protected readonly focusKey = signal('host');

  private readonly url = toSignal(
    this.router.events.pipe(
      filter((event): event is NavigationEnd => event instanceof NavigationEnd),
      map((event) => event.urlAfterRedirects),
    ),
    { initialValue: this.router.url },
  );

  /** The root is the host for host admins and the member's home for everyone else (the host pages are not theirs). */
  protected readonly rootLabel = computed(() => (this.session.isHostAdmin() ? 'Host' : 'Home'));
  private readonly rootUrl = computed(() => (this.session.isHostAdmin() ? '/host' : '/home'));

  private readonly nodes = computed<TreeNode[]>(() => {
    const expanded = this.expanded();
    const nodes: TreeNode[] = [{ key: 'host', level: 1, url: this.rootUrl(), parent: null, expandable: true }];
    if (!expanded.has('host')) return nodes;
    const machines = this.store.machines();
    for (const network of this.store.sorted()) {
      const key = `net:${network.id}`;
      nodes.push({ key, level: 2, url: `/networks/${network.id}`, parent: 'host', expandable: true });
      if (!expanded.has(key)) continue;
      for (const machine of machines[network.id]?.items ?? []) {
        nodes.push({
          key: this.machineKey(network.id, machine.name),
          level: 3,
          url: `/networks/${network.id}/machines/${encodeURIComponent(machine.name)}`,
          parent: key,
          expandable: false,
        });
      }
    }
    return nodes;
  });

  protected readonly selected = computed(() => {
    const machine = /^\/networks\/([^/?#]+)\/machines\/([^/?#]+)/.exec(this.url());
    if (machine && machine[2] !== 'new') return this.machineKey(machine[1], decodeURIComponent(machine[2]));
    const match = /^\/networks\/([^/?#]+)/.exec(this.url());
    if (match) return `net:${match[1]}`;
    // "/host…" but not "/hosts" (the fleet has its own link beside the tree).
    return new RegExp(`^${this.rootUrl()}(?:[/?#]|$)`).test(this.url()) ? 'host' : null;
  });

  constructor() {
    // Opening a network or machine (from anywhere) reveals it in the tree.
    effect(() => {
      const key = this.selected();
      if (!key) return;
      untracked(() => {
        this.focusKey.set(key);
        if (key.startsWith('net:')) this.expand(key);
        if (key.startsWith('m:')) this.expand(`net:${key.slice(2, key.indexOf('/'))}`);
      });
    });
    // An expanded network lists its machines.
    effect(() => {
      for (const key of this.expanded()) {
        if (key.startsWith('net:')) untracked(() => this.store.ensureMachines(key.slice(4)));
      }
    });
  }

  protected machineKey(networkId: string, machine: string): string {
    return `m:${networkId}/${machine}`;
  }

  /** UI hint only: the API checks Machine.Config itself. */
  protected canAddMachine(networkId: string): boolean {
    return this.session.can(Privilege.MachineConfig, networkId);
  }

  protected isExpanded(key: string): boolean {
    return this.expanded().has(key);
  }

  /** Items nest, so events stop at the innermost item; the chevron toggles, the rest opens. */
  protected onClick(key: string, event: MouseEvent): void {
    event.stopPropagation();
    if ((event.target as Element).closest('.tree-twisty')) this.toggle(key);
    else this.activate(key);
  }

  private toggle(key: string): void {
    const next = new Set(this.expanded());
    if (next.has(key)) next.delete(key);
    else next.add(key);
    this.expanded.set(next);
  }

  private expand(key: string): void {
    if (!this.expanded().has(key)) this.toggle(key);
  }

  private activate(key: string): void {
    const node = this.nodes().find((n) => n.key === key);
    this.focusKey.set(key);
    if (node) void this.router.navigateByUrl(node.url);
  }

  protected onKey(key: string, event: KeyboardEvent): void {
    event.stopPropagation();
    const nodes = this.nodes();
    const index = nodes.findIndex((n) => n.key === key);
    const node = nodes[index];
    if (!node) return;
    let target: TreeNode | undefined;
    switch (event.key) {
      case 'ArrowDown':
        target = nodes[index + 1];
        break;
      case 'ArrowUp':
        target = nodes[index - 1];
        break;
      case 'Home':
        target = nodes[0];
        break;
      case 'End':
        target = nodes[nodes.length - 1];
        break;
      case 'ArrowRight':
        if (node.expandable && !this.isExpanded(node.key)) this.toggle(node.key);
        else target = nodes[index + 1]?.parent === node.key ? nodes[index + 1] : undefined;
        break;
      case 'ArrowLeft':
        if (node.expandable && this.isExpanded(node.key)) this.toggle(node.key);
        else target = nodes.find((n) => n.key === node.parent);
        break;
      case 'Enter':
      case ' ':
        this.activate(node.key);
        break;
      default:
        return;
    }
    event.preventDefault();
    if (target) this.moveFocus(target.key);
  }

  private moveFocus(key: string): void {
    this.focusKey.set(key);
    // focus() works on tabindex=-1 too, so there is no need to wait for the render that moves the tab stop.
    const items = Array.from(this.host.nativeElement.querySelectorAll<HTMLElement>('[data-key]'));
    items.find((item) => item.dataset['key'] === key)?.focus();
  }
}
