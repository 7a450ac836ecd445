import { type Listener, reconcileListeners } from './worker-side';

interface Spec extends Listener {
  zone: string;
}

describe('reconcileListeners', () => {
  const spec = (address: string, port: number, zone = 'a'): Spec => ({ address, port, zone });
  function recorder(failOn: string | null = null) {
    const calls: string[] = [];
    return {
      calls,
      ops: {
        listen: async (l: Spec) => {
          if (`${l.address}:${l.port}` === failOn) throw new Error(`listen ${l.address}:${l.port}: EADDRINUSE`);
          calls.push(`listen ${l.address}:${l.port}`);
        },
        unlisten: async (l: Spec) => {
          calls.push(`unlisten ${l.address}:${l.port}`);
        },
        changed: (now: Spec, next: Spec) => now.zone !== next.zone,
      },
    };
  }

  it('starts what is wanted, stops what is not, and leaves the unchanged ones alone', async () => {
    const current = new Map<string, Spec>();
    const r = recorder();
    expect(await reconcileListeners(current, [spec('10.0.0.1', 53), spec('fd00::1', 53)], r.ops)).toEqual([]);
    expect(r.calls).toEqual(['listen 10.0.0.1:53', 'listen fd00::1:53']);
    r.calls.length = 0;
    expect(await reconcileListeners(current, [spec('10.0.0.1', 53), spec('10.0.0.2', 53)], r.ops)).toEqual([]);
    expect(r.calls).toEqual(['unlisten fd00::1:53', 'listen 10.0.0.2:53']);
    expect([...current.keys()]).toEqual(['10.0.0.1|53', '10.0.0.2|53']);
  });

  it('restarts a listener whose spec changed', async () => {
    const current = new Map<string, Spec>();
    const r = recorder();
    await reconcileListeners(current, [spec('10.0.0.1', 53, 'a')], r.ops);
    r.calls.length = 0;
    await reconcileListeners(current, [spec('10.0.0.1', 53, 'b')], r.ops);
    expect(r.calls).toEqual(['unlisten 10.0.0.1:53', 'listen 10.0.0.1:53']);
    expect(current.get('10.0.0.1|53')?.zone).toBe('b');
  });

  it('reports a listener that cannot start and still starts the others', async () => {
    const current = new Map<string, Spec>();
    const r = recorder('10.0.0.1:8470');
    const errors = await reconcileListeners(current, [spec('10.0.0.1', 8470), spec('10.0.0.2', 8470)], r.ops);
    expect(errors).toEqual([{ address: '10.0.0.1', port: 8470, message: 'listen 10.0.0.1:8470: EADDRINUSE' }]);
    expect([...current.keys()]).toEqual(['10.0.0.2|8470']);
  });
});
