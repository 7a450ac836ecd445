import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { flush, FakeApi } from '../../testing/fake-api';
import { FETCH } from '../core/api/api';
import { NewNetworkDialog } from './new-network-dialog';

@Component({ template: '' })
class Blank {}

const ok = (detail: string) => ({ status: 'ok', detail });
const down = (detail: string) => ({ status: 'unavailable', detail, message: detail });

function health(nixpkgs: object, demoSystem: object) {
  return {
    status: 'ok',
    version: '0.1.0',
    components: {
      database: ok('PostgreSQL'),
      redis: ok('PONG'),
      libvirt: ok('libvirt'),
      nix: ok('nix 2.8'),
      clanFlake: ok('shipped'),
      nixpkgs,
      demoSystem,
    },
  };
}

const created = {
  id: 'n1',
  name: 'family',
  description: '',
  system: 'demo',
  systemLabel: 'Demo system (not NixOS)',
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
  memberCount: 1,
  myRole: 'owner',
};

describe('NewNetworkDialog: what its machines run', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<NewNetworkDialog>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);

  async function render(h: object, first?: object): Promise<void> {
    fake = new FakeApi().on('GET', '/api/health', { body: h });
    if (first) fake.on('GET', '/api/health', { body: first }, 1);
    fake.on('POST', '/api/networks', { status: 201, body: created }).on('GET', '/api/networks', { body: { items: [created], total: 1 } });
    TestBed.configureTestingModule({
      imports: [NewNetworkDialog],
      providers: [provideRouter([{ path: 'networks/:id', component: Blank }]), { provide: FETCH, useValue: fake.fetch }],
    });
    fixture = TestBed.createComponent(NewNetworkDialog);
    await flush();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  it('defaults to NixOS and says nothing more when nixpkgs is reachable', async () => {
    await render(health(ok('nixpkgs is reachable'), ok('Demo system (not NixOS): ready.')));
    expect(byTestId<HTMLInputElement>('new-network-system-nixos')?.checked).toBe(true);
    expect(byTestId<HTMLInputElement>('new-network-system-demo')?.disabled).toBe(false);
    expect(byTestId('new-network-nixpkgs-unreachable')).toBeNull();
  });

  it('offers the demo system, saying why, when nixpkgs is not reachable; the choice is sent', async () => {
    await render(
      health(down('nixpkgs (github:NixOS/nixpkgs/nixos-25.05) is not reachable from this host (Could not resolve host).'), ok('ready')),
    );
    const why = byTestId('new-network-nixpkgs-unreachable')?.textContent ?? '';
    expect(why).toContain('nixpkgs is not reachable from this host, so NixOS machines cannot build here');
    expect(why).toContain('github:NixOS/nixpkgs/nixos-25.05');
    expect(byTestId<HTMLInputElement>('new-network-system-nixos')?.checked).toBe(true);

    byTestId<HTMLInputElement>('new-network-system-demo')?.click();
    const name = byTestId<HTMLInputElement>('network-name') as HTMLInputElement;
    name.value = 'family';
    name.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    byTestId<HTMLButtonElement>('network-create')?.click();
    await flush();
    await fixture.whenStable();
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === '/api/networks');
    expect(post?.body).toEqual({ name: 'family', system: 'demo' });
  });

  it('asks again while the panel is still checking nixpkgs, then says why', async () => {
    const unreachable = health(down('nixpkgs (github:NixOS/nixpkgs/nixos-25.05) is not reachable from this host.'), ok('ready'));
    await render(unreachable, health(down('Checking whether nixpkgs (github:NixOS/nixpkgs/nixos-25.05) is reachable…'), ok('ready')));
    expect(byTestId('new-network-nixpkgs-unreachable')).toBeNull();
    await new Promise((r) => setTimeout(r, 2300));
    await flush();
    await fixture.whenStable();
    fixture.detectChanges();
    expect(byTestId('new-network-nixpkgs-unreachable')?.textContent).toContain('NixOS machines cannot build here');
  });

  it('shows why the demo system is not available on this host', async () => {
    await render(health(ok('reachable'), down('The demo system copies the host kernel, which only root can read.')));
    expect(byTestId<HTMLInputElement>('new-network-system-demo')?.disabled).toBe(true);
    expect(el().textContent).toContain('Not available on this host: The demo system copies the host kernel');
  });

  it('creates WireGuard networks by default (the layer is not sent) and sends Yggdrasil when chosen', async () => {
    await render(health(ok('reachable'), ok('ready')));
    expect(byTestId<HTMLInputElement>('new-network-layer-wireguard')?.checked).toBe(true);
    expect(byTestId('new-network-layer')?.textContent).toContain('Yggdrasil');
    byTestId<HTMLInputElement>('new-network-layer-yggdrasil')?.click();
    const name = byTestId<HTMLInputElement>('network-name') as HTMLInputElement;
    name.value = 'family';
    name.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    byTestId<HTMLButtonElement>('network-create')?.click();
    await flush();
    await fixture.whenStable();
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === '/api/networks');
    expect(post?.body).toEqual({ name: 'family', system: 'nixos', meshLayer: 'yggdrasil' });
  });
});
