import { createScanner, findNodeAtLocation, type Node, parseTree, printParseErrorCode, visit } from 'jsonc-parser';

/**
 * Where things are in JSON text, for the raw editors of the API and the web
 * app: where the text first goes wrong, and where the value at a JSON path is
 * written. Built on jsonc-parser (the scanner behind VS Code's JSON support):
 * strict JSON (no comments, no trailing commas), error-tolerant, browser-safe.
 */

export interface TextPosition {
  /** Offset into the text (UTF-16 code units, as a textarea's selection counts). */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface JsonErrorLocation {
  position: number;
  line: number;
  column: number;
  message: string;
}

const MAX_DEPTH = 512;
const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;
/** jsonc-parser's SyntaxKind values (a const enum, which isolated modules — the web build — cannot read). */
const TOKEN = { openBrace: 1, closeBrace: 2, openBracket: 3, closeBracket: 4, eof: 17 } as const;

type ErrorName = ReturnType<typeof printParseErrorCode>;

export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { offset, line, column };
}

/** The offset where `line` (1-based) starts. */
export function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** The position a JSON.parse error message names ("at position 12", or "line 3 column 5"), if any. */
export function syntaxErrorPosition(text: string, message: string): TextPosition | null {
  const lineColumn = /line (\d+) column (\d+)/i.exec(message);
  if (lineColumn) {
    const line = Number(lineColumn[1]);
    const column = Number(lineColumn[2]);
    return { offset: offsetOfLine(text, line) + column - 1, line, column };
  }
  const position = /position (\d+)/i.exec(message);
  if (position) return positionAt(text, Math.min(Number(position[1]), text.length));
  return null;
}

/** Where nesting first goes deeper than MAX_DEPTH (checked iteratively: the parser itself recurses). */
function tooDeep(text: string): number | null {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind: number = scanner.scan(); kind !== TOKEN.eof; kind = scanner.scan()) {
    if (kind === TOKEN.openBrace || kind === TOKEN.openBracket) {
      if (++depth > MAX_DEPTH) return scanner.getTokenOffset();
    } else if (kind === TOKEN.closeBrace || kind === TOKEN.closeBracket) depth = Math.max(0, depth - 1);
  }
  return null;
}

/** The exact character a string token goes wrong at, and what was expected there. */
function insideString(text: string, start: number, code: ErrorName): { at: number; expected: string } {
  const end = text.length;
  for (let i = start + 1; i < end; i++) {
    const c = text[i];
    if (c === '\\') {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { at: i + 2, expected: '4 hex digits after \\u' };
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
      else return { at: i + 1, expected: 'an escape such as \\n, \\" or \\u0041' };
    } else if (c < ' ') return { at: i, expected: 'an escaped control character (a raw line break cannot be inside a string)' };
    else if (c === '"') break;
  }
  if (code === 'UnexpectedEndOfString') return { at: end, expected: 'a closing quote' };
  return { at: start, expected: 'a value' };
}

/**
 * Where JSON text first goes wrong, with line and column and what was
 * expected there ("unexpected "}", expected a value"); null for valid JSON.
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  const deep = tooDeep(text);
  if (deep !== null) return located(text, deep, `at most ${MAX_DEPTH} levels of nesting`);

  const containers: ('object' | 'array')[] = [];
  const errors: { code: ErrorName; offset: number; container: 'object' | 'array' | undefined }[] = [];
  visit(
    text,
    {
      // The containers open at the first error tell what it expected ("," or "}" vs "," or "]").
      onObjectBegin: () => void (errors.length || containers.push('object')),
      onObjectEnd: () => void (errors.length || containers.pop()),
      onArrayBegin: () => void (errors.length || containers.push('array')),
      onArrayEnd: () => void (errors.length || containers.pop()),
      onError: (code, offset) =>
        void errors.push({ code: printParseErrorCode(code), offset, container: containers[containers.length - 1] }),
    },
    STRICT,
  );
  const first = errors[0];
  if (!first) return null;
  const { code, offset, container } = first;
  const closing = container === 'array' ? '"," or "]"' : '"," or "}"';
  switch (code) {
    case 'PropertyNameExpected':
      return located(text, offset, 'a property name in double quotes');
    case 'ColonExpected':
      return located(text, offset, '":"');
    case 'CommaExpected':
      return located(text, offset, closing);
    case 'CloseBraceExpected':
      return located(text, offset, '"," or "}"');
    case 'CloseBracketExpected':
      return located(text, offset, '"," or "]"');
    case 'EndOfFileExpected':
      return located(text, offset, 'the end of the text');
    case 'UnexpectedEndOfString':
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode':
    case 'InvalidCharacter': {
      const { at, expected } = insideString(text, offset, code);
      return located(text, at, expected);
    }
    case 'InvalidSymbol': {
      // A bad token where an object wants its next key ({ or , before it) needs a quoted name; elsewhere a value.
      const before = text.slice(0, offset).trimEnd().slice(-1);
      const key = container === 'object' && (before === '{' || before === ',');
      return located(text, offset, key ? 'a property name in double quotes' : 'a value');
    }
    default:
      return located(text, offset, 'a value');
  }
}

function located(text: string, at: number, expected: string): JsonErrorLocation {
  const shown = at >= text.length ? 'the end of the text' : JSON.stringify(text[at]);
  const { line, column } = positionAt(text, at);
  return { position: at, line, column, message: `unexpected ${shown}, expected ${expected}` };
}

/**
 * Where the value at `path` is written in `text` — the line of its key (for
 * array items, of the item) — or, when that exact path is absent (a missing
 * required setting), where its closest existing parent is. Text with syntax
 * errors is read as far as it goes. Null when nothing matches.
 */
export function locateJsonPath(text: string, path: readonly (string | number)[]): TextPosition | null {
  if (tooDeep(text) !== null) return null;
  const root = parseTree(text, [], STRICT);
  if (!root) return null;
  for (let n = path.length; n >= 0; n--) {
    const node: Node | undefined = n === 0 ? root : findNodeAtLocation(root, [...path.slice(0, n)]);
    if (node) return positionAt(text, node.parent?.type === 'property' ? node.parent.offset : node.offset);
  }
  return null;
}
