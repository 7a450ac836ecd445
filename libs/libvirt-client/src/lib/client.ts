import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingCommandMessage } from '@clan/nix-schema';
import { backupUnsupported, LibvirtBackupUnsupportedError, parseDomJobInfo, type DomainJobInfo } from './backup';
import { LibvirtConsole, type LibvirtConsoleOptions } from './console';
import { buildDomainXml, parseDomainXml, type DomainSpec } from './domain-spec';
import {
  classifyVirshFailure,
  LibvirtConnectionError,
  LibvirtError,
  LibvirtErrorCode,
  LibvirtFailedError,
  LibvirtInvalidStateError,
  LibvirtNotFoundError,
  LibvirtTimeoutError,
} from './errors';
import { LibvirtEventStream } from './events';
import { parseNetInfo, parseNetworkXml, type NetworkInfo, type NetworkXmlSummary } from './network';
import { parseDomstats, type DomainStats } from './stats';
import { ProcessVirshRunner, SessionVirshRunner, type VirshRunner } from './virsh-runner';
import { canTransition, VmState, vmStateFromVirsh, type VmAction } from './vm-state';
import { child, childrenNamed, parseXml, textOf } from './xml';

export interface LibvirtClientOptions {
  /** e.g. "qemu:///system" or "test:///default". */
  uri: string;
  /**
   * Run every command through one long-lived interactive virsh. Needed for
   * test:///default, whose state lives only as long as one connection.
   */
  session?: boolean;
  /** Use this runner instead of one made from `uri`/`session`. */
  runner?: VirshRunner;
  /** Per-command timeout (default 30 s). */
  commandTimeoutMs?: number;
}

export interface DomainInfo {
  name: string;
  uuid: string;
  /** libvirt's id of the running domain (new at every start); null while it is off. */
  id: number | null;
  state: VmState;
  /** virsh's reason text, e.g. "booted", "destroyed", "user". */
  reason: string;
  persistent: boolean;
  maxMemoryKiB: number;
  usedMemoryKiB: number;
  vcpus: number;
}

export interface StoragePoolInfo {
  name: string;
  path: string;
  active: boolean;
}

export interface VolumeInfo {
  name: string;
  path: string;
  /** raw, qcow2, … as libvirt reports it. */
  format: string;
  capacityBytes: number;
  allocationBytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Typed client for libvirtd, driven through the `virsh` CLI (see
 * docs/decisions/0002-libvirt-binding.md). Throws only LibvirtError subclasses.
 */
export class LibvirtClient {
  readonly uri: string;
  private readonly runner: VirshRunner;
  private readonly timeoutMs: number;
  private connecting?: Promise<void>;
  private connected = false;

  constructor(options: LibvirtClientOptions) {
    this.uri = options.uri;
    this.timeoutMs = options.commandTimeoutMs ?? 30_000;
    this.runner = options.runner ?? (options.session ? new SessionVirshRunner(this.uri) : new ProcessVirshRunner(this.uri));
  }

  /** Checks libvirtd answers at the URI. Concurrent callers share one attempt. */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= this.exec(['uri'], 'connect to ' + this.uri)
      .then(() => {
        this.connected = true;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  close(): void {
    this.connected = false;
    this.runner.close();
  }

  private async exec(args: string[], action: string): Promise<string> {
    const r = await this.runner.run(args, this.timeoutMs);
    if (r.missing) throw new LibvirtConnectionError(`${action}: ${missingCommandMessage('virsh')}`, undefined, this.uri, true);
    if (r.timedOut) throw new LibvirtTimeoutError(`${action}: virsh did not answer within ${this.timeoutMs} ms`);
    if (!r.ok) {
      const e = classifyVirshFailure(action, r.stderr);
      throw e instanceof LibvirtConnectionError ? new LibvirtConnectionError(e.message, e.detail, this.uri) : e;
    }
    return r.stdout;
  }

  /** Runs a command after connecting; on a connection error reconnects once and retries once. */
  private async virsh(args: string[], action: string): Promise<string> {
    await this.connect();
    try {
      return await this.exec(args, action);
    } catch (e) {
      if (!(e instanceof LibvirtError) || e.code !== LibvirtErrorCode.Connection) throw e;
      this.connected = false;
      this.runner.reset();
      await this.connect();
      return this.exec(args, action);
    }
  }

  // ---- domains ----

  async listDomains(): Promise<string[]> {
    const out = await this.virsh(['list', '--all', '--name'], 'list domains');
    return out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }

  /**
   * The user and group libvirt runs qemu processes of domain type `type` as
   * (its DAC security driver's base label), e.g. 64055:64055 for Debian's
   * libvirt-qemu; null where there is no DAC model (test:///default).
   * Files qemu must create itself (a VNC socket) need a directory it can write.
   */
  async qemuProcessLabel(type: 'kvm' | 'qemu'): Promise<{ uid: number; gid: number } | null> {
    const caps = parseXml(await this.virsh(['capabilities'], 'read capabilities'));
    const dac = childrenNamed(child(caps, 'host'), 'secmodel').find((m) => textOf(child(m, 'model')) === 'dac');
    const label = textOf(childrenNamed(dac, 'baselabel').find((b) => b.attrs['type'] === type));
    const m = /^\+?(\d+):\+?(\d+)$/.exec(label ?? '');
    return m ? { uid: Number(m[1]), gid: Number(m[2]) } : null;
  }

  /** Names of the running domains (one call, whatever their number). */
  async listRunning(): Promise<string[]> {
    const out = await this.virsh(['list', '--name'], 'list running domains');
    return out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }

  /**
   * The serial console of a running domain (see LibvirtConsole). Not available
   * on test:///default (its driver has no console streams): the console ends at
   * once with virsh's error.
   */
  openConsole(name: string, options: LibvirtConsoleOptions = {}): LibvirtConsole {
    return new LibvirtConsole(this.uri, name, options);
  }

  async list(): Promise<DomainInfo[]> {
    const names = await this.listDomains();
    return Promise.all(names.map((n) => this.get(n)));
  }

  /** The domain's state, or VmState.Undefined when libvirt does not know it. */
  async state(name: string): Promise<{ state: VmState; reason: string }> {
    try {
      const out = (await this.virsh(['domstate', '--reason', name], `state of ${name}`)).trim();
      const m = /^(.*?)(?: \((.*)\))?$/.exec(out);
      return { state: vmStateFromVirsh(m?.[1] ?? out), reason: m?.[2] ?? '' };
    } catch (e) {
      if (e instanceof LibvirtError && e.code === LibvirtErrorCode.NotFound) return { state: VmState.Undefined, reason: '' };
      throw e;
    }
  }

  async get(name: string): Promise<DomainInfo> {
    const out = await this.virsh(['dominfo', name], `get domain ${name}`);
    const f: Record<string, string> = {};
    for (const line of out.split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) f[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    const { state, reason } = await this.state(name);
    return {
      name: f['Name'] ?? name,
      uuid: f['UUID'] ?? '',
      id: /^\d+$/.test(f['Id'] ?? '') ? Number(f['Id']) : null,
      state,
      reason,
      persistent: f['Persistent'] === 'yes',
      maxMemoryKiB: parseInt(f['Max memory'] ?? '0', 10),
      usedMemoryKiB: parseInt(f['Used memory'] ?? '0', 10),
      vcpus: parseInt(f['CPU(s)'] ?? '0', 10),
    };
  }

  async getSpec(name: string): Promise<DomainSpec> {
    const xml = await this.virsh(['dumpxml', name], `read domain ${name}`);
    try {
      return parseDomainXml(xml);
    } catch (e) {
      throw new LibvirtFailedError(`read domain ${name}: unparseable XML (${(e as Error).message})`);
    }
  }

  /** Refuses `action` with INVALID_STATE unless the transition table allows it. */
  private async guard(name: string, action: VmAction): Promise<VmState> {
    const { state } = await this.state(name);
    if (state === VmState.Undefined && action !== 'define') throw new LibvirtNotFoundError(`${action} ${name}: no such domain`);
    if (!canTransition(state, action)) throw new LibvirtInvalidStateError(`cannot ${action} ${name} while it is ${state}`);
    return state;
  }

  /** Defines (or redefines) a persistent domain from a spec. */
  async define(spec: DomainSpec): Promise<void> {
    await this.defineXml(buildDomainXml(spec), spec.name);
  }

  async defineXml(xml: string, label = 'domain'): Promise<void> {
    // virsh takes the XML from a file; a private temp dir keeps it from other users.
    const dir = await mkdtemp(join(tmpdir(), 'clan-virsh-'));
    try {
      const file = join(dir, 'domain.xml');
      await writeFile(file, xml, { mode: 0o600 });
      await this.virsh(['define', file], `define ${label}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Undefines a shut-off domain; its disk images are left alone. */
  async undefine(name: string): Promise<void> {
    await this.guard(name, 'undefine');
    await this.virsh(['undefine', '--nvram', name], `undefine ${name}`).catch(async (e: unknown) => {
      // --nvram is refused by drivers without NVRAM support (the test driver); plain undefine is equivalent there.
      if (e instanceof LibvirtError && e.code === LibvirtErrorCode.Failed) return this.virsh(['undefine', name], `undefine ${name}`);
      throw e;
    });
  }

  async start(name: string): Promise<void> {
    await this.guard(name, 'start');
    await this.virsh(['start', name], `start ${name}`);
  }

  /**
   * Asks the guest to power off (ACPI), polls until it is off, and destroys
   * it if it is still up after `timeoutMs`. Resolves with how it ended.
   */
  async shutdown(name: string, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<'graceful' | 'destroyed'> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const pollMs = opts.pollMs ?? 500;
    await this.guard(name, 'shutdown');
    await this.virsh(['shutdown', name], `shut down ${name}`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { state } = await this.state(name);
      if (state === VmState.ShutOff || state === VmState.Undefined || state === VmState.Crashed) return 'graceful';
      if (Date.now() >= deadline) break;
      await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
    }
    await this.virsh(['destroy', name], `destroy ${name} after shutdown timeout`);
    return 'destroyed';
  }

  async destroy(name: string): Promise<void> {
    await this.guard(name, 'destroy');
    await this.virsh(['destroy', name], `destroy ${name}`);
  }

  async reboot(name: string): Promise<void> {
    await this.guard(name, 'reboot');
    await this.virsh(['reboot', name], `reboot ${name}`);
  }

  async suspend(name: string): Promise<void> {
    await this.guard(name, 'suspend');
    await this.virsh(['suspend', name], `suspend ${name}`);
  }

  async resume(name: string): Promise<void> {
    await this.guard(name, 'resume');
    await this.virsh(['resume', name], `resume ${name}`);
  }

  // ---- push-mode backup (backup.ts) ----

  /**
   * Whether this virsh knows `backup-begin` (libvirt 6.0 or later; push-mode
   * jobs on QEMU work from libvirt 7.2). A driver without backup jobs still
   * says so only when one begins (backupBegin).
   */
  async knowsBackupBegin(): Promise<boolean> {
    try {
      await this.virsh(['backup-begin', '--help'], 'virsh backup-begin --help');
      return true;
    } catch (e) {
      if (e instanceof LibvirtFailedError && backupUnsupported(e.detail ?? e.message)) return false;
      throw e;
    }
  }

  /**
   * Starts a push-mode backup job on a running domain (`virsh backup-begin`
   * with `xml`, buildPushBackupXml). `reuseExternal`: the target files exist
   * already (made by the caller, so they stay the caller's). A libvirt without
   * backup jobs is LibvirtBackupUnsupportedError.
   */
  async backupBegin(name: string, xml: string, opts: { reuseExternal?: boolean } = {}): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'clan-virsh-'));
    try {
      const file = join(dir, 'backup.xml');
      await writeFile(file, xml, { mode: 0o600 });
      await this.virsh(['backup-begin', name, file, ...(opts.reuseExternal ? ['--reuse-external'] : [])], `backup-begin ${name}`);
    } catch (e) {
      if (e instanceof LibvirtFailedError && backupUnsupported(e.detail ?? e.message)) {
        throw new LibvirtBackupUnsupportedError(e.message, e.detail);
      }
      throw e;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * The domain's job now (`virsh domjobinfo`), or with `completed` the last
   * job that ended, failed ones too (`--completed --anystats`; reading it
   * clears it, as libvirt does).
   */
  async jobInfo(name: string, opts: { completed?: boolean } = {}): Promise<DomainJobInfo> {
    const args = ['domjobinfo', name, ...(opts.completed ? ['--completed', '--anystats'] : [])];
    return parseDomJobInfo(await this.virsh(args, `job info of ${name}`));
  }

  /** Aborts the domain's running job (`virsh domjobabort`); a domain without one is left alone. */
  async jobAbort(name: string): Promise<void> {
    await this.virsh(['domjobabort', name], `abort the job of ${name}`).catch((e: unknown) => {
      if (e instanceof LibvirtError && /no job is active|no active job|not running/i.test(e.detail ?? e.message)) return;
      throw e;
    });
  }

  /** Stats of every domain from one `virsh domstats --raw` run. */
  async stats(): Promise<DomainStats[]> {
    return parseDomstats(await this.virsh(['domstats', '--raw'], 'domain stats'));
  }

  /**
   * Lifecycle (and other) events from a dedicated `virsh event` process.
   * Call close() when done; it ends by itself if libvirtd goes away.
   * In session mode this is a separate connection, so on test:///default it
   * does not see changes made through the session.
   */
  events(): LibvirtEventStream {
    return new LibvirtEventStream(this.uri);
  }

  // ---- networks ----

  /** `virsh net-info`, or null when libvirt has no network `name`. */
  async networkInfo(name: string): Promise<NetworkInfo | null> {
    try {
      return parseNetInfo(name, await this.virsh(['net-info', name], `read network ${name}`));
    } catch (e) {
      if (e instanceof LibvirtError && e.code === LibvirtErrorCode.NotFound) return null;
      throw e;
    }
  }

  /** The network's persistent definition as the panel compares it. */
  async networkSummary(name: string): Promise<NetworkXmlSummary> {
    const xml = await this.virsh(['net-dumpxml', name], `read network ${name}`);
    try {
      return parseNetworkXml(xml);
    } catch (e) {
      throw new LibvirtFailedError(`read network ${name}: ${(e as Error).message}`);
    }
  }

  /** Defines a persistent network from XML (`virsh net-define`). */
  async defineNetworkXml(xml: string, label = 'network'): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'clan-virsh-'));
    try {
      const file = join(dir, 'network.xml');
      await writeFile(file, xml, { mode: 0o600 });
      await this.virsh(['net-define', file], `define network ${label}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async startNetwork(name: string): Promise<void> {
    await this.virsh(['net-start', name], `start network ${name}`);
  }

  async autostartNetwork(name: string): Promise<void> {
    await this.virsh(['net-autostart', name], `autostart network ${name}`);
  }

  /** Stops the network if it runs and removes its definition (tests' clean-up). */
  async removeNetwork(name: string): Promise<void> {
    const info = await this.networkInfo(name);
    if (!info) return;
    if (info.active) await this.virsh(['net-destroy', name], `stop network ${name}`);
    if (info.persistent) await this.virsh(['net-undefine', name], `undefine network ${name}`);
  }

  // ---- storage ----

  private async poolInfo(name: string): Promise<StoragePoolInfo> {
    const xml = parseXml(await this.virsh(['pool-dumpxml', name], `read pool ${name}`));
    const info = await this.virsh(['pool-info', name], `pool info ${name}`);
    return {
      name,
      path: textOf(child(child(xml, 'target'), 'path')) ?? '',
      active: /^State:\s+running/m.test(info),
    };
  }

  /** Makes sure a started, autostarted `dir` pool `name` exists at `path`. */
  async ensureDirPool(name: string, path: string): Promise<StoragePoolInfo> {
    let pool: StoragePoolInfo;
    try {
      pool = await this.poolInfo(name);
    } catch (e) {
      if (!(e instanceof LibvirtError) || e.code !== LibvirtErrorCode.NotFound) throw e;
      await this.virsh(['pool-define-as', name, 'dir', '--target', path], `define pool ${name}`);
      await this.virsh(['pool-build', name], `build pool ${name}`);
      pool = await this.poolInfo(name);
    }
    if (pool.path !== path) {
      throw new LibvirtInvalidStateError(`pool ${name} exists at ${pool.path}, not ${path}`);
    }
    if (!pool.active) await this.virsh(['pool-start', name], `start pool ${name}`);
    await this.virsh(['pool-autostart', name], `autostart pool ${name}`);
    return { ...pool, active: true };
  }

  async createVolume(pool: string, name: string, opts: { capacityBytes: number; format: 'raw' | 'qcow2' }): Promise<VolumeInfo> {
    await this.virsh(['vol-create-as', pool, name, `${opts.capacityBytes}B`, '--format', opts.format], `create volume ${name} in ${pool}`);
    return this.volumeInfo(pool, name);
  }

  async deleteVolume(pool: string, name: string): Promise<void> {
    await this.virsh(['vol-delete', '--pool', pool, name], `delete volume ${name} in ${pool}`);
  }

  async listVolumes(pool: string): Promise<string[]> {
    const out = await this.virsh(['vol-list', '--pool', pool], `list volumes in ${pool}`);
    // -q drops the header; each line is "name   path"; names may contain spaces, paths are absolute.
    return out
      .split('\n')
      .map((l) => /^\s*(.*?)\s+(\/.*)$/.exec(l)?.[1])
      .filter((n): n is string => !!n);
  }

  async volumeInfo(pool: string, name: string): Promise<VolumeInfo> {
    const xml = parseXml(await this.virsh(['vol-dumpxml', '--pool', pool, name], `read volume ${name} in ${pool}`));
    const bytes = (n: string) => Number(textOf(child(xml, n)) ?? 0);
    return {
      name: textOf(child(xml, 'name')) ?? name,
      path: textOf(child(child(xml, 'target'), 'path')) ?? '',
      format: child(child(xml, 'target'), 'format')?.attrs['type'] ?? '',
      capacityBytes: bytes('capacity'),
      allocationBytes: bytes('allocation'),
    };
  }
}
