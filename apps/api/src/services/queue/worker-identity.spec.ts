import { currentWorkerIdentity, localLiveness, parseWorkerId, type WorkerIdentity } from './worker-identity';

const self: WorkerIdentity = { id: 'panel-1:100:5000', hostname: 'panel-1', pid: 100, startedAtMs: 5000 };

describe('worker liveness without Redis', () => {
  it('parses ids whose hostname contains colons', () => {
    expect(parseWorkerId('fe80::1:42:7')).toEqual({ id: 'fe80::1:42:7', hostname: 'fe80::1', pid: 42, startedAtMs: 7 });
    expect(parseWorkerId('garbage')).toBeNull();
  });

  it('knows itself', () => {
    expect(localLiveness(self.id, self, () => false)).toBe('alive');
  });

  it('treats an earlier incarnation of its own pid as dead, but not a sibling app in the same process', () => {
    expect(localLiveness('panel-1:100:1000', self, () => true)).toBe('dead');
    expect(localLiveness('panel-1:100:1000', self, () => true, new Set([self.id, 'panel-1:100:1000']))).toBe('alive');
  });

  it('gives every app in a process its own id', () => {
    expect(currentWorkerIdentity().id).not.toBe(currentWorkerIdentity().id);
  });

  it('treats a vanished pid on the same host as dead immediately', () => {
    expect(localLiveness('panel-1:200:1000', self, () => false)).toBe('dead');
  });

  it('asks Redis about live pids (they may be reused) and other hosts', () => {
    expect(localLiveness('panel-1:200:1000', self, () => true)).toBe('ask-redis');
    expect(localLiveness('panel-2:200:1000', self, () => false)).toBe('ask-redis');
  });

  it('treats malformed ids as dead', () => {
    expect(localLiveness('nonsense', self, () => true)).toBe('dead');
  });
});
