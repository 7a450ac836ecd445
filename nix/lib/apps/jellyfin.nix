# Jellyfin: media streaming.
{ u, helpers, ... }:
let
  passwordFile = helpers.appSecret "jellyfin" "admin-password";
in
{
  # Display and merge order among the apps (lower first; absent: 1000).
  order = 70;
  nixosModule = "services.jellyfin";
  enabledBy = "enable";
  options = {
    enable = {
      type = "bool";
      default = false;
      description = "Run a Jellyfin media server on this machine.";
    };
    mediaFolders = {
      type = "list";
      format = "absolutePath";
      default = [ ];
      description = "Absolute paths of the media folders; created (owned by jellyfin) when missing. Libraries are added in Jellyfin's web interface.";
    };
  };

  # Jellyfin's setup wizard belongs to whoever reaches it first: on first boot
  # clan-jellyfin-setup completes it from the machine itself (loopback), with
  # the administrator "admin" and the panel's password.
  credential = {
    dir = "jellyfin";
    files = [ "admin-password" ];
    username = "admin";
    applies = "first-boot";
  };

  # The web interface, at https://jellyfin.<machine>.<network>.clan on a
  # machine with a mesh name (docs/https.md). nixpkgs' jellyfin module has no
  # listen address: Jellyfin keeps listening on every interface, and behind
  # the proxy the firewall no longer admits 8096 on the mesh (443 only).
  web = {
    label = "jellyfin";
    port = _: 8096;
  };

  meshPorts = _: {
    tcp = [ 8096 ];
    udp = [ ];
  };

  state = _: {
    paths = [ "/var/lib/jellyfin" ];
    hooks = [ ];
  };

  /*
    Liveness (lib/app-checks.nix): Jellyfin's /health ("Healthy") on
    127.0.0.1:8096. nixpkgs' services.jellyfin has no port option: the port
    is Jellyfin's own default, kept in its network.xml (as `web.port` says).
  */
  checks =
    { pkgs, config }:
    let
      c = import ../app-checks.nix;
    in
    {
      jellyfin = c.http {
        inherit pkgs;
        app = "Jellyfin";
        url = "http://127.0.0.1:8096/health";
        expect = "Healthy";
      };
    };

  settings =
    cfg:
    u.recursiveMerge [
      {
        services.jellyfin = {
          enable = true;
          openFirewall = false;
        };
      }
      # curl and jq are put on its path by modules/apps/jellyfin.nix.
      (helpers.secretUnit {
        name = "clan-jellyfin-setup";
        description = "complete Jellyfin's setup wizard with the panel's administrator";
        service = "jellyfin.service";
        order = "after";
        secretFile = passwordFile;
        script = ''
          set -eu
          api=http://127.0.0.1:8096
          ${helpers.awaitAnswer {
            var = "info";
            path = "/System/Info/Public";
            seconds = 300;
            app = "Jellyfin";
          }}
          if printf '%s' "$info" | jq -e '.StartupWizardCompleted == true' >/dev/null; then exit 0; fi
          post() { curl -fsS -X POST -H 'Content-Type: application/json' --data-binary @- "$api$1"; }
          echo '{"UICulture":"en-US","MetadataCountryCode":"US","PreferredMetadataLanguage":"en"}' | post /Startup/Configuration
          curl -fsS "$api/Startup/User" >/dev/null
          jq -n --rawfile pw ${passwordFile} '{Name: "admin", Password: ($pw | rtrimstr("\n"))}' | post /Startup/User
          echo '{"EnableRemoteAccess":true,"EnableAutomaticPortMapping":false}' | post /Startup/RemoteAccess
          echo '{}' | post /Startup/Complete
        '';
      })
      (helpers.ensureDirs {
        name = "clan-jellyfin-media";
        user = "jellyfin";
        group = "jellyfin";
        paths = cfg.mediaFolders;
        before = "jellyfin.service";
      })
    ];
}
