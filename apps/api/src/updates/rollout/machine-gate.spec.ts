import { judgeMachine } from './machine-gate';

const row = { currentGeneration: 2, health: 'healthy', vmState: 'running' };

describe('judgeMachine', () => {
  it('passes a machine that runs the update, up and healthy, with every check passing (or none)', () => {
    expect(judgeMachine('alpha', 2, row, [{ name: 'check-state', ok: true, detail: 'ok' }])).toBeNull();
    expect(judgeMachine('alpha', 2, row, null)).toBeNull();
    expect(judgeMachine('alpha', 2, row, [])).toBeNull();
  });

  it('names the first failing app check with its last line', () => {
    expect(
      judgeMachine('alpha', 2, row, [
        { name: 'check-web', ok: true, detail: 'ok' },
        { name: 'check-state', ok: false, detail: 'marked broken' },
      ]),
    ).toEqual({ headline: "alpha failed its app check 'check-state' after the update", detail: 'marked broken' });
  });

  it('another generation, a stopped VM or an unhealthy probe fail the gate', () => {
    expect(judgeMachine('alpha', 2, { ...row, currentGeneration: 1 }, null)?.headline).toBe('alpha no longer runs the update');
    expect(judgeMachine('alpha', 2, null, null)?.detail).toBe('it runs generation none instead of generation 2');
    expect(judgeMachine('alpha', 2, { ...row, vmState: 'shutoff' }, null)).toEqual({
      headline: 'alpha stopped after the update',
      detail: 'its VM is shutoff',
    });
    expect(judgeMachine('alpha', 2, { ...row, health: 'unhealthy' }, null)?.headline).toBe(
      'alpha failed its health check after the update',
    );
  });
});
