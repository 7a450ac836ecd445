import { child, childrenNamed, el, localName, parseXml, renderXml, textOf, type XmlElement } from './xml';

/** XML namespace of the panel's `<metadata>` element inside a domain. */
export const CLAN_METADATA_NS = 'https://clan.lol/xmlns/panel/vm/1';

export interface DomainDisk {
  /** Host path of the image file. */
  source: string;
  /** Guest device, e.g. "vda". */
  target: string;
  format: 'raw' | 'qcow2';
  readonly?: boolean;
  /** Serial number the guest sees (`/dev/disk/by-id/virtio-<serial>`), so it can find the disk whatever its order. */
  serial?: string;
}

/**
 * The first serial port (also the console). `pty`: libvirtd hands out a
 * /dev/pts/N that `virsh console` (LibvirtConsole) attaches to; with
 * `logFile`, everything the guest writes is also logged there (through
 * virtlogd, truncated at each start) whether or not anyone is attached.
 */
export type DomainSerial = { type: 'pty'; logFile?: string } | { type: 'file'; path: string };

/** A graphical console: VNC served by qemu on a local unix socket only (never on TCP). */
export interface DomainGraphics {
  type: 'vnc';
  socket: string;
}

export interface DomainChannel {
  /** Host-side unix socket libvirt binds. */
  socketPath: string;
  /** virtio-serial port name seen by the guest, e.g. "org.clan.health.0". */
  name: string;
}

export type DomainInterface =
  { type: 'bridge'; bridge: string; mac?: string } | { type: 'network'; network: string; mac?: string } | { type: 'user'; mac?: string };

export interface DomainMetadata {
  /** Identity of the panel that owns the domain (several panels may share one libvirtd). */
  panel?: string;
  network: string;
  machine: string;
  generation: number;
}

export interface DomainSpec {
  name: string;
  uuid?: string;
  type: 'kvm' | 'qemu';
  memoryMiB: number;
  vcpus: number;
  cpuMode: 'host-passthrough' | 'maximum';
  /** Direct kernel boot: the guest has no bootloader of its own. */
  os: { kernel: string; initrd: string; cmdline: string };
  disks: DomainDisk[];
  serial?: DomainSerial;
  /** virtio-serial ports, each on its own host socket (the VM controller's health and control ports). */
  channels?: DomainChannel[];
  graphics?: DomainGraphics;
  interfaces?: DomainInterface[];
  /**
   * A virtio balloon that reports the guest's own memory figures every
   * `statsPeriodSeconds` (read by bulk stats as balloon.available/unused).
   * Absent: libvirt's default balloon, without periodic stats.
   */
  memballoon?: { statsPeriodSeconds: number };
  metadata?: DomainMetadata;
}

export function buildDomainXml(spec: DomainSpec): string {
  const devices = el('devices', {}, [
    ...spec.disks.map((d) =>
      el('disk', { type: 'file', device: 'disk' }, [
        el('driver', { name: 'qemu', type: d.format }),
        el('source', { file: d.source }),
        el('target', { dev: d.target, bus: 'virtio' }),
        d.readonly && el('readonly'),
        d.serial !== undefined && el('serial', {}, [d.serial]),
      ]),
    ),
    ...(spec.interfaces ?? []).map((n) =>
      el('interface', { type: n.type }, [
        n.mac !== undefined && el('mac', { address: n.mac }),
        n.type === 'bridge' && el('source', { bridge: n.bridge }),
        n.type === 'network' && el('source', { network: n.network }),
        el('model', { type: 'virtio' }),
      ]),
    ),
    spec.serial &&
      el('serial', { type: spec.serial.type }, [
        spec.serial.type === 'file' && el('source', { path: spec.serial.path }),
        spec.serial.type === 'pty' && spec.serial.logFile !== undefined && el('log', { file: spec.serial.logFile, append: 'off' }),
        el('target', { port: 0 }),
      ]),
    spec.serial && el('console', { type: spec.serial.type }, [el('target', { type: 'serial', port: 0 })]),
    spec.graphics && el('graphics', { type: 'vnc', socket: spec.graphics.socket }),
    spec.graphics && el('video', {}, [el('model', { type: 'vga' })]),
    ...(spec.channels ?? []).map((c) =>
      el('channel', { type: 'unix' }, [el('source', { mode: 'bind', path: c.socketPath }), el('target', { type: 'virtio', name: c.name })]),
    ),
    spec.memballoon && el('memballoon', { model: 'virtio' }, [el('stats', { period: spec.memballoon.statsPeriodSeconds })]),
  ]);
  const m = spec.metadata;
  const root = el('domain', { type: spec.type }, [
    el('name', {}, [spec.name]),
    spec.uuid !== undefined && el('uuid', {}, [spec.uuid]),
    m &&
      el('metadata', {}, [
        el('clan:vm', { 'xmlns:clan': CLAN_METADATA_NS }, [
          m.panel !== undefined && el('clan:panel', {}, [m.panel]),
          el('clan:network', {}, [m.network]),
          el('clan:machine', {}, [m.machine]),
          el('clan:generation', {}, [m.generation]),
        ]),
      ]),
    el('memory', { unit: 'MiB' }, [spec.memoryMiB]),
    el('vcpu', {}, [spec.vcpus]),
    el('cpu', { mode: spec.cpuMode }),
    el('os', {}, [
      el('type', {}, ['hvm']),
      el('kernel', {}, [spec.os.kernel]),
      el('initrd', {}, [spec.os.initrd]),
      el('cmdline', {}, [spec.os.cmdline]),
    ]),
    el('features', {}, [el('acpi'), el('apic')]),
    el('on_poweroff', {}, ['destroy']),
    el('on_reboot', {}, ['restart']),
    el('on_crash', {}, ['destroy']),
    devices,
  ]);
  return renderXml(root) + '\n';
}

const UNIT_TO_KIB: Record<string, number> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  k: 1,
  kib: 1,
  kb: 1000 / 1024,
  m: 1024,
  mib: 1024,
  mb: 1e6 / 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
  gb: 1e9 / 1024,
  t: 1024 ** 3,
  tib: 1024 ** 3,
  tb: 1e12 / 1024,
};

function memoryMiB(node: XmlElement | undefined): number {
  const value = Number(textOf(node) ?? 0);
  const factor = UNIT_TO_KIB[(node?.attrs['unit'] ?? 'KiB').toLowerCase()] ?? 1;
  return Math.round((value * factor) / 1024);
}

function required(node: XmlElement | undefined, what: string): string {
  const t = textOf(node);
  if (t === undefined) throw new Error(`domain XML has no <${what}>`);
  return t;
}

/** `{ serial }` of a <disk> that has one, else nothing (so a disk without one round-trips without the key). */
function diskSerial(disk: XmlElement): { serial?: string } {
  const serial = textOf(child(disk, 'serial'));
  return serial === undefined ? {} : { serial };
}

/** Reads the fields of a DomainSpec back from libvirt's `dumpxml`, ignoring what libvirt adds. */
export function parseDomainXml(xml: string): DomainSpec {
  const d = parseXml(xml);
  if (d.name !== 'domain') throw new Error(`expected <domain>, got <${d.name}>`);
  const os = child(d, 'os');
  const devices = child(d, 'devices');
  const spec: DomainSpec = {
    name: required(child(d, 'name'), 'name'),
    uuid: textOf(child(d, 'uuid')),
    type: d.attrs['type'] === 'kvm' ? 'kvm' : 'qemu',
    memoryMiB: memoryMiB(child(d, 'memory')),
    vcpus: Number(textOf(child(d, 'vcpu')) ?? 1),
    cpuMode: child(d, 'cpu')?.attrs['mode'] === 'maximum' ? 'maximum' : 'host-passthrough',
    os: {
      kernel: textOf(child(os, 'kernel')) ?? '',
      initrd: textOf(child(os, 'initrd')) ?? '',
      cmdline: textOf(child(os, 'cmdline')) ?? '',
    },
    disks: childrenNamed(devices, 'disk')
      .filter((x) => (x.attrs['device'] ?? 'disk') === 'disk')
      .map((x) => ({
        source: child(x, 'source')?.attrs['file'] ?? '',
        target: child(x, 'target')?.attrs['dev'] ?? '',
        format: child(x, 'driver')?.attrs['type'] === 'qcow2' ? 'qcow2' : 'raw',
        ...(child(x, 'readonly') ? { readonly: true } : {}),
        ...diskSerial(x),
      })),
  };
  const serial = childrenNamed(devices, 'serial')[0];
  if (serial) {
    const path = child(serial, 'source')?.attrs['path'];
    const logFile = child(serial, 'log')?.attrs['file'];
    spec.serial =
      serial.attrs['type'] === 'file' && path !== undefined
        ? { type: 'file', path }
        : { type: 'pty', ...(logFile !== undefined ? { logFile } : {}) };
  }
  const graphics = childrenNamed(devices, 'graphics').find((g) => g.attrs['type'] === 'vnc');
  const vncSocket = graphics?.attrs['socket'] ?? child(graphics, 'listen')?.attrs['socket'];
  if (vncSocket !== undefined) spec.graphics = { type: 'vnc', socket: vncSocket };
  const channels = childrenNamed(devices, 'channel')
    .filter((c) => c.attrs['type'] === 'unix')
    .map((c) => ({ socketPath: child(c, 'source')?.attrs['path'] ?? '', name: child(c, 'target')?.attrs['name'] ?? '' }));
  if (channels.length > 0) spec.channels = channels;
  const interfaces = childrenNamed(devices, 'interface').flatMap((n): DomainInterface[] => {
    const mac = child(n, 'mac')?.attrs['address'];
    const src = child(n, 'source');
    const withMac = mac !== undefined ? { mac } : {};
    if (n.attrs['type'] === 'bridge') return [{ type: 'bridge', bridge: src?.attrs['bridge'] ?? '', ...withMac }];
    if (n.attrs['type'] === 'network') return [{ type: 'network', network: src?.attrs['network'] ?? '', ...withMac }];
    if (n.attrs['type'] === 'user') return [{ type: 'user', ...withMac }];
    return [];
  });
  if (interfaces.length) spec.interfaces = interfaces;
  const balloon = child(devices, 'memballoon');
  const period = Number(child(balloon, 'stats')?.attrs['period']);
  if (balloon?.attrs['model'] === 'virtio' && Number.isInteger(period) && period > 0) spec.memballoon = { statsPeriodSeconds: period };
  const meta = child(d, 'metadata')?.children.find(
    (c): c is XmlElement =>
      typeof c !== 'string' && Object.entries(c.attrs).some(([k, v]) => k.startsWith('xmlns') && v === CLAN_METADATA_NS),
  );
  if (meta) {
    const field = (n: string) => textOf(meta.children.find((c): c is XmlElement => typeof c !== 'string' && localName(c.name) === n)) ?? '';
    const panel = field('panel');
    spec.metadata = {
      ...(panel ? { panel } : {}),
      network: field('network'),
      machine: field('machine'),
      generation: Number(field('generation')),
    };
  }
  return spec;
}
