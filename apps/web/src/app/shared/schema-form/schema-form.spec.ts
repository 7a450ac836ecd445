import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { machineSchema, mumbleClientSchema, mumbleServerSchema, syncthingSchema } from '../../../testing/schemas';
import type { JsonPath } from '../../core/config/json-path';
import { defaultValue, type JsonSchema } from '../../core/config/json-schema';
import { SchemaForm, type FieldError } from './schema-form';

@Component({
  imports: [SchemaForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <clan-schema-form
      name="t"
      [schema]="schema()"
      [(value)]="value"
      [serverErrors]="errors()"
      [errorBase]="base()"
      [revealErrors]="reveal()"
      [exclude]="exclude()"
      [lockedKeys]="locked()"
      (validChange)="valid.set($event)"
    />
  `,
})
class Host {
  readonly schema = signal<JsonSchema>(syncthingSchema);
  readonly value = signal<unknown>(undefined);
  readonly errors = signal<FieldError[]>([]);
  readonly base = signal<JsonPath>([]);
  readonly reveal = signal(false);
  readonly exclude = signal<string[]>([]);
  readonly locked = signal<string[]>([]);
  readonly valid = signal<boolean | null>(null);
}

describe('SchemaForm', () => {
  let fixture: ComponentFixture<Host>;
  let host: Host;
  const el = () => fixture.nativeElement as HTMLElement;
  const field = (path: string) => el().querySelector<HTMLElement>(`[data-testid="field-t-${path}"]`);
  const control = <T extends HTMLElement = HTMLInputElement>(path: string) => field(path)?.querySelector<T>('input, select, textarea') as T;
  const errorsOf = (path: string) =>
    Array.from(field(path)?.querySelectorAll(':scope > .sf-errors li, :scope .sf-errors li') ?? []).map((li) => li.textContent?.trim());

  async function render(schema: JsonSchema, value: unknown = defaultValue(schema, schema)): Promise<void> {
    TestBed.configureTestingModule({ imports: [Host] });
    fixture = TestBed.createComponent(Host);
    host = fixture.componentInstance;
    host.schema.set(schema);
    host.value.set(value);
    await fixture.whenStable();
  }
  async function type(target: HTMLInputElement | HTMLTextAreaElement, text: string): Promise<void> {
    target.value = text;
    target.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }
  async function blur(target: HTMLElement): Promise<void> {
    target.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }
  async function click(target: HTMLElement | null | undefined): Promise<void> {
    target?.click();
    await fixture.whenStable();
  }

  it('renders an app as a titled fieldset: switch, list editor and a number input with its range, prefilled with defaults', async () => {
    await render(syncthingSchema);
    const root = el().querySelector('fieldset.sf-root') as HTMLFieldSetElement;
    expect(root.querySelector('legend')?.textContent).toContain('Syncthing');
    expect(root.textContent).toContain('Continuous, peer-to-peer folder synchronisation');

    const enable = control('enable');
    expect(enable.type).toBe('checkbox');
    expect(enable.getAttribute('role')).toBe('switch');
    expect(enable.checked).toBe(false);
    expect(field('enable')?.querySelector('label')?.textContent).toContain('Enable Syncthing');

    const port = control('guiPort');
    expect(port.type).toBe('number');
    expect(port.value).toBe('8384');
    expect(port.min).toBe('1');
    expect(port.max).toBe('65535');
    expect(port.step).toBe('1');
    expect(field('guiPort')?.querySelector('.hint')?.textContent).toContain('mesh interface only');
    // the hint is announced with the input
    expect(port.getAttribute('aria-describedby')).toContain(`${port.id}-hint`);

    expect(field('sharedFolders')?.tagName).toBe('FIELDSET');
    expect(field('sharedFolders')?.textContent).toContain('None.');
    expect(host.valid()).toBe(true);
  });

  it('emits every change as a new value', async () => {
    await render(syncthingSchema);
    await click(control('enable'));
    expect(host.value()).toEqual({ enable: true, sharedFolders: [], guiPort: 8384 });
    await type(control('guiPort'), '9000');
    expect(host.value()).toEqual({ enable: true, sharedFolders: [], guiPort: 9000 });
    await type(control('guiPort'), '');
    expect(host.value()).toEqual({ enable: true, sharedFolders: [] });
  });

  it('keeps both of two edits made before the next render (autofill, quick typing)', async () => {
    await render(machineSchema);
    const vcpus = control('resources.vcpus');
    const mode = control<HTMLSelectElement>('adminMode');
    mode.value = '1';
    mode.dispatchEvent(new Event('change'));
    vcpus.value = '4';
    vcpus.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(host.value()).toMatchObject({ adminMode: 'remote', resources: { vcpus: 4, memoryMiB: 1024 } });
  });

  it('validates numbers inline once the field is left, and reports validity', async () => {
    await render(syncthingSchema);
    const port = control('guiPort');
    await type(port, '70000');
    expect(host.valid()).toBe(false);
    expect(errorsOf('guiPort')).toEqual([]); // not while typing the first time
    await blur(port);
    expect(errorsOf('guiPort')).toEqual(['Web interface port must be a whole number from 1 to 65535.']);
    expect(port.getAttribute('aria-invalid')).toBe('true');
    expect(port.getAttribute('aria-describedby')).toContain(`${port.id}-errors`);
    await type(port, '8385');
    expect(errorsOf('guiPort')).toEqual([]);
    expect(host.valid()).toBe(true);
  });

  it('edits a list of strings: add, type, validate each entry, remove', async () => {
    await render(syncthingSchema);
    await click(el().querySelector<HTMLElement>('[data-testid="field-t-sharedFolders-add"]'));
    expect(host.value()).toMatchObject({ sharedFolders: [''] });
    const first = control('sharedFolders.0');
    expect(el().querySelector(`label[for="${first.id}"]`)?.textContent).toContain('Shared folders 1');
    await type(first, 'docs');
    await blur(first);
    expect(errorsOf('sharedFolders.0')).toEqual(['A shared folder must be an absolute path starting with "/".']);
    await type(first, '/srv/docs');
    expect(errorsOf('sharedFolders.0')).toEqual([]);
    await click(el().querySelector<HTMLElement>('[data-testid="field-t-sharedFolders-add"]'));
    await type(control('sharedFolders.1'), '/srv/photos');
    expect(host.value()).toMatchObject({ sharedFolders: ['/srv/docs', '/srv/photos'] });

    await click(el().querySelector<HTMLElement>('[data-testid="field-t-sharedFolders-remove-0"]'));
    expect(host.value()).toMatchObject({ sharedFolders: ['/srv/photos'] });
    expect(control('sharedFolders.0').value).toBe('/srv/photos');
  });

  it('stops adding at maxItems', async () => {
    await render(syncthingSchema, { sharedFolders: ['/a', '/b', '/c'] });
    expect(el().querySelector<HTMLButtonElement>('[data-testid="field-t-sharedFolders-add"]')?.disabled).toBe(true);
  });

  it('renders enums as selects and objects as nested fieldsets; lists of objects as repeatable sub-forms', async () => {
    await render(machineSchema);
    const mode = control<HTMLSelectElement>('adminMode');
    expect(mode.tagName).toBe('SELECT');
    expect(Array.from(mode.options).map((o) => o.textContent?.trim())).toEqual(['local', 'remote', 'shared']);
    expect(mode.selectedOptions[0].textContent?.trim()).toBe('local');
    mode.value = '2';
    mode.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(host.value()).toMatchObject({ adminMode: 'shared' });

    expect(field('resources')?.querySelector('legend')?.textContent).toContain('Resources');
    expect(control('resources.memoryMiB').value).toBe('1024');
    expect(control('resources.memoryMiB').min).toBe('256');

    await click(el().querySelector<HTMLElement>('[data-testid="field-t-publish-add"]'));
    expect(host.value()).toMatchObject({ publish: [{ protocol: 'tcp' }] });
    const item = field('publish.0') as HTMLElement;
    expect(item.tagName).toBe('FIELDSET');
    const app = control<HTMLSelectElement>('publish.0.app');
    expect(app.options[0].textContent).toContain('choose');
    expect(host.valid()).toBe(false); // app and port are required
    app.value = '1';
    app.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    await type(control('publish.0.port'), '64738');
    expect(host.value()).toMatchObject({ publish: [{ app: 'mumbleServer', port: 64738, protocol: 'tcp' }] });
    expect(host.valid()).toBe(true);

    await click(item.querySelector<HTMLElement>('.sf-remove'));
    expect(host.value()).toMatchObject({ publish: [] });
  });

  it('marks required fields and shows every problem once errors are revealed', async () => {
    await render(mumbleClientSchema);
    const label = field('server')?.querySelector('label');
    expect(label?.querySelector('.sf-required')?.textContent).toBe('*');
    expect(label?.textContent).toContain('(required)');
    expect(control('server').getAttribute('aria-required')).toBe('true');
    expect(host.valid()).toBe(false);
    expect(errorsOf('server')).toEqual([]);
    host.reveal.set(true);
    await fixture.whenStable();
    expect(errorsOf('server')).toEqual(['Server is required.']);
    await type(control('server'), 'not a host!');
    expect(errorsOf('server')).toEqual(['Server is not in the expected form (see the hint).']);
    await type(control('server'), 'mumble.family.clan');
    expect(errorsOf('server')).toEqual([]);
    expect(host.value()).toEqual({ server: 'mumble.family.clan', port: 64738 });
    // emptying a required field unsets it instead of sending ""
    await type(control('server'), '');
    expect(host.value()).toEqual({ port: 64738 });
  });

  it('keeps free text exactly as typed, in a textarea, newlines and all', async () => {
    await render(mumbleServerSchema);
    const text = control<HTMLTextAreaElement>('welcomeText');
    expect(text.tagName).toBe('TEXTAREA');
    const hostile = 'Welcome "${friends}"\n\'\' \\ ünïcødé 🎧';
    await type(text, hostile);
    expect(host.value()).toMatchObject({ welcomeText: hostile });
    await type(text, '');
    expect(host.value()).toMatchObject({ welcomeText: '' }); // a text default keeps ""
  });

  it('shows the API’s errors next to the right field, relative to errorBase, until that field changes', async () => {
    await render(syncthingSchema, { enable: true, sharedFolders: ['relative'], guiPort: 8384 });
    host.base.set(['default', 'applications', 'syncthing']);
    host.errors.set([
      {
        field: '$.default.applications.syncthing.sharedFolders[0]',
        message: 'Shared folders must be an absolute path starting with "/" (got "relative").',
      },
      { field: '$.default.applications.syncthing.colour', message: 'Syncthing has unknown setting "colour".' },
      { field: '$.default.resources.vcpus', message: 'for another form' },
    ]);
    await fixture.whenStable();
    expect(errorsOf('sharedFolders.0')).toEqual(['Shared folders must be an absolute path starting with "/" (got "relative").']);
    const unplaced = el().querySelector('[data-testid="schema-form-t-unplaced"]');
    expect(unplaced?.textContent).toContain('$.default.applications.syncthing.colour');
    expect(unplaced?.textContent).toContain('unknown setting "colour"');
    expect(el().textContent).not.toContain('for another form');

    await type(control('sharedFolders.0'), '/relative');
    expect(errorsOf('sharedFolders.0')).toEqual([]);
  });

  it('leaves excluded properties to another form and locks the ones the user may not change', async () => {
    await render(machineSchema, {
      ...(defaultValue(machineSchema, machineSchema) as object),
      applications: { syncthing: { enable: 'x' } },
    });
    host.exclude.set(['applications']);
    host.locked.set(['adminMode']);
    await fixture.whenStable();
    expect(field('applications')).toBeNull();
    expect(el().textContent).not.toContain('Also set here');
    expect(host.valid()).toBe(true); // the bad app value is the other form's business
    expect(control<HTMLSelectElement>('adminMode').disabled).toBe(true);
    expect(control<HTMLSelectElement>('networkLayer').disabled).toBe(false);
  });

  it('falls back to a JSON editor for what it has no widget for', async () => {
    const schema: JsonSchema = { type: 'object', properties: { extra: { title: 'Extra' } } };
    await render(schema, {});
    const text = control<HTMLTextAreaElement>('extra');
    await type(text, '{"a": [1, 2]}');
    expect(host.value()).toEqual({ extra: { a: [1, 2] } });
    await type(text, '{"a": ');
    expect(field('extra')?.textContent).toContain('Not valid JSON');
    expect(host.value()).toEqual({ extra: { a: [1, 2] } });
  });

  it('offers the variants of a union and validates against the chosen one', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        limit: {
          title: 'Limit',
          anyOf: [
            { type: 'integer', title: 'Number', minimum: 1 },
            { type: 'string', title: 'Keyword', enum: ['unlimited', 'auto'] },
          ],
        },
      },
    };
    await render(schema, { limit: 5 });
    const variant = field('limit')?.querySelector('select') as HTMLSelectElement;
    expect(Array.from(variant.options).map((o) => o.textContent?.trim())).toEqual(['Number', 'Keyword']);
    expect(variant.value).toBe('0');
    variant.value = '1';
    variant.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(host.value()).toEqual({});
    const keyword = field('limit')?.querySelectorAll('select')[1] as HTMLSelectElement;
    keyword.value = '0';
    keyword.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(host.value()).toEqual({ limit: 'unlimited' });
  });
});
