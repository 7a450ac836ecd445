import type { TargetView } from '../../core/notifications/notifications-api';
import { destinationOf, emptyForm, formOf, splitList, toCreateRequest, toUpdateRequest } from './target-form';

const stored: TargetView = {
  id: 't1',
  name: 'hook',
  type: 'webhook',
  networkId: null,
  enabled: true,
  minSeverity: 'warning',
  networkIds: ['net-a'],
  kinds: ['backup.*'],
  webhook: { url: 'https://hooks.example.org/x', headerName: 'Authorization', headerSecretSet: true, signingSecretSet: true },
  ntfy: null,
  email: null,
  lastAttemptAt: null,
  lastStatus: null,
  lastError: null,
  lastSuccessAt: null,
  pendingDeliveries: 0,
  failedDeliveries: 0,
  createdAt: '2026-03-10T11:00:00.000Z',
  updatedAt: '2026-03-10T11:00:00.000Z',
};

describe('target form', () => {
  it('creates a request with only the chosen type and the given secrets', () => {
    const f = emptyForm('ntfy');
    f.name = ' phone ';
    f.ntfy.topic = 'fam-1';
    f.ntfy.token.value = 'tk_x';
    f.kinds = 'backup.*, vm.health';
    f.minSeverity = 'critical';
    expect(toCreateRequest(f, true)).toEqual({
      name: 'phone',
      type: 'ntfy',
      enabled: true,
      minSeverity: 'critical',
      kinds: ['backup.*', 'vm.health'],
      networkIds: null,
      ntfy: { server: 'https://ntfy.sh', topic: 'fam-1', token: 'tk_x' },
    });
    // Network-level targets have no network filter.
    expect(toCreateRequest(f, false)).not.toHaveProperty('networkIds');
  });

  it('never sends a stored secret back: empty keeps it, "remove" clears it, a value replaces it', () => {
    const f = formOf(stored);
    expect(f.webhook.headerSecret.value).toBe('');
    expect(toUpdateRequest(f, true)).toEqual({
      name: 'hook',
      enabled: true,
      minSeverity: 'warning',
      kinds: ['backup.*'],
      networkIds: ['net-a'],
      webhook: { url: 'https://hooks.example.org/x', headerName: 'Authorization' },
    });
    f.webhook.signingSecret.clear = true;
    f.webhook.headerSecret.value = 'Bearer new';
    expect(toUpdateRequest(f, true).webhook).toEqual({
      url: 'https://hooks.example.org/x',
      headerName: 'Authorization',
      headerSecret: 'Bearer new',
      signingSecret: null,
    });
  });

  it('turns the email form into typed settings and "every network" into null', () => {
    const f = emptyForm('email');
    Object.assign(f.email, {
      host: 'smtp.example.org',
      port: '465',
      secure: true,
      from: 'panel@example.org',
      to: 'a@example.org; b@example.org',
    });
    f.name = 'mail';
    f.allNetworks = false;
    expect(toCreateRequest(f, true)).toMatchObject({
      networkIds: null,
      email: { host: 'smtp.example.org', port: 465, secure: true, from: 'panel@example.org', to: ['a@example.org', 'b@example.org'] },
    });
    expect(splitList(' a, b ;c  d')).toEqual(['a', 'b', 'c', 'd']);
    expect(destinationOf(stored)).toBe('https://hooks.example.org/x');
  });
});
