#!/usr/bin/env bash
# Installs and starts the system components the panel and its tests use, on
# Debian 12 (our machines). Idempotent: does nothing that is already done.
#   scripts/setup-system.sh            what the panel needs to run (redis-server, restic)
#   scripts/setup-system.sh --vms      plus what running machines needs (libvirt, qemu, Nix, the
#                                      kernel and busybox of the demo system) and starts libvirtd
#   scripts/setup-system.sh --tests    plus what the test suite needs (implies --vms)
# Not as root: prints the exact command to run and exits 1 when something is missing.
set -euo pipefail

want_tests=0
want_vms=0
for arg in "$@"; do
  case "$arg" in
    --tests) want_tests=1; want_vms=1 ;;
    --vms) want_vms=1 ;;
    *) echo "setup-system: unknown option $arg (use --vms or --tests)"; exit 2 ;;
  esac
done
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [[ "$(id -u)" == "0" ]]; }
# Not as root, qemu:///system may refuse us (no libvirt group) while running: its socket then tells.
libvirt_up() { virsh -c qemu:///system uri >/dev/null 2>&1 || { ! is_root && [[ -S /run/libvirt/libvirt-sock ]]; }; }

pkgs=()
have redis-server || pkgs+=(redis-server)
# Backups (apps/api/src/backups) run restic on the host.
have restic || pkgs+=(restic)
if (( want_vms )); then
  # Running machines: libvirt drives qemu; Nix builds them; the demo system (nix/test-system)
  # boots busybox on the Debian kernel.
  have virsh || pkgs+=(libvirt-clients)
  have libvirtd || pkgs+=(libvirt-daemon-system)
  have qemu-system-x86_64 || pkgs+=(qemu-system-x86)
  have qemu-img || pkgs+=(qemu-utils)
  # The machines' NAT network (CLAN_VM_NETWORK_CREATE): libvirt runs dnsmasq for its DHCP and DNS.
  dpkg-query -W -f='${Status}' dnsmasq-base 2>/dev/null | grep -q 'ok installed' || pkgs+=(dnsmasq-base)
  have nix-instantiate || pkgs+=(nix-bin)
  # Static: the demo system copies it into its initramfs (Debian's plain busybox is dynamically linked).
  dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || pkgs+=(busybox-static)
  compgen -G '/boot/vmlinuz-*' >/dev/null || pkgs+=(linux-image-amd64)
  # The demo system's mesh and HTTPS: its prepare.sh copies wg and openssl into the guest.
  have wg || pkgs+=(wireguard-tools)
  have openssl || pkgs+=(openssl)
fi
if (( want_tests )); then
  have chromium || pkgs+=(chromium)
  have git || pkgs+=(git)
  # apps/api/test/https-mesh.int-spec.ts fetches the demo guest's HTTPS page through the mesh.
  have curl || pkgs+=(curl)
  # libs/vpn: WireGuard meshes in network namespaces, nftables checks, the Yggdrasil reference binary.
  have wireguard-go || pkgs+=(wireguard-go)
  have ping || pkgs+=(iputils-ping)
  have nft || pkgs+=(nftables)
  have yggdrasil || pkgs+=(yggdrasil)
  # Host journal tests write real journal files from export format (journalctl reads them with --directory).
  [[ -x /lib/systemd/systemd-journal-remote ]] || pkgs+=(systemd-journal-remote)
  # apps/api/test/fleet-unlock.int-spec.ts: real tangd servers, a LUKS2 loop volume bound with clevis.
  [[ -x /usr/libexec/tangd ]] || pkgs+=(tang)
  have cryptsetup || pkgs+=(cryptsetup)
  have clevis-luks-bind || pkgs+=(clevis clevis-luks)
  have socat || pkgs+=(socat)
fi

if (( ${#pkgs[@]} )); then
  if is_root; then
    echo "setup-system: installing ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if [[ ! -d /var/lib/apt/lists ]] || [[ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]] || ! apt-get install -y --no-install-recommends "${pkgs[@]}" >/tmp/clan-apt.log 2>&1; then
      apt-get update >/tmp/clan-apt-update.log 2>&1
      apt-get install -y --no-install-recommends "${pkgs[@]}" >/tmp/clan-apt.log 2>&1 || { tail -20 /tmp/clan-apt.log; exit 1; }
    fi
  else
    echo "setup-system: missing Debian packages: ${pkgs[*]}"
    echo "  install them (and start what they need) with: sudo bash $self $*"
    exit 1
  fi
fi

# Debian's nix-bin builds as the nixbld group's users but does not create
# them (the nix-setup-systemd package would); without them every build fails.
if have nix-build && is_root && ! getent group nixbld >/dev/null; then
  echo "setup-system: creating the nixbld group and 4 build users for Nix"
  groupadd -r nixbld
  for i in 1 2 3 4; do
    useradd -r -g nixbld -G nixbld -d /var/empty -s /usr/sbin/nologin -c "Nix build user $i" "nixbld$i"
  done
fi

if (( want_vms )) && have libvirtd; then
  # libvirtd: under systemd its units; without systemd (containers, our test machines) the daemons
  # themselves. Nothing is done when it already answers.
  if ! libvirt_up; then
    if ! is_root; then
      echo "setup-system: libvirtd is not running"
      echo "  start it with: sudo bash $self $*"
      exit 1
    fi
    echo "setup-system: starting libvirtd"
    if [[ -d /run/systemd/system ]]; then
      systemctl enable --now virtlogd.socket libvirtd.service >/dev/null 2>&1 || systemctl start libvirtd
    else
      pgrep -x virtlogd >/dev/null || virtlogd -d
      pgrep -x libvirtd >/dev/null || libvirtd -d
    fi
    for _ in $(seq 50); do virsh -c qemu:///system uri >/dev/null 2>&1 && break; sleep 0.1; done
    virsh -c qemu:///system uri >/dev/null 2>&1 || { echo "setup-system: libvirtd did not come up (see journalctl -u libvirtd or /var/log/libvirt)"; exit 1; }
  fi
fi

if (( want_tests )); then
  # The machine's shared Postgres and Redis (DEVELOPERS.md); start them if they stopped.
  if have pg_ctlcluster && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  fi
fi
