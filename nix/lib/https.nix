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
      apps ? { },      # host label → loopback port, or → { port; loopbackHostHeader; ownVirtualHost; }
      nameservers ? [ ], # the phonebook's mesh addresses (the panel host: .1 of the network)
    }

    An app entry given as an attribute set:
    - loopbackHostHeader: the app is told it is reached as 127.0.0.1:<port>
      (Host header), for apps that refuse other names on loopback (Syncthing);
    - ownVirtualHost: the app's nixpkgs module defines the virtual host
      <label>.<domain> itself (Nextcloud's nginx + PHP-FPM); it gets only the
      certificate here, no proxy.
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
      entryOf =
        label: e:
        let
          known = [ "port" "loopbackHostHeader" "ownVirtualHost" ];
          unknown = builtins.filter (k: !(builtins.elem k known)) (builtins.attrNames e);
        in
        if builtins.isInt e then
          { port = e; loopbackHostHeader = false; ownVirtualHost = false; }
        else if builtins.isAttrs e && e ? port && unknown == [ ] then
          { loopbackHostHeader = false; ownVirtualHost = false; } // e
        else
          throw "clan: https.apps.${label} must be a port or { port; loopbackHostHeader; ownVirtualHost; }.";
      appHost =
        label: raw:
        let
          e = entryOf label raw;
          upstream = "127.0.0.1:${toString e.port}";
        in
        {
          name = "${label}.${domain}";
          value =
            if e.ownVirtualHost then
              tls
            else
              tls
              // {
                locations."/" =
                  {
                    proxyPass = "http://${upstream}";
                    proxyWebsockets = true;
                  }
                  // u.optionalAttrs e.loopbackHostHeader {
                    # Instead of the recommended headers (Host $host): the app
                    # accepts only its loopback address as Host.
                    recommendedProxySettings = false;
                    extraConfig = "proxy_set_header Host ${upstream};\n";
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
