import { ErrorCode } from '@clan/contracts';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';

/**
 * One guard for every request's input, before anything transforms it
 * (class-transformer recurses and overflows the stack on deep nesting;
 * Postgres refuses U+0000 in text and jsonb). docs/api.md "Limits".
 */

/** The largest JSON body any route takes (body-parser's `1mb`). */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BODY_LABEL = '1 MB';
/** How deep objects and arrays may nest in a body; no route needs more than a handful. */
export const MAX_BODY_DEPTH = 32;
/** At most this many problems are reported for one request. */
const MAX_PROBLEMS = 20;

export interface InputProblem {
  field: string;
  message: string;
}

// Tab, line feed and carriage return stay allowed (multi-line descriptions, hook commands, Nix overrides).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` cannot be taken as text, or null when it can. */
export function unstorableCharacter(text: string): string | null {
  const control = CONTROL.exec(text);
  if (control) {
    return control[0] === '\u0000'
      ? 'contains the character U+0000 (NUL), which cannot be stored'
      : `contains the control character ${hex(control[0])}; only tab, line feed and carriage return are allowed`;
  }
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `is not valid Unicode text (a lone surrogate ${hex(lone[0])})`;
  return null;
}

function childPath(parent: string, key: string, index: boolean): string {
  if (index) return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * Walks a parsed JSON value (or a query object) without recursion and names
 * each string or property name that cannot be stored, and the first place
 * nested deeper than `maxDepth`. `root` names the value itself ('' for a body,
 * whose properties are named bare like class-validator's).
 */
export function findInputProblems(value: unknown, root = '', maxDepth = MAX_BODY_DEPTH, label: 'body' | 'query' = 'body'): InputProblem[] {
  const whole = label === 'body' ? 'The body' : 'The query string';
  const problems: InputProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  let tooDeep = false;
  for (let item = stack.pop(); item && problems.length < MAX_PROBLEMS; item = stack.pop()) {
    const { value: v, path, depth } = item;
    if (typeof v === 'string') {
      const why = unstorableCharacter(v);
      if (why) problems.push({ field: path || label, message: `${path || whole} ${why}` });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      if (!tooDeep) {
        const field = path || label;
        problems.push({ field, message: `${field} is nested more than ${maxDepth} levels deep, the limit for any request` });
      }
      tooDeep = true;
      continue;
    }
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    // Pushed in reverse so problems come out in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const p = childPath(path, key, Array.isArray(v));
      if (!Array.isArray(v)) {
        if (key === '') {
          const field = path || label;
          problems.push({
            field,
            message:
              label === 'query' && !path
                ? 'A query parameter has no name (remove the stray "=" or "&" from the address)'
                : `${path || whole} has a property with an empty name`,
          });
          continue;
        }
        const why = unstorableCharacter(key);
        if (why) {
          const named = childPath(path, JSON.stringify(key).slice(1, -1), false);
          problems.push({ field: named, message: `The property name ${named} ${why}` });
          continue;
        }
      }
      stack.push({ value: child, path: p, depth: depth + 1 });
    }
  }
  return problems.slice(0, MAX_PROBLEMS);
}

/** Problems in the decoded URL path: a NUL or control character in a path segment. */
export function findPathProblems(path: string): InputProblem[] {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return [{ field: 'path', message: 'The URL path has a malformed percent-encoding' }];
    }
    const why = unstorableCharacter(decoded);
    if (why) return [{ field: 'path', message: `The URL path ${why}` }];
  }
  return [];
}

export function inputProblemsError(problems: InputProblem[]): DomainError {
  return new DomainError(ErrorCode.ValidationFailed, problems.map((p) => p.message).join('; '), problems);
}

/**
 * Express middleware after the JSON body parser: refuses (400 VALIDATION_FAILED
 * naming the field) a body nested deeper than MAX_BODY_DEPTH, and any body
 * string, query value, property name or path segment with a character that
 * cannot be stored.
 */
export function bodyGuard(req: Request, _res: Response, next: NextFunction): void {
  const problems = [
    ...findPathProblems(req.path),
    ...findInputProblems(req.query, '', MAX_BODY_DEPTH, 'query'),
    ...findInputProblems(req.body, ''),
  ];
  if (problems.length) return next(inputProblemsError(problems.slice(0, MAX_PROBLEMS)));
  next();
}
