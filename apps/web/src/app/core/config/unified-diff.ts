/**
 * A small parser for the unified diffs git writes (`diff --git`, hunks,
 * `new file mode`, renames, `\ No newline at end of file`), and the rows of a
 * side-by-side view built from them.
 */

export type FileStatus = 'added' | 'deleted' | 'modified' | 'renamed';

export interface DiffLine {
  kind: 'context' | 'add' | 'del';
  text: string;
  /** Line number in the old file (context and deletions). */
  oldNo?: number;
  /** Line number in the new file (context and additions). */
  newNo?: number;
  /** The line has no newline at its end (`\ No newline at end of file` followed it). */
  noNewline?: boolean;
}

export interface DiffHunk {
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The text after the second `@@` (git's function context), often empty. */
  section: string;
  lines: DiffLine[];
}

export interface DiffFile {
  oldPath: string | null;
  newPath: string | null;
  /** The path to show: the new path, or the old one for deletions. */
  path: string;
  status: FileStatus;
  binary: boolean;
  hunks: DiffHunk[];
  additions: number;
  deletions: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** `a/configs.json` → `configs.json`; `/dev/null` → null; git quotes unusual names in C style. */
function stripPrefix(raw: string): string | null {
  let path = raw.replace(/\t.*$/, '').trim();
  if (path.startsWith('"') && path.endsWith('"')) {
    try {
      path = JSON.parse(path) as string;
    } catch {
      path = path.slice(1, -1);
    }
  }
  if (path === '/dev/null') return null;
  return path.replace(/^[ab]\//, '');
}

function newFile(oldPath: string | null, newPath: string | null): DiffFile {
  return { oldPath, newPath, path: newPath ?? oldPath ?? '', status: 'modified', binary: false, hunks: [], additions: 0, deletions: 0 };
}

function finish(file: DiffFile): DiffFile {
  file.path = file.newPath ?? file.oldPath ?? file.path;
  if (file.status === 'modified') {
    if (file.oldPath === null && file.newPath !== null) file.status = 'added';
    else if (file.newPath === null && file.oldPath !== null) file.status = 'deleted';
    else if (file.oldPath && file.newPath && file.oldPath !== file.newPath) file.status = 'renamed';
  }
  return file;
}

/** `diff --git a/x b/y` names both paths; split where the `b/` half starts (names may contain spaces). */
function gitHeaderPaths(line: string): [string | null, string | null] {
  const rest = line.slice('diff --git '.length);
  const quoted = /^("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*")$/.exec(rest);
  if (quoted) return [stripPrefix(quoted[1]), stripPrefix(quoted[2])];
  const half = rest.indexOf(' b/');
  if (half > 0) return [stripPrefix(rest.slice(0, half)), stripPrefix(rest.slice(half + 1))];
  const parts = rest.split(' ');
  return [stripPrefix(parts[0] ?? ''), stripPrefix(parts[1] ?? '')];
}

export function parseUnifiedDiff(patch: string): DiffFile[] {
  const files: DiffFile[] = [];
  const lines = patch.replace(/\r\n/g, '\n').split('\n');
  let file: DiffFile | null = null;
  let hunk: DiffHunk | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  let oldNo = 0;
  let newNo = 0;

  const startFile = (oldPath: string | null, newPath: string | null): DiffFile => {
    if (file) files.push(finish(file));
    hunk = null;
    file = newFile(oldPath, newPath);
    return file;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // Inside a hunk, its line counts say which lines belong to it ("--- x" may be a removed "-- x").
    if (hunk && file && (oldLeft > 0 || newLeft > 0)) {
      const current: DiffFile = file;
      const marker = line[0];
      if (marker === ' ' || (line === '' && i < lines.length - 1)) {
        hunk.lines.push({ kind: 'context', text: line.slice(1), oldNo: oldNo++, newNo: newNo++ });
        oldLeft--;
        newLeft--;
        continue;
      }
      if (marker === '-') {
        hunk.lines.push({ kind: 'del', text: line.slice(1), oldNo: oldNo++ });
        current.deletions++;
        oldLeft--;
        continue;
      }
      if (marker === '+') {
        hunk.lines.push({ kind: 'add', text: line.slice(1), newNo: newNo++ });
        current.additions++;
        newLeft--;
        continue;
      }
      if (marker === '\\') {
        const last = hunk.lines[hunk.lines.length - 1];
        if (last) last.noNewline = true;
        continue;
      }
      // A malformed hunk: stop counting and read the line as a header.
      oldLeft = 0;
      newLeft = 0;
    }
    if (line.startsWith('\\') && hunk) {
      const last = hunk.lines[hunk.lines.length - 1];
      if (last) last.noNewline = true;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      const [a, b] = gitHeaderPaths(line);
      startFile(a, b);
      continue;
    }
    if (line.startsWith('--- ')) {
      const oldPath = stripPrefix(line.slice(4));
      const next = lines[i + 1] ?? '';
      if (!file || (file as DiffFile).hunks.length > 0) startFile(oldPath, next.startsWith('+++ ') ? stripPrefix(next.slice(4)) : oldPath);
      else (file as DiffFile).oldPath = oldPath;
      continue;
    }
    if (line.startsWith('+++ ')) {
      if (file) (file as DiffFile).newPath = stripPrefix(line.slice(4));
      continue;
    }
    const header = HUNK.exec(line);
    if (header) {
      const current: DiffFile = file ?? startFile(null, null);
      const h: DiffHunk = {
        header: line,
        oldStart: Number(header[1]),
        oldLines: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newLines: header[4] === undefined ? 1 : Number(header[4]),
        section: header[5] ?? '',
        lines: [],
      };
      current.hunks.push(h);
      hunk = h;
      oldLeft = h.oldLines;
      newLeft = h.newLines;
      oldNo = h.oldStart;
      newNo = h.newStart;
      continue;
    }
    if (!file) continue;
    const current: DiffFile = file;
    if (line.startsWith('new file mode')) {
      current.status = 'added';
      current.oldPath = null;
    } else if (line.startsWith('deleted file mode')) {
      current.status = 'deleted';
      current.newPath = null;
    } else if (line.startsWith('rename from ')) {
      current.status = 'renamed';
      current.oldPath = line.slice('rename from '.length);
    } else if (line.startsWith('rename to ')) {
      current.status = 'renamed';
      current.newPath = line.slice('rename to '.length);
    } else if (line.startsWith('Binary files ') || line.startsWith('GIT binary patch')) {
      current.binary = true;
    }
  }
  if (file) files.push(finish(file));
  return files;
}

export interface SplitCell {
  no: number;
  text: string;
  kind: 'context' | 'add' | 'del';
}

export type SplitRow = { type: 'hunk'; header: string } | { type: 'line'; left: SplitCell | null; right: SplitCell | null };

/**
 * Rows of a side-by-side view: context on both sides; a run of removed lines
 * and the added lines that follow it are paired row by row (a changed line
 * sits next to its new version), the longer side continues alone.
 */
export function splitRows(file: DiffFile): SplitRow[] {
  const rows: SplitRow[] = [];
  for (const hunk of file.hunks) {
    rows.push({ type: 'hunk', header: hunk.header });
    const lines = hunk.lines;
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (line.kind === 'context') {
        rows.push({
          type: 'line',
          left: { no: line.oldNo ?? 0, text: line.text, kind: 'context' },
          right: { no: line.newNo ?? 0, text: line.text, kind: 'context' },
        });
        i++;
        continue;
      }
      const dels: DiffLine[] = [];
      const adds: DiffLine[] = [];
      while (i < lines.length && lines[i].kind === 'del') dels.push(lines[i++]);
      while (i < lines.length && lines[i].kind === 'add') adds.push(lines[i++]);
      for (let k = 0; k < Math.max(dels.length, adds.length); k++) {
        const del = dels[k];
        const add = adds[k];
        rows.push({
          type: 'line',
          left: del ? { no: del.oldNo ?? 0, text: del.text, kind: 'del' } : null,
          right: add ? { no: add.newNo ?? 0, text: add.text, kind: 'add' } : null,
        });
      }
    }
  }
  return rows;
}
