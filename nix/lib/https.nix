/*
  HTTPS inside the mesh (docs/https.md), as NixOS option values: one nginx
  terminating TLS with the certificate the panel puts on the secrets disk
  (/run/clan-secrets/tls), serving each app at https://<app>.<machine>.<network>.clan
  and proxying to the app on loopback; 443 (and 80, which only redirects) open
  on the mesh interface only; `.clan` names resolved by the phonebook on the
  mesh interface (systemd-resolved, routing domain ~<network>.clan).
*/
{ u }:
let
  tlsDir = "/run/clan-secrets/tls";
in
{
  inherit tlsDir;

  /*
    settings {
      domain,          # the machine's mesh name: "files.family.clan"
      meshInterface,   # "clan-wg" / "clan-ygg"
      apps ? { },      # host label → loopback port: { nextcloud = 8080; }
      nameservers ? [ ], # the phonebook's mesh addresses (the panel host: .1 of the network)
    }
  */
  settings =
    {
      domain,
      meshInterface,
      apps ? { },
      nameservers ? [ ],
    }:
    let
      parts = builtins.match "[a-z0-9-]+\\.([a-z0-9-]+\\.clan)" domain;
      zone = if parts == null then throw "clan: https.domain ${u.show domain} is not <machine>.<network>.clan." else builtins.head parts;
      tls = {
        forceSSL = true;
        sslCertificate = "${tlsDir}/cert.pem";
        sslCertificateKey = "${tlsDir}/key.pem";
      };
      appHost = label: port: {
        name = "${label}.${domain}";
        value = tls // {
          locations."/" = {
            proxyPass = "http://127.0.0.1:${toString port}";
            proxyWebsockets = true;
          };
        };
      };
    in
    # The domain is checked even where nothing reads the zone.
    builtins.seq zone {
      services = {
        nginx = {
          enable = true;
          recommendedProxySettings = true;
          recommendedTlsSettings = true;
          virtualHosts = builtins.listToAttrs (builtins.attrValues (builtins.mapAttrs appHost apps)) // {
            # The machine's own name lists its apps' addresses.
            ${domain} = tls // {
              default = true;
              locations."/".return = "200 '${builtins.concatStringsSep "\\n" (map (l: "https://${l}.${domain}/") (builtins.attrNames apps))}\\n'";
            };
          };
        };
      }
      // u.optionalAttrs (nameservers != [ ]) { resolved.enable = true; };
      networking.firewall.interfaces.${meshInterface}.allowedTCPPorts = [ 80 443 ];
      systemd.services =
        {
          # nginx reads the certificate from the secrets disk at start.
          nginx.unitConfig.RequiresMountsFor = [ tlsDir ];
        }
        // u.optionalAttrs (nameservers != [ ]) {
          clan-mesh-dns = {
            description = "cLAN: resolve ${zone} through the phonebook on ${meshInterface}";
            wantedBy = [ "multi-user.target" ];
            after = [ "sys-subsystem-net-devices-${meshInterface}.device" "systemd-resolved.service" ];
            bindsTo = [ "sys-subsystem-net-devices-${meshInterface}.device" ];
            serviceConfig = {
              Type = "oneshot";
              RemainAfterExit = true;
            };
            script = ''
              /run/current-system/sw/bin/resolvectl dns ${meshInterface} ${builtins.concatStringsSep " " nameservers}
              /run/current-system/sw/bin/resolvectl domain ${meshInterface} '~${zone}'
            '';
          };
        };
    };
}
