import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { ErrorCode, NETWORK_SYSTEM_LABELS, NetworkSystem } from '@clan/contracts';
import { clanFlakeUrlProblem } from '@clan/nix-schema';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { NetworkEntity } from '../networks/network.entity';
import { APP_CONFIG, type AppConfig } from '../services/config/app-config';
import { DEFAULT_NIXPKGS } from '../services/config/config.schema';
import { CommandError, ProcessRunner } from '../services/process/process-runner';
import type { BuildFlakes } from './build-failure';
import { NIX_FLAKES as FLAKES } from '../services/nix/nix-cli';

/** What /api/health reports for one of the flakes (the shape of ComponentHealthDto). */
export interface FlakeHealth {
  status: 'ok' | 'down' | 'unavailable';
  detail: string;
  /** When not ok: what to do, as a sentence for a person. */
  message?: string;
}

/** The files of the panel's nix/ that make the cLAN flake (flake.nix and what it imports). */
const CLAN_FILES = ['flake.nix', 'flake.lock', 'lib', 'modules', 'checks', 'examples'];
/** The files of nix/test-system before prepare.sh adds busybox and the kernel. */
const DEMO_FILES = ['flake.nix', 'build.sh', 'init.sh', 'prepare.sh'];
/** The VM controller, shared with the NixOS module: copied next to the demo flake, part of its hash. */
const DEMO_CONTROLLER = '../modules/vm-guest/controller.sh';
const PROBE_TIMEOUT_MS = 30_000;
const PROBE_OK_TTL_MS = 10 * 60_000;
const PROBE_FAILED_TTL_MS = 60_000;
/** How long GET /api/health waits for a probe that is still running. */
const HEALTH_WAIT_MS = 2_000;

/** Every file under `dir` among `names` (recursively), sorted, relative to `dir`. */
function filesOf(dir: string, names: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = join(dir, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const e of readdirSync(abs).sort()) walk(join(rel, e));
    else out.push(rel);
  };
  names.forEach(walk);
  return out.sort();
}

/** Content hash of those files (names, executable bits and bytes): the directory name that pins them. */
export function contentHash(dir: string, names: string[]): string {
  const h = createHash('sha256');
  for (const rel of filesOf(dir, names)) {
    const abs = join(dir, rel);
    h.update(`${rel}\0${statSync(abs).mode & 0o111 ? 'x' : '-'}\0`);
    h.update(readFileSync(abs));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 20);
}

/** The panel's own nix/ directory: next to the built bundle (dist) or in the repository (source). */
export function findNixSource(candidates = [join(__dirname, 'nix'), resolve(__dirname, '../../../../nix'), resolve(process.cwd(), 'nix')]) {
  return candidates.find((d) => existsSync(join(d, 'flake.nix')) && existsSync(join(d, 'test-system', 'flake.nix'))) ?? null;
}

class CachedCheck {
  private value: FlakeHealth | null = null;
  private at = 0;
  private inflight: Promise<FlakeHealth> | null = null;

  constructor(private readonly run: () => Promise<FlakeHealth>) {}

  get(): Promise<FlakeHealth> {
    const ttl = this.value?.status === 'ok' ? PROBE_OK_TTL_MS : PROBE_FAILED_TTL_MS;
    if (this.value && Date.now() - this.at < ttl) return Promise.resolve(this.value);
    this.inflight ??= this.run()
      .then((v) => {
        this.value = v;
        this.at = Date.now();
        return v;
      })
      .finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** The last result, or after `ms` a "still checking" answer (the check goes on). */
  async within(ms: number, pending: FlakeHealth): Promise<FlakeHealth> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<FlakeHealth>((r) => (timer = setTimeout(() => r(this.value ?? pending), ms)));
    try {
      return await Promise.race([this.get(), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The flakes machines build from (docs/decisions/0013-default-flake-and-demo-system.md):
 * the cLAN flake shipped with this panel (its own nix/, copied at start-up to
 * `<stateDir>/flakes/clan-<content hash>`, used unless CLAN_FLAKE_URL names
 * another), its nixpkgs (CLAN_NIXPKGS, passed as `--override-input
 * clan/nixpkgs`), and the demo system (nix/test-system prepared with
 * prepare.sh into `<stateDir>/flakes/demo-<hash>` on first use) for networks
 * whose system is `demo`. Also the health of each, with sentences that say
 * what to change.
 */
@Injectable()
export class SystemFlakes implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('SystemFlakes');
  private readonly source = findNixSource();
  private readonly flakesDir: string;
  private readonly clanDir: string | null;
  private readonly demoDir: string | null;
  private clanProblem: string | null = null;
  private demoReady: Promise<string> | null = null;
  private readonly aborter = new AbortController();
  private readonly nixpkgsCheck = new CachedCheck(() => this.probe(this.config.nixpkgs, 'nixpkgs'));
  private readonly clanCheck = new CachedCheck(() => this.probe(this.config.clanFlakeUrl ?? '', 'the cLAN flake'));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(NetworkEntity) private readonly networks: Repository<NetworkEntity>,
    private readonly proc: ProcessRunner,
  ) {
    this.flakesDir = join(config.stateDir, 'flakes');
    this.clanDir = this.source ? join(this.flakesDir, `clan-${contentHash(this.source, CLAN_FILES)}`) : null;
    this.demoDir = this.source
      ? join(this.flakesDir, `demo-${contentHash(join(this.source, 'test-system'), [...DEMO_FILES, DEMO_CONTROLLER])}`)
      : null;
    if (!this.source)
      this.clanProblem = "The panel's own nix/ directory was not found next to its program; reinstall the panel or set CLAN_FLAKE_URL.";
    else {
      const problem = clanFlakeUrlProblem(`path:${this.flakesDir}`);
      if (problem)
        this.clanProblem = `CLAN_STATE_DIR (${config.stateDir}) cannot be part of a flake reference: ${problem} Choose another state directory or set CLAN_FLAKE_URL.`;
    }
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.clanFlakeUrl) await this.materialiseClan();
    // Prime the nixpkgs check (offline it fails within seconds), so the first health call has an answer.
    void this.nixpkgsCheck.get();
  }

  onModuleDestroy(): void {
    this.aborter.abort(new Error('the panel is stopping'));
  }

  /** The shipped cLAN flake's reference, or null when it could not be materialised. */
  get shippedClanUrl(): string | null {
    return this.clanDir && !this.clanProblem ? `path:${this.clanDir}` : null;
  }

  /** The cLAN flake of NixOS networks: CLAN_FLAKE_URL, else the shipped one. */
  clanFlakeUrl(): string {
    if (this.config.clanFlakeUrl) return this.config.clanFlakeUrl;
    if (!this.shippedClanUrl) throw new Error(this.clanProblem ?? 'The cLAN flake is not available.');
    return this.shippedClanUrl;
  }

  /** The demo system's flake reference (prepared or not). */
  demoUrl(): string {
    if (!this.demoDir || clanFlakeUrlProblem(`path:${this.demoDir}`))
      throw new DomainError(ErrorCode.Conflict, this.demoProblemNow() ?? 'The demo system is not available.');
    return `path:${this.demoDir}`;
  }

  /** The flake a network repository's flake.nix names as input `clan`. */
  urlFor(system: NetworkSystem): string {
    return system === NetworkSystem.Demo ? this.demoUrl() : this.clanFlakeUrl();
  }

  async systemOf(networkId: string): Promise<NetworkSystem> {
    const n = await this.networks.findOne({ where: { id: networkId }, select: { id: true, system: true } });
    return n?.system ?? NetworkSystem.Nixos;
  }

  /**
   * What a machine of this network builds with; for the demo system, prepares
   * it first (a 409 sentence when it cannot be prepared here). `pinned`: whether
   * the revision being built has a flake.lock that pins `clan` — it decides, not
   * the network's upstream now (a build queued before the network started or
   * stopped following one builds its revision as that revision says).
   */
  async buildInputs(networkId: string, pinned?: boolean): Promise<BuildFlakes> {
    const followed = await this.networks.findOne({ where: { id: networkId }, select: { id: true, system: true, upstream: true } });
    if (pinned ?? !!followed?.upstream) {
      const system = followed?.system ?? NetworkSystem.Nixos;
      const upstream = followed?.upstream ?? 'the upstream its flake.lock pins';
      // The lock pins clan and its nixpkgs; only a host that chose its own nixpkgs (CLAN_NIXPKGS) overrides that one.
      const nixpkgs = system === NetworkSystem.Nixos && this.config.nixpkgs !== DEFAULT_NIXPKGS ? this.config.nixpkgs : null;
      return { system, clanFlakeUrl: upstream, clanFlakeFromSetting: false, nixpkgs, upstream };
    }
    const system = followed?.system ?? NetworkSystem.Nixos;
    if (system === NetworkSystem.Demo) {
      return { system, clanFlakeUrl: await this.ensureDemo(), clanFlakeFromSetting: false, nixpkgs: null };
    }
    return { system, clanFlakeUrl: this.clanFlakeUrl(), clanFlakeFromSetting: !!this.config.clanFlakeUrl, nixpkgs: this.config.nixpkgs };
  }

  /** `--override-input` pairs that make the host's settings win over whatever an older flake.nix names. */
  overrideInputs(flakes: BuildFlakes): [string, string][] {
    if (flakes.upstream) return flakes.nixpkgs ? [['clan/nixpkgs', flakes.nixpkgs]] : [];
    const pairs: [string, string][] = [['clan', flakes.clanFlakeUrl]];
    if (flakes.nixpkgs) pairs.push(['clan/nixpkgs', flakes.nixpkgs]);
    return pairs;
  }

  /** The build task's "System: …" line: the overrides, or the upstream its flake.lock pins. */
  describe(flakes: BuildFlakes): string {
    const overrides = this.overrideInputs(flakes).map(([i, r]) => `${i} = ${r}`);
    if (!flakes.upstream) return `System: ${flakes.system}; ${overrides.join(', ')}.`;
    return `System: ${flakes.system}; clan follows ${flakes.upstream}, pinned by flake.lock${overrides.length ? `; ${overrides.join(', ')}` : ''}.`;
  }

  /** Prepares the demo system once (prepare.sh, as root); resolves with its flake reference. */
  ensureDemo(): Promise<string> {
    this.demoReady ??= this.prepareDemo().catch((err: unknown) => {
      this.demoReady = null;
      throw err;
    });
    return this.demoReady;
  }

  /** Why the demo system cannot be prepared on this host (cheap checks only), or null. */
  demoProblemNow(): string | null {
    if (!this.source || !this.demoDir) return "The panel's own nix/test-system directory was not found; reinstall the panel.";
    const urlProblem = clanFlakeUrlProblem(`path:${this.demoDir}`);
    if (urlProblem) return `CLAN_STATE_DIR (${this.config.stateDir}) cannot be part of a flake reference: ${urlProblem}`;
    if (existsSync(join(this.demoDir, 'kernel', 'version'))) return null;
    if (!existsSync('/bin/busybox')) return 'The demo system needs /bin/busybox: install the Debian package busybox-static.';
    const kernels = (() => {
      try {
        return readdirSync('/boot').filter((f) => f.startsWith('vmlinuz-'));
      } catch {
        return [];
      }
    })();
    if (kernels.length === 0)
      return "The demo system boots the host's Debian kernel and there is none in /boot: install the Debian package linux-image-amd64.";
    try {
      for (const k of kernels) accessSync(join('/boot', k), constants.R_OK);
    } catch {
      return 'The demo system copies the host kernel, which only root can read: run the panel as root (it is prepared on first use).';
    }
    return null;
  }

  private async prepareDemo(): Promise<string> {
    const url = this.demoUrl();
    const dir = this.demoDir as string;
    if (existsSync(join(dir, 'kernel', 'version'))) return url;
    const problem = this.demoProblemNow();
    if (problem) throw new DomainError(ErrorCode.Conflict, `The demo system cannot be prepared on this host. ${problem}`);
    const tmp = join(this.flakesDir, `.tmp-demo-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(tmp, { recursive: true });
      for (const f of DEMO_FILES) await cp(join(this.source as string, 'test-system', f), join(tmp, f));
      await cp(join(this.source as string, 'test-system', DEMO_CONTROLLER), join(tmp, 'controller.sh'));
      await this.proc.run('sh', [join(tmp, 'prepare.sh'), tmp], { timeoutMs: 120_000, signal: this.aborter.signal });
      await this.readOnly(tmp);
      if (existsSync(join(dir, 'kernel', 'version'))) await rm(tmp, { recursive: true, force: true });
      else {
        await rm(dir, { recursive: true, force: true });
        await rename(tmp, dir);
      }
      this.log.log(`Demo system prepared in ${dir}`);
      return url;
    } catch (err) {
      await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
      if (err instanceof DomainError) throw err;
      const why = err instanceof CommandError ? (err.stderr.trim().split('\n').pop() ?? err.message) : (err as Error).message;
      throw new DomainError(ErrorCode.Conflict, `The demo system cannot be prepared on this host: ${why.replace(/^prepare\.sh:\s*/, '')}`);
    }
  }

  /** Copies the shipped cLAN flake into its content-named directory (once per version) and removes older copies. */
  private async materialiseClan(): Promise<void> {
    if (!this.source || !this.clanDir || this.clanProblem) {
      this.log.warn(this.clanProblem ?? 'The shipped cLAN flake is not available.');
      return;
    }
    try {
      await mkdir(this.flakesDir, { recursive: true, mode: 0o755 });
      if (!existsSync(join(this.clanDir, 'flake.nix'))) {
        const tmp = join(this.flakesDir, `.tmp-clan-${randomBytes(6).toString('hex')}`);
        await mkdir(tmp);
        for (const f of CLAN_FILES) if (existsSync(join(this.source, f))) await cp(join(this.source, f), join(tmp, f), { recursive: true });
        await this.readOnly(tmp);
        await rm(this.clanDir, { recursive: true, force: true });
        await rename(tmp, this.clanDir);
      }
      const current = relative(this.flakesDir, this.clanDir);
      for (const e of await readdir(this.flakesDir)) {
        if ((e.startsWith('clan-') && e !== current) || e.startsWith('.tmp-clan-'))
          await rm(join(this.flakesDir, e), { recursive: true, force: true });
      }
    } catch (err) {
      this.clanProblem = `The shipped cLAN flake could not be copied to ${this.clanDir}: ${(err as Error).message}`;
      this.log.error(this.clanProblem);
    }
  }

  /** Files read-only (the content is pinned by the directory's name); directories stay removable. */
  private async readOnly(dir: string): Promise<void> {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await this.readOnly(p);
      else if (e.isFile()) await chmod(p, (await stat(p)).mode & 0o111 ? 0o555 : 0o444);
    }
  }

  // ── health ─────────────────────────────────────────────────────────────

  /** GET /api/health components: the cLAN flake, nixpkgs and the demo system, each with a sentence. */
  async health(): Promise<{ clanFlake: FlakeHealth; nixpkgs: FlakeHealth; demoSystem: FlakeHealth }> {
    const [clanFlake, nixpkgs] = await Promise.all([this.clanHealth(), this.nixpkgsHealth()]);
    const said = (h: FlakeHealth): FlakeHealth => (h.status === 'ok' ? h : { ...h, message: h.detail });
    return { clanFlake: said(clanFlake), nixpkgs: said(nixpkgs), demoSystem: said(this.demoHealth()) };
  }

  async nixpkgsHealth(): Promise<FlakeHealth> {
    return this.nixpkgsCheck.within(HEALTH_WAIT_MS, {
      status: 'unavailable',
      detail: `Checking whether nixpkgs (${this.config.nixpkgs}) is reachable…`,
    });
  }

  private async clanHealth(): Promise<FlakeHealth> {
    if (!this.config.clanFlakeUrl) {
      return this.shippedClanUrl && existsSync(join(this.clanDir as string, 'flake.nix'))
        ? { status: 'ok', detail: `The cLAN flake shipped with this panel (${this.shippedClanUrl}).` }
        : { status: 'unavailable', detail: this.clanProblem ?? 'The shipped cLAN flake is missing; restart the panel.' };
    }
    const r = await this.clanCheck.within(HEALTH_WAIT_MS, {
      status: 'unavailable',
      detail: `Checking whether the cLAN flake (${this.config.clanFlakeUrl}) is reachable…`,
    });
    return r.status === 'ok' ? { status: 'ok', detail: `CLAN_FLAKE_URL: ${this.config.clanFlakeUrl}` } : r;
  }

  private demoHealth(): FlakeHealth {
    const problem = this.demoProblemNow();
    if (problem) return { status: 'unavailable', detail: problem };
    const ready = this.demoDir && existsSync(join(this.demoDir, 'kernel', 'version'));
    const label = NETWORK_SYSTEM_LABELS[NetworkSystem.Demo];
    return { status: 'ok', detail: ready ? `${label}: ready.` : `${label}: can be prepared on this host (on first use).` };
  }

  /** `nix flake metadata <ref>`: fetches (or finds cached) the flake's source, nothing more. */
  private async probe(ref: string, what: string): Promise<FlakeHealth> {
    try {
      await this.proc.run(this.config.nixBin, [...FLAKES, 'flake', 'metadata', '--json', '--no-write-lock-file', ref], {
        timeoutMs: PROBE_TIMEOUT_MS,
        signal: this.aborter.signal,
        discardStdout: true,
      });
      return { status: 'ok', detail: `${what === 'nixpkgs' ? 'nixpkgs' : 'The cLAN flake'} is reachable: ${ref}` };
    } catch (err) {
      if (err instanceof CommandError && err.missing) return { status: 'unavailable', detail: err.message };
      const nixSaid =
        err instanceof CommandError
          ? err.stderr
              .trim()
              .split('\n')
              .filter((l) => /error/i.test(l))
              .pop()
          : undefined;
      const why = (nixSaid ?? (err as Error).message).replace(/^error:\s*/, '').trim();
      const advice =
        what === 'nixpkgs'
          ? 'NixOS machines cannot build here: set CLAN_NIXPKGS to a reachable nixpkgs (a flake reference or a local path/mirror), or use the demo system.'
          : 'Set CLAN_FLAKE_URL to a reachable cLAN flake, or unset it to use the one shipped with the panel.';
      return {
        status: 'unavailable',
        detail: `${what === 'nixpkgs' ? 'nixpkgs' : 'The cLAN flake'} (${ref}) is not reachable from this host (${why}). ${advice}`,
      };
    }
  }
}
