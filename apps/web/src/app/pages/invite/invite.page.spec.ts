import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiError, flush, FakeApi } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { InvitePage, suggestUsername } from './invite.page';

const TOKEN = 'A'.repeat(32);
const preview = {
  network: 'family',
  inviter: 'Anna Admin',
  role: 'member',
  displayName: 'Grandma Rose',
  enrolDevice: false,
  expiresAt: '2026-12-09T10:00:00.000Z',
};
const newUser = { id: 'u9', username: 'grandma.rose', displayName: 'Grandma Rose', isHostAdmin: false, totpEnabled: false };

describe('InvitePage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<InvitePage>;
  let page: HTMLElement;
  const byTestId = (id: string) => page.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }
  async function open(): Promise<void> {
    TestBed.configureTestingModule({
      imports: [InvitePage],
      providers: [provideRouter([{ path: '**', children: [] }]), { provide: FETCH, useValue: fake.fetch }],
    });
    fixture = TestBed.createComponent(InvitePage);
    fixture.componentRef.setInput('token', TOKEN);
    page = fixture.nativeElement as HTMLElement;
    await settle();
  }

  beforeEach(() => {
    fake = new FakeApi().on('GET', `/api/person-invites/${TOKEN}`, { body: preview });
  });

  it('says who invites whom to what, creates the account, signs in and goes home', async () => {
    fake.on('POST', `/api/person-invites/${TOKEN}/accept`, {
      status: 201,
      body: { user: newUser, csrfToken: 'csrf-9', networkId: 'n1', next: '/home' },
    });
    fake.on('GET', '/api/auth/me', {
      body: { user: newUser, csrfToken: 'csrf-9', memberships: [{ networkId: 'n1', networkName: 'family', role: 'member' }] },
    });
    await open();
    expect(byTestId('invite-heading')?.textContent?.trim()).toBe('Anna Admin invites you to family');
    expect(byTestId('invite-ca')?.textContent).toContain("After joining, install the network's certificate from your home page");
    expect(page.textContent).toContain('a member');
    expect((byTestId('invite-display-name') as HTMLInputElement).value).toBe('Grandma Rose');
    expect((byTestId('invite-username') as HTMLInputElement).value).toBe('grandma.rose');

    const password = byTestId('invite-password') as HTMLInputElement;
    password.value = 'rose password 1';
    password.dispatchEvent(new Event('input'));
    await settle();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    byTestId('invite-accept')?.click();
    await settle();

    expect(fake.last('POST', `/api/person-invites/${TOKEN}/accept`)?.body).toEqual({
      username: 'grandma.rose',
      password: 'rose password 1',
      displayName: 'Grandma Rose',
    });
    expect(TestBed.inject(Session).user()?.username).toBe('grandma.rose');
    expect(TestBed.inject(Session).csrfToken()).toBe('csrf-9');
    expect(navigate).toHaveBeenCalledWith('/home');
  });

  it("shows the API's sentence for a used link, naming whom to ask", async () => {
    fake.on(
      'GET',
      `/api/person-invites/${TOKEN}`,
      apiError(410, 'GONE', 'This invitation has already been used. Ask Anna Admin for a new one.'),
    );
    await open();
    expect(byTestId('invite-problem')?.textContent).toContain('This invitation has already been used. Ask Anna Admin for a new one.');
    expect(byTestId('invite-accept')).toBeNull();
  });

  it('keeps the form with the sentence when the username is taken', async () => {
    fake.on(
      'POST',
      `/api/person-invites/${TOKEN}/accept`,
      apiError(409, 'CONFLICT', 'The username "grandma.rose" is already taken; choose another.'),
    );
    await open();
    const password = byTestId('invite-password') as HTMLInputElement;
    password.value = 'rose password 1';
    password.dispatchEvent(new Event('input'));
    await settle();
    byTestId('invite-accept')?.click();
    await settle();
    expect(page.textContent).toContain('is already taken; choose another.');
    expect(byTestId('invite-username')).not.toBeNull();
  });
});

describe('suggestUsername', () => {
  it('makes a valid username from a name', () => {
    expect(suggestUsername('Grandma Rose')).toBe('grandma.rose');
    expect(suggestUsername('  Élodie  Müller ')).toBe('elodie.muller');
    expect(suggestUsername('Anna (mum)')).toBe('anna.mum');
  });
});
