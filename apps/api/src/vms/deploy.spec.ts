import type { DomainSpec } from '@clan/libvirt-client';
import { VmState } from '@clan/libvirt-client';
import type { MachineConfig } from '@clan/nix-schema';
import type { AuditService } from '../audit/audit.service';
import type { MachineConsoleStore } from '../consoles/settings/machine-console.store';
import { VmLayout } from '../services/disk/vm-layout';
import type { SecretFile, VmDisks } from '../services/disk/vm-disks';
import type { LibvirtService } from '../services/libvirt/libvirt.service';
import type { NixService } from '../services/nix/nix.service';
import type { JobContext } from '../services/queue/job-context';
import type { PubSub } from '../services/queue/pubsub.service';
import { type GenerationEntity, GenerationStatus } from './generation.entity';
import type { GenerationsStore } from './generations.service';
import type { HealthOutcome, HealthProbe, Pong } from './health-probe';
import type { MachineAtRevision, MachineConfigs } from './machine-configs.service';
import type { MachineStateEntity } from './machine-state.entity';
import type { MachinePatch, MachineStateService } from './machine-state.service';
import { VmDeployer } from './vm-deployer.service';
import { VmGc } from './vm-gc.service';
import { VmManager } from './vm-manager.service';
import { VmReconciler } from './vm-reconciler.service';
import { VmSecrets } from './vm-secrets';
import type { VmTasks } from './vm-tasks.service';

/*
 * The deploy/rollback decisions (VmDeployer, on the real VmManager and VmGc)
 * driven with fake adapters: an in-memory generations store and machine
 * state, a fake libvirt, a fake Nix, a fake disk and a fake guest that
 * answers the health probe or not. Nothing here boots, builds or spawns;
 * vm-pipeline.int-spec.ts does that against qemu.
 */

/** The public surface of a class, for fakes that stand in for it. */
type Public<T> = { [K in keyof T]: T[K] };

const NET = '00000000-0000-4000-8000-000000000001';
const MACHINE = 'web';
const rev = (n: number) => String(n).repeat(40);
const storePath = (n: number) => `/nix/store/${String(n).repeat(32)}-nixos-system-web`;

class FakeGenerations implements Public<GenerationsStore> {
  readonly rows = new Map<number, GenerationEntity>();

  add(n: number, status: GenerationStatus): GenerationEntity {
    const g = {
      id: `gen-${n}`,
      networkId: NET,
      machine: MACHINE,
      number: n,
      revision: rev(n),
      storePath: storePath(n),
      closureBytes: 1024,
      status,
      taskId: null,
      builtAt: new Date(),
      bootedAt: null,
      healthyAt: null,
      rolledBackAt: null,
      note: null,
    } as GenerationEntity;
    this.rows.set(n, g);
    return g;
  }
  status(n: number): GenerationStatus | undefined {
    return this.rows.get(n)?.status;
  }
  async get(_networkId: string, _machine: string, n: number) {
    return this.rows.get(n) ?? null;
  }
  async latest() {
    return [...this.rows.values()].sort((a, b) => b.number - a.number)[0] ?? null;
  }
  async list() {
    const items = [...this.rows.values()].sort((a, b) => b.number - a.number);
    return { items, total: items.length };
  }
  async live() {
    return [...this.rows.values()].filter((g) => g.status !== GenerationStatus.Collected).sort((a, b) => b.number - a.number);
  }
  async record(g: Parameters<GenerationsStore['record']>[0]) {
    return this.rows.get(g.number) ?? this.add(g.number, g.status);
  }
  async patch(id: string, patch: Parameters<GenerationsStore['patch']>[1]) {
    const g = [...this.rows.values()].find((x) => x.id === id);
    if (g) Object.assign(g, patch);
  }
  async machinesWithGenerations() {
    return [{ networkId: NET, machine: MACHINE }];
  }
}

class FakeMachineState implements Public<MachineStateService> {
  readonly rows = new Map<string, MachineStateEntity>();
  writes = 0;

  row(): MachineStateEntity | undefined {
    return this.rows.get(`${NET}/${MACHINE}`);
  }
  onModuleInit(): void {
    // No commits to listen to here.
  }
  async get(networkId: string, name: string) {
    return this.rows.get(`${networkId}/${name}`) ?? null;
  }
  async ensure(networkId: string, name: string) {
    await this.ensureRows(networkId, [name]);
    return this.rows.get(`${networkId}/${name}`) as MachineStateEntity;
  }
  async ensureRows(networkId: string, names: string[]) {
    for (const name of names) {
      if (this.rows.has(`${networkId}/${name}`)) continue;
      this.rows.set(`${networkId}/${name}`, {
        networkId,
        name,
        hostId: null,
        deployedRevision: null,
        domainName: null,
        currentGeneration: null,
        healthyGeneration: null,
        vmState: VmState.Undefined,
        vmStateAt: null,
        bootedAt: null,
        health: 'unknown',
        healthAt: null,
        createdAt: new Date(),
      });
    }
  }
  async patch(networkId: string, name: string, patch: MachinePatch) {
    const row = this.rows.get(`${networkId}/${name}`);
    this.writes++;
    if (row) Object.assign(row, patch);
  }
  async setDeployedRevision(networkId: string, name: string, revision: string | null) {
    await this.ensureRows(networkId, [name]);
    await this.patch(networkId, name, { deployedRevision: revision });
  }
  async withDomain() {
    return [...this.rows.values()].filter((r) => r.domainName);
  }
  async deployedRevisions(networkId: string, names: string[]) {
    return new Map(names.map((n) => [n, this.rows.get(`${networkId}/${n}`)?.deployedRevision ?? null]));
  }
  async domainOf(networkId: string, machine: string) {
    return this.rows.get(`${networkId}/${machine}`)?.domainName ?? null;
  }
  async machinesOf(domainNames: string[]) {
    return [...this.rows.values()]
      .filter((r) => r.domainName && domainNames.includes(r.domainName))
      .map((r) => ({ networkId: r.networkId, machine: r.name, domainName: r.domainName as string }));
  }
}

/** libvirt as a table of domains; `crashOn` makes one call throw once, the way a dying panel would stop mid-way. */
class FakeLibvirt {
  readonly panelId = 'feedf00d';
  readonly uri = 'fake:///';
  readonly domains = new Map<string, { spec: DomainSpec; state: VmState; uuid: string }>();
  crashOn: 'define' | 'start' | null = null;
  defines = 0;

  domainName(networkId: string, machine: string): string {
    return `clan-${this.panelId}-${networkId.replace(/-/g, '').slice(0, 8)}-${machine}`;
  }
  owns(name: string): boolean {
    return name.startsWith(`clan-${this.panelId}-`);
  }
  async domainType(): Promise<'qemu'> {
    return 'qemu';
  }
  /** The generation the domain boots. */
  generation(name: string): number | undefined {
    return this.domains.get(name)?.spec.metadata?.generation;
  }
  private crash(call: 'define' | 'start'): void {
    if (this.crashOn !== call) return;
    this.crashOn = null;
    throw new Error(`the panel stopped during ${call}`);
  }

  readonly client = {
    listDomains: async () => [...this.domains.keys()],
    state: async (name: string) => ({ state: this.domains.get(name)?.state ?? VmState.Undefined, reason: '' }),
    get: async (name: string) => ({ uuid: this.domains.get(name)?.uuid ?? '' }),
    getSpec: async (name: string) => {
      const d = this.domains.get(name);
      if (!d) throw new Error(`no domain ${name}`);
      return d.spec;
    },
    define: async (spec: DomainSpec & { uuid?: string }) => {
      this.crash('define');
      this.defines++;
      const old = this.domains.get(spec.name);
      if (old && spec.uuid !== old.uuid) throw new Error(`domain ${spec.name} already exists with another UUID`);
      this.domains.set(spec.name, { spec, state: old?.state ?? VmState.ShutOff, uuid: old?.uuid ?? `uuid-${this.domains.size + 1}` });
    },
    start: async (name: string) => {
      this.crash('start');
      const d = this.domains.get(name);
      if (!d) throw new Error(`no domain ${name}`);
      d.state = VmState.Running;
    },
    shutdown: async (name: string) => {
      const d = this.domains.get(name);
      if (d) d.state = VmState.ShutOff;
      return 'graceful' as const;
    },
    destroy: async (name: string) => {
      const d = this.domains.get(name);
      if (d) d.state = VmState.ShutOff;
    },
    undefine: async (name: string) => {
      this.domains.delete(name);
    },
    suspend: async () => undefined,
    resume: async () => undefined,
    qemuProcessLabel: async () => null,
  };
}

/** A machine profile per machine: its generations and the current one. */
class FakeNix implements Public<NixService> {
  readonly profiles = new Map<string, { gens: Set<number>; current: number | null }>();
  deleted: string[] = [];

  private p(profile: string) {
    let p = this.profiles.get(profile);
    if (!p) this.profiles.set(profile, (p = { gens: new Set(), current: null }));
    return p;
  }
  current(): number | null {
    return this.p(this.profile(NET, MACHINE)).current;
  }
  profile(networkId: string, machine: string) {
    return `/profiles/${networkId}/${machine}`;
  }
  async build(): Promise<string> {
    throw new Error('the deploy decisions never build');
  }
  async closure(path: string) {
    return { paths: [path], narBytes: 1024 };
  }
  async setProfile(profile: string) {
    const p = this.p(profile);
    const n = Math.max(0, ...p.gens) + 1;
    p.gens.add(n);
    p.current = n;
    return n;
  }
  async currentGeneration(profile: string) {
    const c = this.p(profile).current;
    if (c === null) throw new Error('no profile');
    return c;
  }
  async switchProfile(profile: string, n: number) {
    const p = this.p(profile);
    if (!p.gens.has(n)) throw new Error(`profile generation ${n} does not exist`);
    p.current = n;
  }
  async profileGenerations(profile: string) {
    return [...this.p(profile).gens];
  }
  async deleteProfileGenerations(profile: string, numbers: number[]) {
    for (const n of numbers) this.p(profile).gens.delete(n);
  }
  async deleteIfDead(paths: string[]) {
    this.deleted.push(...paths);
  }
  async roots() {
    return [];
  }
  async removeProfile(profile: string) {
    this.profiles.delete(profile);
  }
}

/** Files as a set of paths; images are empty markers. */
class FakeDisks implements Public<VmDisks> {
  readonly files = new Set<string>();
  readonly secretDisks: SecretFile[][] = [];

  layout(networkId: string, machine: string) {
    return new VmLayout('/state', networkId, machine);
  }
  async scratch(name: string) {
    return `/state/tmp/${name}`;
  }
  async remove(path: string) {
    for (const f of this.files) if (f === path || f.startsWith(path + '/')) this.files.delete(f);
  }
  async exists(path: string) {
    return this.files.has(path);
  }
  async readText() {
    return 'console=ttyS0';
  }
  async ensureDirs() {
    // Directories need no marker.
  }
  async ensureDisplayDir() {
    // Nor does the display directory.
  }
  async copyBootFiles(layout: VmLayout, n: number) {
    this.files.add(layout.kernel(n));
    this.files.add(layout.initrd(n));
  }
  async ensureStateDisk(layout: VmLayout) {
    if (this.files.has(layout.stateDisk)) return 'unchanged' as const;
    this.files.add(layout.stateDisk);
    return 'created' as const;
  }
  async makeStoreDisk(_paths: string[], image: string) {
    this.files.add(image);
    return { bytes: 4096 };
  }
  async makeSecretsDisk(files: SecretFile[], image: string) {
    this.files.add(image);
    this.secretDisks.push(files);
    return { files: files.length };
  }
  async extractTar() {
    // Nothing to export in these tests.
  }
  async removeGeneration(layout: VmLayout, n: number) {
    await this.remove(layout.genDir(n));
  }
  async archiveVmDir() {
    return null;
  }
  async readTail() {
    return { text: '', size: 0, truncated: false };
  }
}

/** The guest: answers the health probe for the generations listed as healthy. */
class FakeGuest implements Public<HealthProbe> {
  readonly healthy = new Set<number>();
  probes: number[] = [];

  async wait(_socket: string, expect: Pong): Promise<HealthOutcome> {
    this.probes.push(expect.generation);
    return this.healthy.has(expect.generation)
      ? { healthy: true, afterMs: 1200 }
      : { healthy: false, reason: 'no answer on the health channel within 1 s (1 probes)' };
  }
}

/** Each revision's configuration, counting reads. */
class FakeConfigs implements Public<MachineConfigs> {
  reads: string[] = [];
  async head() {
    return rev(9);
  }
  async resolveRevision(_networkId: string, r: string) {
    return r;
  }
  async at(networkId: string, machine: string, revision: string): Promise<MachineAtRevision | null> {
    this.reads.push(revision);
    const config = { resources: { vcpus: 1, memoryMiB: 512, stateDiskGiB: 2 } } as MachineConfig;
    return { networkId, machine, revision, config };
  }
  async require(networkId: string, machine: string, revision: string) {
    return (await this.at(networkId, machine, revision)) as MachineAtRevision;
  }
  async exportRevision() {
    // Nothing to export in these tests.
  }
}

function fakeContext(): JobContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    taskId: 'task-1',
    jobName: 'vm.deploy',
    payload: {},
    userId: null,
    networkId: NET,
    machine: MACHINE,
    signal: new AbortController().signal,
    progress: async () => undefined,
    log: async (_level: string, text: string) => void lines.push(text),
    throwIfCancelled: () => undefined,
    lines,
  } as unknown as JobContext & { lines: string[] };
}

/** A panel process over the fakes; the fakes are what survives a restart (database, libvirt, disk, store). */
function world() {
  const generations = new FakeGenerations();
  const state = new FakeMachineState();
  const libvirt = new FakeLibvirt();
  const nix = new FakeNix();
  const disks = new FakeDisks();
  const guest = new FakeGuest();
  const configs = new FakeConfigs();
  const audit: { action: string; details: unknown }[] = [];
  const notices: unknown[] = [];
  const panel = () => {
    const consoles = { get: async () => ({ display: false }) } as unknown as MachineConsoleStore;
    const vm = new VmManager(
      { healthTimeoutSeconds: 1 },
      state as unknown as MachineStateService,
      libvirt as unknown as LibvirtService,
      disks as unknown as VmDisks,
      nix as unknown as NixService,
      consoles,
      new VmSecrets(),
      guest as unknown as HealthProbe,
    );
    const vmTasks = { active: async () => [] } as unknown as VmTasks;
    const gc = new VmGc(
      generations as unknown as GenerationsStore,
      state as unknown as MachineStateService,
      nix as unknown as NixService,
      disks as unknown as VmDisks,
      vmTasks,
    );
    return new VmDeployer(
      { generationsKeep: 3, role: 'panel' },
      vm,
      generations as unknown as GenerationsStore,
      state as unknown as MachineStateService,
      configs as unknown as MachineConfigs,
      nix as unknown as NixService,
      gc,
      { record: async (e: { action: string; details: unknown }) => void audit.push(e) } as unknown as AuditService,
      { publish: async (_channel: string, m: unknown) => void notices.push(m) } as unknown as PubSub,
    );
  };
  /** Generation `n` built (a profile generation); `healthy`: it passed a health check before. */
  const built = async (n: number, status = GenerationStatus.Built) => {
    await nix.setProfile(nix.profile(NET, MACHINE));
    return generations.add(n, status);
  };
  const domain = () => libvirt.domainName(NET, MACHINE);
  return { generations, state, libvirt, nix, disks, guest, configs, audit, notices, panel, built, domain };
}

/** A machine that runs generation 1, healthy, deployed by an earlier deployment. */
async function runningGeneration1(w: ReturnType<typeof world>) {
  await w.built(1);
  w.guest.healthy.add(1);
  await w.panel().deploy(fakeContext(), NET, MACHINE, 1, false);
  w.guest.probes = [];
  w.configs.reads = [];
}

const deploy = (w: ReturnType<typeof world>, n: number, rollback = false) => w.panel().deploy(fakeContext(), NET, MACHINE, n, rollback);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the deployment succeeded');
    },
    (e: unknown) => e as Error,
  );

describe('VM deploy and rollback decisions (fake adapters)', () => {
  it('healthy: keeps the new generation, records it as deployed and collects old ones', async () => {
    const w = world();
    await runningGeneration1(w);
    await w.built(2);
    w.guest.healthy.add(2);

    await expect(deploy(w, 2)).resolves.toEqual({ generation: 2, healthy: true, rolledBackTo: null });

    expect(w.generations.status(2)).toBe(GenerationStatus.Healthy);
    expect(w.generations.status(1)).toBe(GenerationStatus.Healthy);
    expect(w.state.row()).toMatchObject({
      domainName: w.domain(),
      currentGeneration: 2,
      healthyGeneration: 2,
      deployedRevision: rev(2),
      health: 'healthy',
      vmState: VmState.Running,
    });
    expect(w.libvirt.generation(w.domain())).toBe(2);
    expect(w.libvirt.domains.get(w.domain())?.state).toBe(VmState.Running);
    expect(w.nix.current()).toBe(2);
    expect(w.guest.probes).toEqual([2]);
    // One read and validation of the configuration for the deployment.
    expect(w.configs.reads).toEqual([rev(2)]);
    expect(w.audit).toEqual([]);
  });

  it('unhealthy: rolls back to the last healthy generation and says so', async () => {
    const w = world();
    await runningGeneration1(w);
    await w.built(2);

    const err = await failure(deploy(w, 2));

    expect(err.message).toBe(
      'Generation 2 failed its health check (no answer on the health channel within 1 s (1 probes)); ' +
        'the panel rolled back to generation 1, which is running and healthy.',
    );
    expect(w.guest.probes).toEqual([2, 1]);
    expect(w.generations.status(2)).toBe(GenerationStatus.RolledBack);
    expect(w.generations.rows.get(2)?.note).toContain('no answer on the health channel');
    expect(w.generations.status(1)).toBe(GenerationStatus.Healthy);
    expect(w.state.row()).toMatchObject({ currentGeneration: 1, healthyGeneration: 1, deployedRevision: rev(1), health: 'healthy' });
    expect(w.libvirt.generation(w.domain())).toBe(1);
    expect(w.nix.current()).toBe(1);
    expect(w.audit).toEqual([
      expect.objectContaining({
        action: 'vm.rollback',
        details: expect.objectContaining({ automatic: true, fromGeneration: 2, toGeneration: 1 }),
      }),
    ]);
    expect(w.notices).toEqual([
      expect.objectContaining({ notification: expect.objectContaining({ level: 'warn', title: 'web rolled back to generation 1' }) }),
    ]);
  });

  it('rollback target collected: a clear error, the new generation stays, nothing else is booted', async () => {
    const w = world();
    await runningGeneration1(w);
    await w.generations.patch('gen-1', { status: GenerationStatus.Collected });
    await w.built(2);

    const err = await failure(deploy(w, 2));

    expect(err.name).toBe('VmJobError');
    expect(err.message).toBe(
      'Generation 2 failed its health check (no answer on the health channel within 1 s (1 probes)) and there is no earlier ' +
        'healthy generation to roll back to; the VM keeps running generation 2.',
    );
    expect(w.guest.probes).toEqual([2]);
    expect(w.generations.status(2)).toBe(GenerationStatus.Unhealthy);
    expect(w.state.row()).toMatchObject({ currentGeneration: 2, healthyGeneration: 1, deployedRevision: rev(1), health: 'unhealthy' });
    expect(w.libvirt.generation(w.domain())).toBe(2);
    expect(w.audit).toEqual([]);

    // Asked for by hand, the collected generation is refused in a sentence before anything is touched.
    const defines = w.libvirt.defines;
    const asked = await failure(deploy(w, 1, true));
    expect(asked.message).toBe('Generation 1 of web no longer exists (collected or never built); build the machine again.');
    expect(w.libvirt.defines).toBe(defines);
  });

  it('the rollback itself unhealthy: stops with both reasons, recorded as unhealthy, no third attempt', async () => {
    const w = world();
    await runningGeneration1(w);
    w.guest.healthy.delete(1);
    await w.built(2);

    const err = await failure(deploy(w, 2));

    expect(err.message).toBe(
      'Generation 2 failed its health check (no answer on the health channel within 1 s (1 probes)); the rollback to generation 1 ' +
        'booted but did not answer either (no answer on the health channel within 1 s (1 probes)).',
    );
    expect(w.guest.probes).toEqual([2, 1]);
    expect(w.generations.status(2)).toBe(GenerationStatus.RolledBack);
    expect(w.state.row()).toMatchObject({ currentGeneration: 1, healthyGeneration: 1, health: 'unhealthy' });

    // A rollback asked for by hand that fails does not roll back again.
    w.guest.probes = [];
    const again = await failure(deploy(w, 1, true));
    expect(again.message).toBe(
      'Generation 1 (a rollback target) did not answer its health probe either: no answer on the health channel within 1 s (1 probes).',
    );
    expect(w.guest.probes).toEqual([1]);
    expect(w.generations.status(1)).toBe(GenerationStatus.Unhealthy);
  });

  it('crash mid-deploy: the restarted panel reconciles and the re-run deployment converges', async () => {
    const w = world();
    await runningGeneration1(w);
    await w.built(2);
    w.guest.healthy.add(2);
    w.libvirt.crashOn = 'start';

    // The panel dies after defining generation 2 and stopping generation 1, before starting it.
    await expect(deploy(w, 2)).rejects.toThrow('the panel stopped during start');
    expect(w.state.row()).toMatchObject({ domainName: w.domain(), currentGeneration: 2, healthyGeneration: 1, vmState: VmState.Running });
    expect(w.libvirt.domains.get(w.domain())?.state).toBe(VmState.ShutOff);
    expect(w.generations.status(2)).toBe(GenerationStatus.Built);

    // On restart, reconciliation brings the recorded state in line with libvirt …
    const reconciler = new VmReconciler(
      { reconcileSeconds: 60 } as never,
      w.libvirt as unknown as LibvirtService,
      w.state as unknown as MachineStateService,
      w.nix as unknown as NixService,
      w.disks as unknown as VmDisks,
      { exists: async () => true } as never,
      { selfId: async () => 'panel-host', panelHostId: async () => 'panel-host' } as never,
      { activeFor: async () => [] } as never,
    );
    const report = await reconciler.reconcile();
    expect(report).toMatchObject({ adopted: [], unknown: [], missing: [], updated: 1 });
    expect(w.state.row()).toMatchObject({ vmState: VmState.ShutOff, health: 'unknown' });

    // … and the task, handed out again, converges: one domain, its UUID kept, generation 2 healthy.
    const uuid = w.libvirt.domains.get(w.domain())?.uuid;
    await expect(deploy(w, 2)).resolves.toEqual({ generation: 2, healthy: true, rolledBackTo: null });
    expect([...w.libvirt.domains.keys()]).toEqual([w.domain()]);
    expect(w.libvirt.domains.get(w.domain())).toMatchObject({ uuid, state: VmState.Running });
    expect(w.libvirt.generation(w.domain())).toBe(2);
    expect(w.generations.status(2)).toBe(GenerationStatus.Healthy);
    expect(w.state.row()).toMatchObject({ currentGeneration: 2, healthyGeneration: 2, deployedRevision: rev(2), health: 'healthy' });
    expect(w.nix.current()).toBe(2);
  });
});
