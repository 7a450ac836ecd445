import type { MarketplaceEntryKind, MarketplaceEntryQuery, MarketplaceEntryView } from './marketplace.api';

/** The panel's own apps come from this source (apps/api/src/marketplace/source-url.ts BUILT_IN_SOURCE). */
export const BUILT_IN_SOURCE = 'built-in';
/** The API refuses a longer `q` (MarketplaceEntriesQuery). */
export const QUERY_MAX_LENGTH = 100;
const CATEGORY = /^[a-z][a-z0-9-]{0,31}$/;

/** What the browse controls hold. */
export interface BrowseState {
  q: string;
  category: string | null;
  kind: MarketplaceEntryKind;
}

/**
 * The query of GET /api/marketplace/entries for the controls: words trimmed and
 * single-spaced (at most what the API takes), empty values left out, and no
 * category for templates (they have none, so a category would hide them all).
 */
export function entriesQuery(state: BrowseState): MarketplaceEntryQuery {
  const q = state.q.trim().replace(/\s+/g, ' ').slice(0, QUERY_MAX_LENGTH).trim();
  const category = state.kind === 'app' && state.category && CATEGORY.test(state.category) ? state.category : null;
  return { kind: state.kind, ...(q ? { q } : {}), ...(category ? { category } : {}) };
}

/** The browse state from the page's query parameters (a shared or reloaded link). */
export function browseStateFrom(params: { get(name: string): string | null }): BrowseState {
  const kind = params.get('kind') === 'template' ? 'template' : 'app';
  const category = params.get('category');
  return {
    q: (params.get('q') ?? '').slice(0, QUERY_MAX_LENGTH),
    kind,
    category: kind === 'app' && category && CATEGORY.test(category) ? category : null,
  };
}

/** The query parameters that keep the browse state in the URL (defaults left out). */
export function browseParams(state: BrowseState): Record<string, string | null> {
  const query = entriesQuery(state);
  return { q: query.q ?? null, category: query.category ?? null, kind: state.kind === 'template' ? 'template' : null };
}

/** The categories of a list of entries, sorted; the selected one stays offered even when the list no longer has it. */
export function categoriesOf(entries: readonly MarketplaceEntryView[], selected: string | null = null): string[] {
  const set = new Set<string>();
  for (const entry of entries) if (entry.category) set.add(entry.category);
  if (selected) set.add(selected);
  return [...set].sort((a, b) => a.localeCompare(b));
}

/** Where an entry comes from, as the card and the detail say it. */
export interface Provenance {
  thirdParty: boolean;
  badge: 'Built-in' | 'Third-party';
  badgeClass: 'badge-ok' | 'badge-warn';
  /** "by Ada Author <ada@example.org> · MIT" for third-party entries; null for the panel's own apps. */
  byline: string | null;
  /** The first 12 characters of the git revision (third-party only). */
  revision: string | null;
  /** Read by screen readers after the badge. */
  srText: string;
}

/**
 * Built-in or third-party. The API's `thirdParty` decides; an entry of a source
 * other than "built-in" is third-party even if a (future) answer forgot to say
 * so, because marking a stranger's code as ours is the mistake that matters.
 */
export function provenance(entry: Pick<MarketplaceEntryView, 'thirdParty' | 'source' | 'author' | 'licence' | 'revision'>): Provenance {
  const thirdParty = entry.thirdParty || entry.source !== BUILT_IN_SOURCE;
  if (!thirdParty)
    return { thirdParty, badge: 'Built-in', badgeClass: 'badge-ok', byline: null, revision: null, srText: 'shipped with the panel' };
  return {
    thirdParty,
    badge: 'Third-party',
    badgeClass: 'badge-warn',
    byline: `by ${entry.author || 'an unnamed author'} · ${entry.licence || 'no licence given'}`,
    revision: shortRevision(entry.revision),
    srText: `from the source ${entry.source}, not from the panel`,
  };
}

export function shortRevision(revision: string | null | undefined): string | null {
  return revision ? revision.slice(0, 12) : null;
}

/** The letter shown instead of an icon (the panel does not serve sources' icons yet, and its CSP allows no other origin). */
export function avatarLetter(title: string, key: string): string {
  const first = [...(title.trim() || key)][0] ?? '?';
  return first.toLocaleUpperCase();
}

/** The first sentence or line of a description, for a card. */
export function oneLine(description: string, max = 140): string {
  const line = description.trim().split(/\n/)[0]?.trim() ?? '';
  const sentence = /^(.+?[.!?])(\s|$)/.exec(line)?.[1] ?? line;
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

export function portsText(ports: readonly { port: number; protocol: string }[]): string {
  return ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
}

/** An option of an app, one row of the read-only list. */
export interface OptionRow {
  name: string;
  type: string;
  required: boolean;
  /** JSON of the default, or null when there is none. */
  defaultText: string | null;
  description: string;
}

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  default?: unknown;
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

function typeText(node: SchemaNode): string {
  if (Array.isArray(node.enum)) return `one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const union = node.anyOf ?? node.oneOf;
  if (union) return union.map(typeText).join(' or ');
  const type = Array.isArray(node.type) ? node.type.filter((t) => t !== 'null').join(' | ') : (node.type ?? 'any');
  if (type === 'array') return `list of ${node.items ? typeText(node.items) : 'values'}`;
  if (type === 'integer' && typeof node.minimum === 'number' && typeof node.maximum === 'number')
    return `integer ${node.minimum}–${node.maximum}`;
  return node.format ? `${type} (${node.format})` : type;
}

/** An app's options (its JSON Schema) as rows; nested objects become dotted names. */
export function optionRows(schema: Record<string, unknown> | null | undefined, prefix = ''): OptionRow[] {
  const node = (schema ?? {}) as SchemaNode;
  const required = new Set(node.required ?? []);
  const rows: OptionRow[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    rows.push({
      name,
      type: typeText(child),
      required: required.has(key) && child.default === undefined,
      defaultText: child.default === undefined ? null : JSON.stringify(child.default),
      description: child.description ?? child.title ?? '',
    });
    if (child.properties) rows.push(...optionRows(child as Record<string, unknown>, name));
  }
  return rows;
}

/** The source form as typed. */
export interface SourceForm {
  name: string;
  url: string;
  ref: string;
}

export type SourceField = keyof SourceForm;
export type SourceProblems = Partial<Record<SourceField, string>>;

const SOURCE_NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * What the form can tell before asking the panel, in the API's words
 * (apps/api/src/marketplace/source-url.ts); the API checks everything again
 * and its 400 sentences are shown on the field they name.
 */
export function sourceFormProblems(form: SourceForm): SourceProblems {
  const problems: SourceProblems = {};
  const name = form.name.trim();
  if (!SOURCE_NAME.test(name))
    problems.name =
      'The name of a source must be 1 to 64 lower-case letters, digits and "-", starting and ending with a letter or digit (e.g. example-apps).';
  else if (name === BUILT_IN_SOURCE) problems.name = `"${BUILT_IN_SOURCE}" is the name of the panel's own apps; choose another name.`;
  const url = form.url.trim();
  if (!url)
    problems.url =
      'The URL of a source must be a git repository: https://host/path, http://host/path, file:///absolute/path or /absolute/path. It is empty.';
  else if (/\s/.test(url)) problems.url = 'The URL of a source must not contain spaces or control characters.';
  else if (!/^(https?:\/\/[^/]|file:\/\/\/|\/)/.test(url))
    problems.url =
      'The URL of a source must be a git repository: https://host/path, http://host/path, file:///absolute/path or /absolute/path.';
  else if (/^[a-z]+:\/\/[^/?#]*@/i.test(url))
    problems.url =
      'The URL of a source must not contain a user name, password or token: it is stored and shown. Use a repository the host can read without them.';
  const ref = form.ref.trim();
  if (ref && (/\s/.test(ref) || ref.startsWith('-') || ref.includes('..')))
    problems.ref = `${JSON.stringify(ref)} is not a branch or tag the panel can follow: use letters, digits and . _ + - / (e.g. main), or leave it out for the default branch.`;
  return problems;
}

/** The request body for the form: trimmed, and no ref when none was typed (the default branch). */
export function sourceBody(form: SourceForm): { name: string; url: string; ref?: string } {
  const ref = form.ref.trim();
  return { name: form.name.trim(), url: form.url.trim(), ...(ref ? { ref } : {}) };
}

/**
 * The API's 400 `fields` routed to the form's fields (`name`, `url`, `ref`);
 * what names no field of the form stays for the message above it.
 */
export function routeSourceErrors(fields: readonly { field: string; message: string }[]): { problems: SourceProblems; rest: string[] } {
  const problems: SourceProblems = {};
  const rest: string[] = [];
  for (const f of fields) {
    const key = f.field.replace(/^\$\.?/, '') as SourceField;
    if (key === 'name' || key === 'url' || key === 'ref') problems[key] ??= f.message;
    else rest.push(f.message);
  }
  return { problems, rest };
}

/** Lower-case letters, digits and single dashes, none at either end, at most `max` characters. */
function kebab(text: string, max: number): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/** A network name for a template's key: kebab-case (homeServer → home-server), a valid network name or "network". */
export function networkNameFromKey(key: string): string {
  return kebab(key, 63) || 'network';
}

/** A source name for a git URL: its last path segment without ".git", as a valid source name ("source" when nothing is left). */
export function sourceNameFromUrl(url: string): string {
  const path = url
    .trim()
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
  // A network another panel published: its last segment is a network id, which says nothing to a person.
  const published = /\/api\/published\/([0-9a-f]{8})[0-9a-f-]*\.git$/i.exec(path);
  if (published) return `published-${published[1].toLowerCase()}`;
  const last = (path.split(/[/:]/).pop() ?? '').replace(/\.git$/i, '');
  const name = kebab(last, 64);
  return name && name !== BUILT_IN_SOURCE ? name : 'source';
}
