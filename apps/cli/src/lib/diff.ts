/** Printing unified diffs and revisions. Pure: colour comes from the Painter (none off a terminal). */
import type { Painter } from './format';

export interface FileChange {
  path: string;
  status: string;
}

/**
 * Colours a unified diff the way `git diff` does: file headers bold, hunk
 * headers cyan, added lines green, removed lines red. Text is unchanged, so
 * without colour the output is the patch itself.
 */
export function colourPatch(patch: string, paint: Painter): string {
  let inHeader = false;
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('diff --git ')) inHeader = true;
      else if (line.startsWith('@@')) inHeader = false;
      if (!line) return line;
      if (inHeader) return paint('bold', line);
      if (line.startsWith('@@')) {
        // "@@ -1,3 +1,4 @@ context": only the range part is cyan, like git.
        const end = line.indexOf('@@', 2);
        return end > 0 ? paint('cyan', line.slice(0, end + 2)) + line.slice(end + 2) : paint('cyan', line);
      }
      if (line.startsWith('+')) return paint('green', line);
      if (line.startsWith('-')) return paint('red', line);
      if (line.startsWith('\\')) return paint('dim', line);
      return line;
    })
    .join('\n');
}

const STATUS_LETTER: Readonly<Record<string, string>> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };
const STATUS_STYLE: Readonly<Record<string, 'green' | 'red' | 'yellow'>> = { added: 'green', deleted: 'red', renamed: 'yellow' };

/** `M  configs.json` lines, like `git status --short`. */
export function renderFileChanges(files: readonly FileChange[], paint: Painter): string {
  return files
    .map((f) => {
      const letter = STATUS_LETTER[f.status] ?? '?';
      const style = STATUS_STYLE[f.status];
      return `${style ? paint(style, letter) : letter}  ${f.path}`;
    })
    .join('\n');
}

/** "1 file changed" / "3 files changed: configs.json, overrides/anna.json". */
export function summariseFiles(files: readonly FileChange[]): string {
  const n = files.length;
  const names = files.map((f) => f.path).join(', ');
  return `${n} file${n === 1 ? '' : 's'} changed${n ? `: ${names}` : ''}`;
}

/** The first 7 characters, like `git log --oneline`; anything shorter (or not a sha) as is. */
export function shortSha(sha: string | null | undefined): string {
  if (!sha) return '—';
  return /^[0-9a-f]{8,}$/.test(sha) ? sha.slice(0, 7) : sha;
}
