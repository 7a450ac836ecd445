# The test system's PID 1 (busybox sh). flake.nix prepends
# CLAN_NAME, CLAN_GENERATION and CLAN_HEALTHY. It must never exit: PID 1
# exiting panics the kernel.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /state /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r m; do insmod "/lib/modules/$m.ko" 2>/dev/null; done < /lib/modules/modules.order

# The panel numbers generations: `clan.generation=<n>` on the kernel command
# line wins over the value baked in (0 when the flake left it to the cmdline).
for w in $(cat /proc/cmdline); do
  case "$w" in
    clan.generation=*)
      v=${w#clan.generation=}
      case "$v" in '' | *[!0-9]*) ;; *) CLAN_GENERATION=$v ;; esac
      ;;
  esac
done

echo "CLAN-BOOT machine=$CLAN_NAME generation=$CLAN_GENERATION"

# Clean shutdown on the ACPI power button (virsh shutdown): busybox acpid
# runs <confdir>/PWRF/00000080 by default.
mkdir -p /etc/acpi/PWRF /var/run /var/log
printf '#!/bin/sh\necho "CLAN-SHUTDOWN machine=%s generation=%s" > /dev/console\nsync\numount /var/lib/clan/dumps 2>/dev/null\numount /state\npoweroff -f\n' \
  "$CLAN_NAME" "$CLAN_GENERATION" > /etc/acpi/PWRF/00000080
chmod 0755 /etc/acpi/PWRF/00000080
acpid -c /etc/acpi -l /dev/null

# State disk: the first virtio-blk disk, formatted on first boot (a blank
# disk has no ext2 magic 0xEF53 at byte 1080; anything else is never formatted).
state() {
  i=0
  while [ ! -b /dev/vda ]; do
    i=$((i + 1)); [ $i -gt 50 ] && { echo "CLAN-STATE none"; return; }
    sleep 0.1
  done
  if ! mount -t ext4 /dev/vda /state 2>/dev/null; then
    magic=$(dd if=/dev/vda bs=1 skip=1080 count=2 2>/dev/null | hexdump -e '2/1 "%02x"')
    [ "$magic" = "53ef" ] && { echo "CLAN-STATE failed mount"; return; }
    mke2fs -q -L clan-state /dev/vda >/dev/null 2>&1 || { echo "CLAN-STATE failed mke2fs"; return; }
    mount -t ext4 /dev/vda /state || { echo "CLAN-STATE failed mount"; return; }
  fi
  boots=$(cat /state/boots 2>/dev/null || echo 0)
  boots=$((boots + 1))
  echo "$boots" > /state/boots
  echo "$CLAN_GENERATION" >> /state/generations
  # What the controller's BACKUP saves on a machine with backup.enable
  # (/etc/clan/backup): /state/data, and the dumps its hooks write into
  # /var/lib/clan/dumps, which lives on the state disk too (/state/dumps).
  mkdir -p /state/data /state/dumps /var/lib/clan/dumps
  [ -e /state/data/hello.txt ] || echo "cLAN demo data of $CLAN_NAME" > /state/data/hello.txt
  mount --bind /state/dumps /var/lib/clan/dumps
  sync
  echo "CLAN-STATE ok boots=$(cat /state/boots)"
}
state

# Store disk: the second virtio-blk disk (/dev/vdb) holds exactly the
# system's closure (an ext4 image labelled clan-store); mounted read-only at
# /nix/store, it is the only store the guest sees. Each entry is printed so
# tests can check the guest sees its own closure and nothing else.
store() {
  i=0
  while [ ! -b /dev/vdb ]; do
    i=$((i + 1)); [ $i -gt 30 ] && { echo "CLAN-STORE none"; return; }
    sleep 0.1
  done
  mkdir -p /nix/store
  mount -t ext4 -o ro /dev/vdb /nix/store 2>/dev/null || { echo "CLAN-STORE failed mount"; return; }
  n=0
  for p in /nix/store/*; do
    [ "${p##*/}" = lost+found ] && continue
    n=$((n + 1))
  done
  echo "CLAN-STORE ok paths=$n"
  for p in /nix/store/*; do
    [ "${p##*/}" = lost+found ] || echo "CLAN-STORE-PATH ${p##*/}"
  done
}
store

# Secrets disk: the virtio disk with the serial "clan-secrets" (the panel's
# vms/secrets-disk.ts), mounted read-only at /run/clan-secrets as the cLAN
# NixOS module does. Only the number of files and the root's mode are
# printed, never a secret. All disks are probed by now (the store disk was
# waited for): a brief look suffices.
secrets() {
  dev=
  i=0
  while [ -z "$dev" ]; do
    for s in /sys/block/vd*/serial; do
      [ "$(cat "$s" 2>/dev/null)" = clan-secrets ] && { d=${s%/serial}; dev=/dev/${d##*/}; }
    done
    [ -n "$dev" ] && break
    i=$((i + 1)); [ $i -gt 3 ] && { echo "CLAN-SECRETS none"; return; }
    sleep 0.1
  done
  mkdir -p /run/clan-secrets
  mount -t ext4 -o ro,nosuid,nodev,noexec "$dev" /run/clan-secrets 2>/dev/null || { echo "CLAN-SECRETS failed mount"; return; }
  n=$(find /run/clan-secrets -type f | wc -l)
  echo "CLAN-SECRETS ok files=$n root=$(stat -c %a /run/clan-secrets)"
}
secrets

# Mesh (docs/test-system.md, "Mesh and HTTPS"): a machine whose configuration
# has an enabled WireGuard `mesh` section (flake.nix renders it into the
# CLAN_MESH_* assignments above) joins the mesh when it has a NIC: an underlay
# address by DHCP, then interface clan-wg (kernel WireGuard) with the key file
# from the secrets disk, the section's addresses and peers. No section or no
# NIC (the other VM tests): one `CLAN-MESH none` line and nothing else.
mesh() {
  [ -n "$CLAN_MESH" ] || { echo "CLAN-MESH none${CLAN_MESH_NONE:+ $CLAN_MESH_NONE}"; return 1; }
  nic=
  i=0
  while [ -z "$nic" ] && [ $i -lt 10 ]; do
    for d in /sys/class/net/*; do
      case "${d##*/}" in lo | clan-wg) ;; *) nic=${d##*/}; break ;; esac
    done
    [ -n "$nic" ] || sleep 0.1
    i=$((i + 1))
  done
  [ -n "$nic" ] || { echo "CLAN-MESH none (no network interface)"; return 1; }
  [ -n "$CLAN_MESH_KEY_FILE" ] && [ -r "$CLAN_MESH_KEY_FILE" ] ||
    { echo "CLAN-MESH failed: the private key file ${CLAN_MESH_KEY_FILE:-(none)} is not on the secrets disk"; return 1; }
  mkdir -p /etc
  printf '%s\n' '#!/bin/sh' \
    'case "$1" in' \
    '  deconfig) ifconfig "$interface" 0.0.0.0 up ;;' \
    '  bound | renew) ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}" up ;;' \
    'esac' > /etc/udhcpc.sh
  chmod 0755 /etc/udhcpc.sh
  ip link set lo up
  udhcpc -i "$nic" -s /etc/udhcpc.sh -q -n -t 10 -T 1 >/dev/null 2>&1 ||
    { echo "CLAN-MESH failed: no DHCP lease on $nic"; return 1; }
  underlay=$(ip -4 -o addr show dev "$nic" | awk '{ print $4; exit }')
  ip link add clan-wg type wireguard 2>/dev/null ||
    { echo "CLAN-MESH failed: ip link add clan-wg type wireguard (kernel module wireguard)"; return 1; }
  printf '%s\n' "$CLAN_MESH_CONF" > /etc/clan-wg.conf
  wg setconf clan-wg /etc/clan-wg.conf && wg set clan-wg private-key "$CLAN_MESH_KEY_FILE" ||
    { echo "CLAN-MESH failed: wg setconf"; return 1; }
  for a in $CLAN_MESH_ADDRESSES; do ip addr add "$a" dev clan-wg; done
  ip link set clan-wg up
  echo "CLAN-MESH up addr=$(echo $CLAN_MESH_ADDRESSES | tr ' ' ,) underlay=$nic:$underlay peers=$(wg show clan-wg peers | wc -l)"
}

# The machine's mesh name through the phonebook (nameservers[0]): proves the
# name resolves inside the guest. Retried while the tunnel's first handshake
# is under way.
dns() {
  ns=${CLAN_MESH_NAMESERVERS%% *}
  [ -n "$ns" ] && [ -n "$CLAN_MESH_DOMAIN" ] || { echo "CLAN-DNS none"; return; }
  printf 'nameserver %s\nsearch %s\n' "$ns" "${CLAN_MESH_DOMAIN#*.}" > /etc/resolv.conf
  i=0
  while [ $i -lt 60 ]; do
    a=$(nslookup -type=a "$CLAN_MESH_DOMAIN" "$ns" 2>/dev/null | sed -n 's/^Address: \([0-9.]*\)$/\1/p' | tail -1)
    [ -n "$a" ] && { echo "CLAN-DNS $CLAN_MESH_DOMAIN $a"; return; }
    i=$((i + 1))
    sleep 1
  done
  echo "CLAN-DNS failed $CLAN_MESH_DOMAIN via $ns"
}

# A tiny HTTPS responder on port 443 (all addresses, IPv4 and IPv6) with the
# machine's certificate from the secrets disk: every GET is answered 200 with
# one line naming the machine. openssl s_server keeps listening and serves one
# connection at a time; it prints what clients send and sends what it reads
# from the fifo, so `answer` writes the response once a request's header ends.
https() {
  cert=/run/clan-secrets/tls/cert.pem
  key=/run/clan-secrets/tls/key.pem
  [ -r "$cert" ] && [ -r "$key" ] || { echo "CLAN-HTTPS none (no certificate on the secrets disk)"; return; }
  body="cLAN demo machine $CLAN_NAME at https://$CLAN_MESH_DOMAIN/ (generation $CLAN_GENERATION)
"
  cr=$(printf '\r')
  answer() {
    while IFS= read -r line; do
      [ -n "${line%"$cr"}" ] && continue
      printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
        "${#body}" "$body" > /run/https.fifo
    done
  }
  mkfifo /run/https.fifo
  (
    while true; do
      openssl s_server -quiet -accept 443 -cert "$cert" -key "$key" <> /run/https.fifo 2>/dev/null | answer
      sleep 1
    done
  ) &
  i=0
  until grep -qE '^ *[0-9]+: [0-9A-F]+:01BB [0-9A-F]+:0000 0A ' /proc/net/tcp6 /proc/net/tcp 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "CLAN-HTTPS failed: nothing listens on 443"; return; }
    sleep 0.1
  done
  echo "CLAN-HTTPS listening 443"
}

if mesh; then
  https
  dns &
fi

# Third-party apps with a web interface (flake.nix, marketplaceApps): busybox
# httpd serves each app's page on its web port, so a person sees the app
# running. One line per app; nothing when the machine has none.
apps() {
  # The page answers on loopback too (the mesh brings lo up; a machine without one does not).
  ip link set lo up 2>/dev/null
  for f in /etc/clan/apps/*/port; do
    [ -r "$f" ] || continue
    d=${f%/port}
    port=$(cat "$f")
    if httpd -p "$port" -h "$d/www"; then
      echo "CLAN-APP ${d##*/} port=$port"
    else
      echo "CLAN-APP ${d##*/} failed: httpd on port $port"
    fi
  done
}
apps

# An interactive shell on the serial console, as a getty would give one: the
# panel's console tests type into it, and it helps when debugging a test VM.
# It runs in its own session with ttyS0 as controlling terminal (Ctrl-C
# works) and is started again when it exits. The markers above are all out
# by now, so its prompt never splits one of their lines.
(
  while true; do
    PS1="$CLAN_NAME:\w# " setsid -c sh </dev/ttyS0 >/dev/ttyS0 2>&1
    sleep 1
  done
) &

# The VM controller (docs/vm-controller.md): /etc/clan/controller.sh, the same
# file NixOS machines run, on the virtio-serial ports named org.clan.health.0
# (PING for the health probe) and org.clan.control.0 (authenticated requests:
# facts, the hooks in /etc/clan/hooks, freeze/thaw of /state, with the token on
# the secrets disk). No udev here: the ports are found by name in sysfs. A
# domain without the control port gets everything on the health port.
controller() {
  port=
  cport=
  i=0
  while [ -z "$port" ]; do
    for d in /sys/class/virtio-ports/*; do
      case "$(cat "$d/name" 2>/dev/null)" in
        org.clan.health.0) port=/dev/${d##*/} ;;
        org.clan.control.0) cport=/dev/${d##*/} ;;
      esac
    done
    [ -n "$port" ] && [ -c "$port" ] && break
    port=
    i=$((i + 1)); [ $i -gt 100 ] && { echo "CLAN-HEALTH none"; return; }
    sleep 0.1
  done
  [ -n "$cport" ] && [ -c "$cport" ] || cport=/dev/no-control-port
  echo "CLAN-HEALTH listening $port control $cport"
  CLAN_MACHINE=$CLAN_NAME CLAN_GENERATION=$CLAN_GENERATION CLAN_STATE_MOUNT=/state CLAN_CONTROLLER_PORT=$port \
    CLAN_CONTROL_PORT=$cport sh /etc/clan/controller.sh 2>/dev/null
}
if [ "$CLAN_HEALTHY" = 1 ] && [ -e /state/data/clan-test-unhealthy ]; then
  # Data that breaks the machine (the verified-restore test, docs/backups.md):
  # a state disk holding this marker makes a healthy generation stay silent.
  echo "CLAN-HEALTH silent (clan-test-unhealthy on the state disk)"
elif [ "$CLAN_HEALTHY" = 1 ]; then
  controller
else
  # A deliberately broken generation: boots, but never answers the probe.
  echo "CLAN-HEALTH silent"
fi
while true; do sleep 3600; done
