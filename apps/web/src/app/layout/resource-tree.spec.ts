import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { flush, FakeApi } from '../../testing/fake-api';
import { FETCH } from '../core/api/api';
import { Session } from '../core/auth/session';
import { NetworkStore } from '../core/networks/network-store';
import { ResourceTree } from './resource-tree';

@Component({ template: '' })
class Blank {}

const network = (id: string, name: string) => ({
  id,
  name,
  description: '',
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
  memberCount: 1,
  myRole: 'owner',
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

  async function render(networks: ReturnType<typeof network>[]): Promise<void> {
    fake = new FakeApi().on('GET', '/api/networks', {
      body: { items: networks, total: networks.length },
    });
    TestBed.configureTestingModule({
      imports: [ResourceTree],
      providers: [
        provideRouter([
          { path: 'host', component: Blank },
          { path: 'networks/:id', component: Blank },
        ]),
        { provide: FETCH, useValue: fake.fetch },
      ],
    });
    TestBed.inject(Session).start(
      {
        id: 'u1',
        username: 'alice',
        displayName: '',
        isHostAdmin: true,
        totpEnabled: false,
      },
      'csrf',
    );
    await TestBed.inject(NetworkStore).load();
    fixture = TestBed.createComponent(ResourceTree);
    await settle();
  }

  it('shows an honest empty state when there are no networks', async () => {
    await render([]);
    expect(byTestId('tree-empty-state')?.textContent).toMatch(/No networks yet/);
    expect(byTestId('tree-empty-state')?.textContent).toMatch(/No machines yet/);
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
});
