import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePreviewMachine } from '../update-previews.service';
import type { PreviewMachine } from '../update-preview.entity';
import { bootIdentity, changedUnits, parseDiffClosures, rebootReasons, unifiedDiff, unitFiles } from './preview-compare';

describe('parseDiffClosures', () => {
  it('reads version changes, new and gone packages, size-only lines, and strips the colours', () => {
    const out = [
      'nginx: 1.26.3 → 1.28.0, \u001b[31;1m+123.4 KiB\u001b[0m',
      'foo: ∅ → 1.2',
      'bar: \u001b[32;1m-5.2 KiB\u001b[0m',
      'gone: 2.0 → ∅, -10.0 KiB',
      'multi: 1.0, 1.1 → 1.2',
      'unversioned: ε → 3',
      '',
      'not a package line',
    ].join('\n');
    expect(parseDiffClosures(out)).toEqual([
      { name: 'nginx', from: ['1.26.3'], to: ['1.28.0'], sizeDelta: 126362 },
      { name: 'foo', from: [], to: ['1.2'], sizeDelta: 0 },
      { name: 'bar', from: [], to: [], sizeDelta: -5325 },
      { name: 'gone', from: ['2.0'], to: [], sizeDelta: -10240 },
      { name: 'multi', from: ['1.0', '1.1'], to: ['1.2'], sizeDelta: 0 },
      { name: 'unversioned', from: [''], to: ['3'], sizeDelta: 0 },
    ]);
  });

  it('is empty for no output', () => {
    expect(parseDiffClosures('')).toEqual([]);
  });
});

describe('reboot and restarts, on two systems laid out like NixOS toplevels', () => {
  let root: string;
  const file = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  /** A toplevel whose kernel, initrd and units are links into other "store paths" under root. */
  const system = (name: string, o: { kernel: string; initrd: string; params: string; units: Record<string, string> }) => {
    const top = join(root, name);
    mkdirSync(join(top, 'etc/systemd/system'), { recursive: true });
    symlinkSync(o.kernel, join(top, 'kernel'));
    symlinkSync(o.initrd, join(top, 'initrd'));
    writeFileSync(join(top, 'kernel-params'), `${o.params}\n`);
    for (const [unit, target] of Object.entries(o.units)) symlinkSync(target, join(top, 'etc/systemd/system', unit));
    return top;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'clan-preview-compare-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('the same kernel, initrd and parameters: no reboot; changed unit files, added and removed units are restarts', async () => {
    const kernel = file(join(root, 'k1-kernel/bzImage'), 'kernel');
    const initrd = file(join(root, 'i1-initrd/initrd'), 'initrd');
    const nginx1 = file(join(root, 'u1-unit-nginx/nginx.service'), '[Service]\nExecStart=nginx-1.26');
    const nginx2 = file(join(root, 'u2-unit-nginx/nginx.service'), '[Service]\nExecStart=nginx-1.28');
    const sshd = file(join(root, 'u3-unit-sshd/sshd.service'), '[Service]');
    const old = file(join(root, 'u4-unit-old/old.service'), '[Service]');
    const added = file(join(root, 'u5-unit-new/new.timer'), '[Timer]');
    const a = system('a-system', {
      kernel,
      initrd,
      params: 'console=ttyS0',
      units: { 'nginx.service': nginx1, 'sshd.service': sshd, 'old.service': old },
    });
    const b = system('b-system', {
      kernel,
      initrd,
      params: 'console=ttyS0',
      units: { 'nginx.service': nginx2, 'sshd.service': sshd, 'new.timer': added },
    });
    // A .wants directory is not a unit.
    mkdirSync(join(b, 'etc/systemd/system/multi-user.target.wants'));

    expect(rebootReasons(await bootIdentity(a), await bootIdentity(b))).toEqual([]);
    expect(changedUnits(await unitFiles(a), await unitFiles(b))).toEqual(['new.timer', 'nginx.service', 'old.service']);
  });

  it('another kernel, initrd or kernel parameters needs a reboot, and says which', async () => {
    const k1 = file(join(root, 'k1-kernel/bzImage'), 'kernel 6.1');
    const k2 = file(join(root, 'k2-kernel/bzImage'), 'kernel 6.12');
    const i1 = file(join(root, 'i1-initrd/initrd'), 'initrd');
    const i2 = file(join(root, 'i2-initrd/initrd'), 'initrd 2');
    const a = system('a-system', { kernel: k1, initrd: i1, params: 'console=ttyS0', units: {} });
    expect(
      rebootReasons(await bootIdentity(a), await bootIdentity(system('b', { kernel: k2, initrd: i1, params: 'console=ttyS0', units: {} }))),
    ).toEqual(['the kernel']);
    expect(
      rebootReasons(
        await bootIdentity(a),
        await bootIdentity(system('c', { kernel: k1, initrd: i2, params: 'console=ttyS0 quiet', units: {} })),
      ),
    ).toEqual(['the initrd', 'the kernel parameters']);
  });

  it('an initrd that is a file of the system itself (the demo system) is compared by its bytes', async () => {
    const kernel = file(join(root, 'k1-kernel/bzImage'), 'kernel');
    const mk = (name: string, initrd: string) => {
      const top = join(root, name);
      mkdirSync(top);
      symlinkSync(kernel, join(top, 'kernel'));
      writeFileSync(join(top, 'initrd'), initrd);
      writeFileSync(join(top, 'kernel-params'), 'console=ttyS0\n');
      return top;
    };
    const a = await bootIdentity(mk('a-demo', 'same bytes'));
    expect(rebootReasons(a, await bootIdentity(mk('b-demo', 'same bytes')))).toEqual([]);
    expect(rebootReasons(a, await bootIdentity(mk('c-demo', 'other bytes')))).toEqual(['the initrd']);
  });

  it('a system without etc/systemd/system has no units', async () => {
    const top = join(root, 'bare');
    mkdirSync(top);
    expect(await unitFiles(top)).toEqual(new Map());
    expect(await bootIdentity(top)).toEqual({ kernel: null, initrd: null, kernelParams: null });
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts and shows changed lines with context', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
    const before = ['{', '  "rev": "aaa",', '  "narHash": "x",', '  "type": "git"', '}', ''].join('\n');
    const after = ['{', '  "rev": "bbb",', '  "narHash": "y",', '  "type": "git"', '}', ''].join('\n');
    expect(unifiedDiff(before, after, ['a/flake.lock', 'b/flake.lock'], 1)).toBe(
      [
        '--- a/flake.lock',
        '+++ b/flake.lock',
        '@@ -1,4 +1,4 @@',
        ' {',
        '-  "rev": "aaa",',
        '-  "narHash": "x",',
        '+  "rev": "bbb",',
        '+  "narHash": "y",',
        '   "type": "git"',
        '',
      ].join('\n'),
    );
  });

  it('splits far-apart changes into hunks with their own line numbers', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', 'line eighteen\n').concat('\nline 21');
    const diff = unifiedDiff(before, after, ['a', 'b'], 1);
    expect(diff.split('\n').filter((l) => l.startsWith('@@'))).toEqual(['@@ -1,3 +1,3 @@', '@@ -17,4 +17,5 @@']);
    expect(diff).toContain('+line 21');
  });
});

describe('describePreviewMachine', () => {
  const base: PreviewMachine = {
    machine: 'beta',
    baseline: { kind: 'head', generation: null, storePath: '/nix/store/a' },
    candidate: '/nix/store/b',
    changes: true,
    reboot: true,
    packages: [
      { name: 'a', from: ['1'], to: ['2'], sizeDelta: 0 },
      { name: 'b', from: [], to: ['1'], sizeDelta: 0 },
    ],
    restarts: [],
    closureBytes: { from: 1, to: 2 },
    downloadBytes: 0,
    error: null,
  };
  it('reads as a sentence a person can act on', () => {
    expect(describePreviewMachine(base, ['the kernel parameters'])).toBe(
      'beta: changes; needs a reboot (the kernel parameters change); 2 packages change.',
    );
    expect(describePreviewMachine({ ...base, reboot: false, restarts: ['nginx.service'], packages: [] })).toBe(
      'beta: changes; restarts nginx.service; no package version changes.',
    );
    expect(describePreviewMachine({ ...base, changes: false })).toBe('beta: no change.');
    expect(describePreviewMachine({ ...base, error: 'The updated system could not be built: boom' })).toBe(
      'beta: The updated system could not be built: boom',
    );
  });
});
