import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, apiError, flush } from '../../../../testing/fake-api';
import { FETCH } from '../../../core/api/api';
import { Session } from '../../../core/auth/session';
import { Confirm } from '../../../core/ui/confirm';
import { UnlockPage } from './unlock.page';
import { unlockOverview } from './unlock-fixtures';

const TASK = {
  id: 'task-unlock',
  type: 'clevis.bind',
  status: 'running',
  progress: 10,
  message: 'Binding /dev/sda2',
  error: null,
  networkId: null,
  machine: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};

describe('UnlockPage', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<UnlockPage>;
  const el = () => fixture.nativeElement as HTMLElement;
  // Dialogs render inside the page's host element too.
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const srText = (id: string) => byTestId(id)?.querySelector('.sr-only')?.textContent?.trim();

  async function settle(): Promise<void> {
    await flush();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  async function type(id: string, value: string): Promise<void> {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  async function tick(id: string, checked: boolean): Promise<void> {
    const box = byTestId(id) as HTMLInputElement;
    box.checked = checked;
    box.dispatchEvent(new Event('change'));
    await settle();
  }

  async function render(overview = unlockOverview()): Promise<void> {
    fake = new FakeApi()
      .on('GET', '/api/fleet/unlock', { body: overview })
      .on('GET', `/api/tasks/${TASK.id}`, { body: TASK })
      .on('GET', `/api/tasks/${TASK.id}/log`, { body: { items: [] } });
    TestBed.configureTestingModule({
      imports: [UnlockPage],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'root', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    fixture = TestBed.createComponent(UnlockPage);
    await settle();
  }

  it('says what unattended unlock is', async () => {
    await render();
    expect(byTestId('unlock-intro')?.textContent).toContain('waits at the passphrase prompt');
    expect(byTestId('unlock-intro')?.textContent).toContain('opens its disk by itself');
  });

  it('renders each matrix cell as ✓ or ✗ from bootsIfDown, with a sentence for screen readers', async () => {
    await render();
    const stuck = byTestId('unlock-cell-garage-nas');
    expect(stuck?.getAttribute('data-kind')).toBe('stuck');
    expect(stuck?.className).toContain('unlock-cell-stuck');
    expect(stuck?.querySelector('[aria-hidden="true"]')?.textContent).toBe('✗');
    expect(srText('unlock-cell-garage-nas')).toBe('garage is stuck at the passphrase prompt while nas is down');
    expect(stuck?.getAttribute('title')).toBe('garage is stuck at the passphrase prompt while nas is down');

    const boots = byTestId('unlock-cell-garage-pi');
    expect(boots?.getAttribute('data-kind')).toBe('boots');
    expect(boots?.querySelector('[aria-hidden="true"]')?.textContent).toBe('✓');
    expect(srText('unlock-cell-garage-pi')).toBe('garage boots unattended while pi is down');
    expect(srText('unlock-cell-pi-nas')).toBe('pi boots unattended while nas is down');
    expect(srText('unlock-cell-pi-all')).toBe('pi boots unattended with every host up');

    // The diagonal is the host itself, greyed.
    expect(byTestId('unlock-cell-pi-pi')?.getAttribute('data-kind')).toBe('self');
    // Columns are "if this host is down"; rows without a policy say how they unlock instead of cells.
    expect(byTestId('unlock-col-nas')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('If nas is down');
    const nas = byTestId('unlock-row-nas');
    expect(nas?.getAttribute('data-managed')).toBe('false');
    expect(nas?.textContent).toContain('no policy: unlocks by itself or by hand');
    expect(nas?.querySelectorAll('.unlock-cell').length).toBe(0);
    expect(byTestId('unlock-row-pi')?.querySelector('th')?.textContent).toContain('2 of 3: nas, garage + TPM');
  });

  it('says in sentences which host’s failure strands which, and what a power cut does', async () => {
    await render();
    const failures = Array.from(el().querySelectorAll('[data-testid="unlock-failure"]')).map((li) => li.textContent?.trim());
    expect(failures).toEqual(['If nas fails, garage would be stuck at the passphrase prompt; after a power cut without nas, pi too.']);
    expect(byTestId('unlock-cold-start')?.textContent?.trim()).toBe(
      'After a power cut: nas and laptop (no policy) come up by themselves or by hand; round 1 garage and pi; stuck: none.',
    );
    expect(byTestId('unlock-failure-sets-pi')?.textContent?.trim()).toBe(
      'Stuck at the passphrase prompt if nas and garage are down together.',
    );
  });

  it('sends the policy the dialog shows, then loads the matrix again', async () => {
    await render();
    fake.on('PUT', '/api/fleet/unlock/hosts/h-laptop/policy', { body: unlockOverview().hosts[3] });
    byTestId('unlock-edit-policy-laptop')?.click();
    await settle();
    // Only other hosts with Tang on are offered.
    expect(byTestId('policy-tang-nas')).not.toBeNull();
    expect(byTestId('policy-tang-laptop')).toBeNull();
    expect((byTestId('policy-save') as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId('policy-tangHostIds-error')?.textContent).toContain('at least one pin');

    await tick('policy-tang-pi', true);
    await tick('policy-tang-nas', true);
    await tick('policy-tpm', true);
    await type('policy-threshold', '4');
    expect(byTestId('policy-threshold-error')?.textContent?.trim()).toBe('Enter a number from 1 to 3.');
    await type('policy-threshold', '2');
    expect(byTestId('policy-summary')?.textContent?.trim()).toBe(
      'The disk opens when 2 of these 3 pins answer (nas, pi and the TPM); one may be missing.',
    );
    const loads = fake.requests.filter((r) => r.method === 'GET' && r.path === '/api/fleet/unlock').length;
    byTestId('policy-save')?.click();
    await settle();

    const sent = fake.last('PUT', '/api/fleet/unlock/hosts/h-laptop/policy');
    expect(sent?.body).toEqual({ threshold: 2, tangHostIds: ['h-nas', 'h-pi'], tpm: true });
    expect(sent?.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(byTestId('policy-form')).toBeNull();
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === '/api/fleet/unlock').length).toBe(loads + 1);
  });

  it('shows the API’s 400 sentence at the field it names', async () => {
    await render();
    const sentence = 'The device is an absolute path under /dev, such as /dev/nvme0n1p2.';
    fake.on('PUT', '/api/fleet/unlock/hosts/h-pi/policy', {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: sentence, fields: [{ field: 'device', message: sentence }], correlationId: 'c' },
    });
    byTestId('unlock-edit-policy-pi')?.click();
    await settle();
    expect((byTestId('policy-threshold') as HTMLInputElement).value).toBe('2');
    await type('policy-device', 'sda2');
    byTestId('policy-save')?.click();
    await settle();

    expect(fake.last('PUT', '/api/fleet/unlock/hosts/h-pi/policy')?.body).toEqual({
      threshold: 2,
      tangHostIds: ['h-nas', 'h-garage'],
      tpm: true,
      device: 'sda2',
    });
    expect(byTestId('policy-device-error')?.textContent?.trim()).toBe(sentence);
    expect(byTestId('policy-device')?.getAttribute('aria-invalid')).toBe('true');
    // Shown once, at its field, not again in a box.
    expect(byTestId('error-message')).toBeNull();
    expect(byTestId('policy-form')).not.toBeNull();
  });

  it('binds with the passphrase and keeps it nowhere afterwards', async () => {
    await render();
    fake.on('POST', '/api/fleet/unlock/hosts/h-pi/bind', { status: 202, body: { taskId: TASK.id } });
    byTestId('unlock-bind-pi')?.click();
    await settle();
    const field = byTestId('bind-passphrase') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(byTestId('bind-explanation')?.textContent).toContain('sealed to pi');
    expect(byTestId('bind-explanation')?.textContent).toContain('then deleted');
    expect(byTestId('bind-form')?.textContent).toContain('when 2 of its 3 pins (nas, garage + TPM) answer.');
    await type('bind-passphrase', 'correct horse battery');
    byTestId('bind-submit')?.click();
    expect(field.value).toBe('');
    await settle();

    expect(fake.last('POST', '/api/fleet/unlock/hosts/h-pi/bind')?.body).toEqual({ passphrase: 'correct horse battery' });
    expect(byTestId('bind-form')).toBeNull();
    expect(byTestId('task-progress')).not.toBeNull();
    expect(byTestId('unlock-notice-pi')?.textContent).toContain('Binding the disk of pi');
    // Opened again, the dialog starts empty.
    byTestId('unlock-bind-pi')?.click();
    await settle();
    expect((byTestId('bind-passphrase') as HTMLInputElement).value).toBe('');
    expect((byTestId('bind-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('empties the passphrase field when the bind is refused too', async () => {
    await render();
    fake.on('POST', '/api/fleet/unlock/hosts/h-pi/bind', apiError(400, 'VALIDATION_FAILED', 'passphrase must be one line'));
    byTestId('unlock-bind-pi')?.click();
    await settle();
    await type('bind-passphrase', 'secret');
    byTestId('bind-submit')?.click();
    await settle();
    expect((byTestId('bind-passphrase') as HTMLInputElement).value).toBe('');
    expect(byTestId('error-message')?.textContent).toContain('passphrase must be one line');
    expect(byTestId('error-message')?.textContent).not.toContain('secret');
  });

  it('turns a Tang server off as a task, and puts the switch back when the API refuses', async () => {
    await render();
    fake.on(
      'PUT',
      '/api/fleet/unlock/hosts/h-nas/tang',
      apiError(409, 'CONFLICT', 'garage and pi use the Tang server on nas: change their policies first.'),
    );
    await tick('unlock-tang-toggle-nas', false);
    expect(fake.last('PUT', '/api/fleet/unlock/hosts/h-nas/tang')?.body).toEqual({ enabled: false });
    expect(byTestId('unlock-host-nas')?.querySelector('[data-testid="error-message"]')?.textContent).toContain(
      'garage and pi use the Tang server on nas',
    );
    expect((byTestId('unlock-tang-toggle-nas') as HTMLInputElement).checked).toBe(true);

    fake.on('PUT', '/api/fleet/unlock/hosts/h-laptop/tang', { status: 202, body: { taskId: TASK.id } });
    await tick('unlock-tang-toggle-laptop', true);
    expect(fake.last('PUT', '/api/fleet/unlock/hosts/h-laptop/tang')?.body).toEqual({ enabled: true });
    expect(byTestId('unlock-host-laptop')?.querySelector('[data-testid="task-progress"]')).not.toBeNull();
  });

  it('asks before rotating keys, naming the bindings to renew, then shows the ones the answer names', async () => {
    await render();
    fake.on('POST', '/api/fleet/unlock/hosts/h-nas/tang/rotate', {
      status: 202,
      body: { taskId: TASK.id, rebinds: [{ hostId: 'h-garage', name: 'garage' }], notBound: [{ hostId: 'h-pi', name: 'pi' }] },
    });
    byTestId('unlock-rotate-nas')?.click();
    await settle();
    const asked = TestBed.inject(Confirm).pending();
    expect(asked?.title).toBe('Rotate the Tang keys of nas?');
    expect(asked?.message).toContain('The bindings of garage will be renewed');
    expect(asked?.message).toContain('pi uses it but was never bound');
    expect(fake.last('POST', '/api/fleet/unlock/hosts/h-nas/tang/rotate')).toBeUndefined();
    TestBed.inject(Confirm).answer(true);
    await settle();
    expect(byTestId('unlock-notice-nas')?.textContent?.trim()).toBe('Renewing the bindings of garage. Never bound, so not renewed: pi.');
    expect(byTestId('unlock-host-nas')?.querySelector('[data-testid="task-progress"]')).not.toBeNull();
  });

  it('shows the Clevis configuration read-only with Copy, and the problems instead when there are any', async () => {
    await render();
    const text = '{"t":1,"pins":{"tang":[{"url":"http://10.98.0.1:7500","thp":"thp-nas"}]}}';
    fake.on('GET', '/api/fleet/unlock/hosts/h-garage/clevis-config', {
      body: { hostId: 'h-garage', config: JSON.parse(text), text, problems: [] },
    });
    byTestId('unlock-config-garage')?.click();
    await settle();
    expect(byTestId('clevis-config-text')?.textContent).toBe(text);
    expect(el().querySelector('[aria-label="Copy Clevis configuration"]')).not.toBeNull();
    byTestId('clevis-config-close')?.click();
    await settle();

    fake.on('GET', '/api/fleet/unlock/hosts/h-pi/clevis-config', {
      body: {
        hostId: 'h-pi',
        config: null,
        text: null,
        problems: [{ field: 'tangHostIds', message: 'garage has not reported its Tang keys yet.' }],
      },
    });
    byTestId('unlock-config-pi')?.click();
    await settle();
    expect(byTestId('clevis-config-problems')?.textContent).toContain('garage has not reported its Tang keys yet.');
    expect(byTestId('clevis-config-text')).toBeNull();
  });

  it('shows the policy’s problems as warnings on the card and keeps Bind off', async () => {
    const overview = unlockOverview();
    overview.hosts[2] = {
      ...overview.hosts[2],
      policy: {
        ...overview.hosts[2].policy!,
        problems: [{ field: 'tangHostIds', message: 'Host garage does not run a Tang server: enable it first.' }],
      },
    };
    await render(overview);
    expect(byTestId('unlock-problems-pi')?.textContent).toContain('Host garage does not run a Tang server: enable it first.');
    expect((byTestId('unlock-bind-pi') as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId('unlock-problems-garage')).toBeNull();
    expect(byTestId('unlock-policy-garage')?.textContent?.trim()).toBe('1 of 1: nas');
    expect(byTestId('unlock-binding-garage')?.textContent?.trim()).toBe('Bound');
    expect(byTestId('unlock-binding-pi')?.textContent?.trim()).toBe('Not bound');
  });
});
