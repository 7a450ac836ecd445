import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { FakeApi, flush, type RecordedRequest } from '../../../testing/fake-api';
import { ADD_MACHINE_PATCH, catalogApps, catalogSchema } from '../../../testing/schemas';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { NewMachinePage, stepOfError } from './new-machine.page';

@Component({ template: '' })
class Blank {}

const NETWORK = {
  id: 'n1',
  name: 'family',
  description: '',
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
  memberCount: 2,
  myRole: 'owner',
};
const existing = {
  name: 'nas',
  system: 'x86_64-linux',
  adminMode: 'local',
  networkLayer: 'wireguard',
  apps: [],
  resources: {},
  localAdmins: [],
  drift: 'in-sync',
};

describe('NewMachinePage (wizard)', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<NewMachinePage>;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => el().querySelector<T>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
  }
  async function type(id: string, value: string, blur = false): Promise<void> {
    const input = (
      byTestId(id)?.matches('input, textarea, select') ? byTestId(id) : byTestId(id)?.querySelector('input, textarea')
    ) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    if (blur) input.dispatchEvent(new Event('blur'));
    await settle();
  }
  async function click(id: string): Promise<void> {
    byTestId(id)?.click();
    await settle();
  }
  const heading = () => el().querySelector('#wizard-step-title')?.textContent?.trim();

  beforeEach(async () => {
    fake = new FakeApi()
      .on('GET', '/api/networks/n1', { body: NETWORK })
      .on('GET', '/api/networks/n1/machines', { body: { items: [existing], total: 1 } })
      .on('GET', '/api/catalog/apps', { body: { items: catalogApps } })
      .on('GET', '/api/catalog/schema', { body: catalogSchema })
      .on('POST', '/api/networks/n1/machines', (request: RecordedRequest) => {
        const body = request.body as { dryRun?: boolean };
        return {
          status: 201,
          body: {
            revision: body.dryRun ? null : '2222222aaaabbbbccccddddeeeeffff000011112',
            committed: !body.dryRun,
            diff: { patch: ADD_MACHINE_PATCH, files: [{ path: 'configs.json', status: 'modified' }] },
          },
        };
      });
    TestBed.configureTestingModule({
      imports: [NewMachinePage],
      providers: [
        provideRouter([
          { path: 'networks/:networkId/machines/:machine', component: Blank },
          { path: '**', component: Blank },
        ]),
        { provide: FETCH, useValue: fake.fetch },
      ],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(NewMachinePage);
    fixture.componentRef.setInput('networkId', 'n1');
    await settle();
  });

  async function throughToReview(): Promise<void> {
    await type('wizard-name', 'anna');
    await click('wizard-next');
    await click('wizard-app-syncthing');
    await click('wizard-next');
    await click('wizard-next');
    await click('wizard-next');
  }

  it('shows the name rule under the field while typing, before leaving the field or pressing Next', async () => {
    await type('wizard-name', 'my_nas');
    expect(byTestId('wizard-name-error')?.textContent).toContain('lower-case letters, digits and "-"');
    await type('wizard-name', 'my-nas');
    expect(byTestId('wizard-name-error')).toBeNull();
  });

  it('checks the name as it is typed and will not go on with a bad one', async () => {
    expect(heading()).toBe('Name');
    await type('wizard-name', 'Anna', true);
    expect(byTestId('wizard-name-error')?.textContent).toContain('Use lower-case letters only.');
    expect(byTestId('wizard-name')?.getAttribute('aria-invalid')).toBe('true');
    await click('wizard-next');
    expect(heading()).toBe('Name');
    await type('wizard-name', 'nas');
    expect(byTestId('wizard-name-error')?.textContent).toContain('already has a machine called “nas”');
    await type('wizard-name', 'default');
    expect(byTestId('wizard-name-error')?.textContent).toContain('reserved');
    await type('wizard-name', 'anna-laptop');
    expect(byTestId('wizard-name-error')).toBeNull();
    expect(el().textContent).toContain('anna-laptop.family.clan');
    await click('wizard-next');
    expect(heading()).toBe('Apps');
  });

  it('goes name → apps → configure → settings → review → create, sending what the forms hold', async () => {
    await type('wizard-name', 'anna');
    await click('wizard-next');

    // the catalog as cards, with ports
    const card = byTestId('wizard-app-syncthing')?.closest('.app-card') as HTMLElement;
    expect(card.textContent).toContain('Syncthing');
    expect(card.textContent).toContain('peer-to-peer');
    expect(card.textContent).toContain('22000/tcp');
    expect(byTestId('wizard-app-mumbleClient')?.closest('.app-card')?.textContent).toContain('no ports');
    await click('wizard-app-syncthing');
    await click('wizard-app-mumbleClient');
    expect(card.classList).toContain('picked');
    await click('wizard-next');

    // one generated form per picked app, prefilled, the app enabled
    expect(heading()).toBe('Configure apps');
    expect(byTestId('wizard-configure-syncthing')).not.toBeNull();
    expect((byTestId('field-app-syncthing-enable')?.querySelector('input') as HTMLInputElement).checked).toBe(true);
    expect((byTestId('field-app-syncthing-guiPort')?.querySelector('input') as HTMLInputElement).value).toBe('8384');
    // the Mumble client needs its server: Next says so instead of going on
    await click('wizard-next');
    expect(heading()).toBe('Configure apps');
    expect(byTestId('field-app-mumbleClient-server-errors')?.textContent).toContain('Server is required.');
    await type('field-app-mumbleClient-server', 'mumble.family.clan');
    await click('field-app-syncthing-sharedFolders-add');
    await type('field-app-syncthing-sharedFolders.0', '/srv/photos');
    await click('wizard-next');

    // machine settings from the machine schema, without the apps
    expect(heading()).toBe('Machine settings');
    expect(byTestId('field-machine-applications')).toBeNull();
    const mode = byTestId('field-machine-adminMode')?.querySelector('select') as HTMLSelectElement;
    mode.value = '2'; // shared
    mode.dispatchEvent(new Event('change'));
    await type('field-machine-resources.vcpus', '2');
    await click('wizard-next');

    // review: the dry run's diff
    expect(heading()).toBe('Review');
    const dryRun = fake.last('POST', '/api/networks/n1/machines');
    expect(dryRun?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(dryRun?.body).toEqual({
      name: 'anna',
      dryRun: true,
      config: {
        system: 'x86_64-linux',
        adminMode: 'shared',
        networkLayer: 'wireguard',
        resources: { vcpus: 2, memoryMiB: 1024, stateDiskGiB: 10 },
        publish: [],
        localAdmins: [],
        applications: {
          syncthing: { enable: true, sharedFolders: ['/srv/photos'], guiPort: 8384 },
          mumbleClient: { server: 'mumble.family.clan', port: 64738 },
        },
      },
    });
    const preview = byTestId('diff-preview') as HTMLElement;
    expect(preview.textContent).toContain('configs.json');
    expect(preview.querySelectorAll('td.diff-add').length).toBeGreaterThan(0);
    expect(el().textContent).toContain('Syncthing, Mumble client');

    await click('wizard-create');
    const created = fake.last('POST', '/api/networks/n1/machines');
    expect(created?.body).toMatchObject({ name: 'anna', dryRun: false });
    expect((created?.body as { config: unknown }).config).toEqual((dryRun?.body as { config: unknown }).config);
    expect(TestBed.inject(Router).url).toBe('/networks/n1/machines/anna');
    // the tree and lists learn about the new machine
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === '/api/networks/n1/machines').length).toBeGreaterThan(1);
  });

  it('keeps what was typed for an app that is unpicked and picked again', async () => {
    await type('wizard-name', 'anna');
    await click('wizard-next');
    await click('wizard-app-syncthing');
    await click('wizard-next');
    await type('field-app-syncthing-guiPort', '9000');
    await click('wizard-back');
    await click('wizard-app-syncthing');
    await click('wizard-app-syncthing');
    await click('wizard-next');
    expect((byTestId('field-app-syncthing-guiPort')?.querySelector('input') as HTMLInputElement).value).toBe('9000');
  });

  it('brings the panel’s validation errors back to the step and field they concern', async () => {
    fake.on('POST', '/api/networks/n1/machines', {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'The configuration is not valid.',
        correlationId: 'c1',
        fields: [{ field: '$.anna.applications.syncthing.guiPort', message: 'Web interface port 8384 is already used by another app.' }],
      },
    });
    await throughToReview();
    expect(byTestId('error-message')?.textContent).toContain('The configuration is not valid.');
    expect((byTestId('wizard-create') as HTMLButtonElement).disabled).toBe(true);
    const fix = el().querySelector<HTMLElement>('.wizard-fix');
    expect(fix?.textContent).toContain('Configure apps');
    fix?.click();
    await settle();
    expect(heading()).toBe('Configure apps');
    expect(byTestId('field-app-syncthing-guiPort-errors')?.textContent).toContain('already used by another app');
  });

  it('shows a name taken meanwhile (409) on the name step', async () => {
    fake.on('POST', '/api/networks/n1/machines', {
      status: 409,
      body: { code: 'CONFLICT', message: 'A machine called anna exists.', correlationId: 'c' },
    });
    await throughToReview();
    el().querySelector<HTMLElement>('.wizard-fix')?.click();
    await settle();
    expect(heading()).toBe('Name');
    expect(byTestId('wizard-name-error')?.textContent).toContain('A machine called anna exists.');
  });
});

describe('stepOfError', () => {
  it('sends app options to "configure", the name to "name", the rest to "settings"', () => {
    expect(stepOfError('$.anna.applications.syncthing.sharedFolders[0]', 'anna')).toBe('configure');
    expect(stepOfError('$["anna-laptop"].resources.vcpus', 'anna-laptop')).toBe('settings');
    expect(stepOfError('$.anna.applications', 'anna')).toBe('settings');
    expect(stepOfError('name', 'anna')).toBe('name');
    expect(stepOfError('config', 'anna')).toBe('settings');
  });
});
