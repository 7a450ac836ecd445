import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeApi, flush, type RecordedRequest } from '../../../testing/fake-api';
import { FETCH } from '../../core/api/api';
import { Session } from '../../core/auth/session';
import { ConfirmHost } from '../../shared/confirm-host';
import { DEFAULT_RULES, type MeshRule } from './network-mesh-rules';
import { MeshRulesPanel } from './network-mesh-rules.panel';

const RULES = '/api/networks/n1/mesh/rules';
const custom: MeshRule[] = [
  { id: 'members-reach-apps', from: {}, to: {}, ports: ['apps'] },
  { id: 'anna-reaches-nas', from: { peers: ['anna-laptop'] }, to: { machines: ['nas'] }, ports: [{ port: 8080, protocol: 'tcp' }] },
];
const allowances = {
  nas: [
    { port: 8080, protocol: 'tcp', sources: ['anna-laptop'], rules: ['anna-reaches-nas'] },
    { port: 8384, protocol: 'tcp', sources: ['anna-laptop', 'phone'], rules: ['members-reach-apps'] },
  ],
};

describe('MeshRulesPanel', () => {
  let fake: FakeApi;
  let fixture: ComponentFixture<MeshRulesPanel>;
  let confirmHost: ComponentFixture<ConfirmHost>;
  const find = <T extends HTMLElement = HTMLElement>(id: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${id}"]`) ??
    (confirmHost.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${id}"]`);
  async function settle(): Promise<void> {
    await flush();
    await fixture.whenStable();
    await confirmHost.whenStable();
  }
  async function click(id: string): Promise<void> {
    const target = find(id);
    if (!target) throw new Error(`no element ${id}`);
    target.click();
    await settle();
  }
  async function type(id: string, value: string): Promise<void> {
    const input = find<HTMLInputElement>(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  async function create(canManage: boolean, knownGroups: string[] = []): Promise<void> {
    fixture = TestBed.createComponent(MeshRulesPanel);
    fixture.componentRef.setInput('networkId', 'n1');
    fixture.componentRef.setInput('canManage', canManage);
    fixture.componentRef.setInput('knownGroups', knownGroups);
    await settle();
  }

  beforeEach(() => {
    // jsonb hands keys back sorted its own way: the editor must not take that for a change.
    fake = new FakeApi().on('GET', RULES, {
      body: {
        rules: [
          { id: 'members-reach-apps', to: {}, from: {}, ports: ['apps'] },
          { id: 'anna-reaches-nas', to: { machines: ['nas'] }, from: { peers: ['anna-laptop'] }, ports: [{ protocol: 'tcp', port: 8080 }] },
        ],
        isDefault: false,
        allowances,
      },
    });
    TestBed.configureTestingModule({
      imports: [MeshRulesPanel, ConfirmHost],
      providers: [provideRouter([]), { provide: FETCH, useValue: fake.fetch }],
    });
    TestBed.inject(Session).start({ id: 'u1', username: 'alice', displayName: '', isHostAdmin: true, totpEnabled: false }, 'csrf-1');
    confirmHost = TestBed.createComponent(ConfirmHost);
  });

  it('shows the rules as editable rows, unchanged until edited, and the allowances per machine', async () => {
    await create(true);
    expect(find<HTMLInputElement>('rule-id-1')?.value).toBe('anna-reaches-nas');
    expect(find<HTMLInputElement>('rule-peers-1')?.value).toBe('anna-laptop');
    expect(find<HTMLInputElement>('rule-machines-1')?.value).toBe('nas');
    expect(find<HTMLInputElement>('rule-ports-1')?.value).toBe('8080/tcp');
    expect(find<HTMLButtonElement>('rules-save')?.disabled).toBe(true);
    const table = find('rules-allowances')?.textContent ?? '';
    expect(table).toContain('8384/tcp');
    expect(table).toContain('anna-laptop, phone');
    expect(table).toContain('members-reach-apps');
  });

  it('saves edits as the JSON the API takes, and shows its 400 sentences on the rows they name', async () => {
    await create(true);
    fake.on('PUT', RULES, {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'rules: The reachability rules cannot be applied: Rule "web" names the machine "ghost", which is not in the network.',
        fields: [
          {
            field: 'rules',
            message: 'The reachability rules cannot be applied: Rule "web" names the machine "ghost", which is not in the network.',
          },
        ],
        correlationId: 'c',
      },
    });
    await click('rules-add');
    await type('rule-id-2', 'web');
    await click('rule-role-2-admin');
    await type('rule-machines-2', 'ghost');
    await type('rule-ports-2', '443, 80/tcp');
    await click('rules-save');

    expect(fake.last('PUT', RULES)?.body).toEqual({
      rules: [
        ...custom,
        {
          id: 'web',
          from: { roles: ['admin'] },
          to: { machines: ['ghost'] },
          ports: [
            { port: 443, protocol: 'tcp' },
            { port: 80, protocol: 'tcp' },
          ],
        },
      ],
    });
    expect(find('rule-problems-2')?.textContent).toContain('Rule "web" names the machine "ghost", which is not in the network.');
    expect(find('rule-problems-0')).toBeNull();
    expect(find('rules-general-errors')).toBeNull();

    // Fixing the row clears its message; the API's answer replaces the table.
    fake.on('PUT', RULES, (r: RecordedRequest) => ({
      body: { rules: (r.body as { rules: MeshRule[] }).rules, isDefault: false, allowances: {} },
    }));
    await type('rule-machines-2', 'nas');
    expect(find('rule-problems-2')).toBeNull();
    await click('rules-save');
    expect((fake.last('PUT', RULES)?.body as { rules: MeshRule[] }).rules[2].to).toEqual({ machines: ['nas'] });
    expect(find<HTMLButtonElement>('rules-save')?.disabled).toBe(true);
  });

  it('does not send a row it cannot read, and says why', async () => {
    await create(true);
    await type('rule-ports-0', 'http');
    await click('rules-save');
    expect(fake.last('PUT', RULES)).toBeUndefined();
    expect(find('rule-problems-0')?.textContent).toContain('"http" is not "apps", "ssh" or a port');
  });

  it('deletes rows, and resets to the two default rules after confirmation', async () => {
    await create(true);
    await click('rule-delete-0');
    expect(find<HTMLInputElement>('rule-id-0')?.value).toBe('anna-reaches-nas');
    expect(find<HTMLButtonElement>('rules-save')?.disabled).toBe(false);

    fake.on('PUT', RULES, { body: { rules: DEFAULT_RULES, isDefault: true, allowances: {} } });
    await click('rules-reset');
    expect(fake.last('PUT', RULES)).toBeUndefined();
    await click('confirm-ok');
    expect(fake.last('PUT', RULES)?.body).toEqual({ rules: DEFAULT_RULES });
    expect(find<HTMLInputElement>('rule-id-1')?.value).toBe('admins-reach-ssh');
    expect(find<HTMLInputElement>('rule-role-1-owner')?.checked).toBe(true);
    expect(find<HTMLInputElement>('rule-role-1-member')?.checked).toBe(false);
  });

  it('is read-only without Member.Manage', async () => {
    await create(false);
    expect(find('rule-id-0')).toBeNull();
    expect(find('rules-save')).toBeNull();
    expect(find('rules-reset')).toBeNull();
    expect(find('rule-row-1')?.textContent).toContain('peers anna-laptop');
    expect(find('rule-row-1')?.textContent).toContain('machines nas');
  });

  it("offers the network's groups in the group fields, refuses names the API would, and sums rules up naming groups", async () => {
    await create(true, ['kids', 'media', 'office']);
    expect(find('rules-summary')?.textContent).toContain('everyone → every machine: apps');
    expect(find('rules-summary')?.textContent).toContain('anna-laptop → nas: 8080/tcp');
    await click('rules-add');
    // Suggestions show for the field that has the focus.
    expect(find('rule-groups-suggest-2')).toBeNull();
    find('rule-groups-2')?.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await settle();
    expect(find('rule-groups-suggest-2')?.textContent).toContain('kids');
    await click('rule-groups-add-2-kids');
    expect(find<HTMLInputElement>('rule-groups-2')?.value).toBe('kids');
    // What is already there is not offered again.
    expect(find('rule-groups-add-2-kids')).toBeNull();
    find('rule-to-groups-2')?.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await settle();
    expect(find('rule-groups-suggest-2')).toBeNull();
    await click('rule-to-groups-add-2-media');
    expect(find<HTMLInputElement>('rule-to-groups-2')?.value).toBe('media');

    await type('rule-to-groups-2', 'media, Living Room');
    await click('rules-save');
    expect(fake.last('PUT', RULES)).toBeUndefined();
    expect(find('rule-problems-2')?.textContent).toContain('To groups: "Living" is not a group name');

    fake.on('PUT', RULES, (r: RecordedRequest) => ({
      body: { rules: (r.body as { rules: MeshRule[] }).rules, isDefault: false, allowances: {} },
    }));
    await type('rule-to-groups-2', 'media');
    await click('rules-save');
    expect((fake.last('PUT', RULES)?.body as { rules: MeshRule[] }).rules[2]).toEqual({
      id: 'rule-3',
      from: { groups: ['kids'] },
      to: { groups: ['media'] },
      ports: ['apps'],
    });
    expect(find('rules-summary')?.textContent).toContain('kids → media: apps');
  });
});
