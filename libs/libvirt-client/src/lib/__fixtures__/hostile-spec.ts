import type { DomainSpec } from '../domain-spec';

/** A spec whose every string needs escaping in XML; shared by the spec files. */
export const hostileSpec = (name: string): DomainSpec => ({
  name,
  uuid: '0b6f5c3e-8a51-4d6b-9a65-2f1d3c4b5a69',
  type: 'kvm',
  memoryMiB: 1536,
  vcpus: 3,
  cpuMode: 'host-passthrough',
  os: {
    kernel: `/nix/store/"q'uo<te>&-linux/bzImage`,
    initrd: '/nix/store/ünï©ødé-initrd/initrd',
    cmdline: `init=/nix/store/x/init console=ttyS0 a<b&c "q" 'q'`,
  },
  disks: [
    { source: '/var/lib/clan/vms/a b&c/state.qcow2', target: 'vda', format: 'qcow2' },
    { source: "/nix/store/it's-ro.img", target: 'vdb', format: 'raw', readonly: true },
    { source: '/var/lib/clan/vms/a b&c/secrets.img', target: 'vdc', format: 'raw', readonly: true, serial: 'clan-secrets' },
  ],
  serial: { type: 'file', path: '/var/log/clan/<serial>&"log".txt' },
  channels: [
    { socketPath: '/run/clan/vm & co/health.sock', name: 'org.clan.health.0' },
    { socketPath: '/run/clan/vm & co/control.sock', name: 'org.clan.control.0' },
  ],
  memballoon: { statsPeriodSeconds: 10 },
  interfaces: [
    { type: 'bridge', bridge: 'br-clan', mac: '52:54:00:12:34:56' },
    { type: 'network', network: 'default', mac: '52:54:00:12:34:57' },
    { type: 'user', mac: '52:54:00:12:34:58' },
  ],
  metadata: { panel: 'p<&>1', network: `net "<one>" & 'two'`, machine: 'web-ünï', generation: 42 },
});
