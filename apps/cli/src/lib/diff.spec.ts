import { colourPatch, renderFileChanges, shortSha, summariseFiles } from './diff';
import { painter } from './format';

const PATCH = [
  'diff --git a/configs.json b/configs.json',
  'index 0d1d7fc..5b6e8a2 100644',
  '--- a/configs.json',
  '+++ b/configs.json',
  '@@ -1 +1,5 @@ {',
  '-{}',
  '+{',
  '+  "anna": {',
  '+    "system": "x86_64-linux"',
  '+  }',
  '+}',
  ' context line',
  '\\ No newline at end of file',
].join('\n');

// eslint-disable-next-line no-control-regex -- matching terminal colour codes is the point
const COLOURED = /\u001b\[(\d+)m(.*?)\u001b\[0m/g;
const TAG: Record<string, string> = { 1: 'b', 2: 'dim', 31: 'r', 32: 'g', 36: 'c' };

/** Shows colours as tags, so expectations stay readable. */
const tags = (text: string) => text.replace(COLOURED, (_m, code: string, inner: string) => `<${TAG[code] ?? code}>${inner}</>`);

describe('colourPatch', () => {
  it('leaves the patch unchanged without colour', () => {
    expect(colourPatch(PATCH, painter(false))).toBe(PATCH);
  });

  it('colours like git: headers bold, hunks cyan, + green, - red', () => {
    expect(tags(colourPatch(PATCH, painter(true))).split('\n')).toEqual([
      '<b>diff --git a/configs.json b/configs.json</>',
      '<b>index 0d1d7fc..5b6e8a2 100644</>',
      '<b>--- a/configs.json</>',
      '<b>+++ b/configs.json</>',
      '<c>@@ -1 +1,5 @@</> {',
      '<r>-{}</>',
      '<g>+{</>',
      '<g>+  "anna": {</>',
      '<g>+    "system": "x86_64-linux"</>',
      '<g>+  }</>',
      '<g>+}</>',
      ' context line',
      '<dim>\\ No newline at end of file</>',
    ]);
  });

  it('treats "---" inside a hunk as a removed line, not a header', () => {
    const patch = ['diff --git a/x b/x', '--- a/x', '+++ b/x', '@@ -1 +1 @@', '--- old', '+++ new'].join('\n');
    expect(
      tags(colourPatch(patch, painter(true)))
        .split('\n')
        .slice(4),
    ).toEqual(['<r>--- old</>', '<g>+++ new</>']);
  });
});

describe('files and revisions', () => {
  it('lists changed files like git status --short', () => {
    const files = [
      { path: 'configs.json', status: 'modified' },
      { path: 'overrides/anna.json', status: 'added' },
      { path: 'overrides/bob.json', status: 'deleted' },
      { path: 'odd', status: 'copied' },
    ];
    expect(renderFileChanges(files, painter(false))).toBe('M  configs.json\nA  overrides/anna.json\nD  overrides/bob.json\n?  odd');
    expect(summariseFiles(files.slice(0, 1))).toBe('1 file changed: configs.json');
    expect(summariseFiles(files.slice(0, 2))).toBe('2 files changed: configs.json, overrides/anna.json');
    expect(summariseFiles([])).toBe('0 files changed');
  });

  it('shortens shas to 7 characters', () => {
    expect(shortSha('5b6e8a2c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c')).toBe('5b6e8a2');
    expect(shortSha('HEAD~1')).toBe('HEAD~1');
    expect(shortSha(null)).toBe('—');
  });
});
