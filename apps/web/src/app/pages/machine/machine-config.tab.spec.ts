import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { FakeApi, flush, type RecordedRequest } from '../../../testing/fake-api';
import { catalogApps, catalogSchema } from '../../../testing/schemas';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { NetworkContext } from '../network/network-context';
import { pinnedApp } from '../network-marketplace/network-marketplace-fixtures';
import { MachineConfigTab } from './machine-config.tab';
import { MachineContext } from './machine-context';

const PATCH = `diff --git a/configs.json b/configs.json
--- a/configs.json
+++ b/configs.json
@@ -10,1 +10,1 @@
-        "guiPort": 8384
+        "guiPort": 8385
`;

function machine(adminMode: string, localAdmins: string[] = ['bob'], head = 'aaaaaaa1111111') {
  const config = {
    system: 'x86_64-linux',
    adminMode,
    networkLayer: 'wireguard',
    resources: { vcpus: 1, memoryMiB: 1024, stateDiskGiB: 10 },
    publish: [],
    applications: { syncthing: { enable: true, sharedFolders: ['/srv/docs'], guiPort: 8384 } },
    localAdmins,
  };
  return {
    name: 'nas',
    head,
    config,
    overrides: adminMode === 'remote' ? {} : { applications: { syncthing: { guiPort: 9000 } } },
    effective: config,
    adminMode,
    localAdmins,
    revision: 'aaaaaaa1111111',
    deployedRevision: null,
    drift: 'not-deployed',
  };
}

const written = { revision: null, committed: false, diff: { patch: PATCH, files: [{ path: 'configs.json', status: 'modified' }] } };

describe('MachineConfigTab', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MachineConfigTab>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);
  const input = (id: string) => byTestId(id)?.querySelector('input, select, textarea') as HTMLInputElement;
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }
  async function type(id: string, value: string): Promise<void> {
    input(id).value = value;
    input(id).dispatchEvent(new Event('input'));
    await settle();
  }
  async function click(id: string): Promise<void> {
    byTestId(id)?.click();
    await settle();
  }
  const writes = (method: string, path = '/api/networks/n1/machines/nas') =>
    fake.requests.filter((r) => r.method === method && r.path === path);

  async function render(
    options: { adminMode?: string; user?: string; role?: string; hostAdmin?: boolean; url?: string; marketplace?: unknown } = {},
  ): Promise<void> {
    const { adminMode = 'shared', user = 'alice', role = 'owner', hostAdmin = false } = options;
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', {
        body: { id: 'n1', name: 'family', myRole: role, memberCount: 2, description: '', createdAt: '', updatedAt: '' },
      })
      .on('GET', '/api/networks/n1/machines/nas', { body: machine(adminMode) })
      .on('GET', '/api/networks/n1/machines', { body: { items: [], total: 0 } })
      .on('GET', '/api/networks/n1/config/status', {
        body: {
          head: 'aaaaaaa',
          link: null,
          machines: [{ name: 'nas', revision: 'aaaaaaa', deployedRevision: null, drift: 'not-deployed' }],
        },
      })
      .on('GET', '/api/catalog/apps', { body: { items: catalogApps } })
      .on('GET', '/api/catalog/schema', { body: catalogSchema })
      .on('PUT', '/api/networks/n1/machines/nas', (r: RecordedRequest) => ({
        body: (r.body as { dryRun?: boolean }).dryRun ? written : { ...written, committed: true, revision: 'bbbb' },
      }))
      .on('DELETE', '/api/networks/n1/machines/nas/overrides', (r: RecordedRequest) => ({
        body: r.search.includes('dryRun=true') ? written : { ...written, committed: true, revision: 'cccc' },
      }));
    if (options.marketplace) fake.on('GET', '/api/networks/n1/marketplace', { body: options.marketplace });
    TestBed.configureTestingModule({
      imports: [MachineConfigTab],
      providers: [provideRouter([]), NetworkContext, MachineContext, { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: user, displayName: '', isHostAdmin: hostAdmin, totpEnabled: false }, 'csrf-1');
    await TestBed.inject(NetworkContext).load('n1');
    await TestBed.inject(MachineContext).load('n1', 'nas');
    if (options.url) await TestBed.inject(Router).navigateByUrl(options.url);
    fixture = TestBed.createComponent(MachineConfigTab);
    await settle();
  }

  it('renders the network layer as generated forms: one per app, and the machine settings', async () => {
    await render();
    expect(byTestId('app-form-syncthing')?.textContent).toContain('Syncthing');
    expect(input('field-app-syncthing-guiPort').value).toBe('8384');
    expect(input('field-app-syncthing-sharedFolders.0').value).toBe('/srv/docs');
    expect((input('field-machine-adminMode') as unknown as HTMLSelectElement).value).toBe('2');
    expect(byTestId('field-machine-applications')).toBeNull();
    expect(byTestId<HTMLButtonElement>('config-save')?.disabled).toBe(true);
    // apps not yet on the machine can be added
    const add = byTestId<HTMLSelectElement>('add-app') as HTMLSelectElement;
    expect(Array.from(add.options).map((o) => o.value)).toEqual(['', 'mumbleServer', 'mumbleClient']);
  });

  it('chooses the app the Marketplace asked for (?app=) in "Add an app", without adding it', async () => {
    await render({ url: '/?app=mumbleServer' });
    expect(byTestId<HTMLSelectElement>('add-app')?.value).toBe('mumbleServer');
    expect(byTestId('app-form-mumbleServer')).toBeNull();
    expect(byTestId<HTMLButtonElement>('config-save')?.disabled).toBe(true);
  });

  it('offers the network’s pinned Marketplace apps beside the built-in ones, opens them with ?app= and adds them with their defaults', async () => {
    await render({ url: '/?app=pinBoard', marketplace: { apps: [pinnedApp({ defaults: { enable: true, port: 8081 } })], reviews: [] } });
    const add = byTestId<HTMLSelectElement>('add-app')!;
    expect(Array.from(add.options).map((o) => o.value)).toEqual(['', 'mumbleServer', 'mumbleClient', 'pinBoard']);
    expect(add.options[3].textContent?.trim()).toBe('Pin board — From the Marketplace · example-apps');
    expect(add.value).toBe('pinBoard');
    await click('add-app-confirm');
    fixture.detectChanges();
    expect(byTestId('app-from-pinBoard')?.textContent).toContain('From the Marketplace · example-apps');
    expect(input('field-app-pinBoard-port').value).toBe('8081');
    await click('config-save');
    const sent = writes('PUT').at(-1)?.body as { config: { applications: Record<string, unknown> } };
    expect(sent.config.applications['pinBoard']).toEqual({ enable: true, port: 8081 });
  });

  it('leaves "Add an app" alone when the machine already has the app the Marketplace asked for', async () => {
    await render({ url: '/?app=syncthing' });
    expect(byTestId<HTMLSelectElement>('add-app')?.value).toBe('');
    expect(byTestId('app-form-syncthing')).not.toBeNull();
  });

  it('previews the dry run’s diff before applying, then applies and reloads', async () => {
    await render();
    await type('field-app-syncthing-guiPort', '8385');
    await click('config-save');
    const dryRun = writes('PUT').at(-1);
    expect(dryRun?.body).toMatchObject({
      dryRun: true,
      config: { applications: { syncthing: { guiPort: 8385 } }, adminMode: 'shared', localAdmins: ['bob'] },
    });
    const preview = byTestId('diff-preview') as HTMLElement;
    expect(preview.textContent).toContain('8385');
    expect(writes('PUT')).toHaveLength(1);

    const machineLoads = writes('GET').length;
    await click('config-apply');
    const applied = writes('PUT').at(-1);
    expect(applied?.body).toMatchObject({ dryRun: false });
    expect((applied?.body as { config: unknown }).config).toEqual((dryRun?.body as { config: unknown }).config);
    expect(byTestId('diff-preview')).toBeNull();
    expect(writes('GET').length).toBeGreaterThan(machineLoads);
  });

  it('cancelling the preview commits nothing', async () => {
    await render();
    await type('field-app-syncthing-guiPort', '8385');
    await click('config-save');
    el().querySelector<HTMLElement>('.dialog-actions .btn:not([data-testid])')?.click();
    await settle();
    expect(byTestId('diff-preview')).toBeNull();
    expect(writes('PUT')).toHaveLength(1);
  });

  it('does not ask the panel while the forms show problems', async () => {
    await render();
    await type('field-app-syncthing-guiPort', '70000');
    await click('config-save');
    expect(writes('PUT')).toHaveLength(0);
    expect(byTestId('field-app-syncthing-guiPort-errors')?.textContent).toContain('from 1 to 65535');
  });

  it('puts the panel’s validation errors next to their fields', async () => {
    await render();
    fake.on('PUT', '/api/networks/n1/machines/nas', {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'The configuration of nas is not valid.',
        correlationId: 'c',
        fields: [
          { field: '$.nas.applications.syncthing.sharedFolders[0]', message: 'Shared folders lists "/srv/docs" more than once.' },
          { field: '$.nas.resources.memoryMiB', message: 'Memory does not fit on this host.' },
        ],
      },
    });
    await type('field-app-syncthing-guiPort', '8385');
    await click('config-save');
    expect(byTestId('field-app-syncthing-sharedFolders.0-errors')?.textContent).toContain('more than once');
    expect(byTestId('field-machine-resources.memoryMiB-errors')?.textContent).toContain('does not fit');
    expect(byTestId('error-message')?.textContent).toContain('The configuration of nas is not valid.');
    expect(byTestId('diff-preview')).toBeNull();
  });

  it('shows the API’s sentence when the mode rules refuse (403)', async () => {
    await render();
    fake.on('PUT', '/api/networks/n1/machines/nas', {
      status: 403,
      body: { code: 'FORBIDDEN', message: 'nas is remotely managed: only network admins change it.', correlationId: 'c' },
    });
    await type('field-app-syncthing-guiPort', '8385');
    await click('config-save');
    expect(byTestId('error-message')?.textContent).toContain('nas is remotely managed: only network admins change it.');
  });

  it('lets a local admin of a shared machine edit it, but not who administers it', async () => {
    await render({ user: 'bob', role: 'member' });
    expect((input('field-machine-adminMode') as unknown as HTMLSelectElement).disabled).toBe(true);
    expect(input('field-app-syncthing-guiPort').disabled).toBe(false);
    await type('field-app-syncthing-guiPort', '8385');
    await click('config-save');
    const body = writes('PUT').at(-1)?.body as { config: Record<string, unknown> };
    expect(body.config).not.toHaveProperty('adminMode');
    expect(body.config).not.toHaveProperty('localAdmins');
    expect(body.config['applications']).toMatchObject({ syncthing: { guiPort: 8385 } });
  });

  it('shows a remotely managed machine read-only to members, without a local layer', async () => {
    await render({ adminMode: 'remote', user: 'bob', role: 'member' });
    expect(byTestId('network-layer-readonly')?.textContent).toContain('nas is remotely managed: only network admins change it.');
    expect(input('field-app-syncthing-guiPort').disabled).toBe(true);
    expect(byTestId('config-save')).toBeNull();
    expect(byTestId('local-layer')?.textContent).toContain('it has no local layer');
  });

  it('lists the local overrides against the network layer and revokes one after a preview', async () => {
    await render();
    const row = byTestId('override-applications.syncthing.guiPort') as HTMLElement;
    expect(row.textContent).toContain('9000');
    expect(row.textContent).toContain('8384');
    await click('override-revoke-applications.syncthing.guiPort');
    const dryRun = writes('DELETE', '/api/networks/n1/machines/nas/overrides').at(-1);
    expect(new URLSearchParams(dryRun?.search).get('path')).toBe('applications.syncthing.guiPort');
    expect(new URLSearchParams(dryRun?.search).get('dryRun')).toBe('true');
    expect(byTestId('diff-preview')).not.toBeNull();
    await click('config-apply');
    const applied = writes('DELETE', '/api/networks/n1/machines/nas/overrides').at(-1);
    expect(new URLSearchParams(applied?.search).get('path')).toBe('applications.syncthing.guiPort');
    expect(new URLSearchParams(applied?.search).has('dryRun')).toBe(false);
  });

  it('warns that switching to remote administration drops the local layer', async () => {
    await render();
    expect(byTestId('remote-drops-overrides')).toBeNull();
    const mode = input('field-machine-adminMode') as unknown as HTMLSelectElement;
    mode.value = '1'; // remote
    mode.dispatchEvent(new Event('change'));
    await settle();
    expect(byTestId('remote-drops-overrides')?.textContent).toContain('drops its local layer (1 override)');
  });

  it('sends the revision the machine was read at with every write', async () => {
    await render();
    await type('field-app-syncthing-guiPort', '8385');
    await click('config-save');
    expect(writes('PUT').at(-1)?.body).toMatchObject({ dryRun: true, baseRevision: 'aaaaaaa1111111' });
    await click('config-apply');
    expect(writes('PUT').at(-1)?.body).toMatchObject({ dryRun: false, baseRevision: 'aaaaaaa1111111' });
    await click('override-revoke-applications.syncthing.guiPort');
    const revoke = writes('DELETE', '/api/networks/n1/machines/nas/overrides').at(-1);
    expect(new URLSearchParams(revoke?.search).get('baseRevision')).toBe('aaaaaaa1111111');
  });

  describe('when someone else changed the machine since it was opened (409)', () => {
    const SENTENCE =
      'Someone else changed machine nas since you opened it (revision aaaaaaa1 → ccccccc2). Reload to see their change and apply yours again.';
    /** What the other person saved: two cores. */
    function theirs() {
      const m = machine('shared', ['bob'], 'ccccccc2222222');
      return { ...m, config: { ...m.config, resources: { ...m.config.resources, vcpus: 2 } } };
    }

    async function conflictOnSave(): Promise<void> {
      await render();
      fake.on('PUT', '/api/networks/n1/machines/nas', {
        status: 409,
        body: {
          code: 'CONFLICT',
          message: SENTENCE,
          correlationId: 'c',
          baseRevision: 'aaaaaaa1111111',
          currentRevision: 'ccccccc2222222',
        },
      });
      await type('field-app-syncthing-guiPort', '8385');
      await click('config-save');
      fake.on('GET', '/api/networks/n1/machines/nas', { body: theirs() });
    }

    it('shows the sentence and offers to reload and re-apply, or to discard', async () => {
      await conflictOnSave();
      expect(byTestId('write-conflict')?.textContent).toContain(SENTENCE);
      expect(byTestId('conflict-reapply')?.textContent).toContain('Reload and re-apply my changes');
      expect(byTestId('conflict-discard')?.textContent).toContain('Discard my changes');
      expect(byTestId('diff-preview')).toBeNull();
    });

    it('"Reload and re-apply" puts my change on top of theirs as a fresh draft, based on the new revision', async () => {
      await conflictOnSave();
      await click('conflict-reapply');
      expect(byTestId('write-conflict')).toBeNull();
      expect(byTestId('reapplied')?.textContent).toContain('Review them, then save');
      expect(input('field-app-syncthing-guiPort').value).toBe('8385');
      expect(input('field-machine-resources.vcpus').value).toBe('2');
      expect(byTestId<HTMLButtonElement>('config-save')?.disabled).toBe(false);

      fake.on('PUT', '/api/networks/n1/machines/nas', (r: RecordedRequest) => ({
        body: (r.body as { dryRun?: boolean }).dryRun ? written : { ...written, committed: true, revision: 'dddd' },
      }));
      await click('config-save');
      expect(writes('PUT').at(-1)?.body).toMatchObject({
        dryRun: true,
        baseRevision: 'ccccccc2222222',
        config: { resources: { vcpus: 2 }, applications: { syncthing: { guiPort: 8385 } } },
      });
    });

    it('"Discard my changes" loads theirs and drops mine', async () => {
      await conflictOnSave();
      await click('conflict-discard');
      expect(byTestId('write-conflict')).toBeNull();
      expect(input('field-app-syncthing-guiPort').value).toBe('8384');
      expect(input('field-machine-resources.vcpus').value).toBe('2');
      expect(byTestId<HTMLButtonElement>('config-save')?.disabled).toBe(true);
    });

    it('a stale local layer offers the same choice and re-applies the edited overrides', async () => {
      await render();
      fake.on('PUT', '/api/networks/n1/machines/nas/overrides', {
        status: 409,
        body: { code: 'CONFLICT', message: 'Someone else changed the local overrides of nas since you opened them.', correlationId: 'c' },
      });
      await click('overrides-edit');
      const editor = byTestId<HTMLTextAreaElement>('overrides-editor') as HTMLTextAreaElement;
      editor.value = JSON.stringify({ applications: { syncthing: { guiPort: 9000 } }, resources: { memoryMiB: 4096 } });
      editor.dispatchEvent(new Event('input'));
      await settle();
      await click('overrides-save');
      expect(byTestId('write-conflict')?.textContent).toContain('Someone else changed the local overrides of nas');
      const latest = { ...machine('shared', ['bob'], 'ccccccc2222222'), overrides: { publish: ['web'] } };
      fake.on('GET', '/api/networks/n1/machines/nas', { body: latest });
      await click('conflict-reapply');
      const text = (byTestId<HTMLTextAreaElement>('overrides-editor') as HTMLTextAreaElement).value;
      // Only what I changed (the memory) goes back on; their removal of the guiPort override stands.
      expect(JSON.parse(text)).toEqual({ publish: ['web'], resources: { memoryMiB: 4096 } });
    });
  });

  it('offers no override actions to someone the mode rules leave out', async () => {
    await render({ adminMode: 'local', user: 'carol', role: 'member' });
    expect(byTestId('override-applications.syncthing.guiPort')).not.toBeNull();
    expect(byTestId('override-revoke-applications.syncthing.guiPort')).toBeNull();
    expect(byTestId('local-layer')?.textContent).toContain('Only its local admins (bob) change its overrides.');
  });
});
