import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NIX_OFFLINE_ARGS, NixCommandError, nixEnvironment, nixEvalJson, NixNotInstalledError, nixParse, nixVersion, runNix } from './nix';

describe('Nix helpers (need Debian nix-bin)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nix-schema-helpers-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('evaluates an expression strictly to JSON, offline', async () => {
    expect(NIX_OFFLINE_ARGS).toEqual(['--option', 'substituters', '']);
    expect(await nixEvalJson({ expr: '{ b = [ 1 "x" ]; a = builtins.fromJSON "{\\"k\\": null}"; }' })).toEqual({
      a: { k: null },
      b: [1, 'x'],
    });
  });

  it('evaluates a file relative to its own directory', async () => {
    writeFileSync(join(dir, 'data.json'), '{"x": "y"}');
    writeFileSync(join(dir, 'read.nix'), 'builtins.fromJSON (builtins.readFile ./data.json)');
    expect(await nixEvalJson({ file: join(dir, 'read.nix') })).toEqual({ x: 'y' });
  });

  it("parses files and reports syntax errors with Nix's message", async () => {
    writeFileSync(join(dir, 'ok.nix'), '{ ... }: { }\n');
    writeFileSync(join(dir, 'bad.nix'), '{ a = "unterminated; }\n');
    await expect(nixParse([join(dir, 'ok.nix')])).resolves.toContain('{ ... }');
    const failure = nixParse([join(dir, 'ok.nix'), join(dir, 'bad.nix')]);
    await expect(failure).rejects.toBeInstanceOf(NixCommandError);
    await expect(failure).rejects.toThrow(/nix-instantiate` failed \(exit 1\): error: syntax error/);
  });

  it('reports the installed version', async () => {
    expect(await nixVersion()).toMatch(/^2\.\d+/);
  });

  it('names the Debian package when Nix is missing', async () => {
    const missing = runNix('nix-instantiate', ['--version'], { env: { PATH: dir } });
    await expect(missing).rejects.toBeInstanceOf(NixNotInstalledError);
    await expect(missing).rejects.toThrow('nix-instantiate is not installed (install the Debian package nix-bin)');
  });

  it('kills a run that exceeds its time limit', async () => {
    // Any command will do for the timer; sleep is in coreutils.
    const started = Date.now();
    await expect(runNix('sleep', ['10'], { timeoutMs: 200 })).rejects.toThrow('`sleep` failed (exit signal)');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('runs through an injected runner (the API passes its ProcessRunner), whose errors pass through', async () => {
    const calls: { command: string; args: readonly string[]; timeoutMs?: number }[] = [];
    const runner = {
      run: async (command: string, args: readonly string[], options: { timeoutMs?: number }) => {
        calls.push({ command, args, timeoutMs: options.timeoutMs });
        if (args.includes('--version')) throw new Error('nix-instantiate is not installed (install the Debian package nix-bin)');
        return { stdout: '{"a":1}' };
      },
    };
    await expect(nixEvalJson({ expr: '{ a = 1; }' }, { runner })).resolves.toEqual({ a: 1 });
    expect(calls[0]).toEqual({
      command: 'nix-instantiate',
      args: [...NIX_OFFLINE_ARGS, '--eval', '--strict', '--json', '--expr', '{ a = 1; }'],
      timeoutMs: 120_000,
    });
    await expect(nixVersion({ runner })).rejects.toThrow('nix-instantiate is not installed (install the Debian package nix-bin)');
  });
});

describe('nixEnvironment', () => {
  it('passes on PATH, HOME and NIX_* only', () => {
    expect(nixEnvironment({ PATH: '/bin', HOME: '/h', NIX_CONFIG: 'x', SESSION_SECRET: 's', DATABASE_URL: 'u' })).toEqual({
      PATH: '/bin',
      HOME: '/h',
      NIX_CONFIG: 'x',
    });
  });
});
