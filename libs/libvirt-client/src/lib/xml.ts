/**
 * A tiny XML element builder and parser, just enough for libvirt's domain,
 * pool and volume documents. Built XML is never string-concatenated from
 * user values: every text node and attribute goes through `escapeXml`.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlParseError extends Error {}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Child = XmlElement | string | number | null | undefined | false;

/** Builds an element; null/undefined/false children and attributes are dropped. */
export function el(name: string, attrs: Record<string, string | number | null | undefined> = {}, children: Child[] = []): XmlElement {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) a[k] = String(v);
  const c: XmlNode[] = [];
  for (const ch of children) {
    if (ch === null || ch === undefined || ch === false) continue;
    c.push(typeof ch === 'number' ? String(ch) : ch);
  }
  return { name, attrs: a, children: c };
}

/** Serialises with two-space indentation; elements holding only text stay on one line. */
export function renderXml(node: XmlElement, indent = ''): string {
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (node.children.length === 0) return `${indent}<${node.name}${attrs}/>`;
  if (node.children.every((c) => typeof c === 'string'))
    return `${indent}<${node.name}${attrs}>${escapeXml(node.children.join(''))}</${node.name}>`;
  const inner = node.children.map((c) => (typeof c === 'string' ? indent + '  ' + escapeXml(c) : renderXml(c, indent + '  '))).join('\n');
  return `${indent}<${node.name}${attrs}>\n${inner}\n${indent}</${node.name}>`;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? '';
  });
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ATTR = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/;

/**
 * Parses one document into its root element. Skips the prolog, comments,
 * processing instructions and doctype; whitespace-only text between
 * elements is dropped. Rejects anything malformed instead of guessing.
 */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail: (why: string) => never = (why) => {
    throw new XmlParseError(`${why} at offset ${i}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.trim()) {
      const top = stack[stack.length - 1];
      if (!top) fail('text outside the root element');
      else top.children.push(decodeEntities(text));
    }
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      const top = stack[stack.length - 1];
      if (end === -1 || !top) fail('bad CDATA section');
      else top.children.push(xml.slice(i + 9, end));
      i = end + 3;
    } else if (xml.startsWith('<?', i) || xml.startsWith('<!', i)) {
      const end = xml.indexOf('>', i);
      if (end === -1) fail('unterminated declaration');
      i = end + 1;
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      const top = stack.pop();
      if (!m || !top || top.name !== m[0]) fail(`unexpected closing tag ${m?.[0] ?? ''}`);
      i = xml.indexOf('>', i) + 1;
      if (i === 0) fail('unterminated closing tag');
    } else {
      const m = NAME.exec(xml.slice(i + 1));
      if (!m) fail('bad element name');
      const node: XmlElement = { name: m[0], attrs: {}, children: [] };
      i += 1 + m[0].length;
      for (;;) {
        const a = ATTR.exec(xml.slice(i, i + 65536));
        if (!a) break;
        node.attrs[a[1]] = decodeEntities(a[2] ?? a[3] ?? '');
        i += a[0].length;
      }
      const close = /^\s*(\/?)>/.exec(xml.slice(i, i + 64));
      if (!close) fail(`bad tag <${node.name}>`);
      i += close[0].length;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(node);
      else if (root) fail('more than one root element');
      else root = node;
      if (!close[1]) stack.push(node);
    }
  }
  if (stack.length) fail(`unclosed element <${stack[stack.length - 1]?.name ?? ''}>`);
  if (!root) return fail('no root element');
  return root;
}

/** Local name without namespace prefix ("clan:vm" → "vm"). */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

export function child(node: XmlElement | undefined, name: string): XmlElement | undefined {
  return node?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

export function childrenNamed(node: XmlElement | undefined, name: string): XmlElement[] {
  return (node?.children ?? []).filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

export function textOf(node: XmlElement | undefined): string | undefined {
  if (!node) return undefined;
  return node.children.filter((c): c is string => typeof c === 'string').join('');
}
