/*
  The mesh VPN, as NixOS option values. The panel writes each machine's
  `mesh` section of configs.json (addresses, peers, key file; libs/vpn renders
  it); private keys are only ever *file paths* outside the Nix store, never
  key material.
*/
{ u, schema }:
rec {
  interfaces = {
    wireguard = "clan-wg";
    yggdrasil = "clan-ygg";
  };

  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Join the mesh: create the mesh interface with the address, key file and peers below.";
    };
    addresses = {
      type = "list";
      format = "cidr";
      default = [ ];
      description = "This machine's mesh addresses with prefix length, e.g. [ \"10.100.0.2/24\" \"fd42::2/64\" ] (WireGuard; Yggdrasil derives its address from the key).";
    };
    privateKeyFile = {
      type = "nullable";
      format = "secretFile";
      default = null;
      description = "File with the private key, outside the Nix store; the panel delivers /run/clan-secrets/mesh/wireguard.key. WireGuard with null: generated on first boot at /var/lib/clan/mesh/wireguard.key. Yggdrasil: a HJSON/JSON file with PrivateKey, merged at start; null keeps Yggdrasil's own generated key.";
    };
    listenPort = {
      type = "port";
      default = 51820;
      description = "Port the mesh listens on (UDP for WireGuard, TCP for Yggdrasil); opened on every interface, since peers reach it from outside the mesh.";
    };
    domain = {
      type = "nullable";
      format = "meshDomain";
      default = null;
      description = "This machine's mesh name, <machine>.<network>.clan. With it the machine serves its apps over HTTPS at https://<app>.<domain> (docs/https.md); null: no HTTPS.";
    };
    nameservers = {
      type = "list";
      format = "ipAddress";
      default = [ ];
      description = "The phonebook's mesh addresses (the panel host, .1 of the network): names under <network>.clan are resolved there.";
    };
    peers = {
      type = "peers";
      default = [ ];
      description = "Mesh peers: publicKey, endpoint (host:port or, for Yggdrasil, a peer URI), allowedIPs, persistentKeepalive.";
    };
  };

  peerOptions = {
    publicKey = {
      type = "string";
      format = "publicKey";
      description = "The peer's public key.";
    };
    endpoint = {
      type = "nullable";
      format = "endpoint";
      default = null;
      description = "Where to reach the peer; null when it connects to us.";
    };
    allowedIPs = {
      type = "list";
      format = "cidr";
      default = [ ];
      description = "Addresses routed to this peer (WireGuard); for Yggdrasil the peer's address /128, which the member firewall accepts.";
    };
    persistentKeepalive = {
      type = "nullable-int";
      min = 1;
      max = 65535;
      default = null;
      description = "Seconds between keepalives (WireGuard), for peers behind NAT.";
    };
  };

  defaultWireguardKeyFile = "/var/lib/clan/mesh/wireguard.key";

  # The Yggdrasil member firewall (libs/vpn yggdrasil/config.ts, YGGDRASIL_MEMBERS_TABLE).
  yggdrasilMembersTable = "clan_ygg_members";
  yggdrasilMembersContent =
    members:
    let
      iface = "\"${interfaces.yggdrasil}\"";
    in
    builtins.concatStringsSep "\n" [
      "\tset members {"
      "\t\ttype ipv6_addr"
      "\t\telements = { ${builtins.concatStringsSep ", " members} }"
      "\t}"
      "\tchain input {"
      "\t\ttype filter hook input priority filter - 10; policy accept;"
      "\t\tiifname ${iface} ip6 saddr != @members drop"
      "\t}"
      "\tchain output {"
      "\t\ttype filter hook output priority filter - 10; policy accept;"
      "\t\toifname ${iface} ip6 daddr != @members drop"
      "\t}"
      ""
    ];

  # mesh settings → checked, defaults filled
  fillMesh =
    ctx: mesh:
    let
      fillNullable =
        field: spec: v:
        if v == null then
          null
        else if spec.type == "nullable-int" then
          schema.fill ctx field (spec // { type = "int"; }) v
        else
          schema.fill ctx field {
            type = "string";
            inherit (spec) format;
          } v;
      fillField =
        prefix: name: spec: v:
        if spec.type == "nullable" || spec.type == "nullable-int" then
          fillNullable "${prefix}${name}" spec v
        else if spec.type == "peers" then
          (
            if !(builtins.isList v) then
              schema.fill ctx "${prefix}${name}" { type = "list"; } v
            else
              builtins.genList (
                i:
                let
                  p = builtins.elemAt v i;
                  field = "${prefix}${name}[${toString i}]";
                  unknown = u.unknownKeys (builtins.attrNames peerOptions) p;
                in
                if !(builtins.isAttrs p) then
                  schema.fill ctx field { type = "object"; options = { }; } p
                else if unknown != [ ] then
                  throw "clan: ${ctx}${field}.${builtins.head unknown} is not a known peer setting."
                else
                  builtins.mapAttrs (
                    n: s:
                    if p ? ${n} then
                      fillField "${field}." n s p.${n}
                    else if s ? default then
                      s.default
                    else
                      throw "clan: ${ctx}${field}.${n} is required."
                  ) peerOptions
              ) (builtins.length v)
          )
        else
          schema.fill ctx "${prefix}${name}" spec v;
      unknown = u.unknownKeys (builtins.attrNames options) mesh;
    in
    if unknown != [ ] then
      throw "clan: ${ctx}mesh.${builtins.head unknown} is not a known mesh setting."
    else
      builtins.mapAttrs (
        n: s: if mesh ? ${n} then fillField "mesh." n s mesh.${n} else s.default
      ) options;

  /*
    { networkLayer, mesh } → option values for the mesh interface ({} while
    mesh.enable is false). `ctx` prefixes error sentences.
  */
  settings =
    ctx: networkLayer: rawMesh:
    let
      mesh = fillMesh ctx rawMesh;
      wireguard = {
        networking.wireguard.interfaces.${interfaces.wireguard} =
          {
            ips =
              if mesh.addresses != [ ] then
                mesh.addresses
              else
                throw "clan: ${ctx}mesh.addresses must list this machine's mesh addresses for the WireGuard mesh.";
            inherit (mesh) listenPort;
            privateKeyFile =
              if mesh.privateKeyFile != null then mesh.privateKeyFile else defaultWireguardKeyFile;
            # A delivered key file is never replaced by a generated one.
            generatePrivateKeyFile = mesh.privateKeyFile == null;
            peers = map (
              p:
              {
                inherit (p) publicKey allowedIPs;
              }
              // u.optionalAttrs (p.endpoint != null) { inherit (p) endpoint; }
              // u.optionalAttrs (p.persistentKeepalive != null) { inherit (p) persistentKeepalive; }
            ) mesh.peers;
          };
        networking.firewall.allowedUDPPorts = [ mesh.listenPort ];
      }
      # The delivered key lives on a filesystem of its own (the VM's secrets
      # disk): the interface waits for it to be mounted.
      // u.optionalAttrs (mesh.privateKeyFile != null) {
        systemd.services."wireguard-${interfaces.wireguard}".unitConfig.RequiresMountsFor = [ mesh.privateKeyFile ];
      };
      # The members' Yggdrasil addresses (each peer's allowedIPs, /128 as the panel writes them).
      yggdrasilMembers = builtins.sort builtins.lessThan (
        u.unique (
          map (c: builtins.head (builtins.split "/" c)) (
            builtins.filter (c: u.hasSuffix "/128" c) (u.concatMap (p: p.allowedIPs) mesh.peers)
          )
        )
      );
      yggdrasil = {
        services.yggdrasil =
          {
            enable = true;
            openMulticastPort = false;
            persistentKeys = mesh.privateKeyFile == null;
            settings = {
              IfName = interfaces.yggdrasil;
              # Yggdrasil lets anyone peer when AllowedPublicKeys is empty, so
              # without known peers it does not listen at all.
              Listen = u.optional (mesh.peers != [ ]) "tls://[::]:${toString mesh.listenPort}";
              # Only members' endpoints: never the public Yggdrasil network.
              Peers = builtins.filter (e: e != null) (map (p: p.endpoint) mesh.peers);
              # Only network members may peer with this machine.
              AllowedPublicKeys = map (p: p.publicKey) mesh.peers;
              MulticastInterfaces = [ ];
              NodeInfoPrivacy = true;
            };
          }
          // u.optionalAttrs (mesh.privateKeyFile != null) { configFile = mesh.privateKeyFile; };
        networking =
          {
            firewall.allowedTCPPorts = u.optional (mesh.peers != [ ]) mesh.listenPort;
          }
          # AllowedPublicKeys only limits who may peer; once peered, any node of
          # the connected graph can send to the interface. The member firewall
          # drops what does not come from (or go to) a member's address
          # (libs/vpn yggdrasilFirewall renders the same table).
          // u.optionalAttrs (yggdrasilMembers != [ ]) {
            nftables = {
              enable = true;
              tables.${yggdrasilMembersTable} = {
                family = "inet";
                content = yggdrasilMembersContent yggdrasilMembers;
              };
            };
          };
      }
      # Like WireGuard: the key on the secrets disk must be mounted before Yggdrasil reads it.
      // u.optionalAttrs (mesh.privateKeyFile != null) {
        systemd.services.yggdrasil.unitConfig.RequiresMountsFor = [ mesh.privateKeyFile ];
      };
    in
    if !mesh.enable then
      { }
    else if networkLayer == "wireguard" then
      wireguard
    else if networkLayer == "yggdrasil" then
      yggdrasil
    else
      throw "clan: ${ctx}networkLayer ${u.show networkLayer} has no mesh implementation.";
}
