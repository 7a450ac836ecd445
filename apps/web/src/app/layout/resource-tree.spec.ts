import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { flush, FakeApi } from '../../testing/fake-api';
import { FETCH } from '../core/api/api';
import { Session } from '../core/auth/session';
import { NetworkStore } from '../core/networks/network-store';
import type { NetworkRole } from '@clan/contracts';
import { ResourceTree } from './resource-tree';

@Component({ template: '' })
class Blank {}

const network = (id: string, name: string, over: { updateAvailable?: boolean; rolloutHalted?: boolean } = {}) => ({
  id,
  name,
  description: '',
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
  memberCount: 1,
  myRole: 'owner',
  updateAvailable: false,
  rolloutHalted: false,
  ...over,
});

const machine = (name: string, apps: string[] = [], drift = 'in-sync') => ({
  name,
  system: 'x86_64-linux',
  adminMode: 'local',
  networkLayer: 'wireguard',
  apps,
  resources: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 },
  localAdmins: [],
  drift,
});

describe('ResourceTree', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<ResourceTree>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }
  function press(target: HTMLElement, key: string): void {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }

  async function render(
    networks: ReturnType<typeof network>[],
    machines: Record<string, ReturnType<typeof machine>[]> = {},
    hostAdmin = true,
  ): Promise<void> {
    fake = new FakeApi().on('GET', '/api/networks', {
      body: { items: networks, total: networks.length },
    });
    for (const n of networks) {
      const items = machines[n.id] ?? [];
      fake.on('GET', `/api/networks/${n.id}/machines`, { body: { items, total: items.length } });
    }
    TestBed.configureTestingModule({
      imports: [ResourceTree],
      providers: [
        provideRouter([
          { path: 'host', component: Blank },
          { path: 'home', component: Blank },
          { path: 'networks/:id', component: Blank },
          { path: 'networks/:id/machines/:machine', component: Blank },
        ]),
        { provide: FETCH, useValue: fake.fetch },
      ],
    });
    TestBed.inject(Session).start(
      {
        id: 'u1',
        username: 'alice',
        displayName: '',
        isHostAdmin: hostAdmin,
        totpEnabled: false,
      },
      'csrf',
      networks.map((n) => ({ networkId: n.id, networkName: n.name, role: 'viewer' as NetworkRole })),
    );
    await TestBed.inject(NetworkStore).load();
    fixture = TestBed.createComponent(ResourceTree);
    await settle();
  }

  it('shows an honest empty state when there are no networks', async () => {
    await render([]);
    expect(byTestId('tree-empty-state')?.textContent).toMatch(/No networks yet/);
  });

  it('marks a network with an available update, and one whose rollout halted', async () => {
    await render([
      network('n1', 'family', { updateAvailable: true }),
      network('n2', 'lab', { updateAvailable: true, rolloutHalted: true }),
      network('n3', 'work'),
    ]);
    expect(byTestId('tree-network-update-family')?.textContent).toBe('update available');
    expect(byTestId('tree-network-halted-family')).toBeNull();
    expect(byTestId('tree-network-halted-lab')?.textContent).toBe('halted: an update rollout waits for an admin');
    expect(byTestId('tree-network-update-lab')).toBeNull();
    expect(byTestId('tree-network-update-work')).toBeNull();
    expect(byTestId('tree-network-halted-work')).toBeNull();
  });

  it('lists networks by name and is usable with the keyboard alone', async () => {
    await render([network('n2', 'work'), network('n1', 'family')]);
    const router = TestBed.inject(Router);
    const tree = byTestId('resource-tree') as HTMLElement;
    expect(tree.getAttribute('role')).toBe('tree');
    const items = Array.from(el().querySelectorAll('[aria-level="2"]')).map((n) => n.getAttribute('data-testid'));
    expect(items).toEqual(['tree-network-family', 'tree-network-work']);

    // one tab stop: the host item
    expect(Array.from(el().querySelectorAll('[role="treeitem"][tabindex="0"]'))).toHaveLength(1);
    const host = el().querySelector<HTMLElement>('[data-key="host"]') as HTMLElement;
    host.focus();
    press(host, 'ArrowDown');
    await settle();
    expect(document.activeElement).toBe(byTestId('tree-network-family'));

    const family = byTestId('tree-network-family') as HTMLElement;
    press(family, 'ArrowRight'); // expands: the machines empty state appears
    await settle();
    expect(family.getAttribute('aria-expanded')).toBe('true');
    expect(byTestId('tree-machines-empty-family')?.textContent).toMatch(/No machines yet/);

    press(family, 'Enter');
    await settle();
    expect(router.url).toBe('/networks/n1');
    expect(family.getAttribute('aria-selected')).toBe('true');

    press(family, 'ArrowLeft'); // collapses
    await settle();
    expect(family.getAttribute('aria-expanded')).toBe('false');
    press(family, 'ArrowLeft'); // to the parent
    await settle();
    expect(document.activeElement).toBe(host);
  });

  it('lists a network’s machines once it is expanded, with an action to add one for those allowed', async () => {
    await render([network('n1', 'family')], { n1: [machine('nas', ['syncthing'], 'behind'), machine('anna', [])] });
    const family = byTestId('tree-network-family') as HTMLElement;
    expect(fake.last('GET', '/api/networks/n1/machines')).toBeUndefined(); // not before it is opened
    family.querySelector<HTMLElement>('.tree-twisty')?.click();
    await settle();
    expect(fake.last('GET', '/api/networks/n1/machines')).toBeDefined();
    const items = Array.from(el().querySelectorAll('[aria-level="3"]')).map((n) => n.getAttribute('data-testid'));
    expect(items).toEqual(['tree-machine-family-anna', 'tree-machine-family-nas']);
    expect(byTestId('tree-machine-family-nas')?.querySelector('.tree-dot-warn')).not.toBeNull();
    expect(byTestId('tree-new-machine-family')?.getAttribute('href')).toBe('/networks/n1/machines/new');

    // keyboard: into the machines and open one
    family.focus();
    press(family, 'ArrowDown');
    await settle();
    const anna = byTestId('tree-machine-family-anna') as HTMLElement;
    expect(document.activeElement).toBe(anna);
    press(anna, 'Enter');
    await settle();
    expect(TestBed.inject(Router).url).toBe('/networks/n1/machines/anna');
    expect(anna.getAttribute('aria-selected')).toBe('true');
    press(anna, 'ArrowLeft'); // to its network
    await settle();
    expect(document.activeElement).toBe(family);
  });

  it('says so honestly when a network has no machines, and offers no action to viewers', async () => {
    await render([network('n1', 'family')], {}, false);
    const family = byTestId('tree-network-family') as HTMLElement;
    press(family, 'ArrowRight');
    await settle();
    expect(byTestId('tree-machines-empty-family')?.textContent?.trim()).toBe('No machines yet.');
    expect(byTestId('tree-new-machine-family')).toBeNull();
  });

  it('roots the tree at the host for host admins and at their home for everyone else', async () => {
    await render([network('n1', 'family')], {}, false);
    expect(byTestId('tree-root')?.textContent?.trim()).toBe('Home');
    expect(byTestId('resource-tree')?.getAttribute('aria-label')).toBe('Home, networks and machines');
    const root = el().querySelector<HTMLElement>('[data-key="host"]') as HTMLElement;
    press(root, 'Enter');
    await settle();
    expect(TestBed.inject(Router).url).toBe('/home');
    expect(root.getAttribute('aria-selected')).toBe('true');

    TestBed.resetTestingModule();
    await render([network('n1', 'family')]);
    expect(byTestId('tree-root')?.textContent?.trim()).toBe('Host');
    press(el().querySelector<HTMLElement>('[data-key="host"]') as HTMLElement, 'Enter');
    await settle();
    expect(TestBed.inject(Router).url).toBe('/host');
  });
});
