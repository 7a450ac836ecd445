import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, flush } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import type { TargetView } from '../../core/notifications/notifications-api';
import { Notifier } from '../../core/ui/notifier';
import { NotificationTargetsPanel } from './notification-targets.panel';

const hook: TargetView = {
  id: 't1',
  name: 'family-hook',
  type: 'webhook',
  networkId: 'net-a',
  enabled: true,
  minSeverity: 'warning',
  networkIds: null,
  kinds: null,
  webhook: { url: 'https://hooks.example.org/x', headerName: null, headerSecretSet: false, signingSecretSet: true },
  ntfy: null,
  email: null,
  lastAttemptAt: '2026-03-10T11:00:00.000Z',
  lastStatus: 'failed',
  lastError: 'HTTP 503: temporarily unavailable',
  lastSuccessAt: null,
  pendingDeliveries: 1,
  failedDeliveries: 0,
  createdAt: '2026-03-10T10:00:00.000Z',
  updatedAt: '2026-03-10T10:00:00.000Z',
};

describe('NotificationTargetsPanel (a network’s targets)', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<NotificationTargetsPanel>;
  const base = '/api/networks/net-a/notification-targets';
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  // The notices the panel raised (the app renders them with <clan-notices>).
  const noticeText = () =>
    TestBed.inject(Notifier)
      .notices()
      .map((n) => `${n.title ?? ''} ${n.text}`)
      .join('\n');

  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }
  async function type(id: string, value: string): Promise<void> {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  beforeEach(async () => {
    fake = new FakeApi().on('GET', base, { body: { items: [hook], knownKinds: ['backup.freshness'] } });
    TestBed.configureTestingModule({
      imports: [NotificationTargetsPanel],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'anna', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(NotificationTargetsPanel);
    fixture.componentRef.setInput('networkId', 'net-a');
    await settle();
  });

  it('lists each target with what it sends and how its last delivery went', () => {
    const row = byTestId('target-row-family-hook');
    expect(row?.textContent).toContain('https://hooks.example.org/x');
    expect(row?.textContent).toContain('Warning and above');
    expect(row?.textContent).toContain('every kind');
    const status = byTestId('target-status-family-hook');
    expect(status?.textContent).toContain('failed');
    expect(status?.textContent).toContain('HTTP 503: temporarily unavailable');
    expect(status?.textContent).toContain('1 waiting for a retry');
  });

  it('sends a test and says whether it arrived', async () => {
    fake.on('POST', `${base}/t1/test`, { body: { ok: false, error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9', durationMs: 3 } });
    byTestId('target-test-family-hook')?.click();
    await settle();
    expect(fake.last('POST', `${base}/t1/test`)).toBeDefined();
    expect(noticeText()).toContain('ECONNREFUSED');
    fake.on('POST', `${base}/t1/test`, { body: { ok: true, error: null, durationMs: 3 } });
    byTestId('target-test-family-hook')?.click();
    await settle();
    expect(noticeText()).toContain('Test notification delivered to “family-hook”');
  });

  it('adds an ntfy target for the network (no network filter), with its token write-only', async () => {
    fake.on('POST', base, (r) => ({ status: 201, body: { ...hook, id: 't2', name: (r.body as { name: string }).name, type: 'ntfy' } }));
    byTestId('target-add')?.click();
    await settle();
    byTestId('target-type-ntfy')?.click();
    await settle();
    await type('target-name', 'phones');
    await type('ntfy-topic', 'family-alerts');
    await type('ntfy-token', 'tk_secret');
    await type('target-kinds', 'backup.*');
    expect(byTestId('target-all-networks')).toBeNull();
    byTestId('target-save')?.click();
    await settle();
    expect(fake.last('POST', base)?.body).toEqual({
      name: 'phones',
      type: 'ntfy',
      enabled: true,
      minSeverity: 'warning',
      kinds: ['backup.*'],
      ntfy: { server: 'https://ntfy.sh', topic: 'family-alerts', token: 'tk_secret' },
    });
    expect(byTestId('target-form')).toBeNull();
  });

  it('edits without ever showing or resending a stored secret', async () => {
    fake.on('PATCH', `${base}/t1`, { body: hook });
    byTestId('target-edit-family-hook')?.click();
    await settle();
    const signing = byTestId('webhook-signing-secret') as HTMLInputElement;
    expect(signing.value).toBe('');
    expect(signing.placeholder).toBe('set — leave empty to keep');
    expect((byTestId('webhook-header-secret') as HTMLInputElement).placeholder).toBe('not set');
    await type('target-name', 'renamed');
    byTestId('target-save')?.click();
    await settle();
    const sent = fake.last('PATCH', `${base}/t1`)?.body as { name: string; webhook: Record<string, unknown> };
    expect(sent.name).toBe('renamed');
    expect(sent.webhook).toEqual({ url: 'https://hooks.example.org/x', headerName: null });
  });

  it('shows the panel’s validation answer in the dialog', async () => {
    fake.on('POST', base, {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'webhook.url: url must be an http:// or https:// URL',
        fields: [{ field: 'webhook.url', message: 'url must be an http:// or https:// URL' }],
        correlationId: 'c',
      },
    });
    byTestId('target-add')?.click();
    await settle();
    await type('target-name', 'bad');
    await type('webhook-url', 'ftp://x');
    byTestId('target-save')?.click();
    await settle();
    expect(byTestId('error-message')?.textContent).toContain('webhook.url');
    expect(byTestId('target-form')).not.toBeNull();
  });
});
