import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { ConfirmHost } from '../../shared/confirm-host';
import type { InviteView } from './network-mesh.api';
import { inviteRequest, MeshInvitesPanel } from './network-mesh-invites.panel';

const INVITES = '/api/networks/n1/mesh/invites';
const QR = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><path d="M1 1h1v1H1z"/></svg>';

function invite(id: string, over: Partial<InviteView> = {}): InviteView {
  return {
    id,
    deviceName: 'anna-phone',
    note: '',
    relayOnly: false,
    ownerUserId: null,
    createdBy: 'u1',
    createdAt: '2026-03-10T10:00:00Z',
    expiresAt: '2026-03-11T10:00:00Z',
    status: 'pending',
    usedAt: null,
    usedByDevice: null,
    ...over,
  };
}

describe('inviteRequest', () => {
  it('sends the hours always, the name and note only when given', () => {
    expect(inviteRequest({ deviceName: ' ', note: '', hours: 24, relayOnly: false })).toEqual({ expiresInHours: 24, relayOnly: false });
    expect(inviteRequest({ deviceName: ' anna-phone ', note: " Anna's phone ", hours: 168, relayOnly: true })).toEqual({
      deviceName: 'anna-phone',
      note: "Anna's phone",
      expiresInHours: 168,
      relayOnly: true,
    });
    expect(inviteRequest({ deviceName: '', note: '', hours: null, relayOnly: false }).expiresInHours).toBe(24);
  });
});

describe('MeshInvitesPanel', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MeshInvitesPanel>;
  let confirmHost: ComponentFixture<ConfirmHost>;
  const find = <T extends HTMLElement = HTMLElement>(id: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${id}"]`) ??
    (confirmHost.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
    await confirmHost.whenStable();
  }
  async function click(id: string): Promise<void> {
    const target = find(id);
    if (!target) throw new Error(`no element ${id}`);
    target.click();
    await settle();
  }

  beforeEach(async () => {
    fake = new FakeApi().on('GET', INVITES, {
      body: [
        invite('i1'),
        invite('i2', { status: 'used', usedByDevice: 'anna-laptop', usedAt: '2026-03-10T11:00:00Z' }),
        invite('i3', { status: 'expired', deviceName: null }),
      ],
    });
    TestBed.configureTestingModule({
      imports: [MeshInvitesPanel, ConfirmHost],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    confirmHost = TestBed.createComponent(ConfirmHost);
    fixture = TestBed.createComponent(MeshInvitesPanel);
    fixture.componentRef.setInput('networkId', 'n1');
    await settle();
  });

  it('lists invites with their status; only pending ones can be cancelled', () => {
    expect(find('invite-status-i1')?.textContent?.trim()).toBe('pending');
    expect(find('invite-status-i2')?.textContent?.trim()).toBe('used');
    expect(find('invite-row-i2')?.textContent).toContain('anna-laptop');
    expect(find('invite-status-i3')?.textContent?.trim()).toBe('expired');
    expect(find('invite-cancel-i1')).not.toBeNull();
    expect(find('invite-cancel-i2')).toBeNull();
    expect(find('invite-cancel-i3')).toBeNull();
  });

  it('creates an invite and shows the link once: copy box, QR image, nix:// link, warning', async () => {
    fake.on('POST', INVITES, {
      status: 201,
      body: {
        invite: invite('i4', { relayOnly: true, expiresAt: '2026-03-17T10:00:00Z' }),
        token: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
        url: 'http://panel.example/join/AbCdEfGhIjKlMnOpQrStUvWxYz012345',
        nixLink: 'nix://http-panel.example/api/networks/n1/config.git',
        qrSvg: QR,
      },
    });
    await click('mesh-invite-open');
    const name = find<HTMLInputElement>('invite-device-name') as HTMLInputElement;
    name.value = 'anna-phone';
    name.dispatchEvent(new Event('input'));
    await click('invite-preset-168');
    expect(find('invite-preset-168')?.getAttribute('aria-pressed')).toBe('true');
    await click('invite-phone');
    await click('invite-create');

    expect(fake.last('POST', INVITES)?.body).toEqual({ deviceName: 'anna-phone', expiresInHours: 168, relayOnly: true });
    expect(find('invite-url')?.textContent?.trim()).toBe('http://panel.example/join/AbCdEfGhIjKlMnOpQrStUvWxYz012345');
    expect(find('invite-nix-link')?.textContent?.trim()).toBe('nix://http-panel.example/api/networks/n1/config.git');
    const img = find<HTMLImageElement>('invite-qr') as HTMLImageElement;
    expect(img.tagName).toBe('IMG');
    expect(decodeURIComponent(img.getAttribute('src')?.split(',').slice(1).join(',') ?? '')).toBe(QR);
    expect(find('invite-created')?.textContent).toMatch(/only once/);
    // A phone keeps the QR code: no agent command for a phone invite.
    expect(find('invite-agent-command')).toBeNull();

    await click('invite-done');
    expect(find('invite-created')).toBeNull();
    // Opening the dialog again never shows the old link.
    await click('mesh-invite-open');
    expect(find('invite-url')).toBeNull();
  });

  it('offers the one-line agent command for a computer, with the link, beside the link and QR code', async () => {
    const url = 'http://panel.example/join/AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    fake.on('POST', INVITES, {
      status: 201,
      body: { invite: invite('i5'), token: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345', url, nixLink: null, qrSvg: QR },
    });
    await click('mesh-invite-open');
    await click('invite-create');
    expect(find('invite-url')?.textContent?.trim()).toBe(url);
    expect(find('invite-qr')).not.toBeNull();
    expect(find('invite-agent-command')?.textContent?.trim()).toBe(`sudo clanctl mesh up --invite ${url}`);
    expect(find('invite-agent-hint')?.textContent).toContain('Phones use the link or its QR code');
    // The copy button copies exactly the command.
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const copy = find('invite-agent-command')?.parentElement?.querySelector('button') as HTMLButtonElement;
    copy.click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(`sudo clanctl mesh up --invite ${url}`);
  });

  it("shows the API's refusal inside the dialog", async () => {
    fake.on('POST', INVITES, apiError(400, 'VALIDATION_FAILED', 'expiresInHours must be at most 720 (30 days)'));
    await click('mesh-invite-open');
    const hours = find<HTMLInputElement>('invite-hours') as HTMLInputElement;
    hours.value = '1000';
    hours.dispatchEvent(new Event('input'));
    await click('invite-create');
    expect(fake.last('POST', INVITES)?.body).toMatchObject({ expiresInHours: 1000 });
    expect(find('error-message')?.textContent).toContain('at most 720');
  });

  it('cancels a pending invite after confirmation', async () => {
    fake.on('DELETE', `${INVITES}/i1`, { body: invite('i1', { status: 'cancelled' }) });
    await click('invite-cancel-i1');
    expect(fake.last('DELETE', `${INVITES}/i1`)).toBeUndefined();
    fake.on('GET', INVITES, { body: [invite('i1', { status: 'cancelled' })] });
    await click('confirm-ok');
    expect(fake.last('DELETE', `${INVITES}/i1`)).toBeDefined();
    expect(find('invite-status-i1')?.textContent?.trim()).toBe('cancelled');
  });
});
