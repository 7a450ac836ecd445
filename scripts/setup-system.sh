#!/usr/bin/env bash
# Installs and starts the system components the panel and its tests use, on
# Debian 12 (our machines). Idempotent: does nothing that is already done.
#   scripts/setup-system.sh            what the panel needs to run (redis-server)
#   scripts/setup-system.sh --tests    plus what the test suite needs
set -euo pipefail

want_tests=0
[[ "${1:-}" == "--tests" ]] && want_tests=1

have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [[ "$(id -u)" == "0" ]]; }

pkgs=()
have redis-server || pkgs+=(redis-server)
# Backups (apps/api/src/backups) run restic on the host.
have restic || pkgs+=(restic)
if (( want_tests )); then
  have chromium || pkgs+=(chromium)
  have virsh || pkgs+=(libvirt-clients)
  have libvirtd || pkgs+=(libvirt-daemon-system)
  have qemu-system-x86_64 || pkgs+=(qemu-system-x86 qemu-utils)
  have nix-instantiate || pkgs+=(nix-bin)
  [[ -x /bin/busybox ]] || pkgs+=(busybox-static)
  # The VM test system (nix/test-system) boots busybox on the Debian kernel.
  have qemu-img || pkgs+=(qemu-utils)
  compgen -G '/boot/vmlinuz-*' >/dev/null || pkgs+=(linux-image-amd64)
  have git || pkgs+=(git)
  have wg || pkgs+=(wireguard-tools)
  # libs/vpn: WireGuard meshes in network namespaces, nftables checks, the Yggdrasil reference binary.
  have wireguard-go || pkgs+=(wireguard-go)
  have ping || pkgs+=(iputils-ping)
  have nft || pkgs+=(nftables)
  have yggdrasil || pkgs+=(yggdrasil)
  # Host journal tests write real journal files from export format (journalctl reads them with --directory).
  [[ -x /lib/systemd/systemd-journal-remote ]] || pkgs+=(systemd-journal-remote)
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
    echo "  install them with: sudo apt-get install -y ${pkgs[*]}"
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

if (( want_tests )); then
  # libvirtd (not under systemd here): start it and its log daemon once.
  if is_root && have libvirtd; then
    pgrep -x virtlogd >/dev/null || virtlogd -d
    pgrep -x libvirtd >/dev/null || libvirtd -d
  fi
  # The machine's shared Postgres and Redis (DEVELOPERS.md); start them if they stopped.
  if have pg_ctlcluster && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  fi
fi
