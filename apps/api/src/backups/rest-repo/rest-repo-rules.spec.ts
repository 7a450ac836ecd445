import type { RepoTarget } from './rest-repo-request';
import { decide, REST_V2 } from './rest-repo-rules';

const id = 'cd'.repeat(32);
const q = (s = '') => new URLSearchParams(s);
const object = (type: 'data' | 'index' | 'keys' | 'locks' | 'snapshots'): RepoTarget => ({ kind: 'object', type, name: id });

describe('append-only rules', () => {
  it('lets a machine read, list and add files', () => {
    for (const type of ['data', 'index', 'keys', 'locks', 'snapshots'] as const) {
      expect(decide('HEAD', object(type), q(), undefined)).toEqual({ allowed: true, action: { op: 'stat' } });
      expect(decide('GET', object(type), q(), undefined)).toEqual({ allowed: true, action: { op: 'read' } });
      expect(decide('POST', object(type), q(), undefined)).toEqual({ allowed: true, action: { op: 'create' } });
    }
    expect(decide('GET', { kind: 'config' }, q(), undefined)).toEqual({ allowed: true, action: { op: 'read' } });
    expect(decide('GET', { kind: 'list', type: 'data' }, q(), REST_V2)).toEqual({ allowed: true, action: { op: 'list', v2: true } });
    expect(decide('GET', { kind: 'list', type: 'data' }, q(), undefined)).toEqual({ allowed: true, action: { op: 'list', v2: false } });
  });

  it('deletes nothing but locks', () => {
    expect(decide('DELETE', object('locks'), q(), undefined)).toEqual({ allowed: true, action: { op: 'delete' } });
    for (const type of ['data', 'index', 'keys', 'snapshots'] as const) {
      expect(decide('DELETE', object(type), q(), undefined)).toMatchObject({
        allowed: false,
        status: 403,
        message: expect.stringContaining('append-only'),
      });
    }
    expect(decide('DELETE', { kind: 'config' }, q(), undefined)).toMatchObject({ allowed: false, status: 403 });
  });

  it('leaves creating the repository and its config to the panel', () => {
    expect(decide('POST', { kind: 'root' }, q('create=true'), undefined)).toMatchObject({ allowed: false, status: 403 });
    expect(decide('POST', { kind: 'root' }, q(), undefined)).toMatchObject({ allowed: false, status: 400 });
    expect(decide('POST', { kind: 'config' }, q(), undefined)).toMatchObject({ allowed: false, status: 403 });
  });

  it('answers 405 with the allowed methods to anything else', () => {
    expect(decide('PUT', object('data'), q(), undefined)).toMatchObject({ allowed: false, status: 405, allow: 'HEAD, GET, POST, DELETE' });
    expect(decide('DELETE', { kind: 'list', type: 'snapshots' }, q(), undefined)).toMatchObject({ status: 405, allow: 'GET' });
    expect(decide('GET', { kind: 'root' }, q(), undefined)).toMatchObject({ status: 405, allow: 'POST' });
  });
});
