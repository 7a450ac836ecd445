import { formatJsonPath, type JsonPath, type PathSegment } from './json-path';

export interface TextPosition {
  /** Offset into the text (UTF-16 code units, as a textarea's selection counts). */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

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

/**
 * Reads JSON text and records where each value is: for object members the
 * offset of the key, for array items the offset of the item. Stops quietly
 * at the first syntax error, keeping what it found before it.
 */
function indexJson(text: string): Map<string, number> {
  const found = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (): never => {
    throw new SyntaxError('stop');
  };
  const string = (): string => {
    const start = i;
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail();
    }
  };
  const value = (path: PathSegment[]): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const keyAt = i;
        const key = string();
        const childPath = [...path, key];
        found.set(formatJsonPath(childPath), keyAt);
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(childPath);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        ws();
        const childPath = [...path, index];
        found.set(formatJsonPath(childPath), i);
        value(childPath);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!literal) fail();
    else i += literal[0].length;
  };
  try {
    ws();
    if (i >= text.length) return found;
    found.set('$', i);
    value([]);
  } catch {
    // keep what was indexed before the error
  }
  return found;
}

/**
 * Where the value at `path` is written in `text` — the line of its key — or,
 * when that exact path is absent (a missing required setting), where its
 * closest existing parent is. Null when nothing matches.
 */
export function locateJsonPath(text: string, path: JsonPath): TextPosition | null {
  const index = indexJson(text);
  for (let n = path.length; n >= 0; n--) {
    const offset = index.get(formatJsonPath(path.slice(0, n)));
    if (offset !== undefined) return positionAt(text, offset);
  }
  return null;
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
