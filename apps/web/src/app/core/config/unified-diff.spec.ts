import { parseUnifiedDiff, splitRows, type SplitRow } from './unified-diff';

const PATCH = `diff --git a/configs.json b/configs.json
index 3b18e51..a1c2d4f 100644
--- a/configs.json
+++ b/configs.json
@@ -1,8 +1,9 @@
 {
   "default": {
-    "adminMode": "local",
+    "adminMode": "shared",
     "applications": {
       "syncthing": {
-        "enable": false
+        "enable": true,
+        "guiPort": 8385
       }
     },
@@ -20,3 +21,2 @@ some context
   "z": 1,
--- removed line that looks like a header
   "end": true
diff --git a/overrides/anna.nix b/overrides/anna.nix
new file mode 100644
index 0000000..e69de29
--- /dev/null
+++ b/overrides/anna.nix
@@ -0,0 +1 @@
+{ ... }: { }
\\ No newline at end of file
diff --git a/overrides/old.nix b/overrides/old.nix
deleted file mode 100644
index e69de29..0000000
--- a/overrides/old.nix
+++ /dev/null
@@ -1 +0,0 @@
-{ ... }: { }
diff --git a/logo.png b/logo.png
index 1..2 100644
Binary files a/logo.png and b/logo.png differ
diff --git a/a b.json b/c d.json
similarity index 90%
rename from a b.json
rename to c d.json
`;

describe('parseUnifiedDiff', () => {
  const files = parseUnifiedDiff(PATCH);

  it('splits the patch into files with their status', () => {
    expect(files.map((f) => [f.path, f.status, f.binary])).toEqual([
      ['configs.json', 'modified', false],
      ['overrides/anna.nix', 'added', false],
      ['overrides/old.nix', 'deleted', false],
      ['logo.png', 'modified', true],
      ['c d.json', 'renamed', false],
    ]);
    expect(files[4].oldPath).toBe('a b.json');
  });

  it('numbers old and new lines through every hunk', () => {
    const [config] = files;
    expect(config.hunks).toHaveLength(2);
    expect(config.hunks[0]).toMatchObject({ oldStart: 1, oldLines: 8, newStart: 1, newLines: 9, section: '' });
    const lines = config.hunks[0].lines.map((l) => [l.kind, l.oldNo ?? null, l.newNo ?? null, l.text.trim()]);
    expect(lines.slice(0, 4)).toEqual([
      ['context', 1, 1, '{'],
      ['context', 2, 2, '"default": {'],
      ['del', 3, null, '"adminMode": "local",'],
      ['add', null, 3, '"adminMode": "shared",'],
    ]);
    expect(lines[lines.length - 1]).toEqual(['context', 8, 9, '},']);
    expect(config.additions).toBe(3);
    expect(config.deletions).toBe(3);
  });

  it('trusts hunk line counts, so a removed line starting with "--" is not a file header', () => {
    const second = files[0].hunks[1];
    expect(second.section).toBe('some context');
    expect(second.lines.map((l) => l.kind)).toEqual(['context', 'del', 'context']);
    expect(second.lines[1].text).toBe('-- removed line that looks like a header');
    expect(second.lines[2]).toMatchObject({ oldNo: 22, newNo: 22 });
  });

  it('marks lines without a final newline and handles single-line hunks', () => {
    const added = files[1];
    expect(added.hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1 });
    expect(added.hunks[0].lines).toEqual([{ kind: 'add', text: '{ ... }: { }', newNo: 1, noNewline: true }]);
    expect(files[2].hunks[0].lines).toEqual([{ kind: 'del', text: '{ ... }: { }', oldNo: 1 }]);
  });

  it('reads a plain diff without git headers, and an empty patch', () => {
    const plain = parseUnifiedDiff('--- a/x.json\n+++ b/x.json\n@@ -1 +1 @@\n-1\n+2\n');
    expect(plain).toHaveLength(1);
    expect(plain[0]).toMatchObject({ path: 'x.json', status: 'modified', additions: 1, deletions: 1 });
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});

describe('splitRows', () => {
  const cell = (row: SplitRow) =>
    row.type === 'hunk'
      ? row.header
      : `${row.left ? `${row.left.kind}:${row.left.no}` : '-'} | ${row.right ? `${row.right.kind}:${row.right.no}` : '-'}`;

  it('pairs removed lines with the added lines that replace them', () => {
    const rows = splitRows(parseUnifiedDiff(PATCH)[0]).map(cell);
    expect(rows.slice(0, 10)).toEqual([
      '@@ -1,8 +1,9 @@',
      'context:1 | context:1',
      'context:2 | context:2',
      'del:3 | add:3',
      'context:4 | context:4',
      'context:5 | context:5',
      'del:6 | add:6',
      '- | add:7',
      'context:7 | context:8',
      'context:8 | context:9',
    ]);
    expect(rows[10]).toBe('@@ -20,3 +21,2 @@ some context');
    expect(rows[12]).toBe('del:21 | -');
  });
});
