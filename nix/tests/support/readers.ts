/**
 * Models of the programs that read the strings nixpkgs pastes into config
 * files, written from their sources, to check that lib/encode.nix output is
 * read back as the original text:
 *  - a8m/envsubst (pkgs.envsubst, run by the murmur unit): parse/lex.go, `$$` → `$`;
 *  - Qt's QSettings INI reader (murmur, UTF-8 codec): iniUnescapedStringList and
 *    the `@` variant prefix;
 *  - go-ini (Forgejo, and environment-to-ini which rewrites app.ini): parser.go
 *    readValue and file.go writeToBuffer;
 *  - systemd's EnvironmentFile parser (vaultwarden's config).
 * The shell quoting is checked with the real bash instead (hostile.spec.ts).
 */

/** a8m/envsubst with an empty environment; throws where it would substitute. */
export function envsubst(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '{' || (next !== undefined && /[\p{L}\p{Nd}_]/u.test(next))) {
      throw new Error(`envsubst would substitute at ${JSON.stringify(text.slice(i, i + 10))}`);
    } else out += '$';
  }
  return out;
}

const HEX = /[0-9a-fA-F]/;

/** QSettings reading the value of `key="…"` (the text after `=`), then its `@` variant rule. */
export function qsettingsValue(raw: string): string {
  let out = '';
  let inQuotes = false;
  let i = 0;
  if (/[\n\r]/.test(raw)) throw new Error('a raw line break would end the INI line');
  while (i < raw.length) {
    const ch = raw[i++];
    if (ch === '"') {
      inQuotes = !inQuotes;
      continue;
    }
    if (ch === '\\') {
      const e = raw[i++];
      const simple: Record<string, string> = {
        a: '\x07',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
        v: '\v',
        '"': '"',
        "'": "'",
        '\\': '\\',
        '?': '?',
      };
      if (e !== undefined && simple[e] !== undefined) out += simple[e];
      else if (e === 'x') {
        let code = 0;
        while (i < raw.length && HEX.test(raw[i])) code = code * 16 + parseInt(raw[i++], 16);
        out += String.fromCharCode(code & 0xffff);
      } else if (e !== undefined && /[0-7]/.test(e)) {
        let code = parseInt(e, 8);
        while (i < raw.length && /[0-7]/.test(raw[i])) code = code * 8 + parseInt(raw[i++], 8);
        out += String.fromCharCode(code & 0xffff);
      } else throw new Error(`unknown escape \\${e}`);
      continue;
    }
    // Outside quotes `;` starts a comment, `,` splits a list and spaces are
    // trimmed: the encoding must never leave text there.
    if (!inQuotes) throw new Error(`unquoted ${JSON.stringify(ch)}`);
    out += ch;
  }
  if (inQuotes) throw new Error('unterminated quote');
  return out.startsWith('@@') ? out.slice(1) : out.startsWith('@') ? fail('typed @ value') : out;
}

function fail(msg: string): never {
  throw new Error(msg);
}

/** Go's unicode.IsSpace. */
const GO_SPACE = new Set([
  ' ',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
]);
const trimLeft = (s: string) => {
  const cps = [...s];
  let i = 0;
  while (i < cps.length && GO_SPACE.has(cps[i])) i++;
  return cps.slice(i).join('');
};
const trimRight = (s: string) => {
  const cps = [...s];
  let j = cps.length;
  while (j > 0 && GO_SPACE.has(cps[j - 1])) j--;
  return cps.slice(0, j).join('');
};
const goTrim = (s: string) => trimRight(trimLeft(s));

function hasSurroundedQuote(s: string, q: string): boolean {
  return s.length >= 2 && s[0] === q && s[s.length - 1] === q && s.slice(1).indexOf(q) === s.length - 2;
}

export interface GoIniOptions {
  ignoreInlineComment: boolean;
}

/**
 * go-ini reading `KEY = <value>` where `text` is everything after the
 * delimiter to the end of the file (lines ending in "\n").
 */
export function goIniRead(text: string, opts: GoIniOptions): string {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [''];
  const line = trimLeft(lines[0]);
  if (line.length === 0) return '';
  let valQuote = '';
  if (line.length > 3 && line.startsWith('"""')) valQuote = '"""';
  else if (line[0] === '`') valQuote = '`';
  if (valQuote) {
    const start = valQuote.length;
    const pos = line.slice(start).lastIndexOf(valQuote);
    if (pos === -1) {
      let val = line.slice(start);
      for (const next of lines.slice(1)) {
        const p = next.lastIndexOf(valQuote);
        if (p > -1) return val + next.slice(0, p);
        val += next;
      }
      throw new Error('missing closing quote');
    }
    return line.slice(start, start + pos);
  }
  let value = goTrim(line);
  // Forgejo loads app.ini with IgnoreContinuation: true.
  if (!opts.ignoreInlineComment) {
    const i = value.search(/[#;]/);
    if (i > -1) value = goTrim(value.slice(0, i));
  }
  if (hasSurroundedQuote(value, "'") || hasSurroundedQuote(value, '"')) value = value.slice(1, -1);
  return value;
}

/** go-ini writing a value back (environment-to-ini saves app.ini with it). */
export function goIniWrite(value: string, opts: GoIniOptions): string {
  if (/[\n`]/.test(value)) return `"""${value}"""`;
  if (!opts.ignoreInlineComment && /[#;]/.test(value)) return '`' + value + '`';
  if (goTrim(value) !== value) return `"${value}"`;
  return value;
}

/** systemd's EnvironmentFile parser for the value part of `KEY=<value>\n`. */
export function systemdEnvValue(raw: string): string {
  if (raw.startsWith("'")) {
    const end = raw.indexOf("'", 1);
    if (end !== raw.length - 1) throw new Error('single-quoted value must end the line');
    return raw.slice(1, end);
  }
  if (raw.startsWith('"')) {
    let out = '';
    for (let i = 1; i < raw.length; i++) {
      const ch = raw[i];
      if (ch === '"') {
        if (i !== raw.length - 1) throw new Error('double-quoted value must end the line');
        return out;
      }
      if (ch === '\\') {
        const e = raw[++i];
        out += '"\\`$'.includes(e) ? e : '\\' + e;
      } else out += ch;
    }
    throw new Error('unterminated double quote');
  }
  throw new Error('unquoted values lose backslashes and quotes');
}
