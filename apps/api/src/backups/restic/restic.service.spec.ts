import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../services/config/app-config';
import { ProcessRunner, type StartOptions } from '../../services/process/process-runner';
import { BackupHooks } from '../backup-hooks';
import { ResticService } from './restic.service';

/**
 * A stand-in restic (a shell script) run through the real ProcessRunner: it
 * answers `version` like the release in $FAKE_VERSION and replays the
 * captured stderr and exit code of a real run (fixtures/) for `replay`.
 */
const FAKE = `#!/bin/sh
case "$1" in
  version) echo "restic $FAKE_VERSION compiled with go1.22.1 on linux/amd64" ;;
  snapshots) echo "argv=$*"; echo "repo=$RESTIC_REPOSITORY password=$RESTIC_PASSWORD key=$AWS_ACCESS_KEY_ID" ;;
  replay) cat "$2" >&2; exit "$(cat "$3")" ;;
  backup) n=0; while read -r line; do n=$((n+1)); echo "{\\"line\\":\\"$line\\"}"; done; echo "read $n lines" >&2 ;;
  wait) trap 'echo interrupted >&2; exit 130' INT; while :; do sleep 0.05; done ;;
esac
`;

class RecordingRunner extends ProcessRunner {
  readonly started: { cmd: string; args: readonly string[]; opts: StartOptions }[] = [];
  override start(cmd: string, args: readonly string[], opts: StartOptions = {}) {
    this.started.push({ cmd, args, opts });
    return super.start(cmd, args, opts);
  }
}

describe('ResticService through the ProcessRunner', () => {
  let dir: string;
  let runner: RecordingRunner;
  const fixtures = join(__dirname, 'fixtures');
  const repo = { location: '/srv/backups/nas', password: 'hunter2-secret', credentialsEnv: { AWS_ACCESS_KEY_ID: 'GKKEY' } };

  function service(version = '0.17.3', bin = join(dir, 'restic')): ResticService {
    const hostCommandEnv = { PATH: '/usr/bin:/bin', HOME: dir, FAKE_VERSION: version };
    runner = new RecordingRunner({ hostCommandEnv });
    return new ResticService({ stateDir: dir, resticBin: bin, hostCommandEnv } as unknown as AppConfig, runner);
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'restic-spec-'));
    writeFileSync(join(dir, 'restic'), FAKE);
    chmodSync(join(dir, 'restic'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the repository, its password and S3 keys by environment, never as arguments', async () => {
    const restic = service();
    const r = await restic.run(repo, ['snapshots', '--json']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('argv=snapshots --json\nrepo=/srv/backups/nas password=hunter2-secret key=GKKEY\n');
    const call = runner.started[0];
    expect(call.args).toEqual(['snapshots', '--json']);
    expect(JSON.stringify(call.args)).not.toContain('hunter2');
    expect(call.opts.env).toMatchObject({ RESTIC_PASSWORD: 'hunter2-secret', RESTIC_REPOSITORY: '/srv/backups/nas' });
    // The runner adds these variables to the host command environment; the service does not copy it.
    expect(call.opts.env?.['PATH']).toBeUndefined();
  });

  it('classifies a failure by the exit code of restic ≥ 0.17', async () => {
    const restic = service('0.17.3');
    writeFileSync(join(dir, 'code'), '12\n');
    writeFileSync(join(dir, 'empty'), '');
    // run() resolves whatever the exit code; failure() classifies it.
    const failed = await restic.run(repo, ['replay', join(dir, 'empty'), join(dir, 'code')]);
    expect(failed.exitCode).toBe(12);
    expect((await restic.failure(failed, 'restic snapshots')).errorClass).toBe('wrong-password');
  });

  it.each([
    ['locked', 'repository-locked'],
    ['wrong-password', 'wrong-password'],
    ['repository-missing', 'repository-missing'],
    ['check-corrupted', 'repository-damaged'],
  ])('classifies the real stderr of restic 0.14 (%s) as %s', async (name, cls) => {
    const restic = service('0.14.0');
    const args = ['replay', join(fixtures, `0.14.0-${name}.stderr`), join(fixtures, `0.14.0-${name}.exit`)];
    await expect(restic.ok(repo, args, 'restic replay')).rejects.toMatchObject({ errorClass: cls });
  });

  it('interrupts restic with SIGINT when the task is cancelled, so it can remove its lock', async () => {
    const restic = service();
    const ac = new AbortController();
    const lines: string[] = [];
    const p = restic.run(repo, ['wait'], { signal: ac.signal, onStderrLine: (l) => lines.push(l) });
    setTimeout(() => ac.abort(), 200);
    const r = await p;
    expect(r.exitCode).toBe(130);
    expect(lines).toEqual(['interrupted']);
    expect((await restic.failure(r, 'restic wait', ac.signal)).errorClass).toBe('cancelled');
  });

  it('streams a hook’s stdout into restic’s stdin (a dump on restic < 0.17)', async () => {
    const restic = service('0.14.0');
    const hooks = new BackupHooks({ hostCommandEnv: { PATH: '/usr/bin:/bin' } } as unknown as AppConfig, runner);
    const ac = new AbortController();
    const hook = hooks.start({ name: 'db', command: ['printf', 'one\\ntwo\\nthree\\n'] }, { signal: ac.signal, pipeStdout: true });
    const out: string[] = [];
    const [r, o] = await Promise.all([
      restic.run(repo, ['backup', '--stdin'], { stdin: hook.stdout, onStdoutLine: (l) => out.push(l) }),
      hook.done,
    ]);
    expect(o).toMatchObject({ exitCode: 0, error: null });
    expect(r.exitCode).toBe(0);
    expect(out).toEqual(['{"line":"one"}', '{"line":"two"}', '{"line":"three"}']);
    expect(r.stderr).toBe('read 3 lines\n');
    // The hook got the host command environment only: no restic secret reaches it.
    expect(runner.started.find((c) => c.cmd === 'printf')?.opts).toMatchObject({ replaceEnv: { PATH: '/usr/bin:/bin' } });
  });

  it('says which package to install when restic is missing', async () => {
    const restic = service('0.17.3', join(dir, 'no-such-restic'));
    await expect(restic.version()).rejects.toThrow(
      `restic is not installed (install the Debian package restic), or set CLAN_RESTIC_BIN (now ${join(dir, 'no-such-restic')})`,
    );
  });

  it('reports a hook that cannot start with the package hint instead of failing the task oddly', async () => {
    service();
    const hooks = new BackupHooks({ hostCommandEnv: { PATH: '/nonexistent' } } as unknown as AppConfig, runner);
    const o = await hooks.run({ name: 'dump', command: ['pg_dump', 'app'] }, new AbortController().signal);
    expect(o.error?.message).toBe('pg_dump is not installed (install the Debian package postgresql-client)');
    expect(o.exitCode).toBeNull();
  });
});
