import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreviewPackage } from '../update-preview.entity';

// ── nix store diff-closures ──────────────────────────────────────────────────

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const SIZE = /^([+-]?\d+(?:\.\d+)?) KiB$/;
const ARROW = ' → ';

function versions(text: string): string[] {
  const t = text.trim();
  if (t === '∅' || t === '') return [];
  return t.split(', ').map((v) => (v === 'ε' ? '' : v));
}

/**
 * The lines of `nix store diff-closures <before> <after>`, e.g.
 * `nginx: 1.26.3 → 1.28.0, +123.4 KiB`, `foo: ∅ → 1.2`, `bar: +5.2 KiB`
 * (versions ∅: none, ε: no version; Nix colours the size). Lines that are not
 * of this shape are left out.
 */
export function parseDiffClosures(output: string): PreviewPackage[] {
  const out: PreviewPackage[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.replace(ANSI, '').trim();
    const colon = line.indexOf(': ');
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    let rest = line.slice(colon + 2);
    let sizeDelta = 0;
    const lastComma = rest.lastIndexOf(', ');
    const tail = lastComma >= 0 ? rest.slice(lastComma + 2) : rest;
    const size = SIZE.exec(tail.trim());
    if (size) {
      sizeDelta = Math.round(Number(size[1]) * 1024);
      rest = lastComma >= 0 ? rest.slice(0, lastComma) : '';
    }
    let from: string[] = [];
    let to: string[] = [];
    if (rest) {
      const arrow = rest.indexOf(ARROW);
      if (arrow < 0) continue;
      from = versions(rest.slice(0, arrow));
      to = versions(rest.slice(arrow + ARROW.length));
    } else if (!size) continue;
    out.push({ name, from, to, sizeDelta });
  }
  return out;
}

// ── reboot ───────────────────────────────────────────────────────────────────

/** What a system boots: the kernel and initrd it names and its kernel command line. */
export interface BootIdentity {
  kernel: string | null;
  initrd: string | null;
  kernelParams: string | null;
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * What a file of a system is, comparable between two systems: the store path a
 * link resolves to (NixOS: `kernel`, `initrd`, unit files are links into their
 * own store paths), or, for a file inside the system itself (the demo system's
 * initrd), a hash of its bytes. Null when it is not there; directories are skipped.
 */
export async function fileIdentity(toplevel: string, path: string): Promise<string | null> {
  let target: string;
  try {
    target = await realpath(path);
    if (!(await stat(target)).isFile()) return null;
  } catch {
    return null;
  }
  const own = await realpath(toplevel).catch(() => toplevel);
  if (target === own || target.startsWith(`${own}/`)) return `sha256:${await sha256(target)}`;
  return target;
}

export async function bootIdentity(toplevel: string): Promise<BootIdentity> {
  const [kernel, initrd, kernelParams] = await Promise.all([
    fileIdentity(toplevel, join(toplevel, 'kernel')),
    fileIdentity(toplevel, join(toplevel, 'initrd')),
    readFile(join(toplevel, 'kernel-params'), 'utf8').then(
      (t) => t.trim(),
      () => null,
    ),
  ]);
  return { kernel, initrd, kernelParams };
}

/** Why applying `candidate` restarts the machine, in words ("the kernel", "the initrd", "the kernel parameters"); [] when it does not. */
export function rebootReasons(baseline: BootIdentity, candidate: BootIdentity): string[] {
  const reasons: string[] = [];
  if (baseline.kernel !== candidate.kernel) reasons.push('the kernel');
  if (baseline.initrd !== candidate.initrd) reasons.push('the initrd');
  if (baseline.kernelParams !== candidate.kernelParams) reasons.push('the kernel parameters');
  return reasons;
}

// ── services ─────────────────────────────────────────────────────────────────

const UNITS_DIR = 'etc/systemd/system';

/** Every unit file under `<toplevel>/etc/systemd/system` (name → fileIdentity); empty when there is no such directory. */
export async function unitFiles(toplevel: string): Promise<Map<string, string>> {
  const dir = join(toplevel, UNITS_DIR);
  const units = new Map<string, string>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return units;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    const id = await fileIdentity(toplevel, path);
    if (id !== null) {
      units.set(name, id);
      continue;
    }
    // A masked unit is a link to /dev/null, a broken one a dangling link: units too. Directories (*.wants, *.d) are not.
    const info = await lstat(path).catch(() => null);
    const target = await stat(path).catch(() => null);
    if (info?.isSymbolicLink() && !target?.isDirectory()) units.set(name, `link:${await realpath(path).catch(() => 'dangling')}`);
  }
  return units;
}

/** Units added, removed or whose files differ, sorted by name. */
export function changedUnits(baseline: Map<string, string>, candidate: Map<string, string>): string[] {
  const names = new Set([...baseline.keys(), ...candidate.keys()]);
  return [...names].filter((n) => baseline.get(n) !== candidate.get(n)).sort();
}

// ── the lock diff ────────────────────────────────────────────────────────────

/**
 * A unified diff of two small texts (flake.lock: tens of lines), hunks with
 * `context` lines around each change; '' when they are equal.
 */
export function unifiedDiff(
  before: string,
  after: string,
  names: [string, string] = ['a/flake.lock', 'b/flake.lock'],
  context = 3,
): string {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a[a.length - 1] === '') a.pop();
  if (b[b.length - 1] === '') b.pop();
  // Longest common subsequence table, from the end.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  type Op = { kind: ' ' | '-' | '+'; text: string; ai: number; bi: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: ' ', text: a[i], ai: i++, bi: j++ });
    // Deletions before insertions, as diff -u shows them.
    else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: '-', text: a[i], ai: i++, bi: j });
    else ops.push({ kind: '+', text: b[j], ai: i, bi: j++ });
  }
  const changed = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) return '';
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const start = Math.max(0, k - context);
    const end = Math.min(ops.length - 1, k + context);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) last[1] = end;
    else hunks.push([start, end]);
  }
  const lines = [`--- ${names[0]}`, `+++ ${names[1]}`];
  for (const [s, e] of hunks) {
    const slice = ops.slice(s, e + 1);
    const aLen = slice.filter((o) => o.kind !== '+').length;
    const bLen = slice.filter((o) => o.kind !== '-').length;
    // A hunk's start is the first line it shows of each side (or the line before, when it shows none).
    const aStart = slice[0].ai + (aLen ? 1 : 0);
    const bStart = slice[0].bi + (bLen ? 1 : 0);
    lines.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@`);
    for (const o of slice) lines.push(`${o.kind}${o.text}`);
  }
  return `${lines.join('\n')}\n`;
}
