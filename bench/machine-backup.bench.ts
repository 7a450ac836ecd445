/**
 * Machine backup bench (docs/bench.md, "Machine backups"), started by bench/machine-backup-bench.mjs
 * through bench/jest.bench.config.cts, on the integration tests' mesh VM lab (a panel process,
 * qemu:///system with TCG, apps/api/test/fixtures/mesh-vm-lab.ts). In one run:
 *  1. a demo machine whose state disk holds a tree of app data under /state/data (written on the
 *     host into the ext4 image before the first boot), a full backup through the panel ("run now"
 *     on its machine policy → VM controller BACKUP in the guest → restic copy), 1 % of the bytes
 *     rewritten inside the machine (serial console), then the timed incremental backup;
 *  2. the baseline: plain `restic backup` of the same tree on the host into a fresh repository,
 *     full, the same files rewritten, incremental;
 *  3. a verified restore ("verify now") of the latest snapshot, with the machine stopped, from the
 *     request to the recorded result.
 * Writes bench/results/machine-backup-<time>.json. Needs what machine-backup.int-spec.ts needs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { repoRelativeDir } from '../apps/api/src/backups/rest-repo/rest-repo-request';
import { requireRestic } from '../apps/api/test/fixtures/backups';
import { ConsoleClient } from '../apps/api/test/fixtures/console-client';
import { GUEST_MS, type LabTask, MeshVmLab } from '../apps/api/test/fixtures/mesh-vm-lab';
import { waitFor } from '../apps/api/test/fixtures/principals';
import { childProcessEnv } from '../apps/api/test/test-config';

const ROOT = resolve(__dirname, '..');
const MiB = 1024 * 1024;

function num(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${v}")`);
  return n;
}

const SETTINGS = {
  treeMiB: num('BENCH_MACHINE_BACKUP_MIB', 1024),
  changedPercent: num('BENCH_MACHINE_BACKUP_CHANGED_PERCENT', 1),
  memoryMiB: num('BENCH_MACHINE_BACKUP_MEMORY_MIB', 1024),
};
/** The tree, ext4's tables and room to spare, in whole GiB (the machine's resources.stateDiskGiB). */
const STATE_DISK_GIB = Math.ceil((SETTINGS.treeMiB * 1.2 + 512) / 1024);
const MACHINE = 'appdata';
const PASSWORD = `bench-${randomBytes(8).toString('hex')}`;

jest.setTimeout(4 * 3600_000);

const log = (msg: string) => process.stderr.write(`machine-backup-bench: ${msg}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const loadAvg = () => os.loadavg().map((x) => Number(x.toFixed(2)));

function version(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: childProcessEnv() });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : null;
}

/** Bytes a directory takes on disk (`du -sb`), 0 when it does not exist. */
function du(dir: string): number {
  const r = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.split('\t')[0]) : 0;
}

// ── the tree and its change (the shape of bench/backup-bench.mjs) ───────────

interface Shape {
  big: number;
  small: number;
  bytes: number;
}

/** 3/4 of the bytes in 4 MiB files, 1/4 in 40 KiB files, under `dir` (photos/<n>/…, documents/<n>/…). */
function makeTree(dir: string): Shape {
  const big = Math.round((SETTINGS.treeMiB * 0.75) / 4);
  const small = Math.round((SETTINGS.treeMiB * 0.25 * 1024) / 40);
  for (let i = 0; i < big; i++) {
    const d = join(dir, 'photos', String(i % 16));
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `img-${i}.jpg`), randomBytes(4 * MiB));
  }
  for (let i = 0; i < small; i++) {
    const d = join(dir, 'documents', String(i % 64));
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `doc-${i}.txt`), randomBytes(40 * 1024));
  }
  return { big, small, bytes: big * 4 * MiB + small * 40 * 1024 };
}

interface Change {
  big: number[];
  small: number[];
  bytes: number;
  files: number;
}

/** Which files make `changedPercent` of the bytes: big ones first (3/4 of the target), then small ones. */
function changeSet(shape: Shape): Change {
  const target = (shape.bytes * SETTINGS.changedPercent) / 100;
  const big: number[] = [];
  const small: number[] = [];
  let bytes = 0;
  for (let i = 0; bytes < target * 0.75 && i < shape.big; i += 7) {
    big.push(i);
    bytes += 4 * MiB;
  }
  for (let i = 0; bytes < target && i < shape.small; i += 13) {
    small.push(i);
    bytes += 40 * 1024;
  }
  return { big, small, bytes, files: big.length + small.length };
}

const bigFile = (root: string, i: number) => join(root, 'photos', String(i % 16), `img-${i}.jpg`);
const smallFile = (root: string, i: number) => join(root, 'documents', String(i % 64), `doc-${i}.txt`);

/** The change on the host: new random bytes, same files, same sizes. */
function changeOnHost(root: string, c: Change): void {
  for (const i of c.big) writeFileSync(bigFile(root, i), randomBytes(4 * MiB));
  for (const i of c.small) writeFileSync(smallFile(root, i), randomBytes(40 * 1024));
}

/** The same change as one shell line for the guest (busybox): dd from /dev/urandom over the files in place. */
function changeInGuestLine(c: Change): string {
  const dd = (path: string, bs: number) => `dd if=/dev/urandom of=${path} bs=${bs} count=1 conv=notrunc 2>/dev/null || echo dd-failed`;
  return [
    c.big.length ? `for i in ${c.big.join(' ')}; do ${dd('/state/data/photos/$((i%16))/img-$i.jpg', 4 * MiB)}; done` : ':',
    c.small.length ? `for i in ${c.small.join(' ')}; do ${dd('/state/data/documents/$((i%64))/doc-$i.txt', 40 * 1024)}; done` : ':',
    'sync',
    'echo changed',
  ].join('; ');
}

// ── plain restic on the host ───────────────────────────────────────────────

interface PlainRun {
  wallMs: number;
  resticTotalDurationSeconds: number;
  bytesAdded: number;
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  totalBytesProcessed: number;
  repositoryGrowthBytes: number;
  loadAvgBefore: number[];
}

function plainRestic(repo: string, cache: string, args: string[], cwd?: string) {
  const started = process.hrtime.bigint();
  const r = spawnSync('restic', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * MiB,
    env: { ...childProcessEnv(), RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: PASSWORD, RESTIC_CACHE_DIR: cache },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`restic ${args[0]} failed (${r.status}): ${r.stderr}`);
  return { wallMs, stdout: r.stdout };
}

function plainBackup(repo: string, cache: string, diskRoot: string): PlainRun {
  const loadAvgBefore = loadAvg();
  const before = du(repo);
  // Relative to the disk's root, as the guest's snapshot holds /state/data.
  const { wallMs, stdout } = plainRestic(repo, cache, ['backup', '--json', '--host', MACHINE, 'data'], diskRoot);
  const summary = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l['message_type'] === 'summary');
  if (!summary) throw new Error(`restic backup printed no summary:\n${stdout.slice(-2000)}`);
  return {
    wallMs: Math.round(wallMs),
    resticTotalDurationSeconds: Number(summary['total_duration']),
    bytesAdded: Number(summary['data_added']),
    filesNew: Number(summary['files_new']),
    filesChanged: Number(summary['files_changed']),
    filesUnmodified: Number(summary['files_unmodified']),
    totalBytesProcessed: Number(summary['total_bytes_processed']),
    repositoryGrowthBytes: du(repo) - before,
    loadAvgBefore,
  };
}

// ── task logs ──────────────────────────────────────────────────────────────

/** A task as GET /api/tasks/{id} answers it, with its times. */
type TimedTask = LabTask & { createdAt: string; startedAt: string; finishedAt: string };

interface LogLine {
  seq: number;
  at: string;
  level: string;
  text: string;
}

/**
 * Times between log lines that mark the phases of a task: each phase runs from the previous mark
 * (or the task's start) to its own line; the last, `until end`, to the task's end. A mark that is
 * not in the log is reported as missing.
 */
function phases(task: TimedTask, lines: LogLine[], marks: [string, RegExp][]) {
  const out: { phase: string; ms: number | null; at: string | null }[] = [];
  let prev = Date.parse(task.startedAt);
  for (const [phase, pattern] of marks) {
    const line = lines.find((l) => pattern.test(l.text));
    if (!line) {
      out.push({ phase, ms: null, at: null });
      continue;
    }
    const at = Date.parse(line.at);
    out.push({ phase, ms: at - prev, at: line.at });
    prev = at;
  }
  out.push({ phase: 'until end', ms: Date.parse(task.finishedAt) - prev, at: task.finishedAt });
  return out;
}

// ── the run ────────────────────────────────────────────────────────────────

describe('machine backups: incremental through the VM controller vs plain restic, and a verified restore', () => {
  const t = new MeshVmLab('10.254.97');
  let work = '';
  let term: ConsoleClient | null = null;
  let marks = 0;
  let base = '';

  const machinePath = () => `/api/networks/${t.networkId}/machines/${MACHINE}`;

  async function taskLines(taskId: string): Promise<LogLine[]> {
    return (await t.root.get(`/api/tasks/${taskId}/log?limit=1000`)).body.items as LogLine[];
  }

  /** Waits until no task of the network is queued or running (a retention task after a run, say). */
  async function quiet(): Promise<void> {
    await waitFor(
      async () => {
        let n = 0;
        for (const status of ['queued', 'running']) {
          n += (await t.root.get(`/api/tasks?networkId=${t.networkId}&status=${status}&limit=1`)).body.total as number;
        }
        return n;
      },
      (n) => n === 0,
      600_000,
      "the network's tasks to finish",
    );
    // The usage sample after a run (restic stats) is not a task: give it a moment.
    await new Promise((r) => setTimeout(r, 5000));
  }

  /** Runs a shell line in the guest's serial console and returns what it printed (machine-backup.int-spec.ts). */
  async function inGuest(line: string, ms = 60_000): Promise<string> {
    if (!term) {
      await waitFor(
        () => t.root.get(`${machinePath()}/console`).then((r) => r.body),
        (b) => b.state === 'attached',
        60_000,
        'the panel to hold the console',
      );
      const res = await t.root.post(`${machinePath()}/console/ticket`, { kind: 'serial' });
      if (res.status !== 201) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
      term = await ConsoleClient.open(t.panel.baseUrl, res.body.url, { headers: { origin: t.panel.baseUrl } });
      await term.waitText(new RegExp(`${MACHINE}:/# `), 'the prompt', GUEST_MS);
    }
    const n = ++marks;
    term.type(`echo B-$((${n}*1000)); ${line}; echo E-$((${n}*1000))\r`);
    const text = await term.waitText(new RegExp(`\\r\\nB-${n * 1000}\\r\\n[\\s\\S]*?E-${n * 1000}\\r\\n`), `the guest to run: ${line}`, ms);
    const m = new RegExp(`\\r\\nB-${n * 1000}\\r\\n([\\s\\S]*?)E-${n * 1000}\\r\\n`).exec(text);
    return (m?.[1] ?? '').replace(/\r\n/g, '\n');
  }

  /** "Run now" on the policy, timed from the request to the task's end, with the task's own times, log phases and repository growth. */
  async function runNow(policyId: string, policyRepo: string, machineRepo: string) {
    await quiet();
    const loadAvgBefore = loadAvg();
    const policyBefore = du(policyRepo);
    const machineBefore = du(machineRepo);
    const t0 = Date.now();
    const started = await t.root.post(`${base}/policies/${policyId}/run`);
    if (started.status !== 202) throw new Error(`run now: ${started.status} ${JSON.stringify(started.body)}`);
    const task = (await t.finished(started.body.taskId, 4 * 3600_000)) as TimedTask;
    const wallMs = Date.now() - t0;
    await t.expectSucceeded(task, MACHINE);
    const lines = await taskLines(task.id);
    const runs = (await t.root.get(`${base}/policies/${policyId}/runs?limit=20`)).body.items as {
      taskId: string | null;
      durationMs: number | null;
    }[];
    const run = runs.find((r) => r.taskId === task.id);
    const result = task.result ?? {};
    return {
      taskId: task.id,
      wallMs,
      queuedMs: Date.parse(task.startedAt) - Date.parse(task.createdAt),
      taskMs: Date.parse(task.finishedAt) - Date.parse(task.startedAt),
      runRecordDurationMs: run?.durationMs ?? null,
      // The controller passes on restic's summary numbers, not its total_duration (restic 0.14 has none in the snapshot either).
      resticSummaryDurationSeconds: null,
      bytesAdded: result['bytesAdded'] ?? null,
      filesNew: result['filesNew'] ?? null,
      totalBytes: result['totalBytes'] ?? null,
      snapshotId: result['snapshotId'] ?? null,
      machineSnapshotId: result['machineSnapshotId'] ?? null,
      policyRepositoryGrowthBytes: du(policyRepo) - policyBefore,
      machineRepositoryGrowthBytes: du(machineRepo) - machineBefore,
      phases: phases(task, lines, [
        ['start (machine state, BACKUP request)', /^BACKUP /],
        ['BACKUP in the guest: dump hooks + restic backup over the mesh', /saved snapshot \w+ in its own repository/],
        ['restic copy into the policy repository', /is the copy of/],
      ]),
      loadAvgBefore,
      log: lines.map((l) => `${l.at} ${l.text}`),
    };
  }

  beforeAll(() => {
    work = mkdtempSync(join(process.env['BENCH_MACHINE_BACKUP_DIR'] || os.tmpdir(), 'clan-machine-backup-bench-'));
  });

  afterAll(async () => {
    term?.close();
    await t.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it(`backs up ${SETTINGS.treeMiB} MiB in a machine, incrementally after ${SETTINGS.changedPercent} % changed, and verifies the restore`, async () => {
    const resticVersion = requireRestic().split('\n')[0];
    // Read at the start: the panel and the test system are loaded from this tree when the run begins.
    const git = {
      commit: spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || null,
      dirty:
        spawnSync('git', ['status', '--porcelain', '--', 'apps/api/src', 'libs', 'nix', 'bench', ':!bench/results'], {
          cwd: ROOT,
          encoding: 'utf8',
        }).stdout.trim() !== '',
    };
    const startedAt = new Date();
    const host = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryMiB: Math.round(os.totalmem() / MiB),
      kernel: os.release(),
      loadAvgAtStart: loadAvg(),
      loadAvgAtEnd: [] as number[],
    };
    const tools = {
      node: process.version,
      restic: resticVersion,
      guestRestic: 'the host restic binary, copied into the demo system by nix/test-system/prepare.sh',
      qemu: version('qemu-system-x86_64', ['--version']),
      libvirt: version('virsh', ['--version']),
      nix: version('nix', ['--version']),
      e2fsprogs: spawnSync('mke2fs', ['-V'], { encoding: 'utf8' }).stderr.trim().split('\n')[0] ?? null,
    };

    // The tree, on the host: the baseline's source and the machine's state disk content (the disk's root is the guest's /state).
    const diskRoot = join(work, 'disk');
    const tree = join(diskRoot, 'data');
    log(`writing a ${SETTINGS.treeMiB} MiB tree to ${tree}…`);
    let t0 = Date.now();
    const shape = makeTree(tree);
    const change = changeSet(shape);
    log(`tree written in ${seconds(Date.now() - t0)}: ${shape.big + shape.small} files, ${(shape.bytes / MiB).toFixed(0)} MiB`);

    // Baseline, full, before any VM runs.
    const plainRepo = join(work, 'repo-plain');
    const plainCache = join(work, 'cache-plain');
    plainRestic(plainRepo, plainCache, ['init']);
    log('plain restic: full backup…');
    const plainFull = plainBackup(plainRepo, plainCache, diskRoot);
    log(`plain restic full: ${seconds(plainFull.wallMs)}`);

    // The panel, the lab, the machine; its state disk made on the host before the first boot.
    await t.start('mbb');
    base = `/api/networks/${t.networkId}/backups`;
    await t.createMachine(MACHINE, {
      resources: { memoryMiB: SETTINGS.memoryMiB, stateDiskGiB: STATE_DISK_GIB },
      backup: { enable: true },
    });
    const vmDir = join(t.stateDir, 'vms', t.networkId, MACHINE);
    mkdirSync(vmDir, { recursive: true });
    for (const d of [join(t.stateDir, 'vms'), join(t.stateDir, 'vms', t.networkId), vmDir]) chmodSync(d, 0o711);
    const image = join(vmDir, 'state.img');
    t0 = Date.now();
    const fd = openSync(image, 'wx', 0o600);
    ftruncateSync(fd, STATE_DISK_GIB * 1024 * MiB);
    closeSync(fd);
    // What the demo guest would make itself (init.sh: mke2fs -L clan-state), with the tree in it.
    execFileSync('mke2fs', ['-q', '-F', '-t', 'ext4', '-L', 'clan-state', '-E', 'root_owner=0:0', '-d', diskRoot, image]);
    const imageMs = Date.now() - t0;
    log(`state disk ${image} (${STATE_DISK_GIB} GiB, ext4) made in ${seconds(imageMs)}; deploying…`);

    t0 = Date.now();
    await t.deploy(MACHINE);
    await t.serialLine(MACHINE, /CLAN-MESH up /, 'CLAN-MESH up');
    await t.serialLine(MACHINE, /CLAN-STATE ok/, 'CLAN-STATE ok');
    const deployMs = Date.now() - t0;
    const seen = await inGuest('ls /state/data/photos/*/ /state/data/documents/*/ | grep -c -e "^img-" -e "^doc-"', 300_000);
    if (Number(seen.trim()) !== shape.big + shape.small) {
      throw new Error(
        `The guest sees ${seen.trim()} files under /state/data, not the ${shape.big + shape.small} written into its state disk.`,
      );
    }
    log(`machine up in ${seconds(deployMs)}; it sees the ${seen.trim()} files`);

    const policyRepo = join(t.stateDir, 'policy-repo');
    const created = await t.root.post(`${base}/repositories`, { name: 'vault', kind: 'local', location: policyRepo, password: PASSWORD });
    if (created.status !== 201) throw new Error(`repository: ${created.status} ${JSON.stringify(created.body)}`);
    const init = await t.root.post(`${base}/repositories/${created.body.id}/init`);
    await t.expectSucceeded(await t.finished(init.body.taskId));
    const policy = await t.root.post(`${base}/policies`, {
      repositoryId: created.body.id,
      subjectKind: 'machine',
      subjectName: MACHINE,
      runner: 'panel',
      keepLast: 5,
    });
    if (policy.status !== 201) throw new Error(`policy: ${policy.status} ${JSON.stringify(policy.body)}`);
    const policyId = policy.body.id as string;
    const machineRepo = join(t.stateDir, 'machine-backups', repoRelativeDir(t.networkId, MACHINE));

    log('controller: full backup…');
    const controllerFull = await runNow(policyId, policyRepo, machineRepo);
    if (Number(controllerFull.totalBytes) < shape.bytes) {
      throw new Error(`The full backup saved ${String(controllerFull.totalBytes)} bytes, less than the ${shape.bytes} of the tree.`);
    }
    log(`controller full: ${seconds(controllerFull.wallMs)}`);

    log(`changing ${change.files} files (${(change.bytes / MiB).toFixed(2)} MiB) inside the machine…`);
    t0 = Date.now();
    const changed = await inGuest(changeInGuestLine(change), 900_000);
    if (!/changed/.test(changed) || /dd-failed/.test(changed)) throw new Error(`The change in the guest failed:\n${changed}`);
    const guestChangeMs = Date.now() - t0;

    log('controller: incremental backup…');
    const controllerIncremental = await runNow(policyId, policyRepo, machineRepo);
    log(`controller incremental: ${seconds(controllerIncremental.wallMs)}`);

    // The machine stops: the baseline's incremental and the verified restore's VM run alone.
    await quiet();
    term?.close();
    term = null;
    const stop = await t.root.post(`${machinePath()}/vm/stop`, {});
    if (stop.status !== 202) throw new Error(`stop: ${stop.status} ${JSON.stringify(stop.body)}`);
    await t.expectSucceeded(await t.finished(stop.body.taskId), MACHINE);

    changeOnHost(tree, change);
    log('plain restic: incremental backup…');
    const plainIncremental = plainBackup(plainRepo, plainCache, diskRoot);
    log(`plain restic incremental: ${seconds(plainIncremental.wallMs)}`);

    log('verified restore…');
    await quiet();
    const verifyLoad = loadAvg();
    t0 = Date.now();
    const started = await t.root.post(`${base}/policies/${policyId}/verify`);
    if (started.status !== 202) throw new Error(`verify: ${started.status} ${JSON.stringify(started.body)}`);
    // The recorded result as the status page sees it, polled beside the task.
    type Recorded = { verification: string | null; verifiedAt: string | null; verificationDetail: string | null };
    const recordedNow = async (): Promise<Recorded | null> => {
      const status = (await t.root.get(`${base}/status`)).body as { subjects: { kind: string; name: string; policies: Recorded[] }[] };
      return status.subjects.find((s) => s.kind === 'machine' && s.name === MACHINE)?.policies[0] ?? null;
    };
    const seenRecorded: { ms: number; value: Recorded }[] = [];
    const verifyTask = await waitFor(
      async () => {
        if (!seenRecorded.length) {
          const p = await recordedNow();
          if (p?.verifiedAt) seenRecorded.push({ ms: Date.now() - t0, value: p });
        }
        return (await t.root.get(`/api/tasks/${started.body.taskId}`)).body as TimedTask;
      },
      (x) => ['succeeded', 'failed', 'cancelled'].includes(x.status),
      3600_000,
      'the verification to finish',
    );
    const verifyWallMs = Date.now() - t0;
    const recordedMs = seenRecorded[0]?.ms ?? verifyWallMs;
    const recorded = seenRecorded[0]?.value ?? (await recordedNow());
    const verifyLines = await taskLines(verifyTask.id);
    if (verifyTask.status !== 'succeeded') {
      throw new Error(`verification ${verifyTask.status}: ${verifyTask.error}\n${verifyLines.map((l) => l.text).join('\n')}`);
    }
    const verify = {
      taskId: verifyTask.id,
      restorable: verifyTask.result?.['ok'] === true,
      requestToRecordedMs: recordedMs,
      requestToTaskEndMs: verifyWallMs,
      queuedMs: Date.parse(verifyTask.startedAt) - Date.parse(verifyTask.createdAt),
      taskMs: Date.parse(verifyTask.finishedAt) - Date.parse(verifyTask.startedAt),
      recorded,
      phases: phases(verifyTask, verifyLines, [
        ['find the latest snapshot', /^Snapshot \w+ of .* taken on generation/],
        ['lay out the generation (boot files, store disk)', /^restic restore /],
        ['restic restore + mke2fs -d into a throw-away state disk', /^State disk: /],
        ['secrets copy, define the domain', /^Domain .*no network interface/],
        ['start the domain', /^Booted /],
        ['boot to a healthy answer, controller facts', /answered healthy after/],
        ['app checks', /^App check /],
        ['remove the domain and temporary files', /^Removed .*temporary files/],
      ]),
      healthyAfterSeconds: Number(/answered healthy after ([\d.]+) s/.exec(verifyLines.map((l) => l.text).join('\n'))?.[1] ?? NaN),
      loadAvgBefore: verifyLoad,
      log: verifyLines.map((l) => `${l.at} ${l.text}`),
    };
    log(`verified restore: recorded ${seconds(recordedMs)} after the request`);
    host.loadAvgAtEnd = loadAvg();

    const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
    const report = {
      kind: 'machine-backup',
      startedAt: startedAt.toISOString(),
      host,
      tools,
      git,
      settings: {
        ...SETTINGS,
        stateDiskGiB: STATE_DISK_GIB,
        vcpus: 1,
        hypervisor: 'qemu:///system, domain type qemu (TCG)',
        policy: 'machine policy, runner panel, keepLast 5, local repository on the host',
        tree: { files: shape.big + shape.small, bigFiles: shape.big, smallFiles: shape.small, bytes: shape.bytes },
        change: { files: change.files, bigFiles: change.big.length, smallFiles: change.small.length, bytes: change.bytes },
      },
      setup: { treeWriteAndImageMs: imageMs, deployToMeshAndStateMs: deployMs, guestChangeMs },
      controller: { full: controllerFull, incremental: controllerIncremental },
      plain: { full: plainFull, incremental: plainIncremental },
      incremental: {
        controllerWallMs: controllerIncremental.wallMs,
        plainWallMs: plainIncremental.wallMs,
        // Panel wall time (request → task done: queueing, BACKUP in a TCG guest over the mesh, restic copy, records) ÷ plain restic on the host.
        ratio: ratio(controllerIncremental.wallMs, plainIncremental.wallMs),
        controllerBytesAdded: controllerIncremental.bytesAdded,
        plainBytesAdded: plainIncremental.bytesAdded,
      },
      full: {
        controllerWallMs: controllerFull.wallMs,
        plainWallMs: plainFull.wallMs,
        ratio: ratio(controllerFull.wallMs, plainFull.wallMs),
      },
      verify,
      notes: [
        'controller = POST …/backups/policies/{id}/run until GET /api/tasks/{id} reports succeeded (100 ms polling), through a real panel process; the machine backs itself up through its VM controller (dump hook, restic backup in the TCG guest into its own repository over the mesh), then the panel runs restic copy into the policy repository',
        "controller bytesAdded is restic's data_added inside the machine; the repository growth columns are du -sb of the machine's and the policy's repositories",
        'restic in the guest reports no total duration to the panel (the controller passes on files_new, data_added and total_bytes_processed): its time is the phase between the BACKUP line and the "saved snapshot" line of the task log',
        'plain = restic backup --json of the same tree on the host (the directory the state disk image was made from with mke2fs -d) into a fresh repository; the incremental ran after the machine stopped, over the same files rewritten with other random bytes of the same sizes',
        'verify = POST …/policies/{id}/verify, with the machine stopped, until GET …/backups/status shows the recorded verification (requestToRecordedMs) and until the task ends (requestToTaskEndMs)',
      ],
    };
    const file = join(ROOT, 'bench', 'results', `machine-backup-${report.startedAt.replace(/[:.]/g, '-')}.json`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(
      `incremental (${(change.bytes / MiB).toFixed(1)} MiB of ${SETTINGS.treeMiB} MiB changed): controller ${seconds(controllerIncremental.wallMs)}, plain restic ${seconds(plainIncremental.wallMs)}, ratio ${report.incremental.ratio}; verified restore recorded after ${seconds(recordedMs)}\n→ ${relative(ROOT, file)}`,
    );
  });
});
