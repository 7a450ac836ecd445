import { builtInApp, REVISION, thirdPartyApp } from './marketplace-fixtures';
import {
  browseParams,
  browseStateFrom,
  categoriesOf,
  entriesQuery,
  networkNameFromKey,
  oneLine,
  optionRows,
  provenance,
  routeSourceErrors,
  sourceBody,
  sourceFormProblems,
  sourceNameFromUrl,
} from './marketplace-format';

const params = (values: Record<string, string>) => new URLSearchParams(values);

describe('browse query', () => {
  it('sends the kind always, the words trimmed and single-spaced, and leaves empty values out', () => {
    expect(entriesQuery({ q: '  pin   board ', category: null, kind: 'app' })).toEqual({ kind: 'app', q: 'pin board' });
    expect(entriesQuery({ q: '   ', category: 'files', kind: 'app' })).toEqual({ kind: 'app', category: 'files' });
  });

  it('sends no category for templates (they have none, it would hide them all)', () => {
    expect(entriesQuery({ q: '', category: 'files', kind: 'template' })).toEqual({ kind: 'template' });
  });

  it('never sends what the API would refuse: at most 100 characters, categories in its shape', () => {
    expect(entriesQuery({ q: 'x'.repeat(150), category: null, kind: 'app' }).q).toHaveLength(100);
    expect(entriesQuery({ q: '', category: 'Bad Category', kind: 'app' })).toEqual({ kind: 'app' });
  });

  it('reads and writes the state in the URL, defaults left out', () => {
    expect(browseStateFrom(params({ q: 'pin', category: 'files', kind: 'app' }))).toEqual({ q: 'pin', category: 'files', kind: 'app' });
    expect(browseStateFrom(params({ kind: 'template', category: 'files' }))).toEqual({ q: '', category: null, kind: 'template' });
    expect(browseStateFrom(params({ kind: 'nonsense' })).kind).toBe('app');
    expect(browseParams({ q: ' pin ', category: 'files', kind: 'app' })).toEqual({ q: 'pin', category: 'files', kind: null });
    expect(browseParams({ q: '', category: null, kind: 'template' })).toEqual({ q: null, category: null, kind: 'template' });
  });

  it('offers the categories of the list, sorted, and keeps the chosen one', () => {
    const entries = [
      builtInApp({ category: 'media' }),
      builtInApp({ category: 'files' }),
      builtInApp({ category: 'files' }),
      builtInApp({ category: null }),
    ];
    expect(categoriesOf(entries)).toEqual(['files', 'media']);
    expect(categoriesOf([], 'games')).toEqual(['games']);
  });
});

describe('built-in or third-party', () => {
  it('marks the panel’s own apps built-in, without author, licence or revision', () => {
    expect(provenance(builtInApp())).toEqual(
      expect.objectContaining({ thirdParty: false, badge: 'Built-in', byline: null, revision: null }),
    );
  });

  it('marks a source’s entries third-party with author, licence and the short revision', () => {
    const p = provenance(thirdPartyApp());
    expect(p).toEqual(
      expect.objectContaining({
        thirdParty: true,
        badge: 'Third-party',
        badgeClass: 'badge-warn',
        byline: 'by Ada Author <ada@example.org> · MIT',
      }),
    );
    expect(p.revision).toBe(REVISION.slice(0, 12));
  });

  it('treats an entry of another source as third-party even when the flag says otherwise', () => {
    expect(provenance(thirdPartyApp({ thirdParty: false })).thirdParty).toBe(true);
  });

  it('says so when the author or licence is missing', () => {
    expect(provenance(thirdPartyApp({ author: '', licence: '' })).byline).toBe('by an unnamed author · no licence given');
  });
});

describe('entry text', () => {
  it('takes the first sentence or line for a card, cut with an ellipsis', () => {
    expect(oneLine('Keeps folders in sync. Peer to peer.')).toBe('Keeps folders in sync.');
    expect(oneLine('A pin board\nfor notes')).toBe('A pin board');
    expect(oneLine('word '.repeat(60), 20)).toBe('word word word word…');
  });

  it('lists options with type, default and description; nested ones dotted; required ones without a default', () => {
    const rows = optionRows(builtInApp().options);
    expect(rows.map((r) => r.name)).toEqual(['enable', 'port', 'gui', 'gui.theme']);
    expect(rows[0]).toEqual({ name: 'enable', type: 'boolean', required: false, defaultText: 'false', description: 'Run Syncthing.' });
    expect(rows[1].type).toBe('integer 1–65535');
    expect(rows[3]).toEqual(expect.objectContaining({ type: 'one of "light", "dark"', defaultText: null, required: false }));
    expect(optionRows({ type: 'object', required: ['server'], properties: { server: { type: 'string', format: 'hostname' } } })).toEqual([
      { name: 'server', type: 'string (hostname)', required: true, defaultText: null, description: '' },
    ]);
    expect(optionRows(null)).toEqual([]);
  });
});

describe('source form', () => {
  const form = (over: Partial<{ name: string; url: string; ref: string }> = {}) => ({
    name: 'example-apps',
    url: 'https://git.example.org/author/clan-apps',
    ref: '',
    ...over,
  });

  it('accepts https, http, file:/// and absolute paths', () => {
    for (const url of ['https://git.example.org/a/b', 'http://127.0.0.1:8080/a.git', 'file:///srv/apps', '/srv/apps'])
      expect(sourceFormProblems(form({ url }))).toEqual({});
  });

  it('says what is wrong with the name, in the API’s words', () => {
    expect(sourceFormProblems(form({ name: '' })).name).toMatch(/^The name of a source must be 1 to 64 lower-case letters/);
    expect(sourceFormProblems(form({ name: 'Example' })).name).toBeDefined();
    expect(sourceFormProblems(form({ name: 'apps-' })).name).toBeDefined();
    expect(sourceFormProblems(form({ name: 'built-in' })).name).toBe(
      '"built-in" is the name of the panel\'s own apps; choose another name.',
    );
  });

  it('refuses an empty URL, another scheme and credentials in the URL', () => {
    expect(sourceFormProblems(form({ url: '' })).url).toMatch(/It is empty\.$/);
    expect(sourceFormProblems(form({ url: 'git@github.com:a/b' })).url).toMatch(/^The URL of a source must be a git repository/);
    expect(sourceFormProblems(form({ url: 'https://ada:token@git.example.org/a' })).url).toMatch(
      /must not contain a user name, password or token/,
    );
    expect(sourceFormProblems(form({ url: 'https://git.example.org/a b' })).url).toMatch(/spaces/);
  });

  it('allows no ref (the default branch) and refuses one git could read as an option', () => {
    expect(sourceFormProblems(form({ ref: 'main' }))).toEqual({});
    expect(sourceFormProblems(form({ ref: '--upload-pack=x' })).ref).toMatch(/is not a branch or tag the panel can follow/);
  });

  it('sends trimmed values and no ref when none was typed', () => {
    expect(sourceBody(form({ name: ' apps ', url: ' /srv/apps ', ref: '  ' }))).toEqual({ name: 'apps', url: '/srv/apps' });
    expect(sourceBody(form({ ref: ' v1 ' }))).toEqual({ name: 'example-apps', url: 'https://git.example.org/author/clan-apps', ref: 'v1' });
  });

  it('puts the API’s field sentences on the form’s fields and keeps the rest apart', () => {
    expect(
      routeSourceErrors([
        { field: 'url', message: 'bad url' },
        { field: '$.ref', message: 'bad ref' },
        { field: 'verified', message: 'other' },
      ]),
    ).toEqual({ problems: { url: 'bad url', ref: 'bad ref' }, rest: ['other'] });
  });
});

describe('name suggestions', () => {
  it('turns a template key into a network name in kebab-case', () => {
    expect(networkNameFromKey('homeServer')).toBe('home-server');
    expect(networkNameFromKey('home_lab 2')).toBe('home-lab-2');
    expect(networkNameFromKey('HTTPServer')).toBe('http-server');
    expect(networkNameFromKey('--')).toBe('network');
    expect(networkNameFromKey('a'.repeat(70))).toHaveLength(63);
  });

  it('names a source after the last path segment of its URL, without .git', () => {
    expect(sourceNameFromUrl('https://git.example.org/author/Clan_Apps.git')).toBe('clan-apps');
    expect(sourceNameFromUrl('https://panel.example/api/published/5a1c0e2b-3c1a-4f5e-9a57-2d8c1e0f4a11.git/')).toBe('published-5a1c0e2b');
    expect(sourceNameFromUrl('https://git.example.org/author/5a1c0e2b.git')).toBe('5a1c0e2b');
    expect(sourceNameFromUrl('/srv/git/family-templates')).toBe('family-templates');
    expect(sourceNameFromUrl('https://git.example.org/built-in.git')).toBe('source');
    expect(sourceNameFromUrl('')).toBe('source');
  });
});
