import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiError, FakeApi, flush } from '../../../testing/fake-api';
import { Session } from '../auth/session';
import { FETCH } from './api';
import { describeError } from './errors';
import { NetworkMarketplaceService } from './network-marketplace.service';

const BASE = '/api/networks/n1/marketplace';

describe('NetworkMarketplaceService', () => {
  let fake: FakeApi;
  let service: NetworkMarketplaceService;

  beforeEach(() => {
    fake = new FakeApi();
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: '**', children: [] }]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: false, totpEnabled: false }, 'csrf-1');
    service = TestBed.inject(NetworkMarketplaceService);
  });

  it('reads the network’s apps and reviews without a CSRF token', async () => {
    fake.on('GET', BASE, { body: { apps: [], reviews: [] } });
    expect(await service.marketplace('n1')).toEqual({ apps: [], reviews: [] });
    const sent = fake.last('GET', BASE)!;
    expect(sent.headers.get('x-csrf-token')).toBeNull();
  });

  it('sends writes with the CSRF token and a JSON body, on the contract’s paths', async () => {
    fake
      .on('POST', `${BASE}/reviews`, { status: 201, body: { id: 'r1' } })
      .on('GET', `${BASE}/reviews/r1`, { body: { id: 'r1' } })
      .on('POST', `${BASE}/reviews/r1/accept`, { body: { review: { id: 'r1' }, commit: 'c', machine: null } })
      .on('POST', `${BASE}/reviews/r1/reject`, { body: { id: 'r1', status: 'rejected' } })
      .on('DELETE', `${BASE}/apps/pinBoard`, { status: 204 });
    expect((await service.startReview('n1', { sourceId: 's1', app: 'pinBoard', machine: 'server' })).id).toBe('r1');
    expect(fake.last('POST', `${BASE}/reviews`)?.body).toEqual({ sourceId: 's1', app: 'pinBoard', machine: 'server' });
    expect(fake.last('POST', `${BASE}/reviews`)?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(fake.last('POST', `${BASE}/reviews`)?.headers.get('content-type')).toContain('application/json');
    expect((await service.review('n1', 'r1')).id).toBe('r1');
    expect((await service.accept('n1', 'r1')).commit).toBe('c');
    expect((await service.reject('n1', 'r1')).status).toBe('rejected');
    await expect(service.remove('n1', 'pinBoard')).resolves.toBeUndefined();
    expect(fake.last('DELETE', `${BASE}/apps/pinBoard`)?.headers.get('x-csrf-token')).toBe('csrf-1');
  });

  it('creates a network from a template, publishes, unpublishes and resolves links on the contract’s paths', async () => {
    const CREATE = '/api/marketplace/entries/example%20apps/template/homeLab/networks';
    const PUBLISH = '/api/networks/n1/publish';
    fake
      .on('POST', CREATE, { status: 201, body: { network: { id: 'n2', name: 'lab' }, machines: [], reviews: [], skipped: [] } })
      .on('GET', PUBLISH, { body: { published: null } })
      .on('POST', PUBLISH, { body: { networkId: 'n1', title: 'Home' } })
      .on('DELETE', PUBLISH, { status: 204 })
      .on('GET', '/api/marketplace/resolve', {
        body: { kind: 'template', gitUrl: 'https://x/y.git', network: null, source: null, templates: [] },
      });
    expect((await service.createFromTemplate('example apps', 'homeLab', { name: 'lab', system: 'demo' })).network.id).toBe('n2');
    expect(fake.last('POST', CREATE)?.body).toEqual({ name: 'lab', system: 'demo' });
    expect(fake.last('POST', CREATE)?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(await service.published('n1')).toBeNull();
    expect(fake.last('GET', PUBLISH)?.headers.get('x-csrf-token')).toBeNull();
    expect((await service.publish('n1', { title: 'Home', description: '', licence: 'CC0-1.0' })).title).toBe('Home');
    expect(fake.last('POST', PUBLISH)?.body).toEqual({ title: 'Home', description: '', licence: 'CC0-1.0' });
    await expect(service.unpublish('n1')).resolves.toBeUndefined();
    expect(fake.last('DELETE', PUBLISH)?.headers.get('x-csrf-token')).toBe('csrf-1');
    const link = 'nix://https-panel.example.org/api/published/n1.git?x=1&y=2';
    expect((await service.resolve(link)).kind).toBe('template');
    expect(fake.last('GET', '/api/marketplace/resolve')?.search).toBe(`?link=${encodeURIComponent(link)}`);
  });

  it('turns 4xx answers into the API’s sentence, with `errors` as fields', async () => {
    fake.on('POST', `${BASE}/reviews/r1/accept`, apiError(409, 'CONFLICT', 'Another review was accepted since: start a new one.'));
    fake.on('POST', `${BASE}/reviews`, {
      status: 400,
      body: { message: 'The app is not in that source.', errors: [{ path: 'app', message: 'unknown app' }] },
    });
    const conflict = describeError(await service.accept('n1', 'r1').catch((e: unknown) => e));
    expect(conflict).toMatchObject({ status: 409, message: 'Another review was accepted since: start a new one.' });
    const invalid = describeError(await service.startReview('n1', { sourceId: 's1', app: 'x' }).catch((e: unknown) => e));
    expect(invalid).toMatchObject({
      status: 400,
      message: 'The app is not in that source.',
      fields: [{ field: 'app', message: 'unknown app' }],
    });
  });

  it('ends the session when the answer says it is gone', async () => {
    fake.on('GET', BASE, apiError(401, 'UNAUTHENTICATED', 'Sign in again.'));
    const session = TestBed.inject(Session);
    await expect(service.marketplace('n1')).rejects.toMatchObject({ status: 401 });
    expect(session.user()).toBeNull();
    await flush();
    expect(TestBed.inject(Router).url).toMatch(/^\/login/);
  });
});
