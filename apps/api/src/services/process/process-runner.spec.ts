import { CommandError, missingCommandMessage, ProcessRunner } from './process-runner';

const runner = new ProcessRunner({ hostCommandEnv: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/tmp', SECRETLESS: '1' } });

describe('ProcessRunner', () => {
  it('runs an argv without a shell and gives the host-command environment plus the caller’s', async () => {
    const r = await runner.run('sh', ['-c', 'printf "%s|%s|%s|%s" "$1" "$HOME" "$EXTRA" "$LC_ALL"', 'x', 'a b;$(id)'], {
      env: { EXTRA: 'e' },
    });
    expect(r.stdout).toBe('a b;$(id)|/tmp|e|C');
  });

  it('replaces the environment when asked', async () => {
    const r = await runner.run('/usr/bin/env', [], { replaceEnv: { ONLY: '1' } });
    expect(r.stdout.trim()).toBe('ONLY=1');
  });

  it('names the Debian package of a missing command', async () => {
    const err = (await runner.run('wg', [], { env: { PATH: '/nonexistent' } }).catch((e: unknown) => e)) as CommandError;
    expect(err).toBeInstanceOf(CommandError);
    expect(err.missing).toBe(true);
    expect(err.message).toBe('wg is not installed (install the Debian package wireguard-tools)');
    expect(missingCommandMessage('/opt/x/restic')).toBe('restic is not installed (install the Debian package restic)');
  });

  it('rejects with the exit code and the end of stderr, unless the code is accepted', async () => {
    const err = (await runner.run('sh', ['-c', 'echo boom >&2; exit 3']).catch((e: unknown) => e)) as CommandError;
    expect(err.code).toBe(3);
    expect(err.message).toBe('sh -c failed (exit 3): boom');
    const ok = await runner.run('sh', ['-c', 'echo out; exit 3'], { okCodes: [3] });
    expect(ok).toEqual({ stdout: 'out\n', stderr: '', code: 3 });
  });

  it('feeds stdin, streams lines and returns binary stdout', async () => {
    const lines: string[] = [];
    const r = await runner.runBuffer('sh', ['-c', 'cat; echo e1 >&2; echo e2 >&2'], {
      input: 'secret\n',
      onStderrLine: (l) => lines.push(l),
    });
    expect(r.stdout.toString()).toBe('secret\n');
    expect(lines).toEqual(['e1', 'e2']);
  });

  it('kills a command on timeout and on abort', async () => {
    const t = (await runner.run('sleep', ['5'], { timeoutMs: 50 }).catch((e: unknown) => e)) as CommandError;
    expect(t.message).toMatch(/timed out after 50 ms/);
    const ac = new AbortController();
    const p = runner.run('sleep', ['5'], { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('cancelled by anna')), 30);
    await expect(p).rejects.toThrow('cancelled by anna');
  });

  it('starts a streaming child whose missing command errors with the hint', async () => {
    const child = runner.start('restic', ['version'], { env: { PATH: '/nonexistent' } });
    const err = await new Promise<Error>((resolve) => child.on('error', resolve));
    expect(err.message).toBe('restic is not installed (install the Debian package restic)');
  });
});
