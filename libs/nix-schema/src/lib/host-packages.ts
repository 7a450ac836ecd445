/**
 * Which Debian package brings each host command the panel and its tools run,
 * and the one sentence a missing command gets. Pure data (browser-safe): the API's process
 * adapter, the Nix helpers and the libvirt client all name packages through it.
 */

/** Debian packages of the commands the panel runs; the hint a missing command gets. */
export const DEBIAN_PACKAGES: Readonly<Record<string, string>> = {
  git: 'git',
  nix: 'nix-bin',
  'nix-build': 'nix-bin',
  'nix-env': 'nix-bin',
  'nix-store': 'nix-bin',
  'nix-instantiate': 'nix-bin',
  virsh: 'libvirt-clients',
  'qemu-img': 'qemu-utils',
  mke2fs: 'e2fsprogs',
  'mkfs.ext4': 'e2fsprogs',
  debugfs: 'e2fsprogs',
  tar: 'tar',
  restic: 'restic',
  wg: 'wireguard-tools',
  'wireguard-go': 'wireguard-go',
  ip: 'iproute2',
  nft: 'nftables',
  yggdrasil: 'yggdrasil',
  journalctl: 'systemd',
  pg_dump: 'postgresql-client',
  busybox: 'busybox-static',
  'ssh-keygen': 'openssh-client',
};

/** The sentence for a command that is not installed. */
export function missingCommandMessage(cmd: string, pkg?: string): string {
  const name = cmd.split('/').pop() ?? cmd;
  const p = pkg ?? DEBIAN_PACKAGES[name];
  return `${name} is not installed${p ? ` (install the Debian package ${p})` : ''}`;
}
