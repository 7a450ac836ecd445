import { actionFromOperationId, redact, singular, targetOf } from './audit-describe';

describe('audit entry helpers', () => {
  it('derives actions from operation ids', () => {
    expect(actionFromOperationId('addNetworkMember', '/api/networks/:networkId/members')).toBe('network.member.add');
    expect(actionFromOperationId('createNetwork', '/api/networks')).toBe('network.create');
    expect(actionFromOperationId('runHostDiagnostics', '/api/host/diagnostics')).toBe('host.diagnostics.run');
    expect(actionFromOperationId('cancelTask', '/api/tasks/:taskId/cancel')).toBe('task.cancel');
    expect(actionFromOperationId('login', '/api/auth/login')).toBe('auth.login');
    expect(actionFromOperationId('completeSetup', '/api/setup')).toBe('setup.complete');
  });

  it('redacts secret-looking keys at any depth', () => {
    const body = {
      username: 'ann',
      password: 'hunter2',
      newPassword: 'x',
      totpCode: '123456',
      nested: { apiKey: 'k', clientSecret: 's', keep: 1, list: [{ token: 't', name: 'n' }] },
    };
    expect(redact(body)).toEqual({ username: 'ann', nested: { keep: 1, list: [{ name: 'n' }] } });
  });

  it('bounds what it keeps', () => {
    expect((redact('x'.repeat(2000)) as string).length).toBe(501);
    expect((redact(Array.from({ length: 500 }, (_, i) => i)) as unknown[]).length).toBe(50);
    expect(redact({ a: { b: { c: { d: { e: { f: 1 } } } } } })).toEqual({ a: { b: { c: { d: { e: '[too deep]' } } } } });
  });

  it('names the target from the answer or the route', () => {
    expect(targetOf('/api/host/diagnostics', {}, 202, { taskId: 't1' })).toEqual({ type: 'task', id: 't1' });
    expect(targetOf('/api/networks', {}, 201, { id: 'n1', name: 'x' })).toEqual({ type: 'network', id: 'n1' });
    expect(targetOf('/api/networks', {}, 400, { code: 'VALIDATION_FAILED' })).toBeNull();
    expect(targetOf('/api/networks/:networkId/members/:userId', { networkId: 'n1', userId: 'u1' }, 200, {})).toEqual({
      type: 'member',
      id: 'u1',
    });
    expect(targetOf('/api/tasks/:taskId/cancel', { taskId: 't9' }, 403, {})).toEqual({ type: 'task', id: 't9' });
    expect(targetOf(null, {}, 404, {})).toBeNull();
  });

  it('singularises collection names', () => {
    expect(singular('networks')).toBe('network');
    expect(singular('policies')).toBe('policy');
    expect(singular('diagnostics')).toBe('diagnostic');
    expect(singular('status')).toBe('status');
  });
});

describe('targetOf and link tokens', () => {
  it('never takes a link token (the credential of an invite or reset link) as the target', () => {
    expect(targetOf('/api/person-invites/:token/accept', { token: 'secret-link-token' }, 400, null)).toBeNull();
    expect(targetOf('/api/tokens/:tokenId', { tokenId: 'abc' }, 204, null)).toEqual({ type: 'token', id: 'abc' });
  });
});
